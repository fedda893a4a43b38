/**
 * 为老助餐补贴 worked cases. Every expected amount is worked out by hand from the written rule (POLICY-FACTS §2.2):
 *   "A = 60+ and 低保/低收入/特困/重残无业 6 yuan/day for meals eaten at the venue; B = aged 60–79 2 yuan/day;
 *    C = aged 80+ 3 yuan/day (a person gets the highest one that applies; a subsidy is per day, not per meal)"
 * with the platform's readings: age on the last day of M (as 老年综合津贴), Shanghai hukou required, 重残无业 =
 * disability grade 1–2 and no income of one's own. Month 2025-03 unless stated: 低保标准 1595 元 (from 2024-07-01),
 * 低收入 threshold 2 × 1595 = 3190 元, asset limit for one person 60000 元.
 */
import { describe, expect, it } from 'vitest';
import { columnsFromHouseholds, screen, type HouseholdFacts, type MemberFacts } from '../../policy/index.js';
import { evaluateRequest, shanghaiPack } from './index.js';
import { decideMealSubsidy, shanghaiMealPack, type MealBand } from './meals.js';

const person = (id: string, birthDate: string, overrides: Partial<MemberFacts> = {}): MemberFacts => ({
  id,
  birthDate,
  hukouShanghai: true,
  disability: null,
  laborCapacity: 'full',
  orphan: false,
  monthlyIncomeFen: 0,
  monetaryAssetsFen: 0,
  ownsVehicle: false,
  ...overrides,
});
const household = (members: MemberFacts[], hasLegalSupporter = true): HouseholdFacts => ({ members, rigidExpensesLast12MonthsFen: 0, hasLegalSupporter });
const PENSION = 500_000; // 5000 元/月: above 3190 元, so neither 低保 nor 低收入

interface Case {
  id: string;
  title: string;
  arithmetic: string;
  month: string;
  household: HouseholdFacts;
  /** The member asked about; other members are asserted not eligible where stated. */
  memberId: string;
  expected: { eligible: boolean; band: MealBand | null; perDayFen: number; priority: boolean };
}

const cases: Case[] = [
  {
    id: 'M01',
    title: 'B 类：74 岁，非困难家庭',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '生于 1950-06-01，2025-03-31 时 74 岁（60–79）→ B 类 2 元/天 = 200 分；收入 5000 元 ≥ 1595 元且 ≥ 3190 元，非低保、非低收入；有收入，非特困',
    household: household([person('A', '1950-06-01', { monthlyIncomeFen: PENSION })]),
    expected: { eligible: true, band: 'B', perDayFen: 200, priority: false },
  },
  {
    id: 'M02',
    title: 'C 类：82 岁',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '生于 1942-05-10，2025-03-31 时 82 岁（≥80）→ C 类 3 元/天 = 300 分',
    household: household([person('A', '1942-05-10', { monthlyIncomeFen: PENSION })]),
    expected: { eligible: true, band: 'C', perDayFen: 300, priority: false },
  },
  {
    id: 'M03',
    title: 'A 类：低保家庭 70 岁老人',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '月收入 1000 元 ÷ 1 人 < 1595 元，财产 0 ≤ 60000 元 → 低保；70 岁 → A 6 元与 B 2 元取高 = 600 分',
    household: household([person('A', '1955-01-01', { monthlyIncomeFen: 100_000 })]),
    expected: { eligible: true, band: 'A', perDayFen: 600, priority: true },
  },
  {
    id: 'M04',
    title: 'A 类高于 C 类：低保家庭 85 岁老人',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '低保（1000 元 < 1595 元）；85 岁 → A 6 元与 C 3 元取高 = 600 分',
    household: household([person('A', '1940-02-02', { monthlyIncomeFen: 100_000 })]),
    expected: { eligible: true, band: 'A', perDayFen: 600, priority: true },
  },
  {
    id: 'M05',
    title: 'A 类：低收入家庭',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '月收入 2000 元 ≥ 1595 元（非低保），< 2 × 1595 = 3190 元，财产 0 ≤ 2 × 60000 元 → 低收入；74 岁 → 600 分',
    household: household([person('A', '1950-06-01', { monthlyIncomeFen: 200_000 })]),
    expected: { eligible: true, band: 'A', perDayFen: 600, priority: true },
  },
  {
    id: 'M06',
    title: 'A 类：特困供养人员（家庭非低保、非低收入）',
    month: '2025-03',
    memberId: 'X',
    arithmetic: '家庭月收入 7000 元 ÷ 2 人 = 3500 元 ≥ 3190 元，非低保、非低收入；X 本市户籍、2025-03-01 时 76 岁（≥60，无劳动能力）、本人收入 0、无法定义务人 → 特困 → 600 分',
    household: household([person('X', '1948-08-08'), person('Y', '1985-01-01', { monthlyIncomeFen: 700_000 })], false),
    expected: { eligible: true, band: 'A', perDayFen: 600, priority: true },
  },
  {
    id: 'M07',
    title: 'A 类：重残无业（一级残疾、本人无收入）',
    month: '2025-03',
    memberId: 'X',
    arithmetic: '家庭人均 8000 ÷ 2 = 4000 元 ≥ 3190 元，非低保、非低收入；有法定义务人，非特困；X 一级残疾、本人收入 0 → 重残无业；63 岁 → 600 分',
    household: household([person('X', '1962-03-15', { disability: { grade: 1, category: 'physical' } }), person('Y', '1990-01-01', { monthlyIncomeFen: 800_000 })]),
    expected: { eligible: true, band: 'A', perDayFen: 600, priority: true },
  },
  {
    id: 'M08',
    title: '三级残疾不属重残：按年龄 B 类',
    month: '2025-03',
    memberId: 'X',
    arithmetic: '同 M07，但残疾等级三级（非一、二级）→ 不属重残无业；63 岁 → B 类 200 分',
    household: household([person('X', '1962-03-15', { disability: { grade: 3, category: 'physical' } }), person('Y', '1990-01-01', { monthlyIncomeFen: 800_000 })]),
    expected: { eligible: true, band: 'B', perDayFen: 200, priority: false },
  },
  {
    id: 'M09',
    title: '当月最后一天满 60 周岁：当月起享受',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '生于 1965-03-31，2025-03-31 时 60 岁 → B 类 200 分',
    household: household([person('A', '1965-03-31', { monthlyIncomeFen: PENSION })]),
    expected: { eligible: true, band: 'B', perDayFen: 200, priority: false },
  },
  {
    id: 'M10',
    title: '下月才满 60 周岁：本月不享受',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '生于 1965-04-01，2025-03-31 时 59 岁 < 60 → 不符合，0',
    household: household([person('A', '1965-04-01', { monthlyIncomeFen: PENSION })]),
    expected: { eligible: false, band: null, perDayFen: 0, priority: false },
  },
  {
    id: 'M11',
    title: '非本市户籍：不享受（无承担补贴的户籍区）',
    month: '2025-03',
    memberId: 'A',
    arithmetic: '74 岁但无本市户籍 → 户籍条件不符合，0',
    household: household([person('A', '1950-06-01', { monthlyIncomeFen: PENSION, hukouShanghai: false })]),
    expected: { eligible: false, band: null, perDayFen: 0, priority: false },
  },
  {
    id: 'M12',
    title: '低收入标准随低保标准调整：2024-06 为 B 类',
    month: '2024-06',
    memberId: 'A',
    arithmetic: '2024-06 低保标准 1510 元，低收入线 3020 元；月收入 3100 元 ≥ 3020 元 → 非低收入；2024-06-30 时 74 岁 → B 类 200 分',
    household: household([person('A', '1950-06-01', { monthlyIncomeFen: 310_000 })]),
    expected: { eligible: true, band: 'B', perDayFen: 200, priority: false },
  },
  {
    id: 'M13',
    title: '低收入标准随低保标准调整：2024-07 起为 A 类',
    month: '2024-07',
    memberId: 'A',
    arithmetic: '2024-07 低保标准 1595 元，低收入线 3190 元；月收入 3100 元 < 3190 元且 ≥ 1595 元 → 低收入 → A 类 600 分',
    household: household([person('A', '1950-06-01', { monthlyIncomeFen: 310_000 })]),
    expected: { eligible: true, band: 'A', perDayFen: 600, priority: true },
  },
];

