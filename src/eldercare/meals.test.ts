/**
 * 为老助餐 on a real database. Expected amounts are worked out by hand from the rule (POLICY-FACTS §2.2):
 *   "A = 60+ and 低保/低收入/特困/重残无业 6 yuan/day for meals eaten at the venue; B = aged 60–79 2 yuan/day;
 *    C = aged 80+ 3 yuan/day (a person gets the highest one that applies; a subsidy is per day, not per meal)"
 * and the subsidy is borne by the person's 户籍 district. The world's clock is 2025-03-03 (Asia/Shanghai);
 * 低保标准 1595 元 from 2024-07-01, so the 低收入 line is 3190 元. Nobody below has assets or a vehicle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { addParameterValue, type PolicyTables } from '../policy/index.js';
import { shanghaiMealPack, shanghaiPack } from '../policies/shanghai/index.js';
import { recordFactBatch } from '../registry/index.js';
import { dailyMealCounts, mealSettlement } from './meal-reports.js';
import { explainMealSubsidy, listMeals, recordMeal } from './meals.js';
import type { MealTables } from './meals-model.js';
import type { EldercareTables } from './model.js';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from './testing.js';

const PUDONG = '310115000000';
const XUHUI = '310104000000';
/** 5000 元 a month: ≥ 1595 元 and ≥ 3190 元, so neither 低保 nor 低收入; not 特困 (has income). */
const PENSION = 500_000;

let world: EldercareWorld;
let app: AppInstance;
const headers: Record<string, { authorization: string }> = {};
let pudongPoint: number;
let xuhuiPoint: number;
let cheapPoint: number;
let dayCare: number;
/** 人户分离: 户籍 徐汇 (天平一居委), lives in 浦东 (潍坊一村); 74 in 2025 → B. */
let renhu: number;
/** 低保: no income at all → A. */
let dibao: number;
/** Born 1942-05-10: 82 on 2025-03-31 → C. */
let aged82: number;
/** 户籍 浦东, lives in 徐汇, 82 → C; eats in 徐汇. */
let reverse: number;
/** 低收入 for the administrator test: income 2000 元 (between 1595 and 3190). */
let lowIncome: number;

async function pension(personId: number, amountFen: number): Promise<void> {
  await recordFactBatch(world.registry, { batchId: `pension-${personId}`, source: '人社局', facts: [{ subjectType: 'person', subjectId: personId, kind: 'income.pension', amountFen, validFrom: '2020-01-01' }] });
}

async function facility(name: string, kind: 'meal_point' | 'day_care', divisionCode: string, mealPriceFen: number | null): Promise<number> {
  const row = await world.deps.db.kysely
    .withTables<EldercareTables>()
    .insertInto('eldercare.facilities')
    .values({ kind, name, ownership: 'public', organisation_id: null, credit_code: null, address: '', division_code: divisionCode, district_code: `${divisionCode.slice(0, 6)}000000`, meal_price_fen: mealPriceFen, day_care_places: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const mealRows = (personId: number, servedOn: string) => world.deps.db.kysely.withTables<MealTables>().selectFrom('eldercare.meals').selectAll().where('person_id', '=', personId).where('served_on', '=', servedOn).orderBy('id').execute();

beforeAll(async () => {
  world = await openEldercareWorld();
  app = await buildApp(world.t.ctx);
  for (const u of ['city.admin', 'pudong.staff', 'xuhui.staff', 'weifang.cw', 'weifang1.adv', 'leader']) {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: 'test-pass-123' } });
    headers[u] = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
  }
  pudongPoint = await facility('潍坊社区长者食堂', 'meal_point', '310115004000', 1500);
  xuhuiPoint = await facility('天平社区长者食堂', 'meal_point', '310104003000', 1200);
  cheapPoint = await facility('梅园助餐点', 'meal_point', '310115005000', 400);
  dayCare = await facility('潍坊日间照护中心', 'day_care', '310115004000', null);
  renhu = await world.person({ birthDate: '1950-06-01', committee: TEST_COMMITTEES.weifang1, hukouDivision: TEST_COMMITTEES.tianping1 });
  dibao = await world.person({ birthDate: '1955-01-01', committee: TEST_COMMITTEES.weifang1 });
  aged82 = await world.person({ birthDate: '1942-05-10', committee: TEST_COMMITTEES.weifang2 });
  reverse = await world.person({ birthDate: '1942-08-08', committee: TEST_COMMITTEES.tianping1, hukouDivision: TEST_COMMITTEES.lujiazui1 });
  lowIncome = await world.person({ birthDate: '1952-07-07', committee: TEST_COMMITTEES.weifang1 });
  for (const id of [renhu, aged82, reverse]) await pension(id, PENSION);
  await pension(lowIncome, 200_000);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await world?.close();
});

