/**
 * The figures' grading, spending and social-worker parts, worked by hand on a small 浦东 world (issue 19 item 10):
 * evaluation rate = organisations with a grade in force / organisations on the register; 3A+ share of the graded;
 * the year's spending check (慈善活动年度支出和管理费用的规定) over every charity; 持证社会工作者 imported as dated
 * figures with their source, against the plan's ≥4.5万 (十四五规划 indicator 14).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tables } from './deps.js';
import { socialorgFigures } from './figures.js';
import { listGrades } from './grades.js';
import { publicCsv, publicSearch } from './public.js';
import { importSocialWorkerFigures, listSocialWorkerFigures } from './social-workers.js';
import { failure, openSocialorgWorld, type SocialorgWorld } from './testing.js';
import type { OrganisationView } from './views.js';

let w: SocialorgWorld;
const orgs: Record<string, OrganisationView> = {};

beforeAll(async () => {
  w = await openSocialorgWorld();
  w.clock.set(new Date('2025-06-01T04:00:00Z'));
  orgs.a = await w.register({ name: '浦东新区明德社会工作服务中心', registeredOn: '2020-03-01' });
  orgs.b = await w.register({ name: '浦东新区仁和养老服务中心', registeredOn: '2020-03-01' });
  orgs.c = await w.register({ name: '浦东新区阳光康复服务中心', registeredOn: '2020-03-01' });
  orgs.d = await w.register({ name: '浦东新区长青助老服务中心', registeredOn: '2020-03-01' });
  const so = tables(w.deps);
  // Grades: a 5A and a 3A in force on 2024-12-31, a 2A in force, d's 4A valid until 2023-01-01 (expired).
  const grade = (o: OrganisationView, g: number, evaluatedOn: string, validUntil: string) => ({
    organisation_id: o.id,
    score: 500 + g * 90,
    grade: g,
    evaluated_on: evaluatedOn,
    publicity_ends: evaluatedOn,
    valid_until: validUntil,
    expired_on: validUntil < '2025-06-01' ? validUntil : null,
  });
  await so
    .insertInto('socialorg.grades')
    .values([grade(orgs.a, 5, '2023-03-01', '2028-03-01'), grade(orgs.b, 3, '2022-05-01', '2027-05-01'), grade(orgs.c, 2, '2024-01-10', '2029-01-10'), grade(orgs.d, 4, '2018-01-01', '2023-01-01')])
    .execute();
  // a and b: charities with public-fundraising qualification → ≥70 % of last year's income (Art. 8).
  await so.updateTable('socialorg.organisations').set({ charity_since: '2021-01-01', fundraising_since: '2022-01-01' }).where('id', 'in', [orgs.a.id, orgs.b.id]).execute();
  const report = (o: OrganisationView, year: number, charitable: number) => ({
    organisation_id: o.id,
    year,
    filed_on: `${year + 1}-03-01`,
    filed_by: null,
    income_fen: 100_000_000, // 100万元
    expenditure_fen: 90_000_000,
    net_assets_fen: 50_000_000,
    charitable_spending_fen: charitable,
    management_cost_fen: 5_000_000, // 5万元 < 20万元: exempt from the ratio (Art. 11)
    prereviewed_on: null,
    conclusion: null,
    concluded_on: null,
  });
  await so
    .insertInto('socialorg.annual_reports')
    .values([report(orgs.a, 2023, 80_000_000), report(orgs.a, 2024, 69_999_999), report(orgs.b, 2023, 80_000_000), report(orgs.b, 2024, 70_000_000)])
    .execute();
}, 300_000);
afterAll(async () => w?.close());

describe('figures: grading, spending, social workers', () => {
  it('grades in force on 31 Dec: 3 of 4 graded (75 %), 3A+ 2 of 3 (66.67 %), one 5A; the expired 4A does not count', async () => {
    const f = await socialorgFigures(w.deps, w.users.pudong, 2024);
    expect(f.grading).toEqual({ asOf: '2024-12-31', graded: 3, evaluationRatePercent: 75, targetPercent: 20, threeAPlus: 2, threeAPlusPercent: 66.67, fiveA: 1 });
  });

  it('spending 2024: 70 % of 100万元 is 70万元; a spent 69.999999万 (breach), b exactly 70万 (edge inclusive, passes)', async () => {
    const f = await socialorgFigures(w.deps, w.users.pudong, 2024);
    expect(f.spending).toEqual({ checked: 2, breaches: 1, breachedNames: ['浦东新区明德社会工作服务中心'] });
  });

  it('social workers: a bad file is refused whole (400 naming the rows), nothing written; a date again is a correction; the figure of the year is the latest on or before 31 Dec', async () => {
    const bad = await failure(
      importSocialWorkerFigures(w.deps, w.users.city, [
        { asOf: '2022-12-31', certified: 37_000, senior: 27, source: '2022年总结', verified: true },
        { asOf: '2023-02-30', certified: 38_000, senior: null, source: 'x', verified: false },
        { asOf: '2023-12-31', certified: 10, senior: 11, source: ' ', verified: false },
      ]),
    );
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('第 2 行：截至日期无效：2023-02-30');
    expect(bad.message).toContain('第 3 行：高级社会工作师人数须为非负整数且不超过持证总数');
    expect(bad.message).toContain('第 3 行：须注明数据来源');
    expect(await listSocialWorkerFigures(w.deps, w.users.leader)).toEqual([]);
    expect((await failure(importSocialWorkerFigures(w.deps, w.users.leader, [{ asOf: '2022-12-31', certified: 1, senior: null, source: 'x', verified: false }]))).status).toBe(403);

    await importSocialWorkerFigures(w.deps, w.users.city, [
      { asOf: '2022-12-31', certified: 37_000, senior: 27, source: '2022年上海民政工作总结', verified: true },
      { asOf: '2024-12-31', certified: 39_000, senior: 30, source: '演示：年末统计', verified: false },
      { asOf: '2025-03-31', certified: 41_000, senior: null, source: '演示：一季度', verified: false },
    ]);
    // The same date again corrects it: 40 000, not a second row.
    await importSocialWorkerFigures(w.deps, w.users.city, [{ asOf: '2024-12-31', certified: 40_000, senior: 30, source: '演示：年末统计（更正）', verified: false }]);
    expect((await listSocialWorkerFigures(w.deps, w.users.leader)).map((f) => `${f.asOf}:${f.certified}`)).toEqual(['2022-12-31:37000', '2024-12-31:40000', '2025-03-31:41000']);
    const f = await socialorgFigures(w.deps, w.users.leader, 2024);
    // 40 000 / 45 000 = 88.888… → 88.89 %
    expect(f.socialWorkers).toMatchObject({ latest: { asOf: '2024-12-31', certified: 40_000, senior: 30 }, targetPeople: 45_000, progressPercent: 88.89 });
    expect(f.socialWorkers.series.map((s) => s.asOf)).toEqual(['2022-12-31', '2024-12-31']);
    expect(f.socialWorkers.targetSource).toContain('4.5万');
  });
});

describe('grades: the public filter and the registrar ledger', () => {
  it('the public search filters by a grade in force and published; an expired grade finds nobody; the CSV carries the grade', async () => {
    const names = async (grade: number) => (await publicSearch(w.deps, { grade })).items.map((o) => `${o.name}:${o.grade}`);
    expect(await names(5)).toEqual(['浦东新区明德社会工作服务中心:5A']);
    expect(await names(2)).toEqual(['浦东新区阳光康复服务中心:2A']);
    expect(await names(4)).toEqual([]); // d's 4A ran out on 2023-01-01
    expect((await publicSearch(w.deps, { q: '长青' })).items.map((o) => o.grade)).toEqual([null]);
    expect((await failure(publicSearch(w.deps, { grade: 6 }))).status).toBe(400);
    let csv = '';
    for await (const chunk of publicCsv(w.deps, { grade: 3 })) csv += chunk;
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('评估等级');
    expect(lines.slice(1).map((l) => l.split(',').at(-1))).toEqual(['3A']);
  });

  it('the ledger by state on today (2025-06-01): in force a, b, c; expired d; none in 公示; keyset pages of 2', async () => {
    const names = async (state?: 'in_force' | 'expired' | 'publicity') => (await listGrades(w.deps, w.users.pudong, { state })).items.map((g) => `${g.organisationName}:${g.gradeName}:${g.stateName}`);
    expect(await names('in_force')).toEqual(['浦东新区阳光康复服务中心:2A:有效', '浦东新区明德社会工作服务中心:5A:有效', '浦东新区仁和养老服务中心:3A:有效']);
    expect(await names('expired')).toEqual(['浦东新区长青助老服务中心:4A:已过期']);
    expect(await names('publicity')).toEqual([]);
    const first = await listGrades(w.deps, w.users.pudong, { limit: 2 });
    const second = await listGrades(w.deps, w.users.pudong, { limit: 2, cursor: first.nextCursor ?? undefined });
    expect([first.items.length, second.items.length, second.nextCursor]).toEqual([2, 2, null]);
    expect((await listGrades(w.deps, w.users.xuhui, {})).items).toEqual([]);
  });
});
