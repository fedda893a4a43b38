/** The funeral demo fills its pages: units with prices and plots, a year of deaths fanned out, cremations and subsidies. */
import { afterAll, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { dispatchOutbox } from '../db/index.js';
import { funeralDeps, funeralFigures, listDeaths, listUnits, loadFuneralDemo } from '../funeral/index.js';
import { listComplaints } from '../funeral/complaints.js';
import { listFindings } from '../funeral/supervision.js';
import { eventHandlers } from '../modules.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { loadDemoPopulation } from './bootstrap.js';
import { seedDemoUsers } from './users.js';

let t: TestDatabase;
afterAll(async () => t?.close());

it('loads units, a year of deaths and their cremations and subsidies', { timeout: 300_000 }, async () => {
  t = await openTestDatabase(testConfig({ demo: { seed: 3, persons: 1500 } }));
  const eldercare = await loadDemoPopulation(t.ctx, { seed: 3, persons: 1500 });
  const access = t.db.kysely.withTables<AccessTables>();
  await seedDemoUsers(access, { operatorOrganisationId: eldercare.operatorOrganisationId });
  const summary = await loadFuneralDemo(t.ctx, async () => void (await dispatchOutbox(t.db.kysely, eventHandlers())), { seed: 3, deaths: 40 });
  expect(summary).toMatchObject({ units: 9, deaths: 40 });
  const deps = funeralDeps(t.ctx);
  const admin = await access.selectFrom('access.users').select(['id', 'username', 'display_name', 'role', 'jurisdiction_code']).where('username', '=', 'pudong').executeTakeFirstOrThrow();
  const pudong = { userId: admin.id, username: admin.username, displayName: admin.display_name, role: admin.role, jurisdiction: admin.jurisdiction_code };
  const desk = await listDeaths(deps, pudong, { status: 'all' });
  expect(desk.items.length).toBeGreaterThan(0);
  // Every death in the desk was answered by each module (the demo dispatches the events).
  for (const d of desk.items) expect(d.checklist.filter((i) => i.kind === 'auto' && i.status !== 'done')).toEqual([]);
  expect((await listUnits(deps, pudong)).items.find((u) => u.name === '浦东殡仪馆')?.prices.length).toBe(6);
  const figures = await funeralFigures(deps, pudong, { year: Number(new Date().toISOString().slice(0, 4)) });
  expect(figures.ecoBurial.targetPercent).toBe(90);
  // Supervision fills its page: findings in every state of the loop, one of them overdue; complaints on time, late, open, overdue.
  expect(summary).toMatchObject({ findings: 4, complaints: 4 });
  const findings = (await listFindings(deps, pudong)).items;
  expect(findings.map((f) => f.status).sort()).toEqual(['open', 'open', 'rectified', 'verified']);
  expect(findings.filter((f) => f.overdue).length).toBe(1);
  expect(findings[0]?.overdue).toBe(true); // overdue first
  expect((await listComplaints(deps, pudong)).items.map((c) => c.status).sort()).toEqual(['late', 'on_time', 'open', 'overdue']);
});
