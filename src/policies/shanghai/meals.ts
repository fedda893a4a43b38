/**
 * 为老助餐补贴 (meal subsidy for older people), written in the policy DSL as its own pack so that the six-programme
 * evaluate contract of `shanghaiPack` stays as it is. The pack carries the 低保, 低收入 and 特困 programmes the
 * subsidy's top band depends on, with the same rule trees and parameters as the main pack.
 *
 * Source: POLICY-FACTS §2.2 (one unofficial page of unknown date, possibly one district's rule), so every
 * amount is a parameter with `verified: false`. The amounts are per person per DAY, not per month.
 */
import { ageOn, lastDayOfMonth, type Fen, type IsoDate, type Month } from '../../kernel/index.js';
import {
  and,
  band,
  between,
  definePack,
  eligible,
  eq,
  explainHousehold,
  fen,
  ge,
  label,
  max,
  member,
  or,
  paramFen,
  resolveParameter,
  scalarValue,
  when,
  years,
  type Condition,
  type HouseholdFacts,
  type ParameterTable,
  type PersonProgramme,
  type PolicyPack,
  type Scope,
  type UsedParameterOut,
} from '../../policy/index.js';
import { checkDibaoConsumptionFloor } from './checks.js';
import { shanghaiParameters } from './parameters.js';
import { destitute, dibao, lowIncome } from './programmes.js';

/** The platform's 为老助餐服务平台 went live in 2024 (seed 2024 总结); the subsidy dates are not known, so all start with the pack. */
const MEAL_FROM = '2020-04-01';
// Reference: POLICY-FACTS §2.2 (staff see the wording below, not the reference file's section).
const SOURCE = '单一非官方来源（小程序政策页），日期不详，可能仅为某区口径；未核实';

export const mealParameters = {
  'mealSubsidy.priorityPerDay': {
    label: '为老助餐补贴（A 类：低保、低收入、特困、重残无业老年人）',
    unit: 'fen',
    description: '每人每天（堂食），不是每月金额',
    values: [{ from: MEAL_FROM, value: 600, verified: false, note: SOURCE }],
  },
  'mealSubsidy.age60to79PerDay': {
    label: '为老助餐补贴（B 类：60–79 周岁）',
    unit: 'fen',
    description: '每人每天（堂食），不是每月金额',
    values: [{ from: MEAL_FROM, value: 200, verified: false, note: SOURCE }],
  },
  'mealSubsidy.age80plusPerDay': {
    label: '为老助餐补贴（C 类：80 周岁及以上）',
    unit: 'fen',
    description: '每人每天（堂食），不是每月金额',
    values: [{ from: MEAL_FROM, value: 300, verified: false, note: SOURCE }],
  },
} satisfies ParameterTable;

export type MealParameter = keyof typeof mealParameters;
const pFen = (name: MealParameter) => paramFen(name);

/** The ages written in the rule; `mealBandOf` reads the same constants so the band it names is the one the rule paid. */
export const MEAL_AGE_MIN = 60;
export const MEAL_AGE_HIGH = 80;

/**
 * The source does not say on which day the age counts. We use the last day of M, as the pack does for
 * 老年综合津贴: an age-based benefit for the elderly starts in the month of the birthday, not the month after.
 */
const age = member.ageOnLastDay;

/**
 * 特困 is a person programme, and `eligible()` only names household programmes, so its conditions are reused
 * here as one expression: the very same rule nodes, so the two cannot drift apart.
 */
const isDestitute = label('本人符合特困人员救助供养条件', and<Scope>(...destitute.conditions.map((c) => c.test)));
/**
 * 重残无业: the facts carry a disability grade but no employment record; "无业" is read as no income of one's
 * own (the same test the 特困 rule uses). A configured reading, not a quoted one.
 */
const severelyDisabledJobless = label('重残无业（残疾等级一、二级且本人无收入）', and<Scope>(between(member.disabilityGrade, 1, 2), eq(member.monthlyIncomeFen, fen(0))));

const priorityGroup = or<Scope>(label('家庭纳入最低生活保障', eligible('dibao')), label('家庭为低收入困难家庭', eligible('low_income')), isDestitute, severelyDisabledJobless);

const ownHukou: Condition<Scope> = { id: 'hukou', label: '户籍条件', test: label('本人具有本市户籍', member.hukouShanghai) };
const ageCondition: Condition<Scope> = { id: 'age', label: '年龄条件', test: ge(label('当月最后一天的周岁年龄', age), years(MEAL_AGE_MIN)) };

const RULE_TEXT =
  '为老助餐补贴（堂食，按天计）：A 类 60 周岁及以上且属低保、低收入、特困或重残无业的老年人，每人每天 6 元；B 类 60–79 周岁，每人每天 2 元；' +
  'C 类 80 周岁及以上，每人每天 3 元。同时符合多类的，按最高一类享受；补贴按天计，不按餐计。' +
  '（平台口径：年龄按当月最后一天计算；须具有本市户籍，补贴由户籍所在区承担；重残无业按残疾等级一、二级且本人无收入认定。金额均为待核实的配置值。）';

/** A-band membership on its own, so a decision can say why someone gets the top band. No cash of its own. */
export const mealPriority: PersonProgramme = {
  id: 'meal_priority',
  name: '为老助餐补贴重点对象（A 类）',
  unit: 'person',
  ruleText: '60 周岁及以上，且属低保家庭、低收入困难家庭、特困供养人员或重残无业人员。',
  benefitNote: '按 A 类标准享受为老助餐补贴',
  conditions: [ownHukou, ageCondition, { id: 'group', label: '重点对象条件', test: priorityGroup }],
  amount: null,
};