describe('为老助餐: recording meals', () => {
  it('charges a 人户分离 person the B price in 浦东 and books the subsidy to 徐汇, the 户籍 district', async () => {
    // 74 on 2025-03-31, income 5000 元 (not 低保/低收入/特困) → B 2 元/天 = 200 分; price 15.00 → pays 15.00 − 2.00 = 13.00.
    const lunch = await recordMeal(world.deps, world.users.pudong, { mealPointId: pudongPoint, personId: renhu, servedOn: '2025-03-03', meal: 'lunch' });
    expect(lunch).toMatchObject({
      priceFen: 1500,
      subsidyFen: 200,
      paidFen: 1300,
      band: 'B',
      dailySubsidyFen: 200,
      mealName: '午餐',
      pointDistrictCode: PUDONG,
      subsidyDistrictCode: XUHUI,
      crossDistrict: true,
      replayed: false,
      ruleVersion: 'shanghai-meals@1',
    });
    expect(lunch.reasons[0]).toContain('每日 2.00 元');
  });

  it('gives no second subsidy for the second meal of the day', async () => {
    // "a subsidy is per day, not per meal": the 200 分 of 2025-03-03 went to lunch → dinner 0, pays the full 15.00.
    const dinner = await recordMeal(world.deps, world.users.pudong, { mealPointId: pudongPoint, personId: renhu, servedOn: '2025-03-03', meal: 'dinner' });
    expect(dinner).toMatchObject({ priceFen: 1500, subsidyFen: 0, paidFen: 1500, band: 'B', subsidyDistrictCode: XUHUI });
  });

  it('gives a 低保 person 6 yuan and an 82-year-old 3 yuan', async () => {
    // 低保: income 0 < 1595 元 → A 6 元/天 (higher than B 2 元) → pays 15.00 − 6.00 = 9.00; booked to 浦东 (户籍 潍坊).
    const a = await recordMeal(world.deps, world.users.weifang, { mealPointId: pudongPoint, personId: dibao, servedOn: '2025-03-03', meal: 'lunch' });
    expect(a).toMatchObject({ subsidyFen: 600, paidFen: 900, band: 'A', subsidyDistrictCode: PUDONG, crossDistrict: false });
    // 1942-05-10 → 82 on 2025-03-31 → C 3 元/天 → pays 15.00 − 3.00 = 12.00.
    const c = await recordMeal(world.deps, world.users.pudong, { mealPointId: pudongPoint, personId: aged82, servedOn: '2025-03-03', meal: 'lunch' });
    expect(c).toMatchObject({ subsidyFen: 300, paidFen: 1200, band: 'C', subsidyDistrictCode: PUDONG });
    // 户籍 陆家嘴 (浦东), lives and eats in 徐汇, 82 → C 300 分 borne by 浦东; price 12.00 → pays 9.00.
    const r = await recordMeal(world.deps, world.users.xuhui, { mealPointId: xuhuiPoint, personId: reverse, servedOn: '2025-03-02', meal: 'lunch' });
    expect(r).toMatchObject({ priceFen: 1200, subsidyFen: 300, paidFen: 900, band: 'C', pointDistrictCode: XUHUI, subsidyDistrictCode: PUDONG, crossDistrict: true });
  });

  it('returns a retried record instead of doubling it, also when the retries race', async () => {
    const again = await recordMeal(world.deps, world.users.pudong, { mealPointId: pudongPoint, personId: renhu, servedOn: '2025-03-03', meal: 'lunch' });
    expect(again).toMatchObject({ subsidyFen: 200, paidFen: 1300, replayed: true, reasons: [] });
    expect((await mealRows(renhu, '2025-03-03')).map((r) => [r.meal, r.subsidy_fen])).toEqual([
      ['lunch', 200],
      ['dinner', 0],
    ]);

    const input = { mealPointId: pudongPoint, personId: aged82, servedOn: '2025-02-10', meal: 'lunch' };
    const [x, y] = await Promise.all([recordMeal(world.deps, world.users.pudong, input), recordMeal(world.deps, world.users.pudong, input)]);
    expect(x.id).toBe(y.id);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect(await mealRows(aged82, '2025-02-10')).toHaveLength(1);
  });

  it('refuses the same meal at another meal point (409)', async () => {
    await expect(recordMeal(world.deps, world.users.pudong, { mealPointId: cheapPoint, personId: renhu, servedOn: '2025-03-03', meal: 'lunch' })).rejects.toMatchObject({ code: 'ELDERCARE_MEAL_ALREADY_RECORDED', status: 409 });
  });

  it('shares the daily subsidy between lunch and dinner recorded at the same moment', async () => {
    // A 600 分 a day; two meals of 15.00 at once: exactly one gets 600, the other 0.
    const [l, d] = await Promise.all([
      recordMeal(world.deps, world.users.pudong, { mealPointId: pudongPoint, personId: dibao, servedOn: '2025-02-11', meal: 'lunch' }),
      recordMeal(world.deps, world.users.pudong, { mealPointId: pudongPoint, personId: dibao, servedOn: '2025-02-11', meal: 'dinner' }),
    ]);
    expect([l.subsidyFen, d.subsidyFen].sort((a, b) => a - b)).toEqual([0, 600]);
    expect(l.paidFen + d.paidFen).toBe(3000 - 600);
  });

  it('carries what a cheap first meal left of the day to the second meal, never above the price', async () => {
    // A 600 分 a day; lunch costs 4.00 → subsidy 400, pays 0; dinner 15.00 → the remaining 200, pays 13.00.
    const lunch = await recordMeal(world.deps, world.users.pudong, { mealPointId: cheapPoint, personId: dibao, servedOn: '2025-02-12', meal: 'lunch' });
    expect(lunch).toMatchObject({ priceFen: 400, subsidyFen: 400, paidFen: 0 });
    const dinner = await recordMeal(world.deps, world.users.pudong, { mealPointId: pudongPoint, personId: dibao, servedOn: '2025-02-12', meal: 'dinner' });
    expect(dinner).toMatchObject({ priceFen: 1500, subsidyFen: 200, paidFen: 1300 });
  });

  it('refuses a user outside the meal point before reading the person', async () => {
    await expect(recordMeal(world.deps, world.users.xuhui, { mealPointId: pudongPoint, personId: renhu, servedOn: '2025-03-01', meal: 'lunch' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(recordMeal(world.deps, world.users.advisor, { mealPointId: pudongPoint, personId: renhu, servedOn: '2025-03-01', meal: 'lunch' })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    const reads = await world.deps.db.kysely
      .withTables<AccessTables>()
      .selectFrom('access.audit_log')
      .select(['action', 'result'])
      .where('actor_username', 'in', ['xuhui.staff', 'weifang1.adv'])
      .where('entity_id', '=', String(renhu))
      .execute();
    expect(reads).toEqual([
      { action: 'eldercare.meal.record', result: 'denied' },
      { action: 'eldercare.meal.record', result: 'denied' },
    ]);
  });
});

describe('为老助餐: figures and lists', () => {
  it('settles March between districts: which district owes which how much', async () => {
    // March meals with a subsidy: 浦东 point × 徐汇 payer 200 (人户分离); 浦东 × 浦东 600 + 300 = 900; 徐汇 point × 浦东 payer 300.
    // 徐汇 owes 浦东 200, 浦东 owes 徐汇 300 → net: 浦东 pays 徐汇 100.
    const s = await mealSettlement(world.deps, world.users.leader, { month: '2025-03' });
    expect(s.rows).toEqual([
      { pointDistrictCode: XUHUI, pointDistrictName: '徐汇区', subsidyDistrictCode: PUDONG, subsidyDistrictName: '浦东新区', subsidisedMeals: 1, persons: 1, subsidyFen: 300, crossDistrict: true },
      { pointDistrictCode: PUDONG, pointDistrictName: '浦东新区', subsidyDistrictCode: XUHUI, subsidyDistrictName: '徐汇区', subsidisedMeals: 1, persons: 1, subsidyFen: 200, crossDistrict: true },
      { pointDistrictCode: PUDONG, pointDistrictName: '浦东新区', subsidyDistrictCode: PUDONG, subsidyDistrictName: '浦东新区', subsidisedMeals: 2, persons: 2, subsidyFen: 900, crossDistrict: false },
    ]);
    expect(s.transfers).toEqual([{ fromDistrictCode: PUDONG, fromDistrictName: '浦东新区', toDistrictCode: XUHUI, toDistrictName: '徐汇区', amountFen: 100 }]);
    expect(s.districts).toEqual([
      { districtCode: XUHUI, districtName: '徐汇区', advancedFen: 300, borneFen: 200, receivableFen: 300, payableFen: 200, netFen: 100 },
      { districtCode: PUDONG, districtName: '浦东新区', advancedFen: 1100, borneFen: 1200, receivableFen: 200, payableFen: 300, netFen: -100 },
    ]);
    expect(s.totals).toEqual({ subsidisedMeals: 4, subsidyFen: 1400, crossDistrictFen: 500 });

    // 徐汇 sees both pairs it is on and only its own balance.
    const x = await mealSettlement(world.deps, world.users.xuhui, { month: '2025-03' });
    expect(x.rows.map((r) => [r.pointDistrictCode, r.subsidyDistrictCode])).toEqual([
      [XUHUI, PUDONG],
      [PUDONG, XUHUI],
    ]);
    expect(x.districts.map((d) => [d.districtCode, d.netFen])).toEqual([[XUHUI, 100]]);
  });

  it('counts meals served per meal point and day', async () => {
    // 2025-03-03 at 潍坊: lunches 人户分离, 低保, 82 岁; one dinner; subsidies 200 + 600 + 300; paid 13.00 + 15.00 + 9.00 + 12.00.
    const d = await dailyMealCounts(world.deps, world.users.pudong, { from: '2025-03-01', to: '2025-03-31' });
    expect(d.items).toEqual([{ mealPointId: pudongPoint, mealPointName: '潍坊社区长者食堂', districtCode: PUDONG, servedOn: '2025-03-03', lunch: 3, dinner: 1, total: 4, persons: 3, subsidised: 3, subsidyFen: 1100, paidFen: 4900 }]);
    await expect(dailyMealCounts(world.deps, world.users.pudong, { from: '2025-01-01', to: '2025-12-31' })).rejects.toMatchObject({ code: 'ELDERCARE_MEAL_INVALID_PERIOD' });
  });

  it('lists meals by meal point for its jurisdiction, and by payer for the 户籍 district', async () => {
    const atPoint = await listMeals(world.deps, world.users.weifang, { from: '2025-03-01', to: '2025-03-31' });
    expect(atPoint.items.map((m) => m.personId).sort()).toEqual([renhu, renhu, dibao, aged82].sort());
    const payer = await listMeals(world.deps, world.users.xuhui, { side: 'payer', from: '2025-03-01', to: '2025-03-31' });
    expect(payer.items.map((m) => [m.personId, m.mealPointName, m.meal])).toEqual([
      [renhu, '潍坊社区长者食堂', 'dinner'],
      [renhu, '潍坊社区长者食堂', 'lunch'],
    ]);
    await expect(listMeals(world.deps, world.users.leader, {})).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });
});

describe('为老助餐 API', () => {
  const post = (user: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/v1/eldercare/meals', headers: headers[user], payload });
  const chinese = /[\u4e00-\u9fff]/;

  it('answers bad input with 400 and a Chinese message', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ mealPointId: pudongPoint, personId: dibao, servedOn: '2025-02-30', meal: 'lunch' }, 'ELDERCARE_MEAL_INVALID_DATE'],
      [{ mealPointId: pudongPoint, personId: dibao, servedOn: '2999-01-01', meal: 'lunch' }, 'ELDERCARE_MEAL_FUTURE_DATE'],
      [{ mealPointId: pudongPoint, personId: dibao, servedOn: '2025-03-01', meal: 'breakfast' }, 'ELDERCARE_MEAL_INVALID_MEAL'],
      [{ mealPointId: dayCare, personId: dibao, servedOn: '2025-03-01', meal: 'lunch' }, 'ELDERCARE_NOT_A_MEAL_POINT'],
      [{ mealPointId: 0, personId: dibao, servedOn: '2025-03-01', meal: 'lunch' }, 'ELDERCARE_MEAL_INVALID_INPUT'],
      [{ mealPointId: pudongPoint, servedOn: '2025-03-01', meal: 'lunch' }, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const response = await post('pudong.staff', payload);
      expect(response.statusCode, code).toBe(400);
      expect(response.json().code).toBe(code);
      expect(response.json().message).toMatch(chinese);
    }
  });

  it('records through the API, for meal recorders of the meal point only', async () => {
    const ok = await post('weifang.cw', { mealPointId: pudongPoint, personId: aged82, servedOn: '2025-02-13', meal: 'lunch' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ subsidyFen: 300, paidFen: 1200, band: 'C', bandName: 'C 类（80 周岁及以上）', replayed: false });
    expect((await post('weifang.cw', { mealPointId: pudongPoint, personId: aged82, servedOn: '2025-02-13', meal: 'lunch' })).json()).toMatchObject({ id: ok.json().id, replayed: true });
    expect((await post('weifang1.adv', { mealPointId: pudongPoint, personId: aged82, servedOn: '2025-02-14', meal: 'lunch' })).statusCode).toBe(403);
    expect((await post('xuhui.staff', { mealPointId: pudongPoint, personId: aged82, servedOn: '2025-02-14', meal: 'lunch' })).statusCode).toBe(404);
  });

  it('explains a person’s subsidy, lists meals and shows the figures to those allowed', async () => {
    const subsidy = await app.inject({ method: 'GET', url: `/api/v1/eldercare/meals/subsidy?personId=${dibao}&month=2025-03`, headers: headers['pudong.staff'] });
    expect(subsidy.statusCode).toBe(200);
    expect(subsidy.json()).toMatchObject({ eligible: true, band: 'A', perDayFen: 600, subsidyDistrictCode: PUDONG });
    expect(subsidy.json().reasons[0]).toContain('每日 6.00 元');
    expect(subsidy.json().parameters).toContainEqual(expect.objectContaining({ name: 'mealSubsidy.priorityPerDay', value: 600, verified: false }));

    const list = await app.inject({ method: 'GET', url: `/api/v1/eldercare/meals?personId=${renhu}&from=2025-03-01&to=2025-03-31`, headers: headers['pudong.staff'] });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: '/api/v1/eldercare/meals', headers: headers.leader })).statusCode).toBe(403);

    const settlement = await app.inject({ method: 'GET', url: '/api/v1/eldercare/meals/settlement?month=2025-03', headers: headers.leader });
    expect(settlement.statusCode).toBe(200);
    expect(settlement.json().transfers).toEqual([expect.objectContaining({ fromDistrictCode: PUDONG, toDistrictCode: XUHUI, amountFen: 100 })]);
    const daily = await app.inject({ method: 'GET', url: `/api/v1/eldercare/meals/daily?from=2025-02-01&to=2025-02-28&mealPointId=${pudongPoint}`, headers: headers['weifang.cw'] });
    expect(daily.statusCode).toBe(200);
    expect(daily.json().items.map((i: { servedOn: string; total: number }) => [i.servedOn, i.total])).toEqual([
      ['2025-02-10', 1],
      ['2025-02-11', 2],
      ['2025-02-12', 1],
      ['2025-02-13', 1],
    ]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/eldercare/meals/settlement?month=2025-03&divisionCode=310104', headers: headers['pudong.staff'] })).statusCode).toBe(403);
  });
});

