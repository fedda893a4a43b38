/**
 * 康复辅具社区租赁 on a real database. The rules (rental-catalogue.ts, settings `rental.*`, all `verified: false`):
 *   "租金和补贴比例按租赁开始当日的目录和参数核定；同时属于多类对象的，按补贴比例最高的一类补贴；
 *    补贴额 = 月租金 × 补贴比例，不足 1 分的部分舍去；本人支付月租金减补贴额" with the shipped values
 *   手动轮椅车 80.00 元/月; 特困 100 %, 低保/低收入 80 %, 80 周岁及以上 50 %, 其他 60 周岁及以上 30 %, under 60: none.
 * Indicator 8 (规划): "有康复辅助器具租赁服务实体点的街镇（乡）数 / 全市街镇（乡）数".
 * The world's clock is 2025-03-03 (Asia/Shanghai).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '../http/app.js';
import { SHANGHAI_STREETS } from '../registry/index.js';
import type { EldercareTables } from './model.js';
import { rentalCatalogue } from './rental-catalogue.js';
import type { RentalTables } from './rental-model.js';
import { listRentals, rentalCoverage, rentDevice, returnDevice } from './rentals.js';
import { setSetting } from './settings.js';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from './testing.js';

let world: EldercareWorld;
let app: AppInstance;
const headers: Record<string, { authorization: string }> = {};
let weifangPoint: number;
let xuhuiPoint: number;
let mealPoint: number;
/** Born 1942-05-10: 82 on 2025-03-03. */
let aged82: number;
/** Born 1958-01-01: 67, household on the 低保 roster. */
let dibao: number;
/** Born 1975-06-01: 49, no group. */
let young: number;
/** Born 1960-02-01: 65, no group. */
let sixtyFive: number;

