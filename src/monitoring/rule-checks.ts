/**
 * The warning rules as pure functions: facts in, a warning candidate (with its Chinese reasons) or null
 * out. evaluate.ts gathers the facts and writes what these decide.
 */
import { addMonths, ageOn, formatYuan, monthOf, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import type { Origin } from './model.js';
import type { HouseholdFacts } from './policy-port.js';
import { flagUnverified, type RuleSettings } from './rules.js';
import type { WarningCandidate } from './warning-log.js';

interface Subject {
  householdId: number | null;
  personId: number | null;
  divisionCode: string;
  origin: Origin;
}

/** 独居老人用水异常: idle long enough, old enough, and nobody else living in the household. */
export function waterIdleWarning(s: Subject, input: { idleHours: number; observedAt: string; birthDate: IsoDate; on: IsoDate; livingMembers: number | null }, rules: RuleSettings): WarningCandidate | null {
  const limit = rules['water.idleHours'];
  const elderly = rules['water.elderlyAge'];
  const age = ageOn(input.birthDate, input.on);
  if (input.idleHours < limit || age < elderly || (input.livingMembers !== null && input.livingMembers > 1)) return null;
  const alone = input.livingMembers === null ? '未登记共同生活的家庭成员' : '家庭中仅本人一人';
  return {
    ...s,
    type: 'water_idle',
    triggerKey: `water:${s.personId}:${input.observedAt}`,
    reasons: [
      `智能水表至 ${input.observedAt} 已连续 ${input.idleHours} 小时无用水，达到预警时长 ${limit} 小时${flagUnverified(rules, 'water.idleHours')}`,
      `本人 ${age} 周岁（不低于 ${elderly} 周岁），${alone}，属独居老人`,
      '请立即电话联系或上门查看老人安全',
    ],
  };
}

/** 新增重度残疾: a certificate of grade 1–2 where there was none, or a lighter one. */
export function severeDisabilityWarning(s: Subject, input: { grade: number; category: string; previousGrade: number | null; issuedOn: IsoDate }, rules: RuleSettings): WarningCandidate | null {
  const max = rules['disability.severeGradeMax'];
  if (input.grade > max || (input.previousGrade !== null && input.previousGrade <= max)) return null;
  const before = input.previousGrade === null ? '此前无残疾证' : `此前为${input.previousGrade}级`;
  return {
    ...s,
    type: 'severe_disability',
    triggerKey: `disability:${s.personId}:${input.grade}`,
    reasons: [`${input.issuedOn} 取得${input.category}${input.grade}级残疾证（${before}），属重度残疾`, '请核实照护需求及残疾人两项补贴、特困供养等救助条件'],
  };
}

/** 大额医疗支出: the household's self-paid medical costs over the 12 months up to the latest bill. */
export function medicalCostWarning(s: Subject & { householdId: number }, input: { totalFen: Fen; latestOn: IsoDate; windowFrom: IsoDate; bills: number }, rules: RuleSettings): WarningCandidate | null {
  const threshold = rules['medical.selfPaid12MonthsFen'];
  if (input.totalFen <= threshold) return null;
  return {
    ...s,
    type: 'medical_cost',
    triggerKey: `medical:${s.householdId}:${monthOf(input.latestOn)}`,
    reasons: [
      `家庭成员 ${input.windowFrom} 至 ${input.latestOn} 个人自付医疗费用 ${input.bills} 笔，合计 ${formatYuan(input.totalFen)} 元，超过预警线 ${formatYuan(threshold)} 元${flagUnverified(rules, 'medical.selfPaid12MonthsFen')}`,
      '请核实是否符合支出型贫困、医疗救助条件',
    ],
  };
}

/** 困难家庭成员失业: the household is in, or qualifies for, 低保 / 低收入 / 支出型贫困. */
export function jobLossWarning(s: Subject, input: { on: IsoDate; inProgrammes: string[]; eligible: string[] }): WarningCandidate | null {
  const why = input.inProgrammes.length ? `家庭已纳入${input.inProgrammes.join('、')}` : input.eligible.length ? `按政策规则计算家庭符合${input.eligible.join('、')}条件` : null;
  if (!why) return null;
  return { ...s, type: 'job_loss', triggerKey: `job_loss:${s.personId}:${input.on}`, reasons: [`人社部门登记本人于 ${input.on} 失业`, why, '请上门了解就业援助及救助需求'] };
}

/**
 * 主要劳动力死亡: the dead member earned the most, at least the configured share of the household's
 * income, and someone is left. `facts` are the household's as they stood before the death.
 */
export function earnerDeathWarning(s: Subject, input: { deathDate: IsoDate; facts: HouseholdFacts }, rules: RuleSettings): WarningCandidate | null {
  const members = input.facts.members;
  const dead = members.find((m) => m.id === String(s.personId));
  const total = members.reduce((n, m) => n + m.monthlyIncomeFen, 0);
  if (!dead || dead.monthlyIncomeFen <= 0 || members.length < 2) return null;
  if (members.some((m) => m !== dead && m.monthlyIncomeFen > dead.monthlyIncomeFen)) return null;
  const share = rules['earner.minIncomeSharePermille'];
  if (dead.monthlyIncomeFen * 1000 < total * share) return null;
  return {
    ...s,
    type: 'earner_death',
    triggerKey: `death:${s.personId}`,
    reasons: [
      `家庭成员于 ${input.deathDate} 死亡；其月收入 ${formatYuan(dead.monthlyIncomeFen)} 元，占家庭月收入 ${formatYuan(total)} 元的 ${Math.round((dead.monthlyIncomeFen * 100) / total)}%，为家庭主要劳动力${flagUnverified(rules, 'earner.minIncomeSharePermille')}`,
      `家庭尚有 ${members.length - 1} 人，请上门了解生活状况及丧葬、救助需求`,
    ],
  };
}

/** 收入低于低收入标准: newly eligible for 低保 or 低收入 and in neither. `reasons` come from the engine. */
export function incomeBelowLineWarning(s: Subject & { householdId: number }, input: { month: Month; eligible: string[]; before: string[] | null; inProgramme: boolean; engineReasons: string[] }): WarningCandidate | null {
  const lines: string[] = input.eligible.filter((p) => p === 'dibao' || p === 'low_income');
  if (lines.length === 0 || input.inProgramme) return null;
  if (input.before?.some((p) => lines.includes(p))) return null;
  return {
    ...s,
    type: 'income_below_line',
    triggerKey: `income:${s.householdId}:${input.month}`,
    reasons: [`按 ${input.month} 的政策规则计算，家庭新落入${lines.map((p) => (p === 'dibao' ? '低保' : '低收入')).join('、')}范围`, ...input.engineReasons],
  };
}

/** The first month a change on `date` shows in the engine's input (facts are read on the 1st), not before `current`. */
export function evaluationMonth(date: IsoDate, current: Month): Month {
  const effect = date.endsWith('-01') ? monthOf(date) : addMonths(monthOf(date), 1);
  return effect > current ? effect : current;
}
