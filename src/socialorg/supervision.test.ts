import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '../http/app.js';
import { concludeAnnualReport, fileAnnualReport, runAnnualListing } from './annual.js';
import { removeEntry, runCreditLists } from './credit-lists.js';
import { socialorgFigures } from './figures.js';
import { listEntries } from './queries.js';
import { takeStep } from './registration.js';
import { spendingCheckOf } from './spending-check.js';
import { expireGrades, gradeOf, recordGrade } from './grades.js';
import { loadSettings } from './settings.js';
import { failure, openSocialorgWorld, type SocialorgWorld } from './testing.js';
import type { OrganisationView } from './views.js';

let w: SocialorgWorld;
const orgs: Record<string, OrganisationView> = {};

const report = { incomeFen: 120_000_00, expenditureFen: 90_000_00, netAssetsFen: 50_000_00 };

beforeAll(async () => {
  w = await openSocialorgWorld();
  // 社服 deadline 31 May (令27号), foundations 31 March (令30号); who must report for 2024: registered by 2024-06-30.
  orgs.A = await w.register({ name: '浦东新区阳光社会工作服务中心', registeredOn: '2023-05-01' });
  orgs.B = await w.register({ name: '浦东新区同心养老服务中心', registeredOn: '2023-05-01' });
  orgs.C = await w.register({ name: '浦东新区安康康复服务中心', registeredOn: '2024-07-01' });
  orgs.D = await w.register({ name: '浦东新区乐群助老服务社', registeredOn: '2024-06-30' });
  orgs.E = await w.register({ name: '上海市思源慈善基金会', orgType: 'foundation', registeredOn: '2023-01-01' });
  orgs.F = await w.register({ name: '徐汇区嘉禾青少年服务中心', divisionCode: '310104003000', registeredOn: '2023-01-01' });
  const staffA = await w.user('a.staff', 'institution_staff', '310115004000', orgs.A.registryId as number);
  await fileAnnualReport(w.deps, staffA, { year: 2024, ...report, onDate: '2025-05-20' });
}, 180_000);
afterAll(async () => w?.close());

const openEntries = async (actor = w.users.pudong) => (await listEntries(w.deps, actor, { open: true })).items.map((e) => `${e.organisationName}:${e.list}:${e.listedOn}`).sort();

describe('the annual listing run (活动异常名录, 民政部令第60号)', () => {
  it('before the deadline lists nobody', async () => {
    const run = await runAnnualListing(w.deps, w.users.pudong, 2024, '2025-05-31');
    expect(run.types.find((t) => t.orgType === 'social_service')).toEqual({ orgType: 'social_service', deadline: '2025-05-31', due: false, listed: 0 });
  });

  it('the day after the deadline lists exactly the non-filers that had to report; a second run changes nothing', async () => {
    const run = await runAnnualListing(w.deps, w.users.pudong, 2024, '2025-06-01');
    // A filed on time; C registered after 30 June 2024 need not report; E is the city's (outside 浦东's run).
    expect(run.types.find((t) => t.orgType === 'social_service')?.listed).toBe(2);
    expect(await openEntries()).toEqual(['浦东新区乐群助老服务社:abnormal:2025-06-01', '浦东新区同心养老服务中心:abnormal:2025-06-01']);
    const again = await runAnnualListing(w.deps, w.users.pudong, 2024, '2025-06-01');
    expect(again.types.reduce((n, t) => n + t.listed, 0)).toBe(0);
    expect(await openEntries()).toHaveLength(2);
  });

  it('the city run lists the foundation (deadline 31 March)', async () => {
    const run = await runAnnualListing(w.deps, w.users.city, 2024, '2025-06-01');
    expect(run.types.find((t) => t.orgType === 'foundation')).toEqual({ orgType: 'foundation', deadline: '2025-03-31', due: true, listed: 1 });
  });

  it('a late filer is removed once the report is in, with the 5-working-day limit; a non-filer is not', async () => {
    const staffD = await w.user('d.staff', 'institution_staff', '310115004000', orgs.D.registryId as number);
    const filed = await fileAnnualReport(w.deps, staffD, { year: 2024, ...report, onDate: '2025-06-10' });
    expect(filed).toMatchObject({ late: true, deadline: '2025-05-31' });
    const entries = (await listEntries(w.deps, w.users.pudong, { open: true })).items;
    const dEntry = entries.find((e) => e.organisationId === orgs.D.id);
    const bEntry = entries.find((e) => e.organisationId === orgs.B.id);
    // Verified Thursday 2025-06-12: 5 working days later is Thursday 2025-06-19.
    const removed = await removeEntry(w.deps, w.users.pudong, dEntry?.id as number, { verifiedOn: '2025-06-12', reason: '已补报2024年度工作报告' });
    expect(removed).toMatchObject({ removedOn: '2025-06-12', removalDue: '2025-06-19' });
    const refused = await failure(removeEntry(w.deps, w.users.pudong, bEntry?.id as number, { verifiedOn: '2025-06-12', reason: '申请移出' }));
    expect([refused.status, refused.code]).toEqual([409, 'SOCIALORG_OBLIGATION_NOT_MET']);
    expect(await openEntries()).toEqual(['浦东新区同心养老服务中心:abnormal:2025-06-01']);
  });

  it('a 不合格 conclusion lists the organisation; a concluded year cannot be concluded again', async () => {
    const concluded = await concludeAnnualReport(w.deps, w.users.pudong, orgs.A.id, 2024, { conclusion: 'fail', onDate: '2025-07-01' });
    expect(concluded.conclusion).toBe('fail');
    expect(await openEntries()).toContain('浦东新区阳光社会工作服务中心:abnormal:2025-07-01');
    expect((await failure(concludeAnnualReport(w.deps, w.users.pudong, orgs.A.id, 2024, { conclusion: 'pass', onDate: '2025-07-02' }))).status).toBe(409);
  });
});

