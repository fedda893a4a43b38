import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type AccessTables, type Actor, type Role } from '../access/index.js';
import { assistanceDeps, assistanceStats, listCases, reviewsDue, type AssistanceTables } from '../assistance/index.js';
import { eldercareDeps, listFindings, listMeals } from '../eldercare/index.js';
import { addDays, addMonths, monthOf, todayInShanghai } from '../kernel/index.js';
import { listLeads, monitoringDashboard, monitoringDeps } from '../monitoring/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { loadDemoPopulation } from './bootstrap.js';
import { seedLivedInYear, type LivedInSummary } from './lived-in.js';
import { seedDemoUsers } from './users.js';

let t: TestDatabase;
let summary: LivedInSummary;
const readers: Record<string, Actor> = {};
const today = todayInShanghai();
const thisMonth = monthOf(today);
const endOfMonth = addDays(`${addMonths(thisMonth, 1)}-01`, -1);

async function reader(username: string, role: Role): Promise<Actor> {
  const u = await createUser(t.ctx.db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role, jurisdiction: '310000000000', password: 'test-pass-123' });
  return { userId: u.id, username, displayName: username, role, jurisdiction: u.jurisdiction };
}

beforeAll(async () => {
  t = await openTestDatabase(testConfig({ demo: { seed: 20241, persons: 3000 } }));
  // As `npm start` does it: the demo city on the owner's connection, the printed logins, then the year.
  const owner = { ...t.ctx, db: t.db };
  const eldercare = await loadDemoPopulation(owner, { seed: 20241, persons: 3000 });
  await seedDemoUsers(t.db.kysely.withTables<AccessTables>(), { operatorOrganisationId: eldercare.operatorOrganisationId });
  summary = await seedLivedInYear(owner, { seed: 20241 });
  console.log('[lived-in]', JSON.stringify(summary));
  // City-wide readers, for counting through the modules' own queries (the demo has no such login).
  readers.staff = await reader('city.reader', 'district_staff');
  readers.leader = await reader('city.leader', 'leader');
}, 900_000);
afterAll(() => t?.close());