describe('为老助餐: corrected parameters', () => {
  it('decides with the values the city administrator entered, in the main pack and in the meal pack', async () => {
    // Income 2000 元: 低收入 under 1595 元 (line 3190 元) → A 600 分.
    expect(await explainMealSubsidy(world.deps, world.users.pudong, lowIncome, '2025-03')).toMatchObject({ band: 'A', perDayFen: 600 });
    const policy = world.deps.db.kysely.withTables<PolicyTables>();
    // A 低保标准 of 900 元 from 2025-03-01 puts the 低收入 line at 1800 元 < 2000 元 → no longer A; 72 → B.
    await addParameterValue(policy, world.users.admin, shanghaiPack, 'dibao.standard', { from: '2025-03-01', value: 90_000, note: '测试：更正值' });
    // B corrected to 2.50 元 a day in the meal pack.
    await addParameterValue(policy, world.users.admin, shanghaiMealPack, 'mealSubsidy.age60to79PerDay', { from: '2025-03-01', value: 250, note: '测试：更正值', verified: true });
    const after = await explainMealSubsidy(world.deps, world.users.pudong, lowIncome, '2025-03');
    expect(after).toMatchObject({ band: 'B', perDayFen: 250 });
    expect(after.parameters).toContainEqual(expect.objectContaining({ name: 'dibao.standard', value: 90_000, from: '2025-03-01' }));
    // February keeps the values then in force.
    expect(await explainMealSubsidy(world.deps, world.users.pudong, lowIncome, '2025-02')).toMatchObject({ band: 'A', perDayFen: 600 });
  });
});

describe('为老助餐: a diner from outside the recorder’s jurisdiction', () => {
  it('records a meal for someone living in 徐汇 with 户籍 in 陆家嘴 at the 潍坊 meal point, recorded by 潍坊 staff', async () => {
    // The 潍坊 caseworker's jurisdiction holds neither the diner's residence (天平, 徐汇) nor 户籍 (梅园, 陆家嘴):
    // the meal point serves whoever comes. 82 on 2025-02-28 → C: 3 yuan/day; price 15.00 → pays 12.00; 户籍 浦东 pays.
    const recorded = await recordMeal(world.deps, world.users.weifang, { mealPointId: pudongPoint, personId: reverse, servedOn: '2025-02-27', meal: 'lunch' });
    expect(recorded).toMatchObject({ band: 'C', subsidyFen: 300, paidFen: 1200, subsidyDistrictCode: PUDONG, crossDistrict: false });
  });
});
