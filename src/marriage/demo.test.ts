/** The demo fills every marriage page: a year of registrations, imported records, divorces in each state. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { loadMarriageDemo } from './demo.js';
import { marriageDeps, tables } from './deps.js';
import { marriageFigures } from './figures.js';
import { DEMO_REGISTRAR } from './demo.js';
import { listDivorces } from './divorce.js';
import { dayList } from './booking.js';

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
    // The cockpit's drill-down: each district's figures are its office's, and the 16 add up to the city's.
    const leader = { ...DEMO_REGISTRAR, role: 'leader' as const };
    const sum = (f: typeof figures) => ({ marriages: f.byMonth.reduce((n, r) => n + r.marriages, 0), divorces: f.byMonth.reduce((n, r) => n + r.divorcesAgreement + r.divorcesCourt, 0) });
    const offices = await tables(deps).selectFrom('marriage.offices').select(['id', 'district_code']).execute();
    const districts = { marriages: 0, divorces: 0 };
    let outcomes = 0;
    for (const o of offices) {
      const d = await marriageFigures(deps, leader, 2025, o.district_code);
      expect(d.office?.id).toBe(o.id);
      expect(d.byMonth.every((r) => r.officeId === o.id && r.districtCode === o.district_code)).toBe(true);
      districts.marriages += sum(d).marriages;
      districts.divorces += sum(d).divorces;
      outcomes += d.coolingOff.withdrawn + d.coolingOff.registered + d.coolingOff.deemedWithdrawn;
    }
    expect(districts).toEqual(sum(figures));
    expect(districts.marriages).toBeGreaterThan(16 * 80);
    expect(outcomes).toBe(figures.coolingOff.withdrawn + figures.coolingOff.registered + figures.coolingOff.deemedWithdrawn);
    // A street's figures are its district's office's; the city's code gives the city; a code of no district is refused.
    expect((await marriageFigures(deps, leader, 2025, '310115004'))?.office?.name).toBe('浦东新区婚姻登记处');
    expect((await marriageFigures(deps, leader, 2025, '310000'))?.office).toBeNull();
    await expect(marriageFigures(deps, leader, 2025, '320102')).rejects.toMatchObject({ status: 400, code: 'MARRIAGE_UNKNOWN_OFFICE' });
    // The registrar's day list of the demo's day is filled: couples booked online, a divorce appointment.
    const day = await dayList(deps, DEMO_REGISTRAR, 11, '2025-12-01');
    expect(day.filter((b) => b.status === 'open' && b.service === 'marriage').length).toBeGreaterThanOrEqual(3);
    expect(day.filter((b) => b.service === 'divorce')).toHaveLength(1);
    expect(summary.bookings).toBeGreaterThanOrEqual(5 * 4);
    const serials = await tables(deps).selectFrom('marriage.certificates').select('serial').where('office_id', '=', 1).where('kind', '=', 'J').where('year', '=', 2025).orderBy('serial').execute();
    expect(serials.map((s) => s.serial)).toEqual(serials.map((_, i) => i + 1));
  }, 120_000);
});
