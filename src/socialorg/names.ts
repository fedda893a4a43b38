/**
 * 名称预核: the name rules of 《社会组织名称管理办法》 (2024) and Shanghai's order for 社会服务机构 names
 * (行政区划 + 字号 + 行(事)业领域 + 组织形式), checked before anything is stored. The word lists are settings.
 */
import { sql } from 'kysely';
import { SHANGHAI_CITY, SHANGHAI_DISTRICTS } from '../registry/index.js';
import { ENDED_STATUSES, ORG_TYPES, orgTypeNames, type Level, type OrgType, type SocialorgDb } from './model.js';
import type { SocialorgSettings } from './settings.js';

export type NameRule = 'forbidden_word' | 'area_first' | 'form_word' | 'wrong_form_word' | 'similar_name' | 'length';

export interface NameProblem {
  rule: NameRule;
  message: string;
  /** Names already registered that this one is too close to (similar_name only). */
  similar?: string[];
}

export interface NameRequest {
  name: string;
  orgType: OrgType;
  level: Level;
  /** 12-digit code of the registrar: the city (310000000000) or a district. */
  registrarDivision: string;
}

export const areaNameOf = (registrarDivision: string): string => (registrarDivision === SHANGHAI_CITY.code ? SHANGHAI_CITY.name : (SHANGHAI_DISTRICTS.find((d) => d.code === registrarDivision)?.name ?? ''));

const AREA_PREFIXES = [SHANGHAI_CITY.name, '上海', ...SHANGHAI_DISTRICTS.map((d) => d.name)];

/** The 字号 and field: the name without its area words in front and its form word at the end. */
export function nameCore(name: string, formWords: Record<OrgType, string[]>): string {
  let core = name.trim();
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const prefix of AREA_PREFIXES) {
      if (core.startsWith(prefix) && core.length > prefix.length) {
        core = core.slice(prefix.length);
        stripped = true;
      }
    }
  }
  const words = ORG_TYPES.flatMap((t) => formWords[t]).sort((a, b) => b.length - a.length);
  const form = words.find((w) => core.endsWith(w) && core.length > w.length);
  return form ? core.slice(0, -form.length) : core;
}

/** The rules that need no database: forbidden words, the area first, the form word of the type. */
export function nameRuleProblems(request: NameRequest, settings: SocialorgSettings): NameProblem[] {
  const name = request.name.trim();
  const problems: NameProblem[] = [];
  if (name.length < 4 || name.length > 50) problems.push({ rule: 'length', message: '名称须为4–50个字' });
  const forbidden = (settings.get('names.forbiddenWords') as string[]).filter((w) => name.includes(w));
  if (forbidden.length) problems.push({ rule: 'forbidden_word', message: `本市登记的地方性社会组织名称不得含有“${forbidden.join('”“')}”（${settings.used['names.forbiddenWords'].source}）` });
  const area = areaNameOf(request.registrarDivision);
  const areaOk = request.level === 'city' ? name.startsWith('上海') : name.startsWith(area) || name.startsWith(`上海市${area}`);
  if (request.orgType === 'social_service' && !areaOk) {
    problems.push({ rule: 'area_first', message: `社会服务机构名称须依次由行政区划、字号、行（事）业领域、组织形式组成，应以“${request.level === 'city' ? '上海市' : area}”开头` });
  }
  const own = settings.formWords[request.orgType];
  const ownForm = own.filter((w) => name.endsWith(w)).sort((a, b) => b.length - a.length)[0];
  const otherType = ORG_TYPES.filter((t) => t !== request.orgType).find((t) => settings.formWords[t].some((w) => name.endsWith(w) && (!ownForm || w.length > ownForm.length)));
  if (otherType) problems.push({ rule: 'wrong_form_word', message: `名称的组织形式用语属于${orgTypeNames[otherType]}，与申请的类型“${orgTypeNames[request.orgType]}”不符` });
  else if (!ownForm) problems.push({ rule: 'form_word', message: `${orgTypeNames[request.orgType]}名称须以组织形式用语结尾：${own.join('、')}` });
  return problems;
}

/**
 * 《社会团体登记管理条例》第十三条: refused when a similar organisation already exists in the same area. Similar =
 * the same 字号 and field once area and form words are set aside, among organisations not ended.
 */
export async function similarNames(db: SocialorgDb, request: NameRequest, settings: SocialorgSettings, exceptId?: number): Promise<string[]> {
  const core = nameCore(request.name, settings.formWords);
  if (core.length < 2) return [];
  let query = db
    .selectFrom('socialorg.organisations')
    .select(['id', 'name'])
    .where('status', 'not in', [...ENDED_STATUSES])
    .where(sql<boolean>`strpos(name, ${core}) > 0`)
    .limit(50);
  if (settings.num('names.similarRadius') === 1) query = query.where('registrar_division', '=', request.registrarDivision);
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  const rows = await query.execute();
  return rows.filter((r) => nameCore(r.name, settings.formWords) === core).map((r) => r.name);
}

export async function nameProblems(db: SocialorgDb, request: NameRequest, settings: SocialorgSettings, exceptId?: number): Promise<NameProblem[]> {
  const problems = nameRuleProblems(request, settings);
  const similar = await similarNames(db, request, settings, exceptId);
  if (similar.length) problems.push({ rule: 'similar_name', message: `本登记管理机关辖区内已有名称相同或相近的社会组织：${similar.slice(0, 5).join('、')}`, similar });
  return problems;
}
