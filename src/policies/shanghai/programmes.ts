/**
 * The six programmes of Shanghai pack v1, written once from POLICY-PACK.md. Each `ruleText` quotes the
 * rule so an explanation can show the text next to the numbers. Everything numeric is a parameter
 * (parameters.ts); only the ages written into the rule text (18, 16, 60, 65, …) are literals here.
 */
import {
  band,
  between,
  ceilTo,
  count,
  div,
  eligible,
  eq,
  fen,
  ge,
  household,
  label,
  laborIs,
  le,
  lt,
  member,
  months,
  not,
  or,
  paramBySize,
  paramFen,
  paramPermille,
  perCapita,
  persons,
  ratio,
  sub,
  sum,
  times,
  when,
  years,
  type Condition,
  type HouseholdProgramme,
  type PersonProgramme,
  type Scope,
} from '../../policy/index.js';
import type { ShanghaiParameter } from './parameters.js';

const pFen = (name: ShanghaiParameter) => paramFen(name);
const pRatio = (name: ShanghaiParameter) => paramPermille(name);

// ── shared quantities ────────────────────────────────────────────────────────────────────────────────
const size = household.memberCount;
const standard = pFen('dibao.standard');
const minorStandard = label('未成年人低保标准', ceilTo(ratio(standard, pRatio('dibao.minorStandardRatio')), pFen('dibao.minorStandardRoundingFen')));
/** POLICY-PACK "Who counts": a minor is under 18 on the first day of M. */
const isMinor = lt(member.ageOnFirstDay, years(18));
const income = label('家庭月收入', sum(member.monthlyIncomeFen));
const assets = label('家庭货币财产', sum(member.monetaryAssetsFen));
const perCapitaIncome = label('家庭月人均收入', perCapita(sum(member.monthlyIncomeFen)));
const perCapitaAssets = label('家庭人均货币财产', perCapita(sum(member.monetaryAssetsFen)));
const assetLimit = paramBySize('dibao.assetLimitPerCapita', size);
const lowIncomeThreshold = label('低收入家庭收入标准', ratio(standard, pRatio('lowIncome.incomeMultiplier')));
const lowIncomeAssetLimit = label('低收入家庭人均财产限额', ratio(assetLimit, pRatio('lowIncome.assetMultiplier')));

const hukouCondition: Condition<'household'> = {
  id: 'hukou',
  label: '户籍条件',
  test: ge(label('具有本市户籍的成员', count(member.hukouShanghai)), persons(1)),
};
const vehicleCondition: Condition<'household'> = {
  id: 'vehicle',
  label: '车辆条件',
  test: eq(label('拥有机动车（残疾人功能性补偿代步机动车除外）的成员', count(member.ownsVehicle)), persons(0)),
};
const householdNotes = [label('家庭人数', size), income, assets];

export const dibao: HouseholdProgramme = {
  id: 'dibao',
  name: '最低生活保障',
  unit: 'household',
  ruleText:
    '（1）至少一名成员具有本市户籍；（2）家庭月收入 ÷ 人数 < 低保标准；（3）家庭货币财产 ÷ 人数 ≤ 按家庭人数确定的人均财产限额；' +
    '（4）成员无机动车（残疾人功能性补偿代步机动车除外）。月补助 = Σ成员适用标准（未成年人适用未成年人标准）− 家庭月收入。',
  conditions: [hukouCondition, { id: 'income', label: '收入条件', test: lt(perCapitaIncome, standard) }, { id: 'assets', label: '财产条件', test: le(perCapitaAssets, assetLimit) }, vehicleCondition],
  amount: sub(label('成员适用标准合计', sum(when(isMinor, minorStandard, standard))), income),
  notes: [...householdNotes, minorStandard],
};

export const lowIncome: HouseholdProgramme = {
  id: 'low_income',
  name: '低收入困难家庭',
  unit: 'household',
  ruleText: '本月不符合低保，且：户籍条件同低保；家庭月人均收入 < 倍数 × 低保标准；人均货币财产 ≤ 倍数 × 低保人均财产限额；车辆条件同低保。',
  benefitNote: '不发放现金，可申请医疗、教育、住房等专项救助',
  conditions: [
    { id: 'notDibao', label: '未纳入低保', test: not(eligible('dibao')) },
    hukouCondition,
    { id: 'income', label: '收入条件', test: lt(perCapitaIncome, lowIncomeThreshold) },
    { id: 'assets', label: '财产条件', test: le(perCapitaAssets, lowIncomeAssetLimit) },
    vehicleCondition,
  ],
  amount: null,
  notes: householdNotes,
};

