/**
 * 养老服务“云监管” on a real database. The world's clock starts at 2025-03-03 10:00 (Asia/Shanghai). Default
 * settings (all verified: false, see settings.ts) used in the hand-worked numbers below:
 *   rectifyDays: minor 30, major 15, critical 7 — "自下达整改之日起此天数内整改到位" (counted from the clock's today);
 *   prepaidEscrowPercent 100 — "月末存管账户余额不得低于预收费余额的此百分比" (required = balance × % / 100, rounded up);
 *   credit: window 12 months; deduct minor 2, major 5, critical 10, overdue 10; gradePoints 2 per level;
 *           quality (score − 80) × 50 %, rounded half away from zero; A ≥ 90, B ≥ 75, C ≥ 60, else D;
 *           D whatever the score while a 重大隐患 is overdue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import type { CoreTables } from '../db/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { todayInShanghai } from '../kernel/index.js';
import { creditRating, creditRatings, rateCredit, type CreditInputs } from './credit.js';
import { getFinding, listFindings } from './findings.js';
import { gradingsOfYear, recordGrading } from './gradings.js';
import { getInspection, listInspections, recordInspection, type NewInspection } from './inspections.js';
import type { EldercareTables } from './model.js';
import { listPrepaidReports, prepaidRisks, recordPrepaidReport } from './prepaid.js';
import { escalateOverdueFindings, extendDeadline, rectifyFinding, reopenFinding, verifyFinding } from './rectification.js';
import { loadSettings, setSetting } from './settings.js';
import { supervisionTables } from './supervision-model.js';
import { openEldercareWorld, type EldercareWorld } from './testing.js';

let world: EldercareWorld;
let weifangHome: number;
let tianpingHome: number;
let lujiazuiHome: number;

const db = () => supervisionTables(world.deps.db.kysely.withTables<EldercareTables>());
const core = () => world.deps.db.kysely.withTables<CoreTables>();
const audit = () => world.deps.db.kysely.withTables<AccessTables>();
/** 2025-03-dd at hh:mm Asia/Shanghai (UTC+8). */
const shanghai = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

