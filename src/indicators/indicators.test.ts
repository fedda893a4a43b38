import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorker, type CommunityDeps } from '../community/index.js';
import { createFacility, recordMeal } from '../eldercare/index.js';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from '../eldercare/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { activePack, addParameterValue, type PolicyTables } from '../policy/index.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import { indicatorDef } from './catalogue.js';
import type { IndicatorDeps } from './deps.js';
import { expectedOn, statusOf } from './status.js';
import { enterManualValue, freezeMonth, indicatorByDistrict, indicatorHistory, listIndicators, manualEntries, runIndicatorJobs } from './values.js';

let w: EldercareWorld;
let deps: IndicatorDeps;
let app: AppInstance;
let admin: TestUser;
let leader: TestUser;

const indicatorValue = async (no: number, month?: string, division?: string) => (await listIndicators(deps, w.users.leader, { month, division })).items.find((i) => i.no === no)!;

beforeAll(async () => {
  w = await openEldercareWorld(); // clock: 2025-03-03 10:00 Shanghai
  deps = { ctx: w.t.ctx, db: w.t.ctx.db, vault: w.vault, now: () => w.clock.now() };
  app = await buildApp(w.t.ctx);
  admin = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'ind.admin', 'city_admin', '310000000000');
  leader = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'ind.leader', 'leader', '310000000000');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await w?.close();
});

describe('indicator 1: 低保标准 ÷ 上年度月人均消费支出', () => {
  it('is 1595 ÷ 4375.67 = 36.5 % in 2024-07, and the 2020 baseline 32.6 % once 2019 consumption is entered', async () => {
    // dibao.standard 159,500 fen from 2024-07-01; floorReferenceConsumption 437,567 fen (52,508 ÷ 12) from 2024-01-01.
    // 1595 ÷ 4375.67 = 0.36452 → 36.5 %.
    expect(await indicatorValue(1, '2024-07')).toMatchObject({ value: 36.5, numerator: 1595, denominator: 4375.67, origin: 'computed', status: 'met' });
    // No consumption value before 2021-01-01 is shipped: 2020 has no value yet.
    expect(await indicatorValue(1, '2020-12')).toMatchObject({ value: null, status: 'no_data' });
    // 2019: 45,605 元 ÷ 12 = 3,800.42 → 380,042 fen from 2020-01-01; the 2020 standard is 1,240 (from 2020-04-01).
    await addParameterValue(w.t.ctx.db.kysely.withTables<PolicyTables>(), w.users.admin, await activePack(), 'dibao.floorReferenceConsumption', { from: '2020-01-01', value: 380_042, note: '2019 年 45605 元 ÷ 12' });
    // 1240 ÷ 3800.42 = 0.32628 → 32.6 %, the plan's baseline.
    expect(await indicatorValue(1, '2020-12')).toMatchObject({ value: 32.6, numerator: 1240, denominator: 3800.42 });
  });
});

