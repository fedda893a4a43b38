/**
 * 价格临时补贴, worked by hand. Rule (price-subsidy.ts, 2014 Shanghai rule, unverified settings): "居民消费价格指数
 * （CPI）同比涨幅超过 3.5%，或食品价格同比涨幅超过 7% 的月份 … 按每人 50.00 元发放，无需申请，每月一次（特困按供养对象
 * 1 人，其他按案件所保障的家庭人口计）".
 *
 * 浦东: two 特困 elders (1 person each) and one 低保 household of 3 → 5 persons × 50.00 = 250.00 yuan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { openTestDatabase } from '../testing/db.js';
import { insertApprovedCases } from './bulk-cases.js';
import { AccountVault, tables, type AssistanceDeps } from './deps.js';
import { priceOverview, priceTrigger, recordPriceIndex, runPriceSubsidy } from './price-subsidy.js';
import { COMMITTEES, makeHousehold, makeStaff, PUDONG, seedAssistanceDivisions, seedDestituteElders, STREETS, TestClock } from './testing.js';

let ctx: AppContext;
let close: () => Promise<void>;
let deps: AssistanceDeps;
const clock = new TestClock('2024-07-15');
let admin: Actor;
let district: Actor;
let caseworker: Actor;
let otherDistrict: Actor;
const SETTINGS = { priceCpiThresholdPermille: 35, priceFoodThresholdPermille: 70 };

const rows = async (month: string) => tables(deps).selectFrom('assistance.price_subsidies').select(['case_id', 'persons', 'amount_fen']).where('month', '=', month).orderBy('case_id').execute();

beforeAll(async () => {
  const t = await openTestDatabase();
  ctx = t.ctx;
  close = t.close;
  deps = { db: ctx.db, clock, accounts: new AccountVault(ctx.config.secretKey) };
  await seedAssistanceDivisions(ctx);
  admin = await makeStaff(ctx, 'price.admin', 'city_admin', '310000000000');
  caseworker = await makeStaff(ctx, 'price.cw', 'street_caseworker', STREETS.weifang);
  district = await makeStaff(ctx, 'price.district', 'district_staff', PUDONG);
  otherDistrict = await makeStaff(ctx, 'price.huangpu', 'district_staff', '310101000000');
  await seedDestituteElders(ctx, ctx.db, deps.accounts, { caseworker, district }, 2, 196_500);
  const family = await makeHousehold(ctx, caseworker, [
    { name: '王父', sex: 'M', birthDate: '1980-01-01', relation: 'head' },
    { name: '王母', sex: 'F', birthDate: '1982-01-01', relation: 'spouse' },
    { name: '王子', sex: 'M', birthDate: '2012-01-01', relation: 'child' },
  ]);
  await insertApprovedCases(ctx.db, deps.accounts, [
    {
      programme: 'dibao',
      householdId: family.householdId,
      applicantPersonId: family.personIds[0],
      beneficiaryPersonId: null,
      personIds: family.personIds,
      applicantName: '王父',
      streetCode: STREETS.weifang,
      divisionCode: COMMITTEES.weifang1,
      amountFen: 300_000,
      paymentFrom: '2024-05',
      appliedOn: '2024-04-01',
      decidedOn: '2024-04-20',
      acceptedBy: caseworker.userId,
      approvedBy: district.userId,
      accountNo: '6228480000009999',
    },
  ]);
}, 180_000);
afterAll(async () => close?.());

describe('the trigger (pure)', () => {
  it('holds strictly above either threshold', () => {
    expect(priceTrigger({ cpiYoyPermille: 36, foodYoyPermille: 20 }, SETTINGS).triggered).toBe(true); // 3.6 % > 3.5 %
    expect(priceTrigger({ cpiYoyPermille: 10, foodYoyPermille: 71 }, SETTINGS).triggered).toBe(true); // food 7.1 % > 7 %
    expect(priceTrigger({ cpiYoyPermille: 35, foodYoyPermille: 70 }, SETTINGS)).toEqual({ triggered: false, explanation: '居民消费价格同比 3.5%（未超过 3.5%），食品价格同比 7.0%（未超过 7.0%）：不启动' });
  });
});

describe('a month that triggers, and one that does not', () => {
  it('pays each recipient once in June (retry safe) and nobody in July', async () => {
    await recordPriceIndex(deps, admin, { month: '2024-06', cpiYoyPermille: 36, foodYoyPermille: 20, source: '市统计局 2024 年 6 月居民消费价格公报' });
    const june = await runPriceSubsidy(deps, district, '310115', '2024-06');
    // 1 + 1 + 3 = 5 persons × 50.00 = 250.00 yuan.
    expect(june).toMatchObject({ paidCount: 3, persons: 5, paidTotalFen: 25_000, writtenNow: 3, amountFenPerPerson: 5_000 });
    expect((await rows('2024-06')).map((r) => [r.persons, Number(r.amount_fen)])).toEqual([
      [1, 5_000],
      [1, 5_000],
      [3, 15_000],
    ]);
    const again = await runPriceSubsidy(deps, district, '310115', '2024-06');
    expect(again).toMatchObject({ paidCount: 3, paidTotalFen: 25_000, writtenNow: 0 });

    await recordPriceIndex(deps, admin, { month: '2024-07', cpiYoyPermille: 35, foodYoyPermille: 70, source: '市统计局 2024 年 7 月居民消费价格公报' });
    await expect(runPriceSubsidy(deps, district, '310115', '2024-07')).rejects.toMatchObject({ code: 'ASSISTANCE_PRICE_NOT_TRIGGERED' });
    expect(await rows('2024-07')).toEqual([]);
    await expect(runPriceSubsidy(deps, district, '310115', '2024-08')).rejects.toMatchObject({ code: 'ASSISTANCE_PRICE_INDEX_MISSING' });

    const overview = await priceOverview(deps, caseworker, '310115');
    expect(overview.indices.map((i) => [i.month, i.triggered])).toEqual([
      ['2024-07', false],
      ['2024-06', true],
    ]);
    expect(overview.runs).toEqual([expect.objectContaining({ month: '2024-06', paidTotalFen: 25_000 })]);
    expect(overview.verified).toBe(false);
  });

  it('refuses a CPI of 200 %, a change to a paid month and another district, changing nothing', async () => {
    await expect(recordPriceIndex(deps, admin, { month: '2024-09', cpiYoyPermille: 2000, foodYoyPermille: 20, source: '误录' })).rejects.toMatchObject({ code: 'ASSISTANCE_INVALID_INDEX', status: 400 });
    await expect(recordPriceIndex(deps, admin, { month: '2024-06', cpiYoyPermille: 40, foodYoyPermille: 20, source: '更正' })).rejects.toMatchObject({ code: 'ASSISTANCE_PRICE_MONTH_PAID' });
    // The same values again are no change.
    await expect(recordPriceIndex(deps, admin, { month: '2024-06', cpiYoyPermille: 36, foodYoyPermille: 20, source: '重复' })).resolves.toMatchObject({ triggered: true });
    // Another district's officer: as not found (no existence oracle).
    await expect(runPriceSubsidy(deps, otherDistrict, '310115', '2024-06')).rejects.toMatchObject({ status: 404 });
    await expect(recordPriceIndex(deps, district, { month: '2024-10', cpiYoyPermille: 40, foodYoyPermille: 20, source: '区里' })).rejects.toMatchObject({ status: 403 });
    const indices = await tables(deps).selectFrom('assistance.price_indices').select(['month', 'cpi_yoy_permille']).orderBy('month').execute();
    expect(indices).toEqual([
      { month: '2024-06', cpi_yoy_permille: 36 },
      { month: '2024-07', cpi_yoy_permille: 35 },
    ]);
    expect(await rows('2024-06')).toHaveLength(3);
  });
});
