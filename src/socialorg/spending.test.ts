import { describe, expect, it } from 'vitest';
import { resolveSettings } from './settings.js';
import { checkSpending, pickBand, type SpendingBand } from './spending.js';

// The defaults (《关于慈善组织开展慈善活动年度支出和管理费用的规定》, 2016): amounts in fen, 1万元 = 1_000_000 fen.
const settings = resolveSettings([], '2025-01-01');
const bands = settings.get('charity.spendingBands') as unknown as SpendingBand[];
const WAN = 1_000_000;

describe('yearly spending check: the bands at their edges', () => {
  it.each([
    // 基金会 without public fundraising, by previous year-end net assets (lower bounds inclusive).
    ['foundation', 6000 * WAN, 6, 12],
    ['foundation', 6000 * WAN - 1, 6, 13],
    ['foundation', 800 * WAN, 6, 13],
    ['foundation', 800 * WAN - 1, 7, 15],
    ['foundation', 400 * WAN, 7, 15],
    ['foundation', 400 * WAN - 1, 8, 20],
    // 社团 / 社服 without.
    ['social_service', 1000 * WAN, 6, 13],
    ['social_service', 1000 * WAN - 1, 7, 14],
    ['social_group', 500 * WAN, 7, 14],
    ['social_group', 500 * WAN - 1, 8, 15],
    ['social_service', 100 * WAN, 8, 15],
    ['social_service', 100 * WAN - 1, 8, 20],
  ] as const)('%s with net assets %i fen: spend ≥ %i %%, management ≤ %i %%', (orgType, netAssets, spend, management) => {
    const band = pickBand(bands, orgType, false, netAssets);
    expect([band.minSpendPercent, band.maxManagementPercent]).toEqual([spend, management]);
  });

  const fundraisingFoundation = (charitable: number, management: number, expenditure = 300 * WAN) =>
    checkSpending(
      { orgType: 'foundation', fundraising: true, current: { expenditureFen: expenditure, charitableSpendingFen: charitable, managementCostFen: management }, previous: [{ incomeFen: 100 * WAN, netAssetsFen: 50 * WAN }] },
      settings,
    );

  it('a fundraising foundation spends ≥ 70 % of last year’s income: 70万 of 100万 passes, 1 fen less fails', () => {
    expect(fundraisingFoundation(70 * WAN, 0)).toMatchObject({ requiredFen: 70 * WAN, spendingOk: true });
    expect(fundraisingFoundation(70 * WAN - 1, 0).spendingOk).toBe(false);
  });

  it('management ≤ 10 % of the year’s spending for a fundraising foundation (30万 of 300万), ≤ 13 % for a 社服', () => {
    expect(fundraisingFoundation(70 * WAN, 30 * WAN).managementOk).toBe(true);
    expect(fundraisingFoundation(70 * WAN, 30 * WAN + 1).managementOk).toBe(false);
    const service = (m: number) =>
      checkSpending({ orgType: 'social_service', fundraising: true, current: { expenditureFen: 300 * WAN, charitableSpendingFen: 70 * WAN, managementCostFen: m }, previous: [{ incomeFen: 100 * WAN, netAssetsFen: 0 }] }, settings);
    expect(service(39 * WAN).managementOk).toBe(true);
    expect(service(39 * WAN + 1).managementOk).toBe(false);
  });

  it('management costs under 20万 are exempt from the ratio (Art. 11); exactly 20万 is not', () => {
    expect(fundraisingFoundation(70 * WAN, 20 * WAN - 1, 25 * WAN)).toMatchObject({ managementExempt: true, managementOk: true });
    expect(fundraisingFoundation(70 * WAN, 20 * WAN, 25 * WAN)).toMatchObject({ managementExempt: false, managementOk: false });
  });

  it('a 社服 under 100万 net assets needs 8 % of net assets and 50 % of last year’s income: 50万 and 10万 → 5万', () => {
    const check = (spent: number) =>
      checkSpending({ orgType: 'social_service', fundraising: false, current: { expenditureFen: 10 * WAN, charitableSpendingFen: spent, managementCostFen: 0 }, previous: [{ incomeFen: 10 * WAN, netAssetsFen: 50 * WAN }] }, settings);
    expect(check(5 * WAN)).toMatchObject({ requiredFen: 4 * WAN, incomeFloorFen: 5 * WAN, spendingOk: true });
    expect(check(5 * WAN - 1).spendingOk).toBe(false);
  });

  it('the 3-year average may replace last year (Art. 10): incomes 100万, 50万, 60万 → average 70万, 70 % = 49万', () => {
    const result = checkSpending(
      {
        orgType: 'foundation',
        fundraising: true,
        current: { expenditureFen: 60 * WAN, charitableSpendingFen: 49 * WAN, managementCostFen: 0 },
        previous: [
          { incomeFen: 100 * WAN, netAssetsFen: 0 },
          { incomeFen: 50 * WAN, netAssetsFen: 0 },
          { incomeFen: 60 * WAN, netAssetsFen: 0 },
        ],
      },
      settings,
    );
    expect(result).toMatchObject({ requiredFen: 70 * WAN, averageBaseFen: 70 * WAN, requiredOnAverageFen: 49 * WAN, spendingOk: true });
    expect(result.explanation.join('\n')).toContain('前三年平均');
  });
});