describe('computed indicators against hand-counted data', () => {
  it('counts beds (2, 3, 4), meals per day (5) and the roster certificate share (12), city and district', async () => {
    await createFacility(w.deps, w.users.pudong, {
      kind: 'institution',
      name: '浦东福利院',
      ownership: 'public',
      divisionCode: '310115004000',
      beds: [
        { bedType: 'nursing', count: 30, basicGuarantee: true },
        { bedType: 'cognitive', count: 10, basicGuarantee: false },
        { bedType: 'ordinary', count: 20, basicGuarantee: false },
      ],
    });
    await createFacility(w.deps, w.users.xuhui, {
      kind: 'institution',
      name: '徐汇颐养院',
      ownership: 'private',
      divisionCode: '310104003000',
      beds: [
        { bedType: 'nursing', count: 10, basicGuarantee: false },
        { bedType: 'ordinary', count: 30, basicGuarantee: false },
      ],
    });
    const point = await createFacility(w.deps, w.users.pudong, { kind: 'meal_point', name: '潍坊长者食堂', ownership: 'public_private', divisionCode: '310115004001', mealPriceFen: 1_500 });
    const a = await w.person({ birthDate: '1945-01-01' });
    const b = await w.person({ birthDate: '1946-02-02' });
    await recordMeal(w.deps, w.users.pudong, { mealPointId: point.id, personId: a, servedOn: '2025-03-01', meal: 'lunch' });
    await recordMeal(w.deps, w.users.pudong, { mealPointId: point.id, personId: a, servedOn: '2025-03-02', meal: 'lunch' });
    await recordMeal(w.deps, w.users.pudong, { mealPointId: point.id, personId: b, servedOn: '2025-03-02', meal: 'lunch' });
    await recordMeal(w.deps, w.users.pudong, { mealPointId: point.id, personId: b, servedOn: '2025-03-03', meal: 'dinner' });
    const community: CommunityDeps = { db: w.t.ctx.db, vault: w.vault, now: () => w.clock.now() };
    const workers = [await w.person({ birthDate: '1985-01-01' }), await w.person({ birthDate: '1990-01-01' }), await w.person({ birthDate: '1992-01-01' })];
    await addWorker(community, w.users.pudong, { personId: workers[0], divisionCode: TEST_COMMITTEES.weifang1, post: '社区工作者', startOn: '2020-01-01', education: 'bachelor', certificate: 'assistant' });
    await addWorker(community, w.users.pudong, { personId: workers[1], divisionCode: TEST_COMMITTEES.weifang1, post: '社区工作者', startOn: '2021-06-01', education: 'college' });
    await addWorker(community, w.users.pudong, { personId: workers[2], divisionCode: TEST_COMMITTEES.weifang2, post: '居委会主任', startOn: '2022-01-01', education: 'bachelor' });

    // Beds: 60 (浦东) + 40 (徐汇) = 100 → 0.0100 万张; nursing share (30 + 10 + 10 cognitive, counted as nursing) ÷ 100 = 50.0 %; cognitive 10.
    expect(await indicatorValue(2)).toMatchObject({ value: 0.01, numerator: 100, origin: 'computed' });
    expect(await indicatorValue(3)).toMatchObject({ value: 50, numerator: 50, denominator: 100, status: 'behind', alarm: true });
    expect(await indicatorValue(4)).toMatchObject({ value: 10, alarm: true });
    // Meals: 4 meals over 1–3 March (today is the 3rd) = 1.333 a day = 0.0001 万客/日.
    expect(await indicatorValue(5)).toMatchObject({ numerator: 4, denominator: 3, value: 0.0001 });
    // Roster on 2025-03-03: 3 in post, 1 certified → 33.3 %; on 2020-12-31 only the first (certified) → 100 %.
    expect(await indicatorValue(12)).toMatchObject({ value: 33.3, numerator: 1, denominator: 3, status: 'met' });
    expect(await indicatorValue(12, '2020-12')).toMatchObject({ value: 100, numerator: 1, denominator: 1 });
    // Drill-down: 浦东 护理型 = 30 nursing + 10 cognitive = 40 of 60 = 66.7 %; 徐汇 10 ÷ 40 = 25.0 %; 黄浦 has no beds.
    const drill = await indicatorByDistrict(deps, w.users.leader, 3, {});
    expect(drill.districts.find((d) => d.divisionCode === '310115000000')).toMatchObject({ value: 66.7, numerator: 40, denominator: 60 });
    expect(drill.districts.find((d) => d.divisionCode === '310104000000')).toMatchObject({ value: 25 });
    expect(drill.districts.find((d) => d.divisionCode === '310101000000')).toMatchObject({ value: null, origin: 'none' });
    // A past month has no live bed count: nothing until it was frozen or entered.
    expect(await indicatorValue(2, '2025-02')).toMatchObject({ value: null, origin: 'none' });
  });
});