describe('the lived-in demo year', () => {
  it('has cases applied for over the year: most approved, some refused', async () => {
    const deps = assistanceDeps(t.ctx);
    const paid = await listCases(deps, readers.staff, { status: 'in_payment', limit: 200 });
    const rejected = await listCases(deps, readers.staff, { status: 'rejected', limit: 200 });
    expect(paid.items.length).toBeGreaterThan(0);
    expect(rejected.items.length).toBeGreaterThan(0);
    expect(summary.assistance.approved).toBeGreaterThan(summary.assistance.rejected);
    // Applications spread over the year, not all on one day.
    const months = new Set(paid.items.map((c) => c.appliedOn.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(4);
  });

  it('has 先行救助 on the streets: one reviewed, one with its paperwork overdue, one due soon', async () => {
    const deps = assistanceDeps(t.ctx);
    const open = await listCases(deps, readers.staff, { programme: 'temporary', status: 'emergency_paid', limit: 200 });
    const done = await listCases(deps, readers.staff, { programme: 'temporary', status: 'completed', limit: 200 });
    // 5 days to file (temporary.paperworkDays): paid 9 days ago is overdue, paid yesterday is not.
    expect(open.items.map((c) => c.overdue).sort()).toEqual([false, true]);
    expect(done.items.filter((c) => c.urgent).length).toBe(1);
  });

  it('has 补发 paid with a later payment and a 多发 partly repaid on a receipt, so the case card is not empty', async () => {
    const db = t.ctx.db.kysely.withTables<AssistanceTables>();
    const backPaid = await db.selectFrom('assistance.adjustments').select(['case_id', 'settled_month']).where('kind', '=', 'back_pay').execute();
    expect(backPaid.length).toBeGreaterThan(0);
    expect(backPaid.some((l) => l.settled_month !== null)).toBe(true);
    const overpaid = await db.selectFrom('assistance.adjustments').select('case_id').where('kind', '=', 'overpayment').execute();
    const repaid = await db.selectFrom('assistance.recoveries').select('case_id').where('kind', '=', 'repayment').execute();
    expect(overpaid.length).toBeGreaterThan(0);
    expect(repaid.length).toBeGreaterThan(0);
    // Both stories are told in 浦东, where the demo logins work.
    const cases = await db
      .selectFrom('assistance.cases')
      .select(['id', 'district_code'])
      .where(
        'id',
        'in',
        [...backPaid, ...repaid].map((r) => r.case_id),
      )
      .execute();
    expect(cases.filter((c) => c.district_code === '310115000000').length).toBeGreaterThanOrEqual(2);
  });

  it('has payment history for each of the last twelve months, this month included', async () => {
    const from = addMonths(thisMonth, -11);
    const stats = await assistanceStats(assistanceDeps(t.ctx), readers.leader, { from, to: thisMonth });
    const paidMonths = new Set(stats.rows.filter((r) => r.amountFen > 0).map((r) => r.month));
    for (let m = from; m <= thisMonth; m = addMonths(m, 1)) expect(paidMonths, `payments in ${m}`).toContain(m);
    expect(new Set(stats.rows.map((r) => r.districtCode)).size).toBeGreaterThan(1);
  });

  it('has reviews falling due this month', async () => {
    const due = await reviewsDue(assistanceDeps(t.ctx), readers.staff, { until: endOfMonth });
    const thisMonths = due.items.filter((c) => c.reviewDue?.startsWith(thisMonth));
    expect(thisMonths.length).toBeGreaterThan(0);
  });

  it('has a discovery run whose leads were found, contacted, applied for and approved', async () => {
    const dashboard = await monitoringDashboard(monitoringDeps(t.ctx), readers.leader, {});
    const total = (key: 'found' | 'contacted' | 'applied' | 'approved') => dashboard.funnel.reduce((n, f) => n + f[key], 0);
    expect(total('found')).toBeGreaterThan(0);
    expect(total('contacted')).toBeGreaterThan(0);
    expect(total('applied')).toBeGreaterThan(0);
    expect(total('approved')).toBeGreaterThan(0);
    expect(total('found')).toBeGreaterThanOrEqual(total('contacted'));
    expect((await listLeads(monitoringDeps(t.ctx), readers.staff, { limit: 10 })).items.length).toBeGreaterThan(0);
    expect(dashboard.grants.some((g) => g.active > 0)).toBe(true);
  });

  it('has warnings in every state of the closed loop, some handled late, some overdue', async () => {
    const { warnings } = await monitoringDashboard(monitoringDeps(t.ctx), readers.leader, {});
    for (const status of ['new', 'assigned', 'visited', 'handled', 'closed']) {
      expect(warnings.byStatus.find((s) => s.status === status)?.count ?? 0, `warnings ${status}`).toBeGreaterThan(0);
    }
    expect(warnings.overdue).toBeGreaterThan(0);
    expect(warnings.handling.length).toBeGreaterThan(0);
  });

  it('has meals of the last days, admissions from the waitlist and open rectifications', async () => {
    const deps = eldercareDeps(t.ctx);
    const meals = await listMeals(deps, readers.staff, { from: addDays(today, -4), to: today, limit: 500 });
    expect(meals.items.length).toBeGreaterThan(0);
    expect(summary.eldercare.admissions).toBeGreaterThan(0);
    // Devices rented at the demo streets' rental points; older members of 低保/低收入 households assessed for 养老服务补贴.
    expect(summary.eldercare.rentals).toBeGreaterThan(0);
    expect(summary.eldercare.subsidyAssessments).toBeGreaterThan(0);
    const open = await listFindings(deps, readers.staff, { status: 'open', limit: 200 });
    expect(open.items.length).toBeGreaterThan(0);
  });
});
