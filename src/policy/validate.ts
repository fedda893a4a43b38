/**
 * Validation of an evaluate request, hand-written rather than schema-driven so that every message is
 * Chinese and names the exact field (household.members[2].birthDate), and so the CLI path does not load a
 * schema library. schemas.ts describes the same shape for OpenAPI; a test keeps the two in agreement.
 */
import { invalid, isValidDate, isValidMonth, lastDayOfMonth } from '../kernel/index.js';
import { CHILD_CATEGORY_CODES, LABOR_CODES, type ChildCategory, type LaborCapacity } from './dsl.js';
import type { Disability, EvaluateRequest, HouseholdFacts, MemberFacts } from './household.js';

type Obj = Record<string, unknown>;

const fail = (field: string, message: string) => invalid('POLICY_INVALID_INPUT', `${field}：${message}`, { field });

function object(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw fail(field, v === undefined ? '缺少该字段' : '必须是对象');
  return v as Obj;
}

function bool(o: Obj, key: string, field: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw fail(`${field}.${key}`, v === undefined ? '缺少该字段' : '必须是 true 或 false');
  return v;
}

function fen(o: Obj, key: string, field: string): number {
  const v = o[key];
  const path = `${field}.${key}`;
  if (v === undefined) throw fail(path, '缺少该字段');
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw fail(path, '金额必须是以“分”为单位的整数');
  if (v < 0) throw fail(path, '金额不能为负数');
  return v;
}

function string(o: Obj, key: string, field: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.trim() === '') throw fail(`${field}.${key}`, v === undefined ? '缺少该字段' : '必须是非空字符串');
  return v;
}

function disability(v: unknown, field: string): Disability | null {
  if (v === null) return null;
  if (v === undefined) throw fail(field, '缺少该字段（无残疾时填 null）');
  const o = object(v, field);
  const grade = o.grade;
  if (grade !== 1 && grade !== 2 && grade !== 3 && grade !== 4) throw fail(`${field}.grade`, '残疾等级必须是 1、2、3 或 4');
  return { grade, category: string(o, 'category', field) };
}

function childCategory(v: unknown, field: string): { childCategory?: ChildCategory } {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'string' || !(v in CHILD_CATEGORY_CODES)) throw fail(field, `必须是 ${Object.keys(CHILD_CATEGORY_CODES).join('、')} 之一`);
  return v === 'none' ? {} : { childCategory: v as ChildCategory };
}

function memberFacts(v: unknown, field: string, month: string): MemberFacts {
  const o = object(v, field);
  const id = string(o, 'id', field);
  const birthDate = string(o, 'birthDate', field);
  if (!isValidDate(birthDate)) throw fail(`${field}.birthDate`, `“${birthDate}”不是有效日期（格式 YYYY-MM-DD）`);
  if (birthDate > lastDayOfMonth(month)) throw fail(`${field}.birthDate`, `出生日期 ${birthDate} 晚于评估月份 ${month}`);
  const labor = o.laborCapacity;
  if (typeof labor !== 'string' || !(labor in LABOR_CODES)) {
    throw fail(`${field}.laborCapacity`, labor === undefined ? '缺少该字段' : '必须是 full（有劳动能力）、partial（部分丧失）或 none（完全丧失）');
  }
  return {
    id,
    birthDate,
    hukouShanghai: bool(o, 'hukouShanghai', field),
    disability: disability(o.disability, `${field}.disability`),
    laborCapacity: labor as LaborCapacity,
    orphan: bool(o, 'orphan', field),
    monthlyIncomeFen: fen(o, 'monthlyIncomeFen', field),
    monetaryAssetsFen: fen(o, 'monetaryAssetsFen', field),
    ownsVehicle: bool(o, 'ownsVehicle', field),
    ...childCategory(o.childCategory, `${field}.childCategory`),
  };
}

export function validateHousehold(v: unknown, month: string, field = 'household'): HouseholdFacts {
  const o = object(v, field);
  if (!Array.isArray(o.members)) throw fail(`${field}.members`, o.members === undefined ? '缺少该字段' : '必须是数组');
  if (o.members.length === 0) throw fail(`${field}.members`, '家庭至少要有一名成员');
  const members = o.members.map((m, i) => memberFacts(m, `${field}.members[${i}]`, month));
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (seen.has(m.id)) throw fail(`${field}.members[${i}].id`, `成员编号“${m.id}”重复`);
    seen.add(m.id);
  });
  return {
    members,
    rigidExpensesLast12MonthsFen: fen(o, 'rigidExpensesLast12MonthsFen', field),
    hasLegalSupporter: bool(o, 'hasLegalSupporter', field),
  };
}

export function validateEvaluateRequest(input: unknown, knownProgrammes: readonly string[]): EvaluateRequest {
  const o = object(input, '请求');
  const month = o.month;
  if (typeof month !== 'string' || !isValidMonth(month)) {
    throw fail('month', month === undefined ? '缺少该字段' : `“${String(month)}”不是有效月份（格式 YYYY-MM）`);
  }
  const household = validateHousehold(o.household, month);
  if (o.programmes === undefined) return { month, household };
  if (!Array.isArray(o.programmes)) throw fail('programmes', '必须是项目编号数组');
  const programmes: string[] = [];
  o.programmes.forEach((p, i) => {
    if (typeof p !== 'string') throw fail(`programmes[${i}]`, '必须是字符串');
    if (!knownProgrammes.includes(p)) {
      throw invalid('POLICY_UNKNOWN_PROGRAMME', `programmes[${i}]：未知的救助项目“${p}”，可选：${knownProgrammes.join('、')}`, { field: `programmes[${i}]`, programme: p });
    }
    if (!programmes.includes(p)) programmes.push(p);
  });
  return { month, household, programmes };
}