describe('严重违法失信名单 after 2 years on the 活动异常名录', () => {
  it('moves an organisation listed for 2 years (2025-06-01 + 24 months = 2027-06-01), once', async () => {
    expect((await runCreditLists(w.deps, w.users.pudong, '2027-05-31')).escalated).toBe(0);
    expect((await runCreditLists(w.deps, w.users.pudong, '2027-06-01')).escalated).toBe(1);
    expect((await runCreditLists(w.deps, w.users.pudong, '2027-06-01')).escalated).toBe(0);
    expect(await openEntries()).toContain('浦东新区同心养老服务中心:serious:2027-06-01');
    // 阳光 was listed on 2025-07-01: its two years end a month later.
    expect((await runCreditLists(w.deps, w.users.pudong, '2027-07-01')).escalated).toBe(1);
  });

  it('a new listing restarts the clock', async () => {
    await runAnnualListing(w.deps, w.users.xuhui, 2024, '2025-06-01');
    await runAnnualListing(w.deps, w.users.xuhui, 2025, '2026-06-01');
    // F's latest listing is 2026-06-01: not yet on 2027-06-01, on 2028-06-01.
    expect((await runCreditLists(w.deps, w.users.xuhui, '2027-06-01')).escalated).toBe(0);
    expect((await runCreditLists(w.deps, w.users.xuhui, '2028-06-01')).escalated).toBe(1);
  });

  it('a 严重违法失信名单 entry cannot be removed before 2 years, with the first allowed date', async () => {
    const serious = (await listEntries(w.deps, w.users.pudong, { list: 'serious', open: true })).items[0];
    const refused = await failure(removeEntry(w.deps, w.users.pudong, serious.id, { verifiedOn: '2028-01-01', reason: '申请移出' }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain('最早可于');
  });

  it('the figures count the year’s 参检率 and 合格率 over the organisations that had to report', async () => {
    const figures = await socialorgFigures(w.deps, w.users.pudong, 2024);
    // 浦东: A, B, D had to report for 2024 (C registered after 30 June); A and D filed → 2/3.
    expect(figures.inspection).toMatchObject({ required: 3, filed: 2, concluded: 1, passed: 0, participationPercent: 66.67 });
  });
});

describe('the public register (no login)', () => {
  let app: AppInstance;
  beforeAll(async () => {
    app = await buildApp(w.t.ctx, { webDist: '/nonexistent' });
  });
  afterAll(async () => app?.close());

  it('search → page → CSV with as many rows as the search total, and no personal data', async () => {
    const search = await app.inject({ method: 'GET', url: `/api/v1/public/socialorg/organisations?q=${encodeURIComponent('浦东新区')}&limit=100` });
    expect(search.statusCode).toBe(200);
    const page = search.json() as { total: number; items: { creditCode: string; name: string; lists: string[] }[] };
    expect(page.total).toBe(page.items.length);
    expect(page.items.find((o) => o.name === '浦东新区同心养老服务中心')?.lists).toEqual(['活动异常名录', '严重违法失信名单']);
    const detail = await app.inject({ method: 'GET', url: `/api/v1/public/socialorg/organisations/${orgs.A.creditCode}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ organisation: { name: '浦东新区阳光社会工作服务中心' }, inspections: [{ year: 2024, conclusion: '不合格' }], finances: [{ year: 2024, incomeFen: 120_000_00 }] });
    const csv = await app.inject({ method: 'GET', url: `/api/v1/public/socialorg/export.csv?q=${encodeURIComponent('浦东新区')}` });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines.length - 1).toBe(page.total);
    for (const body of [search.body, detail.body, csv.body]) {
      expect(body).not.toMatch(/registrar|staff|\d{17}[\dX]/);
    }
  });

  it('bad input → 400 in Chinese', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/v1/public/socialorg/organisations?districtCode=abc' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('a charity’s yearly spending check from its reports', () => {
  it('a non-fundraising foundation with 500万 net assets needs 7 % (35万); 40万 spent passes, management under 20万 is exempt', async () => {
    await takeStep(w.deps, w.users.city, orgs.E.id, 'charity_recognise', { onDate: '2023-02-01' });
    const staffE = await w.user('e.staff', 'institution_staff', '310000000000', orgs.E.registryId as number);
    await fileAnnualReport(w.deps, staffE, { year: 2023, incomeFen: 100 * 1_000_000, expenditureFen: 50 * 1_000_000, netAssetsFen: 500 * 1_000_000, onDate: '2024-03-01' });
    await fileAnnualReport(w.deps, staffE, {
      year: 2024,
      incomeFen: 80 * 1_000_000,
      expenditureFen: 60 * 1_000_000,
      netAssetsFen: 480 * 1_000_000,
      charitableSpendingFen: 40 * 1_000_000,
      managementCostFen: 5 * 1_000_000,
      onDate: '2025-07-01',
    });
    const check = await spendingCheckOf(w.deps, w.users.city, orgs.E.id, 2024);
    expect(check).toMatchObject({ requiredFen: 35 * 1_000_000, spendingOk: true, managementExempt: true, ok: true, band: { minSpendPercent: 7, maxManagementPercent: 15 } });
    expect((await failure(spendingCheckOf(w.deps, w.users.city, orgs.A.id, 2024))).code).toBe('SOCIALORG_NOT_A_CHARITY');
  });
});

describe('等级评估 (民政部令第39号)', () => {
  it('names every exclusion, grades by the cut-offs, and the grade expires after 5 years, once', async () => {
    const young = await w.register({ name: '浦东新区致远青少年服务中心', registeredOn: '2024-03-01' });
    const tooEarly = await failure(recordGrade(w.deps, w.users.pudong, young.id, { score: 960, evaluatedOn: '2025-08-01' }));
    // Two full years after 2024-03-01 is 2026-03-01.
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.details).toMatchObject({ firstAllowed: '2026-03-01' });
    // 阳光 failed its 2024 inspection and is on the lists: both reasons are named.
    const excluded = await failure(recordGrade(w.deps, w.users.pudong, orgs.A.id, { score: 960, evaluatedOn: '2025-08-01' }));
    expect(excluded.message).toContain('不合格');
    expect(excluded.message).toContain('名录');

    const g = await w.register({ name: '浦东新区益友社会工作服务中心', registeredOn: '2020-01-10' });
    const staff = await w.user('g.staff', 'institution_staff', '310115004000', g.registryId as number);
    await fileAnnualReport(w.deps, staff, { year: 2024, ...report, onDate: '2025-03-01' });
    await concludeAnnualReport(w.deps, w.users.pudong, g.id, 2024, { conclusion: 'pass', onDate: '2025-04-01' });
    const graded = await recordGrade(w.deps, w.users.pudong, g.id, { score: 950, evaluatedOn: '2025-08-01' });
    expect(graded).toMatchObject({ grade: 5, validUntil: '2030-08-01' });
    // Configured cut-offs (unverified): 5A from 950, 4A from 850.
    const settings = await loadSettings(w.t.db.kysely.withTables(), '2025-08-01');
    expect([gradeOf(949, settings), gradeOf(850, settings), gradeOf(549, settings)]).toEqual([4, 4, null]);
    expect((await expireGrades(w.deps, w.users.pudong, '2030-07-31')).expired).toBe(0);
    expect((await expireGrades(w.deps, w.users.pudong, '2030-08-01')).expired).toBe(1);
    expect((await expireGrades(w.deps, w.users.pudong, '2030-08-01')).expired).toBe(0);
  });
});
