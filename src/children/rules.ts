/**
 * Identification rules of the children's categories, pure: the same input gives the same answer, and each
 * condition explains itself in Chinese (each parent's situation, its dates and evidence). Sources are in the
 * reference §1 (CHILDREN-COMMUNITY-INDICATORS.md):
 * - 孤儿: under 18, both parents dead or declared missing by a court, or birth parents not found (国办发〔2010〕54号).
 * - 事实无人抚养 (民发〔2019〕62号): (a) both parents each in a situation S, or (b) one parent dead or declared
 *   missing and the other in S. S = 重残 (grade 1–2 of any category, or grade 3–4 intellectual/mental), 重病,
 *   服刑在押 / 强制隔离戒毒 / other restriction of liberty for a term ≥ 6 months, 失联 ≥ 6 months from the police
 *   report, 被撤销监护资格, 被遣送（驱逐）出境.
 * - 监护缺失或不当 (Shanghai 2018): a parent missing, seriously ill or disabled, serving a sentence or in drug
 *   rehabilitation; or the guardian abuses, abandons or molests the child.
 * - 家庭贫困: member of a 低保 / 低收入 / 特困 household; 自身残疾或重病: the child's certificate or a 大病 fact.
 */
import { addMonthsToDate, ageOn, type IsoDate } from '../kernel/index.js';
import { situationNames, type Category, type SituationKind } from './model.js';

export interface Situation {
  kind: SituationKind;
  from: IsoDate;
  to: IsoDate | null;
  evidence: string;
  /** Released from custody (刑满释放, early release): the situation ends that day. */
  releasedOn?: IsoDate | null;
  /** For 重病: the disease the diagnosis names, checked against the 大病 list (setting `rule.seriousDiseases`). */
  disease?: string | null;
}

export interface ParentInput {
  name: string;
  deathDate: IsoDate | null;
  disability: { grade: number; category: string } | null;
  situations: Situation[];
}

export interface ChildInput {
  birthDate: IsoDate;
  deathDate: IsoDate | null;
  disability: { grade: number; category: string } | null;
  /** The child's own 重病 situations (each checked against the 大病 list on the day). */
  illnesses: Situation[];
  /** The household's approved assistance programme, if any (低保, 低收入, 特困). */
  householdPoverty: 'dibao' | 'low_income' | 'destitute' | null;
  abuse: boolean;
}

export interface RuleParameters {
  termMonths: number;
  severeGradeMax: number;
  mentalCategories: readonly string[];
  /** The 大病 list in force (reference §1.2: Shanghai's list not found — a configured, unverified list). */
  seriousDiseases: readonly string[];
}

export interface Condition {
  text: string;
  met: boolean;
}

export interface RuleResult {
  category: Category;
  passed: boolean;
  conditions: Condition[];
}

const povertyNames = { dibao: '低保', low_income: '低收入', destitute: '特困' } as const;

/** Does a situation hold on the day, and does its term reach the threshold? Returns the explanation either way. */
function situationHolds(s: Situation, on: IsoDate, p: RuleParameters): Condition {
  const name = situationNames[s.kind];
  const evidence = `（依据：${s.evidence}）`;
  if (s.from > on) return { text: `${name}自 ${s.from} 起，尚未开始${evidence}`, met: false };
  if (s.to !== null && s.to < on && s.kind !== 'guardianship_revoked') return { text: `${name}已于 ${s.to} 结束${evidence}`, met: false };
  if (s.releasedOn && s.releasedOn <= on) return { text: `${name}（${s.from} 起），已于 ${s.releasedOn} 释放${evidence}`, met: false };
  if (s.kind === 'custody' || s.kind === 'drug_rehab' || s.kind === 'restricted') {
    // The term counts, not the time served: a 6-month sentence qualifies from its first day.
    const reaches = s.to === null || addMonthsToDate(s.from, p.termMonths) <= s.to;
    const term = s.to === null ? `${s.from} 起，期限未定` : `${s.from} 至 ${s.to}`;
    return { text: `${name}${term}，${reaches ? '期限不少于' : '期限不足'} ${p.termMonths} 个月${evidence}`, met: reaches };
  }
  if (s.kind === 'lost_contact') {
    const since = addMonthsToDate(s.from, p.termMonths);
    const reaches = since <= on;
    return { text: `公安机关 ${s.from} 受理失联报案，${reaches ? `至 ${on} 已满` : `至 ${on} 未满`} ${p.termMonths} 个月${evidence}`, met: reaches };
  }
  if (s.kind === 'serious_illness') {
    // A disease the diagnosis names counts only when it is on the list; a diagnosis naming none (facts from
    // before the list) is taken as the health department sent it, and says so.
    if (!s.disease) return { text: `${name}（${s.from} 起，病种未注明，按诊断证明认定）${evidence}`, met: true };
    const listed = p.seriousDiseases.includes(s.disease);
    return { text: `${name}（${s.from} 起，病种：${s.disease}，${listed ? '属大病目录病种' : '不在大病目录内'}）${evidence}`, met: listed };
  }
  return { text: `${name}（${s.from} 起）${evidence}`, met: true };
}

function severeDisability(d: { grade: number; category: string } | null, p: RuleParameters): Condition | null {
  if (!d) return null;
  const severe = d.grade <= p.severeGradeMax || (p.mentalCategories.includes(d.category) && d.grade <= 4);
  const text = `${d.category}残疾 ${d.grade} 级${severe ? '（属重残）' : `（非重残：${d.category}残疾须 ${p.severeGradeMax} 级以上，三、四级仅限${p.mentalCategories.join('、')}残疾）`}`;
  return { text, met: severe };
}