describe('indicators 10, 11 and 15 from the children and funeral modules, against hand-counted data', () => {
  it('10: 达标 institutions ÷ district institutions (latest assessed year); 11: trained 儿童主任/督导员; 15: small plots in new areas ÷ the year\u2019s burials', async () => {
    const db = w.t.ctx.db.kysely;
    // Indicator 10 (区未成年人保护机构达标率): one institution in each of 4 districts, open since 2020; the 2024 results:
    // 浦东, 徐汇, 黄浦 passed, 静安 not. The latest assessed year ≤ 2025 is 2024: 3 ÷ 4 = 75.0 %.
    const units = await sql<{ id: number; division_code: string }>`insert into children.protection_units (kind, division_code, name, opened_on)
      values ('institution', '310115000000', '浦东新区未成年人保护中心', '2020-01-01'), ('institution', '310104000000', '徐汇区未成年人保护中心', '2020-01-01'),
             ('institution', '310101000000', '黄浦区未成年人保护中心', '2020-01-01'), ('institution', '310106000000', '静安区未成年人保护中心', '2020-01-01')
      returning id, division_code`.execute(db);
    for (const u of units.rows) await sql`insert into children.protection_assessments (unit_id, year, passed, note) values (${u.id}, 2024, ${u.division_code !== '310106000000'}, '测试')`.execute(db);
    // Indicator 11 (持证儿童福利社会工作者数): 4 儿童主任/督导员, 3 of them with a training date → 3.
    await sql`insert into children.workers (user_id, role, division_code, trained_on, since)
      values (90001, 'child_director', '310115004001', '2023-05-01', '2022-01-01'), (90002, 'child_director', '310115004002', '2024-06-01', '2022-01-01'),
             (90003, 'child_supervisor', '310115004000', '2022-09-01', '2021-01-01'), (90004, 'child_director', '310104003001', null, '2024-01-01')`.execute(db);
    // Indicator 15 (新开墓区小型墓比例): small = new area and ≤ 0.6 m² (kpi.smallPlotM2, the plan). Burials of 2025 to
    // 03-03 in the commercial cemetery: 0.5 new, 0.5 new, 0.6 new (on the limit: small), 0.8 new (not small), 0.5 old
    // area (not small) → 3 ÷ 5 = 60.0 %. Not counted: a public cemetery's plot, a 2024 burial, a plot not yet used.
    const cemetery = await sql<{ id: number }>`insert into funeral.units (kind, name, division_code) values ('cemetery_commercial', '测试经营性公墓', '310115004000') returning id`.execute(db);
    const publicOne = await sql<{ id: number }>`insert into funeral.units (kind, name, division_code) values ('cemetery_public', '测试公益性公墓', '310115004000') returning id`.execute(db);
    const c = cemetery.rows[0].id;
    await sql`insert into funeral.plots (unit_id, burial_type, area_m2, new_area, buried_on) values
      (${c}, 'lawn', 0.5, true, '2025-01-10'), (${c}, 'lawn', 0.5, true, '2025-02-14'), (${c}, 'wall', 0.6, true, '2025-02-20'),
      (${c}, 'traditional', 0.8, true, '2025-01-20'), (${c}, 'tree', 0.5, false, '2025-03-01'),
      (${publicOne.rows[0].id}, 'lawn', 0.5, true, '2025-01-15'), (${c}, 'lawn', 0.5, true, '2024-12-30'), (${c}, 'lawn', 0.5, true, null)`.execute(db);

    expect(await indicatorValue(10, '2025-03')).toMatchObject({ value: 75, numerator: 3, denominator: 4, origin: 'computed' });
    expect(await indicatorValue(11, '2025-03')).toMatchObject({ value: 3, origin: 'computed' });
    expect(await indicatorValue(15, '2025-03')).toMatchObject({ value: 60, numerator: 3, denominator: 5, origin: 'computed' });
  });
});

describe('manual values', () => {
  it('computes a share from numerator and denominator, and a correction supersedes the value in force', async () => {
    const first = await enterManualValue(deps, w.users.admin, 6, { month: '2024-12', numerator: 800, denominator: 1000, source: '市养老服务行业协会报表' });
    expect(first.value).toBe(80);
    const fix = await enterManualValue(deps, w.users.admin, 6, { month: '2024-12', numerator: 820, denominator: 1000, source: '市养老服务行业协会报表（更正）', note: '分子漏计' });
    expect(fix).toMatchObject({ value: 82, supersedesId: first.id });
    // The value holds for later months until a later month is entered; 82 ≥ 80 → met.
    expect(await indicatorValue(6, '2025-02')).toMatchObject({ value: 82, numerator: 820, denominator: 1000, origin: 'manual', valueMonth: '2024-12', status: 'met' });
    const entries = await manualEntries(deps, w.users.leader, 6);
    expect(entries.map((e) => [e.id, e.supersededBy])).toEqual([
      [fix.id, null],
      [first.id, fix.id],
    ]);
  });

  it('refuses numerator > denominator, shares outside 0–100, future months and counts without a value', async () => {
    const refused = (no: number, input: Parameters<typeof enterManualValue>[3]) => enterManualValue(deps, w.users.admin, no, input);
    await expect(refused(6, { month: '2025-01', numerator: 1001, denominator: 1000, source: '报表' })).rejects.toMatchObject({ code: 'INDICATORS_NUMERATOR_ABOVE_DENOMINATOR' });
    await expect(refused(13, { month: '2025-01', value: 120, source: '报表' })).rejects.toMatchObject({ code: 'INDICATORS_PERCENT_OUT_OF_RANGE' });
    await expect(refused(9, { month: '2025-04', value: 2000, source: '报表' })).rejects.toMatchObject({ code: 'INDICATORS_FUTURE_MONTH' });
    await expect(refused(9, { month: '2025-01', source: '报表' })).rejects.toMatchObject({ code: 'INDICATORS_VALUE_REQUIRED' });
    await expect(refused(9, { month: '2025-01', value: 2000, source: '' })).rejects.toMatchObject({ code: 'INDICATORS_SOURCE_REQUIRED' });
    expect(await manualEntries(deps, w.users.leader, 9)).toEqual([]);
  });
});