describe('为老助餐补贴 worked cases (shanghaiMealPack)', () => {
  for (const c of cases) {
    it(`${c.id} ${c.title}`, () => {
      const d = decideMealSubsidy(c.household, c.memberId, c.month);
      expect({ eligible: d.eligible, band: d.band, perDayFen: d.perDayFen }).toEqual({ eligible: c.expected.eligible, band: c.expected.band, perDayFen: c.expected.perDayFen });
      expect(d.reasons[0]).toMatch(/^结论：/);
      expect(d.reasons.some((r) => r.includes('为老助餐补贴重点对象'))).toBe(true);
    });

    it(`${c.id} screened by the compiled kernel`, () => {
      // The same hand-computed numbers from the columnar path used for whole-city screening.
      const cols = columnsFromHouseholds([{ facts: c.household, district: '310104' }]);
      const result = screen(shanghaiMealPack, cols, c.month, { programmes: ['meal_subsidy', 'meal_priority'] });
      const i = c.household.members.findIndex((m) => m.id === c.memberId);
      expect(result.outputs.meal_subsidy.eligible[i] === 1 && result.outputs.meal_subsidy.amountFen[i] > 0).toBe(c.expected.eligible);
      expect(result.outputs.meal_subsidy.amountFen[i]).toBe(c.expected.eligible ? c.expected.perDayFen : 0);
      expect(result.outputs.meal_priority.eligible[i] === 1).toBe(c.expected.priority);
    });
  }

  it('gives nothing to the younger member of M06 (age 40)', () => {
    const c = cases.find((x) => x.id === 'M06') as Case;
    expect(decideMealSubsidy(c.household, 'Y', c.month)).toMatchObject({ eligible: false, band: null, perDayFen: 0 });
  });

  it('words the amount per day, quotes the rule parameters and flags them unverified', () => {
    const d = decideMealSubsidy(household([person('A', '1955-01-01', { monthlyIncomeFen: 100_000 })]), 'A', '2025-03');
    expect(d.reasons[0]).toContain('每日 6.00 元');
    expect(d.reasons.join('\n')).not.toContain('每月 6.00 元');
    expect(d.ruleVersion).toBe('shanghai-meals@1');
    expect(d.parameters.find((p) => p.name === 'mealSubsidy.priorityPerDay')).toMatchObject({ value: 600, verified: false });
    expect(d.parameters.find((p) => p.name === 'dibao.standard')).toMatchObject({ value: 159500, from: '2024-07-01' });
  });

  it('leaves the main pack and its evaluate contract as they were', () => {
    expect(shanghaiPack.programmes.map((p) => p.id)).toEqual(['dibao', 'low_income', 'expense_poverty', 'destitute', 'elderly_allowance', 'orphan_allowance']);
    const input = { month: '2025-03', household: household([person('A', '1950-06-01')]), programmes: ['meal_subsidy'] };
    expect(() => evaluateRequest(input)).toThrow(/未知的救助项目/);
  });
});
