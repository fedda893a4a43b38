/**
 * The warning rules of 低收入人口动态监测 and their parameters. Parameters are effective-dated like the
 * policy pack's: the value for a day is the one in force on it. A value the seeds and the law do not fix is
 * shipped with `verified: false`, so an administrator can correct it (PUT /monitoring/rules/:name) without
 * a code change; stored values override these defaults from their own date on.
 */
import type { IsoDate } from '../kernel/index.js';
import type { WarningLevel, WarningType } from './model.js';

export type RuleUnit = 'fen' | 'hours' | 'years' | 'permille' | 'grade';

export interface RuleValue {
  from: IsoDate;
  value: number;
  verified: boolean;
  note: string;
}

export interface RuleParameterDef {
  label: string;
  unit: RuleUnit;
  description: string;
  values: readonly RuleValue[];
}

const SINCE = '2020-01-01';

export const RULE_PARAMETERS = {
  'medical.selfPaid12MonthsFen': {
    label: '大额医疗自付费用预警线',
    unit: 'fen',
    description: '家庭成员近 12 个月个人自付医疗费用合计超过此数即预警（支出型贫困早发现）',
    values: [{ from: SINCE, value: 3_000_000, verified: false, note: '配置值：3 万元，未见本市正式文件' }],
  },
  'water.idleHours': {
    label: '独居老人水表未用水时长',
    unit: 'hours',
    description: '智能水表连续无用水达到此时长即预警',
    values: [{ from: SINCE, value: 48, verified: false, note: '配置值：48 小时（智能水表安全监测服务的常见设定）' }],
  },
  'water.elderlyAge': {
    label: '老年人年龄',
    unit: 'years',
    description: '用水预警只对独居且达到此年龄的人员',
    values: [{ from: SINCE, value: 60, verified: true, note: '《中华人民共和国老年人权益保障法》第二条：六十周岁以上的公民' }],
  },
  'disability.severeGradeMax': {
    label: '重度残疾等级',
    unit: 'grade',
    description: '新取得的残疾等级不高于此级（一级、二级）即预警',
    values: [{ from: SINCE, value: 2, verified: true, note: 'GB/T 26341—2010《残疾人残疾分类和分级》：一级、二级为重度' }],
  },
  'earner.minIncomeSharePermille': {
    label: '主要劳动力收入占比',
    unit: 'permille',
    description: '死者月收入为全家最高且占家庭月收入不低于此比例，视为主要劳动力',
    values: [{ from: SINCE, value: 500, verified: false, note: '配置值：一半' }],
  },
  'timeLimit.highHours': {
    label: '红色预警处置时限',
    unit: 'hours',
    description: '高等级预警（独居老人用水异常、主要劳动力死亡）自发出至处置完毕的时限，逾期升级至街镇',
    values: [{ from: SINCE, value: 24, verified: false, note: '配置值：24 小时' }],
  },
  'timeLimit.mediumHours': {
    label: '橙色预警处置时限',
    unit: 'hours',
    description: '中等级预警的处置时限',
    values: [{ from: SINCE, value: 72, verified: false, note: '配置值：3 天' }],
  },
  'timeLimit.lowHours': {
    label: '黄色预警处置时限',
    unit: 'hours',
    description: '低等级预警的处置时限',
    values: [{ from: SINCE, value: 168, verified: false, note: '配置值：7 天' }],
  },
} as const satisfies Record<string, RuleParameterDef>;

export type RuleParameter = keyof typeof RULE_PARAMETERS;
export const RULE_PARAMETER_NAMES = Object.keys(RULE_PARAMETERS) as RuleParameter[];

export interface WarningTypeDef {
  name: string;
  level: WarningLevel;
  /** What the rule looks at, for the advisor and the administrator. */
  rule: string;
}

export const WARNING_TYPE_DEFS: Record<WarningType, WarningTypeDef> = {
  medical_cost: { name: '大额医疗支出', level: 'medium', rule: '家庭成员近 12 个月个人自付医疗费用合计超过预警线' },
  job_loss: { name: '困难家庭成员失业', level: 'medium', rule: '已纳入或符合低保、低收入、支出型贫困条件的家庭有成员失业' },
  earner_death: { name: '主要劳动力死亡', level: 'high', rule: '家庭中收入最高且占家庭收入一半以上的成员死亡' },
  severe_disability: { name: '新增重度残疾', level: 'medium', rule: '家庭成员新取得一级或二级残疾证' },
  water_idle: { name: '独居老人用水异常', level: 'high', rule: '独居老人智能水表连续无用水超过规定时长' },
  income_below_line: { name: '家庭收入低于低收入标准', level: 'low', rule: '家庭经政策规则计算新落入低保或低收入范围，且未纳入救助' },
};

export const LEVEL_NAMES: Record<WarningLevel, string> = { high: '红色', medium: '橙色', low: '黄色' };

export const LEVEL_LIMIT: Record<WarningLevel, RuleParameter> = {
  high: 'timeLimit.highHours',
  medium: 'timeLimit.mediumHours',
  low: 'timeLimit.lowHours',
};

/** A stored value (from monitoring.rule_parameters). */
export interface StoredRuleValue extends RuleValue {
  name: string;
}

/** All dated values of one parameter, defaults and stored, oldest first; a stored value wins a tie. */
export function ruleHistory(name: RuleParameter, stored: readonly StoredRuleValue[]): RuleValue[] {
  const byDate = new Map<string, RuleValue>();
  for (const v of RULE_PARAMETERS[name].values) byDate.set(v.from, v);
  for (const v of stored) if (v.name === name) byDate.set(v.from, { from: v.from, value: v.value, verified: v.verified, note: v.note });
  return [...byDate.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

export type RuleSettings = { readonly [K in RuleParameter]: number } & { readonly on: IsoDate; readonly used: Readonly<Record<RuleParameter, RuleValue>> };

/** The value of every parameter in force on `on`. */
export function resolveRules(stored: readonly StoredRuleValue[], on: IsoDate): RuleSettings {
  const values = {} as Record<RuleParameter, number>;
  const used = {} as Record<RuleParameter, RuleValue>;
  for (const name of RULE_PARAMETER_NAMES) {
    const history = ruleHistory(name, stored);
    const current = history.filter((v) => v.from <= on).at(-1) ?? history[0];
    values[name] = current.value;
    used[name] = current;
  }
  return { ...values, on, used };
}

/** "（参数待核实）" after a sentence that used an unverified value, so the advisor knows it may change. */
export function flagUnverified(settings: RuleSettings, ...names: RuleParameter[]): string {
  return names.some((n) => !settings.used[n].verified) ? '（参数待核实）' : '';
}