describe('status and the month-end freeze', () => {
  it('is on track on or above the straight line from the 2020 baseline to the 2025 target', () => {
    const def = indicatorDef(3)!; // 32 → 60 over 60 months: 2023-06 is month 30 → 46.
    expect(expectedOn(def, '2023-06')).toBe(46);
    expect(statusOf(def, 46, '2023-06')).toBe('on_track');
    expect(statusOf(def, 45.9, '2023-06')).toBe('behind');
    expect(statusOf(def, 60, '2023-06')).toBe('met');
    const about = indicatorDef(9)!; // "3000左右": within 5 % counts as reached.
    expect(statusOf(about, 2850, '2025-12')).toBe('met');
    expect(statusOf(about, 2849, '2025-12')).toBe('behind');
  });

  it('freezes a month with its inputs; later changes leave the frozen value alone', async () => {
    // 2025-02: standard 1,595 (from 2024-07-01) ÷ 4,375.67 = 36.5 %.
    const frozen = await freezeMonth(deps, w.users.admin, '2025-02');
    expect(frozen.frozen).toBeGreaterThanOrEqual(15);
    // The month-end job finds last month (2025-02) frozen and does nothing.
    expect(await runIndicatorJobs(deps)).toBeNull();
    expect(await indicatorValue(1, '2025-02')).toMatchObject({ value: 36.5, origin: 'frozen', numerator: 1595 });
    await addParameterValue(w.t.ctx.db.kysely.withTables<PolicyTables>(), w.users.admin, await activePack(), 'dibao.standard', { from: '2025-02-01', value: 170_000, note: '假设的更正' });
    expect(await indicatorValue(1, '2025-02')).toMatchObject({ value: 36.5, origin: 'frozen' });
    // The unfrozen current month follows the change: 1700 ÷ 4375.67 = 38.9 %.
    expect(await indicatorValue(1, '2025-03')).toMatchObject({ value: 38.9, origin: 'computed' });
    const history = await indicatorHistory(deps, w.users.leader, 1, { to: '2025-03' });
    expect(history.points).toHaveLength(52); // 2020-12 … 2025-03
    expect(history.points.at(-2)).toMatchObject({ month: '2025-02', value: 36.5, origin: 'frozen' });
  });
});

describe('over HTTP', () => {
  it('lists all 15 to a leader, who may not enter values; bad input answers 400 with a code', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/indicators', headers: leader.headers });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: unknown[] }).items).toHaveLength(15);
    const post = (who: TestUser, body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/indicators/6/values', headers: who.headers, payload: body });
    expect((await post(leader, { month: '2025-01', value: 80, source: '报表' })).statusCode).toBe(403);
    const bad = await post(admin, { month: '2025-01', numerator: 5, denominator: 4, source: '报表' });
    expect([bad.statusCode, (bad.json() as { code: string }).code]).toEqual([400, 'INDICATORS_NUMERATOR_ABOVE_DENOMINATOR']);
    const file = await app.inject({ method: 'GET', url: '/api/v1/indicators/export?month=2025-03', headers: leader.headers });
    expect([file.statusCode, file.headers['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    const future = await app.inject({ method: 'GET', url: '/api/v1/indicators?month=2099-01', headers: leader.headers });
    expect([future.statusCode, (future.json() as { code: string }).code]).toEqual([400, 'INDICATORS_FUTURE_MONTH']);
  });
});
