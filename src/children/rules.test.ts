/**
 * The identification rules on hand-computed cases. Rules quoted (reference §1.2, 民发〔2019〕62号):
 *   "(a) both parents are each in one of the situations S, or (b) one parent is dead or declared missing and the
 *    other is in one of the situations S"; S includes 服刑在押 / 强制隔离戒毒 "term ≥ 6 months", 失联 "≥ 6 months,
 *    counted from the day the police accepted the report", 重残 "grade 1 or 2 of any category, or grade 3 or 4
 *    intellectual or mental".
 * 两项补贴 (§4.2): 护理补贴 "grade 1–2"; 生活补贴 "低保 households … 重残无业".
 */
import { describe, expect, it } from 'vitest';
import { evaluateCategories, type ChildInput, type ParentInput, type RuleParameters } from './rules.js';
import { evaluateSubsidy, type SubsidyParameters } from './subsidy-rules.js';

const P: RuleParameters = { termMonths: 6, severeGradeMax: 2, mentalCategories: ['智力', '精神'], seriousDiseases: ['白血病', '恶性肿瘤'] };
const ON = '2025-03-10';
/** Born 2015-06-01: 9 on 2025-03-10. */
const child: ChildInput = { birthDate: '2015-06-01', deathDate: null, disability: null, illnesses: [], householdPoverty: null, abuse: false };
const parent = (over: Partial<ParentInput> = {}): ParentInput => ({ name: '张三', deathDate: null, disability: null, situations: [], ...over });
const custody = (from: string, to: string) => ({ kind: 'custody' as const, from, to, evidence: '刑事判决书' });

describe('事实无人抚养儿童', () => {
  it('both parents sentenced for exactly 6 months passes; 5 months fails', () => {
    // 2025-01-01 + 6 months = 2025-07-01 ≤ 2025-07-01 → the term reaches 6 months.
    const six = evaluateCategories({ child, on: ON, father: parent({ situations: [custody('2025-01-01', '2025-07-01')] }), mother: parent({ name: '李四', situations: [custody('2025-02-01', '2025-08-01')] }) }, P);
    expect(six.de_facto.passed).toBe(true);
    expect(six.de_facto.conditions[2]?.text).toContain('父母双方均属规定情形');
    expect(six.de_facto.conditions[2]?.text).toContain('2025-01-01 至 2025-07-01');
    // Mother's term 2025-02-01 … 2025-07-01: + 6 months = 2025-08-01 > 2025-07-01 → only 5 months.
    const five = evaluateCategories({ child, on: ON, father: parent({ situations: [custody('2025-01-01', '2025-07-01')] }), mother: parent({ name: '李四', situations: [custody('2025-02-01', '2025-07-01')] }) }, P);
    expect(five.de_facto.passed).toBe(false);
    expect(five.de_facto.conditions[2]?.text).toContain('期限不足 6 个月');
  });

  it('one parent dead and the other grade-3 intellectual passes; grade-3 physical fails', () => {
    const dead = parent({ deathDate: '2024-11-02' });
    const intellectual = evaluateCategories({ child, on: ON, father: dead, mother: parent({ name: '李四', disability: { grade: 3, category: '智力' } }) }, P);
    expect(intellectual.de_facto.passed).toBe(true);
    expect(intellectual.de_facto.conditions[2]?.text).toContain('父亲张三已于 2024-11-02 死亡');
    expect(intellectual.de_facto.conditions[2]?.text).toContain('智力残疾 3 级（属重残）');
    const physical = evaluateCategories({ child, on: ON, father: dead, mother: parent({ name: '李四', disability: { grade: 3, category: '肢体' } }) }, P);
    expect(physical.de_facto.passed).toBe(false);
    expect(physical.de_facto.conditions[2]?.text).toContain('非重残');
    // Still 监护缺失 under the Shanghai 2018 rule (a parent dead).
    expect(physical.guardianship.passed).toBe(true);
  });

  it('lost contact counts 6 months from the police report: 2024-09-10 passes on 2025-03-10, 2024-09-11 does not', () => {
    const lost = (from: string) => parent({ name: '李四', situations: [{ kind: 'lost_contact', from, to: null, evidence: '报案回执' }] });
    const dead = parent({ deathDate: '2023-01-01' });
    expect(evaluateCategories({ child, on: ON, father: dead, mother: lost('2024-09-10') }, P).de_facto.passed).toBe(true);
    expect(evaluateCategories({ child, on: ON, father: dead, mother: lost('2024-09-11') }, P).de_facto.passed).toBe(false);
  });

  it('a child aged 18 on the day is in no category; both parents dead is an orphan, not 事实无人抚养', () => {
    const both = { father: parent({ deathDate: '2020-01-01' }), mother: parent({ name: '李四', deathDate: '2021-01-01' }) };
    const young = evaluateCategories({ child, on: ON, ...both }, P);
    expect(young.orphan.passed).toBe(true);
    expect(young.de_facto.passed).toBe(false);
    // Born 2007-03-10: 18 on 2025-03-10.
    const adult = evaluateCategories({ child: { ...child, birthDate: '2007-03-10' }, on: ON, ...both }, P);
    expect(adult.orphan.passed).toBe(false);
    expect(adult.orphan.conditions[0]?.text).toContain('已满 18 周岁');
  });

  it('重病 counts when the disease is on the 大病 list (setting), not otherwise; an unnamed disease is taken as diagnosed', () => {
    // P lists 白血病 and 恶性肿瘤. Father dead 2024-11-02; the mother diagnosed 2025-01-05.
    const dead = parent({ deathDate: '2024-11-02' });
    const ill = (disease: string | null) => parent({ name: '李四', situations: [{ kind: 'serious_illness', from: '2025-01-05', to: null, evidence: '瑞金医院诊断证明', disease }] });
    const listed = evaluateCategories({ child, on: ON, father: dead, mother: ill('白血病') }, P);
    expect(listed.de_facto.passed).toBe(true);
    expect(listed.de_facto.conditions[2]?.text).toContain('病种：白血病，属大病目录病种');
    const unlisted = evaluateCategories({ child, on: ON, father: dead, mother: ill('高血压') }, P);
    expect(unlisted.de_facto.passed).toBe(false);
    expect(unlisted.de_facto.conditions[2]?.text).toContain('病种：高血压，不在大病目录内');
    // The same diagnosis with 高血压 added to the list from a later date: the rule reads the list in force.
    expect(evaluateCategories({ child, on: ON, father: dead, mother: ill('高血压') }, { ...P, seriousDiseases: [...P.seriousDiseases, '高血压'] }).de_facto.passed).toBe(true);
    expect(evaluateCategories({ child, on: ON, father: dead, mother: ill(null) }, P).de_facto.conditions[2]?.text).toContain('病种未注明，按诊断证明认定');
    // The child's own illness: 自身残疾或重病.
    const own = (disease: string) =>
      evaluateCategories({ child: { ...child, illnesses: [{ kind: 'serious_illness', from: '2025-02-01', to: null, evidence: '儿童医院诊断证明', disease }] }, on: ON, father: parent(), mother: parent({ name: '李四' }) }, P).disability;
    expect(own('白血病').passed).toBe(true);
    expect(own('白血病').conditions[1]?.text).toContain('本人患大病');
    expect(own('哮喘').passed).toBe(false);
  });

  it('家庭贫困 from the household programme; abuse alone is 监护不当', () => {
    const r = evaluateCategories({ child: { ...child, householdPoverty: 'dibao', abuse: true }, on: ON, father: parent(), mother: parent({ name: '李四' }) }, P);
    expect(r.poverty.passed).toBe(true);
    expect(r.guardianship.passed).toBe(true);
    expect(r.de_facto.passed).toBe(false);
  });
});

