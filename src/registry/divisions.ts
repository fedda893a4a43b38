import type { Selectable } from 'kysely';
import { divisionAncestors, divisionLevel, divisionPrefix, invalid, isValidDate, normaliseDivisionCode, notFound, todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { DivisionSeed } from './shanghai-divisions.js';
import type { DivisionView, RegistryDb, RegistryTables } from './model.js';

type DivisionRow = RegistryTables['registry.divisions'];

export interface DivisionTree {
  city: DivisionSeed;
  districts: DivisionSeed[];
  streets: DivisionSeed[];
  /** Residents' and villagers' committees (the demo city generator makes them up). */
  committees?: DivisionSeed[];
  validFrom: IsoDate;
}

/** The nearest ancestor: a street's district, a committee's street. */
export function parentCodeOf(code12: string): string | null {
  return divisionAncestors(code12).at(-1) ?? null;
}

/**
 * Inserts every division that has no row yet (whatever its dates), so running it again, or after a
 * rename, adds nothing. Returns how many rows were inserted.
 */
export async function seedDivisions(db: RegistryDb, tree: DivisionTree): Promise<{ inserted: number }> {
  if (!isValidDate(tree.validFrom)) throw invalid('REGISTRY_INVALID_DATE', `日期无效：${tree.validFrom}`);
  const seeds = [tree.city, ...tree.districts, ...tree.streets, ...(tree.committees ?? [])];
  return db.transaction().execute(async (trx) => {
    const existing = new Set((await trx.selectFrom('registry.divisions').select('code').distinct().execute()).map((r) => r.code));
    const rows = seeds
      .filter((seed) => !existing.has(seed.code))
      .map((seed) => ({ code: seed.code, name: seed.name, kind: seed.kind, level: divisionLevel(seed.code), parent_code: parentCodeOf(seed.code), valid_from: tree.validFrom, valid_to: null }));
    // Chunks keep the statement under PostgreSQL's 65535-parameter limit for a city of committees.
    for (let i = 0; i < rows.length; i += 5000)
      await trx
        .insertInto('registry.divisions')
        .values(rows.slice(i, i + 5000))
        .execute();
    return { inserted: rows.length };
  });
}

export function parseDivisionCode(raw: string): string {
  const code = normaliseDivisionCode(raw);
  if (!code) throw invalid('REGISTRY_INVALID_DIVISION_CODE', `区划代码格式错误：${raw}（应为6、9或12位数字）`);
  return code;
}

const toView = (row: Selectable<DivisionRow>): DivisionView => ({
  code: row.code,
  name: row.name,
  level: row.level,
  kind: row.kind,
  parentCode: row.parent_code,
  validFrom: row.valid_from,
  validTo: row.valid_to,
});

/** The row of `code` in force on `on`, or null. */
export async function findDivision(db: RegistryDb, code12: string, on: IsoDate = todayInShanghai()): Promise<DivisionView | null> {
  const row = await db
    .selectFrom('registry.divisions')
    .selectAll()
    .where('code', '=', code12)
    .where('valid_from', '<=', on)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
    .executeTakeFirst();
  return row ? toView(row) : null;
}

/** A division in force on `on` (default today) with its children in force that day. Accepts 6-, 9- or 12-digit codes. */
export async function getDivision(db: RegistryDb, rawCode: string, on: IsoDate = todayInShanghai()): Promise<DivisionView & { children: DivisionView[] }> {
  const code = parseDivisionCode(rawCode);
  if (!isValidDate(on)) throw invalid('REGISTRY_INVALID_DATE', `日期无效：${on}`);
  const division = await findDivision(db, code, on);
  if (!division) throw notFound('REGISTRY_DIVISION_NOT_FOUND', `区划 ${code} 不存在或已撤销`);
  const children = await db
    .selectFrom('registry.divisions')
    .selectAll()
    .where('parent_code', '=', code)
    .where('valid_from', '<=', on)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
    .orderBy('code')
    .execute();
  return { ...division, children: children.map(toView) };
}

/** The streets and towns (街道、镇、乡) within a division in force on `on`: the denominator of street coverage figures. */
export async function streetsOn(db: RegistryDb, within12: string, on: IsoDate = todayInShanghai()): Promise<DivisionView[]> {
  const rows = await db
    .selectFrom('registry.divisions')
    .selectAll()
    .where('level', '=', 'street')
    .where('code', 'like', `${divisionPrefix(within12)}%`)
    .where('valid_from', '<=', on)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
    .orderBy('code')
    .execute();
  return rows.map(toView);
}

/**
 * Division changes over time: the row in force ends on `on` (exclusive) and, for a rename or a change of
 * kind (a 镇 becoming a 街道), a new row starts that day. Without `name` and `kind` the division is closed.
 * Persons keep their codes: a merge into another code is a data migration of its own, not this function.
 */
export async function renameOrCloseDivision(db: RegistryDb, change: { code: string; on: IsoDate; name?: string; kind?: string }): Promise<void> {
  if (!isValidDate(change.on)) throw invalid('REGISTRY_INVALID_DATE', `日期无效：${change.on}`);
  const code = parseDivisionCode(change.code);
  await db.transaction().execute(async (trx) => {
    const current = await findDivision(trx, code, change.on);
    if (!current) throw notFound('REGISTRY_DIVISION_NOT_FOUND', `区划 ${code} 在 ${change.on} 不存在`);
    if (current.validFrom === change.on) throw invalid('REGISTRY_DIVISION_SAME_DAY', '区划变更日期不能与其生效日期相同');
    await trx.updateTable('registry.divisions').set({ valid_to: change.on }).where('code', '=', code).where('valid_from', '=', current.validFrom).execute();
    if (change.name === undefined && change.kind === undefined) return;
    await trx
      .insertInto('registry.divisions')
      .values({ code, name: change.name ?? current.name, kind: change.kind ?? current.kind, level: current.level, parent_code: current.parentCode, valid_from: change.on, valid_to: current.validTo })
      .execute();
  });
}

export const isShanghai = (code12: string) => code12.startsWith('31');

/**
 * A person's or household's division: 12 digits; Shanghai codes must be in force today in the registry,
 * other provinces' codes are taken on their shape (the registry holds Shanghai's tree only).
 */
export async function requireDivision(db: RegistryDb, raw: string, field: string, options: { shanghaiOnly?: boolean; committee?: boolean } = {}): Promise<string> {
  const code = normaliseDivisionCode(raw);
  const province = code ? Number(code.slice(0, 2)) : 0;
  if (!code || province < 11 || province > 82) throw invalid('REGISTRY_INVALID_DIVISION_CODE', `${field}区划代码格式错误：${raw}`);
  if (!isShanghai(code)) {
    if (options.shanghaiOnly) throw invalid('REGISTRY_DIVISION_OUTSIDE_SHANGHAI', `${field}须为上海市的区划`);
    return code;
  }
  const division = await findDivision(db, code);
  if (!division) throw invalid('REGISTRY_UNKNOWN_DIVISION', `${field}区划 ${code} 不存在或已撤销`);
  if (options.committee && division.level !== 'committee') throw invalid('REGISTRY_WRONG_DIVISION_LEVEL', `${field}须为居（村）委会一级的区划`);
  return code;
}
