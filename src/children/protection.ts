/**
 * The protection network's units: a 未成年人保护工作站 per street (未成年人保护法 art. 81) and the district's
 * 未成年人保护机构, whose yearly 规范达标 result is indicator 10 (十四五 plan: 达标机构数 ÷ 全市区级机构数, 12.5 % in
 * 2020 → 100 % in 2025). The standard's checklist was not found (reference §3), so the result is recorded as the
 * city's assessors give it, with their note. A district registers its units; the city assesses the districts'.
 */
import type { Actor } from '../access/index.js';
import { jurisdictionPrefix } from '../access/index.js';
import { conflict, divisionAncestors, divisionLevel, invalid, isValidDate, normaliseDivisionCode, notFound, type IsoDate } from '../kernel/index.js';
import type { RegistryTables } from '../registry/index.js';
import { tables, today, type ChildrenDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import { PROTECTION_UNIT_KINDS, protectionUnitNames, type ChildrenDb, type ProtectionUnitKind } from './model.js';

export interface ProtectionUnitView {
  id: number;
  kind: ProtectionUnitKind;
  kindName: string;
  divisionCode: string;
  name: string;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
  /** The yearly 达标 results, newest first (district institutions only). */
  assessments: { year: number; passed: boolean; note: string }[];
}

const LEVEL: Record<ProtectionUnitKind, 'street' | 'district'> = { workstation: 'street', institution: 'district' };

export async function registerProtectionUnit(deps: ChildrenDeps, actor: Actor, input: { kind: ProtectionUnitKind; divisionCode: string; name: string; openedOn: IsoDate }): Promise<{ unitId: number }> {
  if (!(PROTECTION_UNIT_KINDS as readonly string[]).includes(input.kind)) throw invalid('CHILDREN_UNKNOWN_UNIT_KIND', `未知的机构类型：${input.kind}`);
  const division = normaliseDivisionCode(input.divisionCode);
  if (!division) throw invalid('CHILDREN_INVALID_DIVISION', '区划代码格式错误');
  if (!isValidDate(input.openedOn)) throw invalid('CHILDREN_INVALID_DATE', '设立日期格式错误');
  if (input.openedOn > today(deps)) throw invalid('CHILDREN_DATE_IN_FUTURE', '设立日期不能晚于今天');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'children.decide', action: 'children.protection_unit.register', entityType: 'division', entityId: division, divisionCodes: [division], detail: { kind: input.kind } });
    // After the permission: who may not register hears 403, not what the right level would be.
    if (divisionLevel(division) !== LEVEL[input.kind]) throw invalid('CHILDREN_INVALID_DIVISION', `${protectionUnitNames[input.kind]}须按${input.kind === 'workstation' ? '街镇' : '区'}登记`);
    const known = await trx.withTables<RegistryTables>().selectFrom('registry.divisions').select('code').where('code', '=', division).executeTakeFirst();
    if (!known) throw notFound('CHILDREN_DIVISION_NOT_FOUND', `区划 ${division} 不存在`);
    const open = await trx.selectFrom('children.protection_units').select('id').where('kind', '=', input.kind).where('division_code', '=', division).where('closed_on', 'is', null).executeTakeFirst();
    if (open) throw conflict('CHILDREN_UNIT_EXISTS', `该区划已有${protectionUnitNames[input.kind]}（编号 ${open.id}）`);
    const row = await trx.insertInto('children.protection_units').values({ kind: input.kind, division_code: division, name: input.name, opened_on: input.openedOn, created_by: actor.userId }).returning('id').executeTakeFirstOrThrow();
    return { unitId: row.id };
  });
}