async function facility(name: string, divisionCode: string): Promise<number> {
  const row = await world.deps.db.kysely
    .withTables<EldercareTables>()
    .insertInto('eldercare.facilities')
    .values({
      kind: 'institution',
      name,
      ownership: 'private',
      organisation_id: null,
      credit_code: null,
      address: '',
      division_code: divisionCode,
      district_code: `${divisionCode.slice(0, 6)}000000`,
      meal_price_fen: null,
      day_care_places: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const inspection = (over: Partial<NewInspection> = {}): NewInspection => ({
  requestId: 'insp-weifang-0301',
  facilityId: weifangHome,
  inspectedOn: '2025-03-01',
  kind: 'special',
  campaign: '养老机构监管“1+6”专项行动',
  inspectors: '浦东新区民政局 张三、李四',
  summary: '消防、食品、房屋、医疗、防诈骗专项检查',
  findings: [
    { category: 'fire', severity: 'critical', description: '疏散通道堆放杂物，防火门常开' },
    { category: 'food', severity: 'minor', description: '留样记录不全' },
    { category: 'building', severity: 'major', description: '二楼外墙空鼓' },
    { category: 'medical', severity: 'minor', description: '药品未分类存放', deadline: '2025-03-20' },
    { category: 'fraud', severity: 'major', description: '未开展防范养老诈骗宣传' },
  ],
  ...over,
});

const findingIds = async (inspectionId: number) => (await db().selectFrom('eldercare.findings').select(['id', 'category']).where('inspection_id', '=', inspectionId).orderBy('seq').execute()).map((r) => r.id);

beforeAll(async () => {
  world = await openEldercareWorld();
  weifangHome = await facility('潍坊养老院', '310115004000');
  tianpingHome = await facility('天平敬老院', '310104003000');
  lujiazuiHome = await facility('陆家嘴颐养院', '310115005000');
}, 180_000);

afterAll(async () => {
  await world?.close();
});

describe('inspections and findings', () => {
  it('records an inspection with findings in the “1+6” areas, each with a deadline from the clock by severity', async () => {
    const recorded = await recordInspection(world.deps, world.users.pudong, inspection());
    expect(recorded).toMatchObject({ replayed: false, facilityName: '潍坊养老院', divisionCode: '310115004000', kindName: '专项检查', inspectedOn: '2025-03-01' });
    // Today 2025-03-03: critical + 7 → 03-10; minor + 30 → 04-02; major + 15 → 03-18; the medical one was given 03-20.
    expect(recorded.findings.map((f) => [f.categoryName, f.severityName, f.deadline, f.status])).toEqual([
      ['消防安全', '重大隐患', '2025-03-10', 'open'],
      ['食品安全', '一般问题', '2025-04-02', 'open'],
      ['房屋安全', '较大隐患', '2025-03-18', 'open'],
      ['医疗活动', '一般问题', '2025-03-20', 'open'],
      ['防范诈骗', '较大隐患', '2025-03-18', 'open'],
    ]);
    const detail = await getFinding(world.deps, world.users.pudong, recorded.findings[0].id);
    expect(detail.log).toMatchObject([{ seq: 1, action: 'record', actorUser: world.users.pudong.userId, detail: { deadline: '2025-03-10', deadlineRule: '2016-01-01 起 7 天' } }]);
  });

  it('returns a retried submission instead of recording it twice, and refuses a request id reused for another inspection', async () => {
    const again = await recordInspection(world.deps, world.users.pudong, inspection());
    expect(again.replayed).toBe(true);
    // Retries racing each other: one records, the other returns it.
    const raced = await Promise.all([0, 1].map(() => recordInspection(world.deps, world.users.pudong, inspection())));
    expect(raced.map((r) => r.id)).toEqual([again.id, again.id]);
    expect(await db().selectFrom('eldercare.inspections').select('id').execute()).toHaveLength(1);
    expect(await db().selectFrom('eldercare.findings').select('id').execute()).toHaveLength(5);
    await expect(recordInspection(world.deps, world.users.admin, inspection({ facilityId: lujiazuiHome }))).rejects.toMatchObject({ code: 'ELDERCARE_REQUEST_ID_REUSED', status: 409 });
  });

  it('refuses bad input and callers outside the jurisdiction or without the permission, auditing the refusal', async () => {
    await expect(recordInspection(world.deps, world.users.pudong, inspection({ requestId: 'insp-future-1', inspectedOn: '2025-03-04' }))).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_DATE' });
    await expect(recordInspection(world.deps, world.users.pudong, inspection({ requestId: 'insp-late-1', findings: [{ category: 'fire', severity: 'minor', description: 'x', deadline: '2025-03-02' }] }))).rejects.toMatchObject({
      code: 'ELDERCARE_INVALID_DEADLINE',
    });
    await expect(recordInspection(world.deps, world.users.pudong, inspection({ requestId: 'short' }))).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_REQUEST_ID' });
    await expect(recordInspection(world.deps, world.users.xuhui, inspection({ requestId: 'insp-xuhui-1' }))).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    await expect(recordInspection(world.deps, world.users.advisor, inspection({ requestId: 'insp-adv-1' }))).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    await expect(recordInspection(world.deps, world.users.pudong, inspection({ requestId: 'insp-none-1', facilityId: 999_999 }))).rejects.toMatchObject({ code: 'ELDERCARE_FACILITY_NOT_FOUND', status: 404 });
    const denied = await audit().selectFrom('access.audit_log').select(['actor_username', 'detail']).where('action', '=', 'eldercare.inspection.record').where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.actor_username).sort()).toEqual(['weifang1.adv', 'xuhui.staff']);
    expect(await db().selectFrom('eldercare.inspections').select('id').execute()).toHaveLength(1);
  });

  it('lists inspections and findings within the jurisdiction only', async () => {
    const page = await listInspections(world.deps, world.users.pudong, {});
    expect(page.items).toMatchObject([{ facilityName: '潍坊养老院', findingCount: 5, openCount: 5 }]);
    expect((await listInspections(world.deps, world.users.xuhui, {})).items).toEqual([]);
    expect((await listFindings(world.deps, world.users.leader, { category: 'fire' })).items).toHaveLength(1);
    await expect(listFindings(world.deps, world.users.xuhui, { division: '310115' })).rejects.toMatchObject({ code: 'ACCESS_OUT_OF_JURISDICTION' });
    const [id] = await findingIds(page.items[0].id);
    await expect(getFinding(world.deps, world.users.xuhui, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getInspection(world.deps, world.users.advisor, page.items[0].id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps inspections and the finding log append-only', async () => {
    await expect(db().updateTable('eldercare.finding_log').set({ reason: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('eldercare.inspections').execute()).rejects.toThrow(/append-only/);
  });
});

/** The findings of the first inspection, in the order recorded. */
let fire: number;
let food: number;
let building: number;
let medical: number;
let fraud: number;

describe('the rectification closed loop', () => {
  beforeAll(async () => {
    const [first] = (await listInspections(world.deps, world.users.admin, {})).items;
    [fire, food, building, medical, fraud] = await findingIds(first.id);
  });

  it('marks a rectification going overdue the day after its deadline, once, as the system, and tells the district', async () => {
    // Deadline 2025-03-10 (the fire finding): on 03-10 23:00 it is not overdue yet.
    world.clock.set(shanghai('2025-03-10', '23:00'));
    expect((await escalateOverdueFindings(world.deps)).escalated).toEqual([]);
    expect((await listFindings(world.deps, world.users.pudong, { overdue: true })).items).toEqual([]);

    world.clock.set(shanghai('2025-03-11', '00:30'));
    expect(await escalateOverdueFindings(world.deps)).toEqual({ escalated: [fire], more: false });
    const overdue = await getFinding(world.deps, world.users.pudong, fire);
    expect(overdue).toMatchObject({ status: 'open', overdue: true, escalated: true, timesOverdue: 1, deadline: '2025-03-10' });
    expect(overdue.log.at(-1)).toMatchObject({ action: 'overdue', actorUser: null, actionName: '逾期未整改（系统升级）', detail: { deadline: '2025-03-10', on: '2025-03-11', daysOverdue: 1, districtCode: '310115000000' } });
    expect((await listFindings(world.deps, world.users.pudong, { overdue: true })).items.map((f) => f.id)).toEqual([fire]);

    const entries = await audit().selectFrom('access.audit_log').select(['actor_id', 'result', 'entity_id']).where('action', '=', 'eldercare.finding.overdue').execute();
    expect(entries).toEqual([{ actor_id: null, result: 'ok', entity_id: String(fire) }]);
    const events = await core().selectFrom('core.outbox').select(['key', 'payload']).where('topic', '=', 'eldercare.finding.overdue').execute();
    expect(events).toEqual([
      { key: String(fire), payload: expect.objectContaining({ findingId: fire, facilityId: weifangHome, category: 'fire', severity: 'critical', deadline: '2025-03-10', daysOverdue: 1, districtCode: '310115000000' }) },
    ]);

    // Run again (another process, the next tick): nothing more.
    expect((await escalateOverdueFindings(world.deps)).escalated).toEqual([]);
    expect(await core().selectFrom('core.outbox').select('id').where('topic', '=', 'eldercare.finding.overdue').execute()).toHaveLength(1);
  });

  it('takes a late rectification, keeps the missed deadline in the log, and reopens with a new deadline when the check fails', async () => {
    const rectified = await rectifyFinding(world.deps, world.users.pudong, fire, { rectifiedOn: '2025-03-11', measures: '清理通道，防火门加装闭门器', evidence: 'photo:fire-0311' });
    expect(rectified).toMatchObject({ status: 'rectified', overdue: false, escalated: false, timesOverdue: 1, rectifiedOn: '2025-03-11' });
    expect(rectified.log.at(-1)).toMatchObject({ action: 'rectify', reason: '清理通道，防火门加装闭门器', detail: { late: true, deadline: '2025-03-10' } });
    // A retried request does not act twice.
    const retried = await rectifyFinding(world.deps, world.users.pudong, fire, { rectifiedOn: '2025-03-11', measures: '清理通道，防火门加装闭门器', evidence: 'photo:fire-0311' });
    expect(retried.log).toHaveLength(rectified.log.length);
    // Reopened on 03-11 without a deadline: critical → 03-11 + 7 = 03-18.
    const reopened = await reopenFinding(world.deps, world.users.pudong, fire, { reason: '复查时防火门仍处常开状态' });
    expect(reopened).toMatchObject({ status: 'reopened', deadline: '2025-03-18', rectifiedOn: null, escalated: false });
    expect(reopened.log.at(-1)).toMatchObject({ action: 'reopen', detail: { deadline: '2025-03-18', previousDeadline: '2025-03-10' } });
  });

  it('verifies (销号) a rectified finding and refuses steps the loop does not allow', async () => {
    await expect(verifyFinding(world.deps, world.users.pudong, medical, { verifiedOn: '2025-03-11', note: '已整改' })).rejects.toMatchObject({ code: 'ELDERCARE_FINDING_ILLEGAL_TRANSITION', status: 409 });
    await expect(rectifyFinding(world.deps, world.users.pudong, medical, { rectifiedOn: '2025-02-28', measures: '药品分区' })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_DATE' });
    await expect(rectifyFinding(world.deps, world.users.pudong, medical, { rectifiedOn: '2025-03-12', measures: '药品分区' })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_DATE' });
    await rectifyFinding(world.deps, world.users.pudong, medical, { rectifiedOn: '2025-03-05', measures: '药品分区分类存放' });
    await expect(verifyFinding(world.deps, world.users.pudong, medical, { verifiedOn: '2025-03-04', note: '现场复核' })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_DATE' });
    const verified = await verifyFinding(world.deps, world.users.pudong, medical, { verifiedOn: '2025-03-11', note: '现场复核合格' });
    expect(verified).toMatchObject({ status: 'verified', statusName: '已复核销号', verifiedOn: '2025-03-11', rectifiedOn: '2025-03-05' });
    expect(verified.log.map((l) => l.action)).toEqual(['record', 'rectify', 'verify']);
    await expect(reopenFinding(world.deps, world.users.pudong, medical, { reason: '再查' })).rejects.toMatchObject({ code: 'ELDERCARE_FINDING_ILLEGAL_TRANSITION' });
    await expect(rectifyFinding(world.deps, world.users.xuhui, food, { rectifiedOn: '2025-03-05', measures: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('extends a deadline only to a later day, with a reason, once per request', async () => {
    await expect(extendDeadline(world.deps, world.users.pudong, building, { deadline: '2025-03-18', reason: '需专业施工' })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_DEADLINE' });
    const extended = await extendDeadline(world.deps, world.users.pudong, building, { deadline: '2025-04-15', reason: '外墙维修需专业施工队' });
    expect(extended).toMatchObject({ deadline: '2025-04-15', status: 'open' });
    const again = await extendDeadline(world.deps, world.users.pudong, building, { deadline: '2025-04-15', reason: '外墙维修需专业施工队' });
    expect(again.log).toHaveLength(extended.log.length);
    // 03-19: the fraud finding (deadline 03-18) and the reopened fire finding (new deadline 03-18) go overdue; building was extended.
    world.clock.set(shanghai('2025-03-19', '09:00'));
    expect((await escalateOverdueFindings(world.deps)).escalated.sort((a, b) => a - b)).toEqual([fire, fraud].sort((a, b) => a - b));
    expect(await getFinding(world.deps, world.users.pudong, fire)).toMatchObject({ status: 'reopened', escalated: true, timesOverdue: 2 });
  });
});

describe('gradings, quality scores and prepaid fees', () => {
  it('records the yearly grading and quality score, replays the same values and keeps a correction in the audit log', async () => {
    const first = await recordGrading(world.deps, world.users.pudong, weifangHome, 2024, { grade: 4, qualityScore: 87.5, source: '2024 年度养老机构服务质量监测结果' });
    expect(first).toMatchObject({ year: 2024, grade: 4, gradeName: '四级', qualityScore: 87.5, replayed: false });
    expect((await recordGrading(world.deps, world.users.pudong, weifangHome, 2024, { grade: 4, qualityScore: 87.5, source: '2024 年度养老机构服务质量监测结果' })).replayed).toBe(true);
    const corrected = await recordGrading(world.deps, world.users.pudong, weifangHome, 2024, { grade: 4, qualityScore: 86.5, source: '2024 年度监测结果（复核更正）' });
    expect(corrected).toMatchObject({ qualityScore: 86.5, replayed: false });
    const correction = await audit().selectFrom('access.audit_log').select('detail').where('action', '=', 'eldercare.grading.correct').executeTakeFirstOrThrow();
    expect(correction.detail).toMatchObject({ previous: { grade: 4, qualityScoreX10: 875 }, qualityScoreX10: 865 });

    await expect(recordGrading(world.deps, world.users.pudong, weifangHome, 2024, { qualityScore: 87.55, source: 'x' })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_QUALITY_SCORE' });
    await expect(recordGrading(world.deps, world.users.pudong, weifangHome, 2026, { grade: 3, source: 'x' })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_YEAR' });
    await expect(recordGrading(world.deps, world.users.pudong, weifangHome, 2024, { source: 'x' })).rejects.toMatchObject({ code: 'ELDERCARE_GRADING_EMPTY' });
    await expect(recordGrading(world.deps, world.users.xuhui, weifangHome, 2024, { grade: 1, source: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await recordGrading(world.deps, world.users.pudong, lujiazuiHome, 2024, { grade: 5, qualityScore: 95, source: '2024 年度结果' });
    await recordGrading(world.deps, world.users.xuhui, tianpingHome, 2024, { qualityScore: 70, source: '2024 年度结果' });
    // City: scores 865, 950, 700 tenths → mean 838.33 → 83.8; 2 graded (四级, 五级).
    expect(await gradingsOfYear(world.deps, world.users.leader, 2024)).toMatchObject({
      monitored: 3,
      averageQualityScore: 83.8,
      graded: 2,
      byGrade: [
        { grade: 5, count: 1 },
        { grade: 4, count: 1 },
        { grade: 3, count: 0 },
        { grade: 2, count: 0 },
        { grade: 1, count: 0 },
      ],
      items: [{ facilityName: '陆家嘴颐养院' }, { facilityName: '潍坊养老院' }, { facilityName: '天平敬老院' }],
    });
    expect((await gradingsOfYear(world.deps, world.users.xuhui, 2024)).items.map((i) => i.facilityName)).toEqual(['天平敬老院']);
  });

  it('flags a month whose escrow is below the configured share of the prepaid balance, once', async () => {
    // 2025-02, share 100 %: required = 1 000 000 × 100 / 100 = 1 000 000 分; escrow 900 000 → shortfall 100 000 分.
    const figures = { collectedFen: 300_000, refundedFen: 50_000, balanceFen: 1_000_000, escrowFen: 900_000 };
    const report = await recordPrepaidReport(world.deps, world.users.pudong, weifangHome, '2025-02', figures);
    expect(report).toMatchObject({ atRisk: true, requiredEscrowFen: 1_000_000, shortfallFen: 100_000, escrowPercent: 100, replayed: false });
    expect(report.riskReason).toBe('存管资金 9000.00 元低于预收费余额 10000.00 元的 100%（应存管 10000.00 元，缺口 1000.00 元）');
    expect((await recordPrepaidReport(world.deps, world.users.pudong, weifangHome, '2025-02', figures)).replayed).toBe(true);
    const events = () => core().selectFrom('core.outbox').select(['key', 'payload']).where('topic', '=', 'eldercare.prepaid.at_risk').execute();
    expect(await events()).toEqual([{ key: `${weifangHome}:2025-02`, payload: expect.objectContaining({ shortfallFen: 100_000, districtCode: '310115000000' }) }]);
    expect((await prepaidRisks(world.deps, world.users.pudong, '2025-02')).atRisk.map((r) => r.facilityId)).toEqual([weifangHome]);

    const fixed = await recordPrepaidReport(world.deps, world.users.pudong, weifangHome, '2025-02', { ...figures, escrowFen: 1_000_000 });
    expect(fixed).toMatchObject({ atRisk: false, shortfallFen: 0, riskReason: null });
    expect(await prepaidRisks(world.deps, world.users.pudong, '2025-02')).toMatchObject({ reported: 1, atRisk: [] });
    expect(await events()).toHaveLength(1);
  });

  it('uses the share in force at the month end, rounding the required escrow up to the fen', async () => {
    await setSetting(world.deps, world.users.admin, 'supervision.prepaidEscrowPercent', { from: '2025-03-01', value: 80, verified: false, source: '测试：自 3 月起按 80% 核验' });
    // 2025-03, share 80 %: required = ⌈1 000 001 × 80 / 100⌉ = ⌈800 000.8⌉ = 800 001 分; escrow 800 000 → shortfall 1 分.
    const march = await recordPrepaidReport(world.deps, world.users.pudong, weifangHome, '2025-03', { collectedFen: 1, refundedFen: 0, balanceFen: 1_000_001, escrowFen: 800_000 });
    expect(march).toMatchObject({ escrowPercent: 80, requiredEscrowFen: 800_001, shortfallFen: 1, atRisk: true });
    // February keeps the 100 % it was checked with.
    expect((await listPrepaidReports(world.deps, world.users.leader, weifangHome)).map((r) => [r.month, r.escrowPercent])).toEqual([
      ['2025-03', 80],
      ['2025-02', 100],
    ]);
    await expect(recordPrepaidReport(world.deps, world.users.pudong, weifangHome, '2025-04', { collectedFen: 0, refundedFen: 0, balanceFen: 0, escrowFen: 0 })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_MONTH' });
    await expect(recordPrepaidReport(world.deps, world.users.pudong, weifangHome, '2025-03', { collectedFen: -1, refundedFen: 0, balanceFen: 0, escrowFen: 0 })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_AMOUNT' });
    await expect(recordPrepaidReport(world.deps, world.users.advisor, weifangHome, '2025-03', { collectedFen: 0, refundedFen: 0, balanceFen: 0, escrowFen: 0 })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });
});

describe('credit rating', () => {
  it('rates a facility from its findings, missed deadlines, grade and quality score, naming every input', async () => {
    // Clock 2025-03-19. Window 2024-03-20 … 2025-03-19. 潍坊养老院: inspection of 2025-03-01 with minor 2, major 2, critical 1;
    // overdue marks in the window: fire (twice, counted once) and fraud → 2; 2024 grade 四级, quality 86.5.
    // 100 − 2×2 − 5×2 − 10×1 − 10×2 + 2×4 + round((865 − 800) × 50 / 1000 = 3.25 → 3) = 67 → C (60 ≤ 67 < 75).
    // The fire finding (重大隐患) is overdue again and not rectified → D whatever the score.
    const rated = await creditRating(world.deps, world.users.leader, weifangHome);
    expect(rated.inputs).toEqual({
      window: { from: '2024-03-20', to: '2025-03-19' },
      findings: { minor: 2, major: 2, critical: 1 },
      overdue: 2,
      criticalOverdueNow: 1,
      grade: { year: 2024, grade: 4 },
      quality: { year: 2024, scoreX10: 865 },
    });
    expect(rated).toMatchObject({ score: 67, rating: 'D', cappedBy: '有 1 个重大隐患逾期未整改，不论得分评为 D 级' });
    expect(rated.items.map((i) => [i.code, i.points])).toEqual([
      ['base', 100],
      ['findings.minor', -4],
      ['findings.major', -10],
      ['findings.critical', -10],
      ['overdue', -20],
      ['grade', 8],
      ['quality', 3],
    ]);
    expect(rated.parameters.find((p) => p.name === 'credit.deduct.overdue')).toMatchObject({ value: 10, verified: false });

    // Rectified (late) and verified: no 重大隐患 overdue any more → the score's own rating, C.
    await rectifyFinding(world.deps, world.users.pudong, fire, { rectifiedOn: '2025-03-19', measures: '更换防火门' });
    await verifyFinding(world.deps, world.users.pudong, fire, { verifiedOn: '2025-03-19', note: '复查合格' });
    expect(await creditRating(world.deps, world.users.pudong, weifangHome)).toMatchObject({ score: 67, rating: 'C', cappedBy: null });
  });

  it('lists the jurisdiction worst first and counts each rating', async () => {
    const [insp] = (
      await recordInspection(world.deps, world.users.xuhui, {
        requestId: 'insp-tianping-0319',
        facilityId: tianpingHome,
        inspectedOn: '2025-03-19',
        kind: 'routine',
        inspectors: '徐汇区民政局',
        findings: [{ category: 'fire', severity: 'critical', description: '消防设施故障' }],
      })
    ).findings;
    world.clock.set(shanghai('2025-03-27'));
    // Two job runs racing (two worker processes): the finding is marked and announced once.
    const runs = await Promise.all([escalateOverdueFindings(world.deps), escalateOverdueFindings(world.deps)]);
    expect(runs.flatMap((r) => r.escalated).filter((id) => id === insp.id)).toEqual([insp.id]);
    expect(await core().selectFrom('core.outbox').select('id').where('topic', '=', 'eldercare.finding.overdue').where('key', '=', String(insp.id)).execute()).toHaveLength(1);
    // 天平敬老院: 100 − 10 (critical) − 10 (overdue) + 0 (no grade) + round((700 − 800) × 50 / 1000 = −5) = 75 → B, capped to D.
    // 陆家嘴颐养院: 100 + 2×5 + round((950 − 800) × 50 / 1000 = 7.5 → 8) = 118 → 100 → A.
    const city = await creditRatings(world.deps, world.users.admin);
    expect(city.items.map((i) => [i.facilityName, i.score, i.rating])).toEqual([
      ['天平敬老院', 75, 'D'],
      ['潍坊养老院', 67, 'C'],
      ['陆家嘴颐养院', 100, 'A'],
    ]);
    expect(city.counts).toEqual({ A: 1, B: 0, C: 1, D: 1 });
    const pudong = await creditRatings(world.deps, world.users.pudong, { rating: 'A' });
    expect(pudong.items.map((i) => i.facilityName)).toEqual(['陆家嘴颐养院']);
    expect(pudong.counts).toEqual({ A: 1, B: 0, C: 1, D: 0 });
    await expect(creditRating(world.deps, world.users.pudong, tianpingHome)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rounds the quality points half away from zero and keeps the score within 0–100', async () => {
    const s = (await loadSettings(world.deps.db.kysely.withTables<EldercareTables>(), '2025-03-19')).supervision.credit;
    const base: CreditInputs = { window: { from: '2024-03-20', to: '2025-03-19' }, findings: { minor: 0, major: 0, critical: 0 }, overdue: 0, criticalOverdueNow: 0, grade: null, quality: null };
    const quality = (scoreX10: number) => rateCredit({ ...base, quality: { year: 2024, scoreX10 } }, s).items.find((i) => i.code === 'quality')?.points;
    // (795 − 800) × 50 / 1000 = −0.25 → 0; (785 − 800) → −0.75 → −1; (750 − 800) → −2.5 → −3; (810 − 800) → 0.5 → 1.
    expect([quality(795), quality(785), quality(750), quality(810)]).toEqual([0, -1, -3, 1]);
    // 12 critical findings: 100 − 120 = −20 → 0 → D; the A/B/C boundaries are inclusive (90 → A, 89 → B).
    expect(rateCredit({ ...base, findings: { minor: 0, major: 0, critical: 12 } }, s)).toMatchObject({ score: 0, rating: 'D' });
    expect(rateCredit({ ...base, findings: { minor: 0, major: 2, critical: 0 } }, s)).toMatchObject({ score: 90, rating: 'A' });
    expect(rateCredit({ ...base, findings: { minor: 3, major: 1, critical: 0 } }, s)).toMatchObject({ score: 89, rating: 'B' });
  });
});

describe('supervision API', () => {
  let app: AppInstance;
  const headers: Record<string, { authorization: string }> = {};
  const today = todayInShanghai();

  beforeAll(async () => {
    app = await buildApp(world.t.ctx);
    for (const u of ['city.admin', 'pudong.staff', 'xuhui.staff', 'weifang1.adv', 'leader']) {
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: 'test-pass-123' } });
      headers[u] = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, user: string | null, payload?: unknown) =>
    app.inject({ method, url: `/api/v1/eldercare/supervision${url}`, headers: user ? headers[user] : {}, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('lets district staff record and rectify within their district, others read or nothing', async () => {
    const body = { requestId: 'api-insp-000001', facilityId: lujiazuiHome, inspectedOn: today, kind: 'random', inspectors: '浦东新区民政局', findings: [{ category: 'food', severity: 'minor', description: '冷藏温度未记录' }] };
    expect((await call('POST', '/inspections', null, body)).statusCode).toBe(401);
    expect((await call('POST', '/inspections', 'weifang1.adv', body)).json()).toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    expect((await call('POST', '/inspections', 'leader', body)).statusCode).toBe(403);
    expect((await call('POST', '/inspections', 'xuhui.staff', body)).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call('POST', '/inspections', 'pudong.staff', { ...body, findings: [{ category: 'gas', severity: 'minor', description: 'x' }] })).statusCode).toBe(400);
    const created = await call('POST', '/inspections', 'pudong.staff', body);
    expect(created.statusCode).toBe(200);
    const inspection = created.json();
    expect(inspection).toMatchObject({ replayed: false, kindName: '双随机抽查', findings: [{ categoryName: '食品安全', status: 'open' }] });
    expect((await call('POST', '/inspections', 'pudong.staff', body)).json()).toMatchObject({ id: inspection.id, replayed: true });

    const findingId = inspection.findings[0].id;
    expect((await call('GET', `/findings/${findingId}`, 'leader')).json()).toMatchObject({ id: findingId, log: [{ action: 'record', actionName: '发现问题并下达整改' }] });
    expect((await call('GET', `/findings/${findingId}`, 'xuhui.staff')).statusCode).toBe(404);
    expect((await call('GET', '/findings/99999999', 'leader')).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await call('POST', `/findings/${findingId}/rectify`, 'leader', { rectifiedOn: today, measures: '补记录' })).statusCode).toBe(403);
    const rectified = await call('POST', `/findings/${findingId}/rectify`, 'pudong.staff', { rectifiedOn: today, measures: '补记录并培训' });
    expect(rectified.json()).toMatchObject({ status: 'rectified' });
    expect((await call('POST', `/findings/${findingId}/extend`, 'pudong.staff', { deadline: today, reason: '延期' })).json()).toMatchObject({ code: 'ELDERCARE_FINDING_ILLEGAL_TRANSITION' });
    expect((await call('GET', `/findings?facilityId=${lujiazuiHome}&status=rectified`, 'pudong.staff')).json().items).toHaveLength(1);
    expect((await call('GET', '/inspections?division=310115005', 'leader')).json().items[0]).toMatchObject({ id: inspection.id, findingCount: 1, openCount: 0 });
  });

  it('serves gradings, credit and prepaid reports to readers, and takes them from supervisors only', async () => {
    const year = Number(today.slice(0, 4));
    expect((await call('PUT', `/facilities/${tianpingHome}/gradings/${year}`, 'pudong.staff', { grade: 3, source: 'x' })).statusCode).toBe(404);
    expect((await call('PUT', `/facilities/${tianpingHome}/gradings/${year}`, 'xuhui.staff', { grade: 3, qualityScore: 81.5, source: '年度等级评定' })).json()).toMatchObject({ grade: 3, gradeName: '三级', qualityScore: 81.5 });
    expect((await call('GET', `/facilities/${tianpingHome}/gradings`, 'leader')).json().map((g: { year: number }) => g.year)).toEqual([year, 2024]);
    expect((await call('GET', `/gradings?year=2024`, 'leader')).json()).toMatchObject({ monitored: 3 });
    const credit = await call('GET', `/facilities/${lujiazuiHome}/credit`, 'leader');
    expect(credit.statusCode).toBe(200);
    expect(credit.json()).toMatchObject({ facilityName: '陆家嘴颐养院', items: expect.any(Array), parameters: expect.any(Array) });
    expect((await call('GET', '/credit', 'xuhui.staff')).json().items.map((i: { facilityName: string }) => i.facilityName)).toEqual(['天平敬老院']);
    expect((await call('GET', '/credit?division=310115', 'xuhui.staff')).statusCode).toBe(403);

    const month = today.slice(0, 7);
    expect((await call('PUT', `/facilities/${lujiazuiHome}/prepaid/${month}`, 'leader', { collectedFen: 0, refundedFen: 0, balanceFen: 100, escrowFen: 0 })).statusCode).toBe(403);
    const put = await call('PUT', `/facilities/${lujiazuiHome}/prepaid/${month}`, 'pudong.staff', { collectedFen: 100, refundedFen: 0, balanceFen: 100, escrowFen: 0 });
    expect(put.json()).toMatchObject({ atRisk: true, replayed: false });
    expect((await call('GET', `/prepaid/risks?month=${month}`, 'leader')).json().atRisk.map((r: { facilityId: number }) => r.facilityId)).toContain(lujiazuiHome);
    expect((await call('GET', `/facilities/${lujiazuiHome}/prepaid`, 'weifang1.adv')).statusCode).toBe(404);
  });

  it('runs the overdue escalation on request for supervisors only', async () => {
    expect((await call('POST', '/jobs/escalate-overdue', 'weifang1.adv')).statusCode).toBe(403);
    const run = await call('POST', '/jobs/escalate-overdue', 'city.admin');
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ escalated: expect.any(Array), more: false });
  });
});
