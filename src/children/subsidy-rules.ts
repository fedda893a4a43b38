/**
 * 两项补贴, pure (reference §4.2; 国发〔2015〕52号):
 * - 重度残疾人护理补贴: a certificate of grade 1–2 (any category); a city may extend it to grades 3–4 of listed
 *   categories (setting `subsidy.careExtraCategories`, default none).
 * - 困难残疾人生活补贴: a disabled member of a 低保 household, or (setting) a 低收入 household, or 重残无业 (grade 1–2
 *   and without work). Shanghai 2021: "重残无业 and disabled people from 低保 households … 410 yuan/month".
 * No 经济状况核对: the household's status comes from its approved assistance case.
 */
import { ageOn, type IsoDate } from '../kernel/index.js';
import { DISABILITY_CATEGORIES } from '../registry/index.js';
import type { Condition } from './rules.js';
import type { SubsidyKind } from './model.js';

export interface SubsidyInput {
  birthDate: IsoDate;
  deathDate: IsoDate | null;
  disability: { grade: number; category: string } | null;
  householdPoverty: 'dibao' | 'low_income' | 'destitute' | null;
  jobless: boolean;
}

export interface SubsidyParameters {
  severeGradeMax: number;
  livingIncludesLowIncome: boolean;
  careExtraCategories: readonly string[];
}

export interface SubsidyDecision {
  kind: SubsidyKind;
  passed: boolean;
  conditions: Condition[];
}

export function validCertificate(d: { grade: number; category: string } | null): boolean {
  return d !== null && Number.isInteger(d.grade) && d.grade >= 1 && d.grade <= 4 && (DISABILITY_CATEGORIES as readonly string[]).includes(d.category);
}

export function evaluateSubsidy(kind: SubsidyKind, input: SubsidyInput, on: IsoDate, p: SubsidyParameters): SubsidyDecision {
  const d = input.disability;
  const alive: Condition = { text: input.deathDate && input.deathDate <= on ? `已于 ${input.deathDate} 死亡` : '在世', met: !(input.deathDate && input.deathDate <= on) };
  const cert: Condition = d ? { text: `持有效残疾人证：${d.category}残疾 ${d.grade} 级`, met: validCertificate(d) } : { text: '无有效残疾人证（或已注销）', met: false };
  if (kind === 'care') {
    const severe = d !== null && (d.grade <= p.severeGradeMax || p.careExtraCategories.includes(d.category));
    const text = !d ? '无残疾等级' : severe ? `${d.grade} 级${d.grade > p.severeGradeMax ? `（${d.category}残疾，本市扩大范围）` : ''}，属重度残疾` : `${d.category}残疾 ${d.grade} 级，不属 1–${p.severeGradeMax} 级重度残疾`;
    return { kind, passed: alive.met && cert.met && severe, conditions: [alive, cert, { text, met: severe }] };
  }
  const poverty = input.householdPoverty;
  const lowIncomeOk = poverty === 'low_income' && p.livingIncludesLowIncome;
  const severeJobless = d !== null && d.grade <= p.severeGradeMax && input.jobless && ageOn(input.birthDate, on) >= 16;
  const met = poverty === 'dibao' || poverty === 'destitute' || lowIncomeOk || severeJobless;
  const text =
    poverty === 'dibao' || poverty === 'destitute'
      ? `所在家庭为${poverty === 'dibao' ? '低保' : '特困'}家庭`
      : lowIncomeOk
        ? '所在家庭为低收入家庭（本市纳入）'
        : severeJobless
          ? '重残无业（1–2 级残疾，登记无业）'
          : `不属低保家庭${p.livingIncludesLowIncome ? '、低收入家庭' : ''}，也不属重残无业`;
  return { kind, passed: alive.met && cert.met && met, conditions: [alive, cert, { text, met }] };
}