export const mealSubsidy: PersonProgramme = {
  id: 'meal_subsidy',
  name: '为老助餐补贴',
  unit: 'person',
  ruleText: RULE_TEXT,
  benefitNote: '上述金额为每人每天的助餐补贴标准（堂食），每天只享受一次',
  conditions: [ownHukou, ageCondition],
  // "A person gets the highest one that applies": A when in a priority group, else 0; B/C by age; the larger.
  amount: max(
    label('A 类标准（重点对象）', when(priorityGroup, pFen('mealSubsidy.priorityPerDay'), fen(0))),
    label(
      '按年龄的标准',
      band(age, [
        { min: MEAL_AGE_MIN, label: 'B 类（60–79 周岁）', value: pFen('mealSubsidy.age60to79PerDay') },
        { min: MEAL_AGE_HIGH, label: 'C 类（80 周岁及以上）', value: pFen('mealSubsidy.age80plusPerDay') },
      ]),
    ),
  ),
};

export const shanghaiMealPack: PolicyPack = definePack({
  id: 'shanghai-meals',
  version: '1',
  name: '上海市为老助餐补贴参考政策包（第 1 版）',
  parameters: { ...shanghaiParameters, ...mealParameters },
  programmes: [dibao, lowIncome, destitute, mealPriority, mealSubsidy],
  checks: [checkDibaoConsumptionFloor],
});

export const MEAL_BANDS = ['A', 'B', 'C'] as const;
export type MealBand = (typeof MEAL_BANDS)[number];
export const mealBandNames: Record<MealBand, string> = {
  A: 'A 类（低保、低收入、特困、重残无业老年人）',
  B: 'B 类（60–79 周岁）',
  C: 'C 类（80 周岁及以上）',
};
const bandParameter: Record<MealBand, MealParameter> = { A: 'mealSubsidy.priorityPerDay', B: 'mealSubsidy.age60to79PerDay', C: 'mealSubsidy.age80plusPerDay' };

export interface MealSubsidyDecision {
  month: Month;
  memberId: string;
  eligible: boolean;
  /** null when not eligible. */
  band: MealBand | null;
  perDayFen: Fen;
  /** Chinese sentences of both programmes (subsidy first), with the values compared. */
  reasons: string[];
  ruleVersion: string;
  rulesFingerprint: string;
  parameters: UsedParameterOut[];
}

/**
 * Which band paid: of the bands that apply, the one with the highest amount (A before C before B on a tie,
 * the order of the written rule's priority). Checked against the engine's amount, so a rule edited without
 * this function fails loudly instead of booking the wrong band.
 */
function mealBandOf(parameters: ParameterTable, month: Month, birthDate: IsoDate, priority: boolean, perDayFen: Fen): MealBand {
  const ageYears = ageOn(birthDate, lastDayOfMonth(month));
  const byAge: MealBand[] = ageYears >= MEAL_AGE_HIGH ? ['C'] : ageYears >= MEAL_AGE_MIN ? ['B'] : [];
  const applying: MealBand[] = [...(priority ? (['A'] as const) : []), ...byAge];
  const valued = applying.map((b) => ({ band: b, fen: scalarValue(resolveParameter(parameters, bandParameter[b], month)) }));
  const best = valued.reduce((a, b) => (b.fen > a.fen ? b : a), valued[0]);
  if (!best || best.fen !== perDayFen) throw new Error(`meal band inconsistent with the rule: ${JSON.stringify({ valued, perDayFen })}`);
  return best.band;
}

/** The engine words amounts as monthly; this programme's amount is per day, so its two amount sentences say so. */
const perDayWording = (reason: string) => reason.replace(/，每月 (\S+) 元/, '，每日 $1 元').replace(/^月发放金额 /, '每日补贴金额 ');

/** The subsidy of one member of `household` for meals in month M. `parameters`: the installation's effective table. */
export function decideMealSubsidy(household: HouseholdFacts, memberId: string, month: Month, parameters: ParameterTable = shanghaiMealPack.parameters): MealSubsidyDecision {
  const index = household.members.findIndex((m) => m.id === memberId);
  if (index < 0) throw new Error(`member ${memberId} is not in the household`);
  const out = explainHousehold(shanghaiMealPack, household, month, { programmes: ['meal_subsidy', 'meal_priority'], parameters });
  const subsidy = out.results.find((r) => r.programme === 'meal_subsidy' && r.memberId === memberId);
  const priority = out.results.find((r) => r.programme === 'meal_priority' && r.memberId === memberId);
  if (!subsidy || !priority) throw new Error('meal pack returned no result for the member');
  const perDayFen = subsidy.eligible ? subsidy.monthlyAmountFen : 0;
  const band = subsidy.eligible && perDayFen > 0 ? mealBandOf(parameters, month, household.members[index].birthDate, priority.eligible, perDayFen) : null;
  return {
    month,
    memberId,
    eligible: subsidy.eligible && perDayFen > 0,
    band,
    perDayFen,
    reasons: [...subsidy.reasons.map(perDayWording), ...priority.reasons],
    ruleVersion: out.ruleVersion,
    rulesFingerprint: out.rulesFingerprint,
    parameters: out.parameters,
  };
}