async function facility(name: string, kind: 'rental_point' | 'meal_point', divisionCode: string): Promise<number> {
  const row = await world.deps.db.kysely
    .withTables<EldercareTables>()
    .insertInto('eldercare.facilities')
    .values({
      kind,
      name,
      ownership: 'public',
      organisation_id: null,
      credit_code: null,
      address: '',
      division_code: divisionCode,
      district_code: `${divisionCode.slice(0, 6)}000000`,
      meal_price_fen: kind === 'meal_point' ? 1500 : null,
      day_care_places: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const rentalCount = async () =>
  Number(
    (
      await world.deps.db.kysely
        .withTables<RentalTables>()
        .selectFrom('eldercare.device_rentals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  world = await openEldercareWorld();
  app = await buildApp(world.t.ctx);
  for (const u of ['pudong.staff', 'xuhui.staff', 'weifang.cw', 'leader']) {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: 'test-pass-123' } });
    headers[u] = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
  }
  weifangPoint = await facility('潍坊康复辅具租赁点', 'rental_point', '310115004000');
  xuhuiPoint = await facility('天平康复辅具租赁点', 'rental_point', '310104003000');
  mealPoint = await facility('潍坊社区长者食堂', 'meal_point', '310115004000');
  aged82 = await world.person({ birthDate: '1942-05-10', committee: TEST_COMMITTEES.weifang1 });
  dibao = await world.person({ birthDate: '1958-01-01', committee: TEST_COMMITTEES.weifang1 });
  young = await world.person({ birthDate: '1975-06-01', committee: TEST_COMMITTEES.weifang2 });
  sixtyFive = await world.person({ birthDate: '1960-02-01', committee: TEST_COMMITTEES.weifang2 });
  // The 低保 roster is eldercare's read model of approved assistance cases (fed by assistance.case.approved).
  const household = await world.registry.selectFrom('registry.household_members').select('household_id').where('person_id', '=', dibao).executeTakeFirstOrThrow();
  await world.deps.db.kysely.withTables<EldercareTables>().insertInto('eldercare.assistance_roster').values({ case_id: 9001, household_id: household.household_id, programme: 'dibao', active: true }).execute();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await world?.close();
});

describe('康复辅具社区租赁: rent and subsidy', () => {
  it('gives an 82-year-old half the wheelchair rent and a 低保 member 80 %', async () => {
    // 82 ≥ 80 → 50 %: 8000 × 50 % = 4000 分 subsidy, pays 8000 − 4000 = 4000 分.
    const a = await rentDevice(world.deps, world.users.weifang, { pointId: weifangPoint, personId: aged82, deviceCode: 'wheelchair', startedOn: '2025-03-01' });
    expect(a).toMatchObject({ monthlyRentFen: 8000, subsidyPercent: 50, monthlySubsidyFen: 4000, monthlyPaidFen: 4000, subsidyGroup: 'age80', replayed: false });
    // 67 and 低保 → the better of 80 % (低保) and 30 % (60+): 8000 × 80 % = 6400, pays 1600.
    const b = await rentDevice(world.deps, world.users.pudong, { pointId: weifangPoint, personId: dibao, deviceCode: 'wheelchair', startedOn: '2025-03-02' });
    expect(b).toMatchObject({ subsidyPercent: 80, monthlySubsidyFen: 6400, monthlyPaidFen: 1600, subsidyGroup: 'dibao', subsidyGroupName: '低保、低收入家庭成员' });
    expect(b.reasons.join('')).toContain('补贴月租金的 80%');
  });

  it('gives nobody under 60 a subsidy and rounds a share down to the fen', async () => {
    // 49, no group → 0 %: pays the whole 3000 分 of a walker.
    const y = await rentDevice(world.deps, world.users.weifang, { pointId: weifangPoint, personId: young, deviceCode: 'walker', startedOn: '2025-03-01' });
    expect(y).toMatchObject({ monthlyRentFen: 3000, subsidyPercent: 0, monthlySubsidyFen: 0, monthlyPaidFen: 3000, subsidyGroup: null });
    // From 2025-03-02 a commode costs 33.33 元: 65, no group → 30 %: 3333 × 30 / 100 = 999.9 → 999 分, pays 2334.
    await setSetting(world.deps, world.users.admin, 'rental.rent.commode', { from: '2025-03-02', value: 3333, verified: false, source: '测试：目录调价' });
    const c = await rentDevice(world.deps, world.users.weifang, { pointId: weifangPoint, personId: sixtyFive, deviceCode: 'commode', startedOn: '2025-03-02' });
    expect(c).toMatchObject({ monthlyRentFen: 3333, subsidyPercent: 30, monthlySubsidyFen: 999, monthlyPaidFen: 2334, subsidyGroup: 'other' });
  });

  it('returns the first rental when the same one is sent again, and refuses a second open one elsewhere', async () => {
    const before = await rentalCount();
    const again = await rentDevice(world.deps, world.users.weifang, { pointId: weifangPoint, personId: aged82, deviceCode: 'wheelchair', startedOn: '2025-03-01' });
    expect(again).toMatchObject({ replayed: true, monthlySubsidyFen: 4000 });
    await expect(rentDevice(world.deps, world.users.xuhui, { pointId: xuhuiPoint, personId: aged82, deviceCode: 'wheelchair', startedOn: '2025-03-02' })).rejects.toMatchObject({ code: 'ELDERCARE_RENTAL_ALREADY_OPEN' });
    expect(await rentalCount()).toBe(before);
  });

  it('refuses a device off the catalogue on that date, an unknown device, a future day and a point that is not a rental point', async () => {
    await setSetting(world.deps, world.users.admin, 'rental.rent.bathChair', { from: '2025-03-01', value: 0, verified: false, source: '测试：退出目录' });
    const before = await rentalCount();
    const base = { pointId: weifangPoint, personId: sixtyFive, startedOn: '2025-03-02' };
    await expect(rentDevice(world.deps, world.users.weifang, { ...base, deviceCode: 'bathChair' })).rejects.toMatchObject({ code: 'ELDERCARE_DEVICE_NOT_IN_CATALOGUE', status: 400 });
    await expect(rentDevice(world.deps, world.users.weifang, { ...base, deviceCode: 'rocket' })).rejects.toMatchObject({ code: 'ELDERCARE_DEVICE_UNKNOWN' });
    await expect(rentDevice(world.deps, world.users.weifang, { ...base, deviceCode: 'walker', startedOn: '2025-03-04' })).rejects.toMatchObject({ code: 'ELDERCARE_RENTAL_FUTURE_DATE' });
    await expect(rentDevice(world.deps, world.users.weifang, { ...base, pointId: mealPoint, deviceCode: 'walker' })).rejects.toMatchObject({ code: 'ELDERCARE_NOT_A_RENTAL_POINT' });
    // Before 2025-03-01 the bath chair was on the list at 20.00 元: 65 → 30 % = 600 分.
    const earlier = await rentDevice(world.deps, world.users.weifang, { ...base, deviceCode: 'bathChair', startedOn: '2025-02-28' });
    expect(earlier).toMatchObject({ monthlyRentFen: 2000, monthlySubsidyFen: 600 });
    expect(await rentalCount()).toBe(before + 1);
  });

  it('records a return once, refusing one before the start and a different second date', async () => {
    const open = await rentDevice(world.deps, world.users.weifang, { pointId: weifangPoint, personId: young, deviceCode: 'walker', startedOn: '2025-03-01' });
    await expect(returnDevice(world.deps, world.users.weifang, open.id, { returnedOn: '2025-02-27' })).rejects.toMatchObject({ code: 'ELDERCARE_RENTAL_RETURN_BEFORE_START' });
    expect(await returnDevice(world.deps, world.users.weifang, open.id, { returnedOn: '2025-03-03' })).toMatchObject({ returnedOn: '2025-03-03' });
    expect(await returnDevice(world.deps, world.users.weifang, open.id, { returnedOn: '2025-03-03' })).toMatchObject({ returnedOn: '2025-03-03' });
    await expect(returnDevice(world.deps, world.users.weifang, open.id, { returnedOn: '2025-03-02' })).rejects.toMatchObject({ code: 'ELDERCARE_RENTAL_ALREADY_RETURNED' });
    // Returned, the walker may be rented again.
    const next = await rentDevice(world.deps, world.users.weifang, { pointId: weifangPoint, personId: young, deviceCode: 'walker', startedOn: '2025-03-03' });
    expect(next.replayed).toBe(false);
  });

  it('shows the catalogue with each value and its source before anyone rents', async () => {
    const cat = await rentalCatalogue(world.deps, world.users.leader, '2025-03-02');
    expect(cat.devices.find((d) => d.code === 'commode')).toMatchObject({ monthlyRentFen: 3333, offered: true, setting: { from: '2025-03-02', verified: false } });
    expect(cat.devices.find((d) => d.code === 'bathChair')).toMatchObject({ monthlyRentFen: 0, offered: false });
    expect(cat.subsidies.map((s) => s.percent)).toEqual([100, 80, 50, 30]);
  });
});

describe('康复辅具社区租赁: jurisdiction and indicator 8', () => {
  it('lists only the rentals of the caller’s jurisdiction and refuses a rental at a point elsewhere', async () => {
    const mine = await listRentals(world.deps, world.users.pudong, {});
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((r) => r.pointDivisionCode.startsWith('310115'))).toBe(true);
    expect((await listRentals(world.deps, world.users.xuhui, {})).items).toEqual([]);
    const before = await rentalCount();
    const foreign = await app.inject({ method: 'POST', url: '/api/v1/eldercare/rentals', headers: headers['xuhui.staff'], payload: { pointId: weifangPoint, personId: sixtyFive, deviceCode: 'walker', startedOn: '2025-03-01' } });
    // A point outside the caller's jurisdiction answers as one that does not exist (SECURITY-TESTS AC-01).
    expect(foreign.statusCode).toBe(404);
    const leader = await app.inject({ method: 'POST', url: '/api/v1/eldercare/rentals', headers: headers.leader, payload: { pointId: weifangPoint, personId: sixtyFive, deviceCode: 'walker', startedOn: '2025-03-01' } });
    expect(leader.statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/eldercare/rentals', headers: headers['weifang.cw'], payload: { pointId: weifangPoint, personId: sixtyFive, deviceCode: 'rocket', startedOn: '2025-03-01' } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { message: string }).message).toContain('租赁目录中没有此辅具');
    expect(await rentalCount()).toBe(before);
  });

  it('counts a street as covered when an open rental point lies in it', async () => {
    // Open points: 潍坊新村街道 (浦东) and 天平路街道 (徐汇) → 2 covered streets of all the seed's streets and towns.
    const all = SHANGHAI_STREETS.length;
    const pudongStreets = SHANGHAI_STREETS.filter((s) => s.code.startsWith('310115')).length;
    const city = await rentalCoverage(world.deps, world.users.leader, { on: '2025-03-03' });
    expect(city).toMatchObject({ streets: all, covered: 2, percent: Math.round((2 * 1000) / all) / 10 });
    expect(city.byDistrict.find((d) => d.districtCode === '310115000000')).toMatchObject({ streets: pudongStreets, covered: 1 });
    expect(city.uncovered.some((s) => s.code === '310115004000')).toBe(false);
    // A second point in the same street adds no street; closing the only 徐汇 point uncovers 天平路街道.
    await facility('潍坊第二租赁点', 'rental_point', '310115004000');
    await world.deps.db.kysely.withTables<EldercareTables>().updateTable('eldercare.facilities').set({ status: 'closed' }).where('id', '=', xuhuiPoint).execute();
    const after = await rentalCoverage(world.deps, world.users.leader, { on: '2025-03-03' });
    expect(after).toMatchObject({ streets: all, covered: 1 });
    // A street caseworker asking for the city gets their own street: 1 of 1.
    expect(await rentalCoverage(world.deps, world.users.weifang, { divisionCode: '310000000000' })).toMatchObject({ streets: 1, covered: 1, percent: 100 });
  });
});
