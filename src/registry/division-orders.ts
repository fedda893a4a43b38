/**
 * The registry side of division change orders: open and close division rows, and move households and persons
 * from one code to another, recording every move so that counts "as on" an earlier date put them back. The
 * community module decides what an order of each kind does (and checks who may issue it); these run inside its
 * transaction.
 */
import { sql } from 'kysely';
import { conflict, divisionLevel, divisionPrefix, invalid, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { parentCodeOf } from './divisions.js';
import type { DivisionOrderKind, RegistryDb } from './model.js';

export interface NewDivisionOrder {
  kind: DivisionOrderKind;
  approvalNumber: string;
  reason: string;
  effectiveOn: IsoDate;
  enteredBy: number;
}

export async function insertDivisionOrder(trx: RegistryDb, order: NewDivisionOrder): Promise<number> {
  const row = await trx
    .insertInto('registry.division_orders')
    .values({ kind: order.kind, approval_number: order.approvalNumber, reason: order.reason, effective_on: order.effectiveOn, entered_by: order.enteredBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function recordOrderDetail(trx: RegistryDb, orderId: number, detail: unknown): Promise<void> {
  await trx
    .updateTable('registry.division_orders')
    .set({ detail: JSON.stringify(detail) })
    .where('id', '=', orderId)
    .execute();
}

/** A new row for `code` from `on`; refused while the code has a row in force on or after that day. */
export async function openDivisionRow(trx: RegistryDb, division: { code: string; name: string; kind: string; on: IsoDate }): Promise<void> {
  const clash = await trx
    .selectFrom('registry.divisions')
    .select(['valid_from', 'name'])
    .where('code', '=', division.code)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', division.on)]))
    .executeTakeFirst();
  if (clash) throw conflict('REGISTRY_DIVISION_CODE_IN_USE', `区划代码 ${division.code} 已被“${clash.name}”使用（自 ${clash.valid_from} 起）`);
  await trx
    .insertInto('registry.divisions')
    .values({ code: division.code, name: division.name, kind: division.kind, level: divisionLevel(division.code), parent_code: parentCodeOf(division.code), valid_from: division.on, valid_to: null })
    .execute();
}

/** Ends the row in force on `on` (exclusive): the division no longer exists from that day. */
export async function closeDivisionRow(trx: RegistryDb, code: string, on: IsoDate): Promise<void> {
  const result = await trx.updateTable('registry.divisions').set({ valid_to: on }).where('code', '=', code).where('valid_from', '<', on).where('valid_to', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw invalid('REGISTRY_DIVISION_NOT_IN_FORCE', `区划 ${code} 在 ${on} 不在有效期内，无法撤销`);
}

export interface MoveOutcome {
  households: number;
  persons: number;
}

/**
 * Moves households (all of `from`, or the listed ones, which must be in `from`) and the persons concerned to `to`
 * on `on`: a person's residence follows the household they are a member of that day; their 户籍 division moves
 * when it was `from`. With `householdIds` omitted every person whose residence or 户籍 is `from` moves too.
 */
export async function moveDivisionSubjects(trx: RegistryDb, move: { orderId: number; from: string; to: string; on: IsoDate; householdIds?: readonly number[] }): Promise<MoveOutcome> {
  const { orderId, from, to, on } = move;
  const ids = move.householdIds ? [...new Set(move.householdIds)] : null;
  if (ids && ids.length > 0) {
    const found = await trx.selectFrom('registry.households').select('id').where('id', 'in', ids).where('division_code', '=', from).execute();
    if (found.length !== ids.length) {
      const missing = ids.filter((id) => !found.some((f) => Number(f.id) === id));
      throw invalid('REGISTRY_HOUSEHOLD_NOT_IN_DIVISION', `户 ${missing.slice(0, 5).join('、')} 不属于 ${from}，不能从该区划迁出`);
    }
  }
  if (ids && ids.length === 0) return { households: 0, persons: 0 };
  const idList = ids ? sql.join(ids.map((id) => sql`${id}`)) : null;
  const householdFilter = idList ? sql`h.id in (${idList})` : sql`h.division_code = ${from}`;
  const households = await sql`
    insert into registry.division_moves (order_id, subject, subject_id, from_code, to_code, moved_on)
    select ${orderId}, 'household', h.id, ${from}, ${to}, ${on}::date from registry.households h where ${householdFilter}`.execute(trx);
  await sql`update registry.households h set division_code = ${to} where ${householdFilter}`.execute(trx);
  // Persons: the members that day of the moved households, or everyone registered in `from`.
  const members = idList ? sql`p.id in (select m.person_id from registry.household_members m where m.household_id in (${idList}) and m.since <= ${on}::date and (m.until is null or m.until > ${on}::date))` : sql`true`;
  let persons = 0;
  for (const [subject, column] of [
    ['residence', sql.ref('p.residence_division')],
    ['hukou', sql.ref('p.hukou_division')],
  ] as const) {
    const moved = await sql`
      insert into registry.division_moves (order_id, subject, subject_id, from_code, to_code, moved_on)
      select ${orderId}, ${subject}, p.id, ${from}, ${to}, ${on}::date from registry.persons p where ${column} = ${from} and ${members}`.execute(trx);
    await sql`update registry.persons p set ${sql.raw(subject === 'residence' ? 'residence_division' : 'hukou_division')} = ${to}, updated_at = now() where ${column} = ${from} and ${members}`.execute(trx);
    if (subject === 'residence') persons = Number(moved.numAffectedRows ?? 0);
  }
  return { households: Number(households.numAffectedRows ?? 0), persons };
}

/** The latest move of anything in or out of `code` after `on`: an order dated before it would rewrite history. */
export async function laterMoveOf(db: RegistryDb, code: string, on: IsoDate): Promise<IsoDate | null> {
  const row = await db
    .selectFrom('registry.division_moves')
    .select((eb) => eb.fn.max('moved_on').as('last'))
    .where((eb) => eb.or([eb('from_code', '=', code), eb('to_code', '=', code)]))
    .where('moved_on', '>', on)
    .executeTakeFirst();
  return (row?.last as IsoDate | null | undefined) ?? null;
}

/**
 * Households with a member that day per division code within `within`, as on `on`: a household moved by an order
 * after `on` counts at the code it had before its first such move. Aggregates only, not audited.
 */
export async function householdsOn(db: RegistryDb, within: string, on: IsoDate = todayInShanghai()): Promise<Map<string, number>> {
  const prefix = `${divisionPrefix(within)}%`;
  const { rows } = await sql<{ code: string; n: number }>`
    with later as (
      select distinct on (subject_id) subject_id, from_code from registry.division_moves
      where subject = 'household' and moved_on > ${on}::date order by subject_id, moved_on
    ), placed as (
      select h.id, h.division_code as code from registry.households h
      where h.division_code like ${prefix} and not exists (select 1 from later l where l.subject_id = h.id)
      union all
      select l.subject_id, l.from_code from later l where l.from_code like ${prefix}
    )
    select x.code, count(*)::int as n from placed x
    where exists (select 1 from registry.household_members m where m.household_id = x.id and m.since <= ${on}::date and (m.until is null or m.until > ${on}::date))
    group by x.code`.execute(db);
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** Living persons by residence per division code within `within`, as on `on` (moves undone as for households). */
export async function personsOn(db: RegistryDb, within: string, on: IsoDate = todayInShanghai()): Promise<Map<string, number>> {
  const prefix = `${divisionPrefix(within)}%`;
  const { rows } = await sql<{ code: string; n: number }>`
    with later as (
      select distinct on (subject_id) subject_id, from_code from registry.division_moves
      where subject = 'residence' and moved_on > ${on}::date order by subject_id, moved_on
    ), placed as (
      select p.id, p.residence_division as code from registry.persons p
      where p.residence_division like ${prefix} and not exists (select 1 from later l where l.subject_id = p.id)
      union all
      select l.subject_id, l.from_code from later l where l.from_code like ${prefix}
    )
    select x.code, count(*)::int as n from placed x join registry.persons p on p.id = x.id
    where p.birth_date <= ${on}::date and (p.death_date is null or p.death_date > ${on}::date)
    group by x.code`.execute(db);
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}

/** Both counts per code (the committee history page). */
export async function divisionCountsOn(db: RegistryDb, within: string, on: IsoDate = todayInShanghai()): Promise<Map<string, { households: number; persons: number }>> {
  const [households, persons] = [await householdsOn(db, within, on), await personsOn(db, within, on)];
  const counts = new Map<string, { households: number; persons: number }>();
  for (const code of new Set([...households.keys(), ...persons.keys()])) counts.set(code, { households: households.get(code) ?? 0, persons: persons.get(code) ?? 0 });
  return counts;
}