/** The city's yearly 达标 result for a district institution; one per year (a second is 409). */
export async function assessProtectionUnit(deps: ChildrenDeps, actor: Actor, unitId: number, input: { year: number; passed: boolean; note: string }): Promise<void> {
  const thisYear = Number(today(deps).slice(0, 4));
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > thisYear) throw invalid('CHILDREN_INVALID_YEAR', `评定年度须在 2000–${thisYear} 之间`);
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request = { permission: 'children.configure' as const, action: 'children.protection_unit.assess', entityType: 'protection_unit', entityId: unitId, detail: { year: input.year, passed: input.passed } };
    const unit = await trx.selectFrom('children.protection_units').select(['kind', 'division_code']).where('id', '=', unitId).executeTakeFirst();
    if (!unit) {
      await allow(request);
      throw notFound('CHILDREN_UNIT_NOT_FOUND', `机构 ${unitId} 不存在`);
    }
    await allow({ ...request, divisionCodes: [unit.division_code] });
    if (unit.kind !== 'institution') throw invalid('CHILDREN_UNIT_NOT_ASSESSED', '规范达标评定只针对区未成年人保护机构');
    const done = await trx.selectFrom('children.protection_assessments').select('year').where('unit_id', '=', unitId).where('year', '=', input.year).executeTakeFirst();
    if (done) throw conflict('CHILDREN_ASSESSMENT_EXISTS', `${input.year} 年度已评定`);
    await trx.insertInto('children.protection_assessments').values({ unit_id: unitId, year: input.year, passed: input.passed, note: input.note, assessed_by: actor.userId }).execute();
  });
}

export async function listProtectionUnits(deps: ChildrenDeps, actor: Actor): Promise<ProtectionUnitView[]> {
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'children.read', action: 'children.protection_units.list', entityType: 'division', entityId: actor.jurisdiction });
  // A committee's or street's staff also see their street's workstation and district's institution (where they refer children).
  const prefix = jurisdictionPrefix(actor);
  const above = divisionAncestors(actor.jurisdiction);
  const rows = await db
    .selectFrom('children.protection_units')
    .selectAll()
    .where((eb) => eb.or([eb('division_code', 'like', `${prefix}%`), ...(above.length ? [eb('division_code', 'in', above)] : [])]))
    .orderBy('division_code')
    .orderBy('kind')
    .execute();
  const results = rows.length
    ? await db
        .selectFrom('children.protection_assessments')
        .selectAll()
        .where(
          'unit_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('year', 'desc')
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    kindName: protectionUnitNames[r.kind],
    divisionCode: r.division_code,
    name: r.name,
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    assessments: results.filter((a) => a.unit_id === r.id).map((a) => ({ year: a.year, passed: a.passed, note: a.note })),
  }));
}

export interface ProtectionFigures {
  /** Indicator 10 for the year: institutions assessed 达标 ÷ institutions open that year. */
  indicator10: { year: number; institutions: number; passed: number; percent: number | null; baseline2020: number; target2025: number };
  workstations: { streets: number; covered: number; percent: number | null };
}

export async function protectionFigures(db: ChildrenDb, prefix: string, year: number): Promise<ProtectionFigures> {
  const end = `${year}-12-31`;
  const start = `${year}-01-01`;
  const open = (kind: ProtectionUnitKind) =>
    db
      .selectFrom('children.protection_units')
      .select(['id', 'division_code'])
      .where('kind', '=', kind)
      .where('division_code', 'like', `${prefix}%`)
      .where('opened_on', '<=', end)
      .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>=', start)]))
      .execute();
  const institutions = await open('institution');
  const passed = institutions.length
    ? await db
        .selectFrom('children.protection_assessments')
        .select('unit_id')
        .where(
          'unit_id',
          'in',
          institutions.map((i) => i.id),
        )
        .where('year', '=', year)
        .where('passed', '=', true)
        .execute()
    : [];
  const stations = new Set((await open('workstation')).map((w) => w.division_code));
  const streets = await db.withTables<RegistryTables>().selectFrom('registry.divisions').select('code').where('level', '=', 'street').where('valid_to', 'is', null).where('code', 'like', `${prefix}%`).execute();
  const covered = streets.filter((s) => stations.has(s.code)).length;
  const pct = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 10 : null);
  return {
    indicator10: { year, institutions: institutions.length, passed: passed.length, percent: pct(passed.length, institutions.length), baseline2020: 12.5, target2025: 100 },
    workstations: { streets: streets.length, covered, percent: pct(covered, streets.length) },
  };
}
