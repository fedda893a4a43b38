/**
 * 困境儿童 / 事实无人抚养儿童基本生活费 (basic living allowance for children in plight and children de facto without
 * a carer), written in the policy DSL as its own pack, like the meal subsidy, so the six-programme evaluate
 * contract of `shanghaiPack` stays as it is. It reads the category the district decided (`member.childCategory`,
 * from the children's welfare decision) and the `orphan` fact; monitoring grants it without application and pays
 * it in its allowance file (AUTO_PROGRAMMES).
 *
 * Sources (reference CHILDREN-COMMUNITY-INDICATORS §1.2, §1.3, §1.5, §2):
 * - Shanghai 2018: "children who lost their guardians or are under improper guardianship are entitled to the basic
 *   living allowance … 1,800 yuan … not counted as income" (shanghai.gov.cn): value confirmed, month not stated.
 * - Shanghai 2020 notice (13 departments): 1,900 yuan (secondary report): unverified.
 * - 民发〔2019〕62号: 事实无人抚养儿童 receive the basic living allowance at the level of scattered orphans.
 * - Precedence: "A child who is an orphan receives the orphan allowance only, not the 困境儿童 allowance."
 * - End: the month in which the child is 18 on its first day (the pack's rule for orphans, confirmed for them).
 * 家庭贫困 and 自身残疾或重病 receive services and the minors' 低保 standard, no allowance (reference §1.3, medium).
 */
import {
  childCategoryIs,
  definePack,
  eq,
  explainHousehold,
  label,
  lt,
  member,
  not,
  or,
  paramFen,
  years,
  type HouseholdFacts,
  type ParameterTable,
  type PersonProgramme,
  type PolicyPack,
  type Scope,
  type UsedParameterOut,
} from '../../policy/index.js';
import type { ChildCategory } from '../../policy/index.js';
import type { Fen, IsoDate, Month } from '../../kernel/index.js';

const SH2018 = '上海市困境儿童基本生活费（shanghai.gov.cn，2018）：1800 元，金额已证实，起始月份未见，按 2018-01-01 配置';

export const childrenParameters = {
  'childPlightAllowance.amount': {
    label: '困境儿童、事实无人抚养儿童基本生活费',
    unit: 'fen',
    description: '每人每月；不计入家庭收入',
    values: [
      { from: '2018-01-01', value: 180000, verified: false, note: SH2018 },
      { from: '2020-06-01', value: 190000, verified: false, note: '上海 2020 年困境儿童保障通知（二手报道）：1900 元，未核实；生效日期为配置值' },
    ],
  },
} satisfies ParameterTable;

/** The categories the rule pays; the others (家庭贫困, 自身残疾或重病) receive services, not this allowance. */
export const CHILD_ALLOWANCE_CATEGORIES: readonly ChildCategory[] = ['de_facto', 'guardianship'];

const RULE_TEXT =
  '经区民政局认定为事实无人抚养儿童，或监护缺失、监护不当的困境儿童，当月 1 日未满 18 周岁的，按月发放基本生活费（上海 2018 年起 1800 元，2020 年起 1900 元待核实）；' +
  '已按孤儿保障的儿童只领取孤儿基本生活费，不重复领取；年满 18 周岁当月起停发；基本生活费不计入家庭收入。';

export const childPlightAllowance: PersonProgramme = {
  id: 'child_plight_allowance',
  name: '困境儿童、事实无人抚养儿童基本生活费',
  unit: 'person',
  ruleText: RULE_TEXT,
  benefitNote: '免申即享（区级认定次月起发放）',
  conditions: [
    { id: 'age', label: '年龄条件', test: lt(member.ageOnFirstDay, years(18)) },
    {
      id: 'category',
      label: '认定类别',
      test: or<Scope>(label('认定为事实无人抚养儿童', eq(member.childCategory, childCategoryIs('de_facto'))), label('认定为监护缺失或不当的困境儿童', eq(member.childCategory, childCategoryIs('guardianship')))),
    },
    { id: 'notOrphan', label: '不属孤儿', test: label('未按孤儿保障（孤儿只领取孤儿基本生活费）', not(member.orphan)) },
  ],
  amount: paramFen('childPlightAllowance.amount'),
};

export const shanghaiChildrenPack: PolicyPack = definePack({
  id: 'shanghai-children',
  version: '1',
  name: '上海市困境儿童基本生活费参考政策包（第 1 版）',
  parameters: childrenParameters,
  programmes: [childPlightAllowance],
  checks: [],
});

export interface ChildAllowanceDecision {
  month: Month;
  eligible: boolean;
  amountFen: Fen;
  reasons: string[];
  ruleVersion: string;
  parameters: UsedParameterOut[];
}

/** The facts the rule reads, as a one-member household (the allowance is the child's own, whatever the family). */
export function childFacts(personId: number | string, birthDate: IsoDate, childCategory: ChildCategory | null, orphan: boolean): HouseholdFacts {
  return {
    members: [{ id: String(personId), birthDate, hukouShanghai: true, disability: null, laborCapacity: 'full', orphan, monthlyIncomeFen: 0, monetaryAssetsFen: 0, ownsVehicle: false, ...(childCategory ? { childCategory } : {}) }],
    rigidExpensesLast12MonthsFen: 0,
    hasLegalSupporter: true,
  };
}

/** One child's allowance for month M with the engine's reasons. `parameters`: the installation's effective table. */
export function decideChildAllowance(
  child: { personId: number; birthDate: IsoDate; childCategory: ChildCategory | null; orphan: boolean },
  month: Month,
  parameters: ParameterTable = shanghaiChildrenPack.parameters,
): ChildAllowanceDecision {
  const out = explainHousehold(shanghaiChildrenPack, childFacts(child.personId, child.birthDate, child.childCategory, child.orphan), month, { programmes: ['child_plight_allowance'], parameters });
  const r = out.results.find((x) => x.programme === 'child_plight_allowance');
  if (!r) throw new Error('children pack returned no result');
  return { month, eligible: r.eligible, amountFen: r.eligible ? r.monthlyAmountFen : 0, reasons: r.reasons, ruleVersion: out.ruleVersion, parameters: out.parameters };
}