describe('两项补贴', () => {
  const S: SubsidyParameters = { severeGradeMax: 2, livingIncludesLowIncome: true, careExtraCategories: [] };
  const adult = { birthDate: '1980-05-01', deathDate: null, householdPoverty: null, jobless: false } as const;
  it('护理补贴 for grade 2, not for grade-3 physical', () => {
    expect(evaluateSubsidy('care', { ...adult, disability: { grade: 2, category: '视力' } }, ON, S).passed).toBe(true);
    const three = evaluateSubsidy('care', { ...adult, disability: { grade: 3, category: '肢体' } }, ON, S);
    expect(three.passed).toBe(false);
    expect(three.conditions[2]?.text).toBe('肢体残疾 3 级，不属 1–2 级重度残疾');
  });
  it('生活补贴: 低保 household yes; grade-1 jobless yes; grade-3 without 低保 no; 低收入 only when the setting includes it', () => {
    expect(evaluateSubsidy('living', { ...adult, disability: { grade: 4, category: '听力' }, householdPoverty: 'dibao' }, ON, S).passed).toBe(true);
    expect(evaluateSubsidy('living', { ...adult, disability: { grade: 1, category: '肢体' }, jobless: true }, ON, S).passed).toBe(true);
    expect(evaluateSubsidy('living', { ...adult, disability: { grade: 3, category: '肢体' }, jobless: true }, ON, S).passed).toBe(false);
    expect(evaluateSubsidy('living', { ...adult, disability: { grade: 3, category: '肢体' }, householdPoverty: 'low_income' }, ON, S).passed).toBe(true);
    expect(evaluateSubsidy('living', { ...adult, disability: { grade: 3, category: '肢体' }, householdPoverty: 'low_income' }, ON, { ...S, livingIncludesLowIncome: false }).passed).toBe(false);
  });
  it('a withdrawn certificate fails both', () => {
    expect(evaluateSubsidy('care', { ...adult, disability: null, householdPoverty: 'dibao' }, ON, S).passed).toBe(false);
    expect(evaluateSubsidy('living', { ...adult, disability: null, householdPoverty: 'dibao' }, ON, S).passed).toBe(false);
  });
});
