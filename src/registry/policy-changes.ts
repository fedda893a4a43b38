/**
 * Which households' policy rows (policy-columns.ts) can differ between two months. A row depends on the
 * month only through dates: a membership's since/until, a member's death, a fact's valid_from/valid_to, and
 * the 12-month window of rigid expenses. A household none of whose dates falls between the two months'
 * first days has the same rows in both, so a new month's screening input is the last month's snapshot
 * with only these households read again. The set may hold a few households whose rows turn out equal
 * (e.g. a fact of a kind that cancels out); it never misses one (policy-changes.test.ts).
 */
import { sql } from 'kysely';
import { addMonths, firstDayOfMonth, invalid, isValidMonth, type Month } from '../kernel/index.js';
import type { RegistryDb } from './model.js';

/** The kinds policy-columns.ts reads besides income.%, by how a date counts. */
const DATED_KINDS = "('asset.monetary', 'vehicle', 'orphan', 'legal_supporter')";
const ENDING_KINDS = "('vehicle', 'orphan', 'legal_supporter')";
const EXPENSE_KINDS = "('expense.medical', 'expense.education')";

export interface PolicyChangeQuery {
  /** The month whose rows are known. */
  readonly from: Month;
  /** The month wanted (before or after `from`). */
  readonly month: Month;
  /** Division code prefixes ('' = all), as for policyColumnRows. */
  readonly divisionPrefixes: readonly string[];
}

/** Household ids (ascending) whose policy rows may differ between `from` and `month`. */
export async function policyChangedHouseholds(db: RegistryDb, query: PolicyChangeQuery): Promise<number[]> {
  const changes = policyChangesSql(query);
  if (!changes) return [];
  const run = async (trx: RegistryDb) => {
    // A bitmap over a month of facts is exact with room for it; JIT costs more than this query takes.
    await sql`set local work_mem = '64MB'`.execute(trx);
    await sql`set local jit = off`.execute(trx);
    return (await changes.execute(trx)).rows;
  };
  const rows = db.isTransaction ? (await changes.execute(db)).rows : await db.transaction().execute(run);
  return rows.map((r) => Number(r.id));
}

/** The statement behind policyChangedHouseholds (null when the months are equal); exposed for EXPLAIN in benchmarks. */
export function policyChangesSql(query: PolicyChangeQuery) {
  if (!isValidMonth(query.from) || !isValidMonth(query.month)) throw invalid('REGISTRY_INVALID_MONTH', `月份格式错误：${query.from} / ${query.month}（应为 YYYY-MM）`);
  if (query.divisionPrefixes.length === 0 || query.divisionPrefixes.some((p) => !/^\d{0,12}$/.test(p))) {
    throw invalid('REGISTRY_INVALID_DIVISION', `区划代码前缀无效：${query.divisionPrefixes.join(',')}`);
  }
  const [early, late] = query.from <= query.month ? [query.from, query.month] : [query.month, query.from];
  if (early === late) return null;
  const lo = firstDayOfMonth(early);
  const hi = firstDayOfMonth(late);
  const windowLo = firstDayOfMonth(addMonths(early, -12));
  const windowHi = firstDayOfMonth(addMonths(late, -12));
  const likes = query.divisionPrefixes.map((p) => `${p}%`);
  // Each kind counts where a row reads it: a balance or income from valid_from <= day; income and flags
  // while day < valid_to; an expense when paid in [day − 12 months, day).
  return sql<{ id: string | number }>`
    with facts as (
      select f.subject_type, f.subject_id from registry.facts f
      where f.valid_from > ${lo}::date and f.valid_from <= ${hi}::date and (f.kind like 'income.%' or f.kind in ${sql.raw(DATED_KINDS)})
      union
      select f.subject_type, f.subject_id from registry.facts f
      where f.valid_to > ${lo}::date and f.valid_to <= ${hi}::date and (f.kind like 'income.%' or f.kind in ${sql.raw(ENDING_KINDS)})
      union
      select f.subject_type, f.subject_id from registry.facts f
      where f.valid_from >= ${lo}::date and f.valid_from < ${hi}::date and f.kind in ${sql.raw(EXPENSE_KINDS)}
      union
      -- Separate from the range above (not OR-ed): each is then read from the index alone.
      select f.subject_type, f.subject_id from registry.facts f
      where f.valid_from >= ${windowLo}::date and f.valid_from < ${windowHi}::date and f.kind in ${sql.raw(EXPENSE_KINDS)}
    ), changed as (
      select m.household_id as id from registry.household_members m where m.since > ${lo}::date and m.since <= ${hi}::date
      union
      select m.household_id from registry.household_members m where m.until > ${lo}::date and m.until <= ${hi}::date
      union
      -- Memberships in force at some time between the two days: the households a person's change reaches.
      select m.household_id from registry.persons p join registry.household_members m on m.person_id = p.id
      where p.death_date > ${lo}::date and p.death_date <= ${hi}::date and m.since <= ${hi}::date and (m.until is null or m.until > ${lo}::date)
      union
      select m.household_id from facts f join registry.household_members m on m.person_id = f.subject_id
      where f.subject_type = 'person' and m.since <= ${hi}::date and (m.until is null or m.until > ${lo}::date)
      union
      select f.subject_id from facts f where f.subject_type = 'household'
    )
    select h.id from registry.households h join changed c on c.id = h.id
    where h.division_code like any (${sql.val(likes)}::text[])
    order by h.id`;
}