export interface ParentState {
  label: string;
  /** 死亡 or 被宣告失踪 on the day (or the parent cannot be found). */
  goneOrMissing: Condition;
  /** In one of the situations S on the day. */
  inSituation: Condition;
}

export function parentState(label: string, parent: ParentInput | null, on: IsoDate, p: RuleParameters): ParentState {
  if (parent === null) {
    const unknown = { text: `${label}：查找不到`, met: true };
    return { label, goneOrMissing: unknown, inSituation: { text: `${label}：查找不到`, met: false } };
  }
  const who = `${label}${parent.name}`;
  const dead = parent.deathDate !== null && parent.deathDate <= on;
  const missing = parent.situations.find((s) => s.kind === 'declared_missing' && s.from <= on);
  const gone: Condition = dead
    ? { text: `${who}已于 ${parent.deathDate} 死亡`, met: true }
    : missing
      ? { text: `${who}于 ${missing.from} 被宣告失踪（依据：${missing.evidence}）`, met: true }
      : { text: `${who}未死亡、未被宣告失踪`, met: false };
  const found: Condition[] = [];
  const disability = severeDisability(parent.disability, p);
  if (disability) found.push(disability);
  for (const s of parent.situations) if (s.kind !== 'declared_missing') found.push(situationHolds(s, on, p));
  const met = found.find((c) => c.met);
  const inSituation: Condition = dead
    ? { text: `${who}已死亡`, met: false }
    : met
      ? { text: `${who}：${met.text}`, met: true }
      : { text: `${who}：${found.length ? found.map((c) => c.text).join('；') : '无重残、重病、服刑在押、失联等情形'}`, met: false };
  return { label, goneOrMissing: gone, inSituation };
}

export interface CategoryInput {
  child: ChildInput;
  father: ParentInput | null;
  mother: ParentInput | null;
  on: IsoDate;
}

function minor(child: ChildInput, on: IsoDate): Condition {
  const age = ageOn(child.birthDate, on);
  return { text: `${on} 时年满 ${age} 周岁，${age < 18 ? '未满' : '已满'} 18 周岁`, met: age < 18 && (child.deathDate === null || child.deathDate > on) };
}

/** Every category's rule on the day, each with its conditions (all must be met). */
export function evaluateCategories(input: CategoryInput, p: RuleParameters): Record<Category, RuleResult> {
  const { child, on } = input;
  const age = minor(child, on);
  const f = parentState('父亲', input.father, on, p);
  const m = parentState('母亲', input.mother, on, p);
  const result = (category: Category, conditions: Condition[]): RuleResult => ({ category, passed: conditions.every((c) => c.met), conditions });

  const orphan = result('orphan', [age, f.goneOrMissing, m.goneOrMissing]);

  const bothS = f.inSituation.met && m.inSituation.met;
  const oneGoneOtherS = (f.goneOrMissing.met && m.inSituation.met) || (m.goneOrMissing.met && f.inSituation.met);
  const deFactoWhy = bothS
    ? `父母双方均属规定情形：${f.inSituation.text}；${m.inSituation.text}`
    : oneGoneOtherS
      ? `一方死亡或失踪、另一方属规定情形：${f.goneOrMissing.met ? f.goneOrMissing.text : f.inSituation.text}；${m.goneOrMissing.met ? m.goneOrMissing.text : m.inSituation.text}`
      : `父母双方均属规定情形，或一方死亡（失踪）另一方属规定情形：${[f.goneOrMissing.met ? f.goneOrMissing.text : f.inSituation.text, m.goneOrMissing.met ? m.goneOrMissing.text : m.inSituation.text].join('；')}`;
  const notOrphan: Condition = { text: orphan.passed ? '已属孤儿（按孤儿保障）' : '不属孤儿', met: !orphan.passed };
  const deFacto = result('de_facto', [age, notOrphan, { text: deFactoWhy, met: bothS || oneGoneOtherS }]);

  const parentIssue = [f, m].find((s) => s.goneOrMissing.met || s.inSituation.met);
  const guardianshipWhy = child.abuse
    ? { text: '监护人有虐待、遗弃等侵害行为（报告记录）', met: true }
    : parentIssue
      ? { text: `监护缺失：${parentIssue.goneOrMissing.met ? parentIssue.goneOrMissing.text : parentIssue.inSituation.text}`, met: true }
      : { text: '父母未见失踪、重病重残、服刑戒毒等情形，未记录侵害行为', met: false };
  const guardianship = result('guardianship', [age, guardianshipWhy]);

  const poverty = result('poverty', [age, child.householdPoverty ? { text: `所在家庭为${povertyNames[child.householdPoverty]}家庭`, met: true } : { text: '所在家庭不是低保、低收入或特困家庭', met: false }]);

  const illness = child.illnesses.map((s) => situationHolds(s, on, p));
  const ill = illness.find((c) => c.met);
  const own = child.disability
    ? { text: `本人持残疾人证（${child.disability.category}残疾 ${child.disability.grade} 级）`, met: true }
    : ill
      ? { text: `本人患大病：${ill.text}`, met: true }
      : { text: `本人无残疾人证${illness.length ? `；${illness.map((c) => c.text).join('；')}` : '、无大病记录'}`, met: false };
  const disability = result('disability', [age, own]);

  return { orphan, de_facto: deFacto, guardianship, poverty, disability };
}