/** (monthly income × 12 − rigid expenses of the last 12 months) ÷ 12: the household's month after those costs. */
const incomeAfterRigid = label('扣除刚性支出后的家庭月收入', div(sub(times(income, months(12)), household.rigidExpensesLast12MonthsFen), months(12)));

export const expensePoverty: HouseholdProgramme = {
  id: 'expense_poverty',
  name: '支出型贫困家庭',
  unit: 'household',
  ruleText: '本月不符合低保和低收入，且：户籍条件；（家庭月收入 × 12 − 近 12 个月刚性支出）÷ 12 ÷ 人数 < 低收入家庭收入标准；财产、车辆条件同低收入。',
  benefitNote: '本版本不发放现金，按支出型贫困家庭给予专项救助',
  conditions: [
    { id: 'notDibao', label: '未纳入低保', test: not(eligible('dibao')) },
    { id: 'notLowIncome', label: '未纳入低收入', test: not(eligible('low_income')) },
    hukouCondition,
    { id: 'income', label: '刚性支出后收入条件', test: lt(label('扣除刚性支出后的家庭月人均收入', perCapita(incomeAfterRigid)), lowIncomeThreshold) },
    { id: 'assets', label: '财产条件', test: le(perCapitaAssets, lowIncomeAssetLimit) },
    vehicleCondition,
  ],
  amount: null,
  notes: [...householdNotes, incomeAfterRigid],
};

const ownHukou: Condition<Scope> = { id: 'hukou', label: '户籍条件', test: label('本人具有本市户籍', member.hukouShanghai) };

export const destitute: PersonProgramme = {
  id: 'destitute',
  name: '特困人员救助供养',
  unit: 'person',
  ruleText:
    '本人具有本市户籍；无劳动能力（完全丧失劳动能力，或 60 周岁及以上，或残疾等级一、二级，或未满 16 周岁）；本人无收入；' + '无能够履行义务的法定赡养、抚养、扶养人。月供养金 = 低保标准 × 系数，向上取整到 5 元。年龄按当月 1 日计算。',
  conditions: [
    ownHukou,
    {
      id: 'noLabourCapacity',
      label: '无劳动能力',
      // The pack does not say on which day these ages count; we use the first day of M, as for minors.
      test: or(
        label('完全丧失劳动能力', eq(member.laborCapacity, laborIs('none'))),
        label('年满 60 周岁', ge(member.ageOnFirstDay, years(60))),
        label('残疾等级为一级或二级', between(member.disabilityGrade, 1, 2)),
        label('未满 16 周岁', lt(member.ageOnFirstDay, years(16))),
      ),
    },
    { id: 'noIncome', label: '本人无收入', test: eq(label('本人月收入', member.monthlyIncomeFen), fen(0)) },
    { id: 'noSupporter', label: '无法定义务人', test: not(household.hasLegalSupporter) },
  ],
  amount: label('特困供养标准', ceilTo(ratio(standard, pRatio('destitute.standardRatio')), pFen('destitute.standardRoundingFen'))),
};

const ageAtMonthEnd = member.ageOnLastDay;

export const elderlyAllowance: PersonProgramme = {
  id: 'elderly_allowance',
  name: '老年综合津贴',
  unit: 'person',
  ruleText: '本人具有本市户籍，且当月最后一天年满 65 周岁（满 65 周岁当月起发放）；按当月最后一天的年龄分档：65–69、70–79、80–89、90–99、100 岁及以上。',
  benefitNote: '免申即享',
  conditions: [ownHukou, { id: 'age', label: '年龄条件', test: ge(ageAtMonthEnd, years(65)) }],
  amount: band(ageAtMonthEnd, [
    { min: 65, label: '65–69 岁', value: pFen('elderlyAllowance.amount65to69') },
    { min: 70, label: '70–79 岁', value: pFen('elderlyAllowance.amount70to79') },
    { min: 80, label: '80–89 岁', value: pFen('elderlyAllowance.amount80to89') },
    { min: 90, label: '90–99 岁', value: pFen('elderlyAllowance.amount90to99') },
    { min: 100, label: '100 岁及以上', value: pFen('elderlyAllowance.amount100plus') },
  ]),
};

export const orphanAllowance: PersonProgramme = {
  id: 'orphan_allowance',
  name: '孤儿基本生活费',
  unit: 'person',
  ruleText: '当月 1 日未满 18 周岁，且父母双亡或被宣告失踪。',
  benefitNote: '免申即享',
  conditions: [
    { id: 'age', label: '年龄条件', test: lt(member.ageOnFirstDay, years(18)) },
    { id: 'orphan', label: '孤儿条件', test: member.orphan },
  ],
  amount: pFen('orphanAllowance.amount'),
};

export const shanghaiProgrammes = [dibao, lowIncome, expensePoverty, destitute, elderlyAllowance, orphanAllowance] as const;
