/** The demo fills every marriage page: a year of registrations, imported records, divorces in each state. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { loadMarriageDemo } from './demo.js';
import { marriageDeps, tables } from './deps.js';
import { marriageFigures } from './figures.js';
import { DEMO_REGISTRAR } from './demo.js';
import { listDivorces } from './divorce.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe('marriage demo', () => {
  it('loads a year of registrations at the 16 offices and divorces in every state', async () => {
    const summary = await loadMarriageDemo(t.ctx, 1, '2025-12-01');
    expect(summary.marriages).toBeGreaterThan(16 * 80);
    expect(summary.imported).toBe(120);
    const deps = marriageDeps(t.ctx, { now: () => new Date('2025-12-01T02:00:00Z') });
    const statuses = new Set((await listDivorces(deps, DEMO_REGISTRAR, { officeId: 11 })).map((d) => d.status));
    expect([...statuses].sort()).toEqual(['awaiting_registration', 'cooling_off', 'deemed_withdrawn', 'registered', 'withdrawn']);
    const figures = await marriageFigures(deps, { ...DEMO_REGISTRAR, role: 'leader' }, 2025);
    expect(figures.byMonth.length).toBeGreaterThan(16 * 10);
    expect(figures.meanAgeFirstMarriage.men).toBeGreaterThan(25);
    const serials = await tables(deps).selectFrom('marriage.certificates').select('serial').where('office_id', '=', 1).where('kind', '=', 'J').where('year', '=', 2025).orderBy('serial').execute();
    expect(serials.map((s) => s.serial)).toEqual(serials.map((_, i) => i + 1));
  }, 120_000);
});
