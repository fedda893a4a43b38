/**
 * The policy engine's population, computed in SQL from the registry's own tables: one text row per current
 * member for month M, ordered by household, in PostgreSQL COPY text format (tab-separated, "\n"-ended).
 * Same semantics as `householdPolicyInput` (see the table in policy-input.ts; policy-columns.test.ts
 * checks that both agree household by household), so the policy module never reads registry tables.
 *
 * Columns, all integers (so a reader can parse bytes without building strings):
 *   household_id, division_code (the household's 12-digit division), person_id, birth_day (days since
 *   1970-01-01: formatting a date costs the server more than the whole transfer of the number),
 *   hukou_shanghai 0/1, disability_grade 0–4, labour_code (0 full, 1 partial, 2 none), orphan 0/1,
 *   monthly_income_fen, monetary_assets_fen, owns_vehicle 0/1,
 *   rigid_expenses_12m_fen (household, repeated on each member row), has_legal_supporter 0/1 (household).
 * Members come in householdPolicyInput's order (head first, then by since, then by person id), because
 * household-level income, asset and vehicle facts count for the first member listed.
 * Households without a current member have no rows.
 * For a few households inside a caller's transaction (a re-screen after an event) use `policyRowsText`.
 *
 * PostgreSQL: one `COPY (…) TO STDOUT` on a connection of its own (one statement: one consistent snapshot),
 * streamed as it arrives. PGlite: the same select, a chunk of households at a time aggregated into one
 * string per chunk (no row objects), all chunks read in one repeatable-read transaction.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database } from '../db/index.js';
import { addMonths, firstDayOfMonth, invalid, isValidMonth, type IsoDate, type Month } from '../kernel/index.js';
import type { RegistryDb } from './model.js';

export const POLICY_ROW_COLUMNS = [
  'household_id',
  'division_code',
  'person_id',
  'birth_day',
  'hukou_shanghai',
  'disability_grade',
  'labour_code',
  'orphan',
  'monthly_income_fen',
  'monetary_assets_fen',
  'owns_vehicle',
  'rigid_expenses_12m_fen',
  'has_legal_supporter',
] as const;

export interface PolicyRowsOptions {
  readonly month: Month;
  /** Division code prefixes, e.g. ['310101'] (黄浦区) or ['31'] (the city); a household matches any of them ('' = all). */
  readonly divisionPrefixes: readonly string[];
  /** Only these households (e.g. one household re-read after an event). */
  readonly householdIds?: readonly number[];
  /** PostgreSQL: the connection string for the COPY connection (`Database` keeps its pool to itself). */
  readonly databaseUrl?: string;
  /** PGlite: households per chunk (default 20,000). */
  readonly chunkHouseholds?: number;
}

// policy-changes.ts lists the same kinds by how their dates count: keep the two in step.
const FACT_KINDS = "('asset.monetary', 'vehicle', 'expense.medical', 'expense.education', 'orphan', 'legal_supporter')";

/** Literals are inlined (COPY takes no parameters), so every input is checked to be digits or a date first. */
function checked(options: PolicyRowsOptions): { day: string; yearBefore: string; prefixes: string; ids: string | null } {
  if (!isValidMonth(options.month)) throw invalid('REGISTRY_INVALID_MONTH', `月份格式错误：${options.month}（应为 YYYY-MM）`);
  if (options.divisionPrefixes.length === 0 || options.divisionPrefixes.some((p) => !/^\d{0,12}$/.test(p))) {
    throw invalid('REGISTRY_INVALID_DIVISION', `区划代码前缀无效：${options.divisionPrefixes.join(',')}`);
  }
  const ids = options.householdIds;
  if (ids?.some((id) => !Number.isSafeInteger(id))) throw invalid('REGISTRY_INVALID_HOUSEHOLD', '家庭编号无效');
  return {
    day: firstDayOfMonth(options.month),
    yearBefore: firstDayOfMonth(addMonths(options.month, -12)),
    prefixes: options.divisionPrefixes.map((p) => `'${p}%'`).join(', '),
    // An array literal: a month's changed households can be a few hundred thousand ids.
    ids: ids ? `'{${ids.join(',')}}'::bigint[]` : null,
  };
}

/** Current facts of one subject type aggregated per subject (hash aggregate, no sort). */
function factAggregate(subjectType: 'person' | 'household', day: string, yearBefore: string, restrict: string): string {
  const d = `'${day}'::date`;
  const validOn = `(f.valid_to is null or f.valid_to > ${d})`;
  return `
      select f.subject_id,
        sum(f.amount_fen) filter (where f.kind like 'income.%' and ${validOn}) as income,
        max(array[f.valid_from - date '2000-01-01', f.id, coalesce(f.amount_fen, 0)]) filter (where f.kind = 'asset.monetary') as asset,
        bool_or(f.kind = 'orphan' and ${validOn}) as orphan,
        bool_or(f.kind = 'vehicle' and ${validOn} and (f.attributes -> 'disabledMobility') is distinct from 'true'::jsonb) as vehicle,
        sum(f.amount_fen) filter (where f.kind in ('expense.medical', 'expense.education') and f.valid_from >= '${yearBefore}'::date and f.valid_from < ${d}) as rigid,
        count(*) filter (where f.kind = 'legal_supporter' and ${validOn}) as supporters,
        bool_or(f.kind = 'legal_supporter' and ${validOn} and (f.attributes -> 'able') = 'true'::jsonb) as able
      from registry.facts f
      where f.subject_type = '${subjectType}' and f.valid_from <= ${d} and (f.kind like 'income.%' or f.kind in ${FACT_KINDS})
        and not exists (select 1 from registry.facts s where s.supersedes = f.id)${restrict}
      group by f.subject_id`;
}

/**
 * The select behind both back ends; `window` narrows the households (a PGlite chunk). Facts are
 * aggregated once per subject (hash aggregate, no sort), then joined to the members: a household-level
 * fact adds to its first member (ord 1), household totals are window sums over the members. The latest
 * asset balance is max(array[valid_from, id, amount]): the array order is householdPolicyInput's
 * "latest valid_from, then latest id". For part of the city, only the facts of its persons and
 * households are aggregated (hashed sub-plans); for the whole city every current fact is.
 */
function rowsSelect(options: PolicyRowsOptions, window = ''): { from: string; columns: string[]; order: string } {
  const { day, yearBefore, prefixes, ids } = checked(options);
  const d = `'${day}'::date`;
  const whole = ids === null && window === '' && options.divisionPrefixes.some((p) => p.length <= 2);
  const from = `
    with hh as (
      select h.id, h.division_code from registry.households h
      where h.division_code like any (array[${prefixes}])${ids === null ? '' : ` and h.id = any (${ids})`} ${window}
    ), mem as (
      select m.household_id, hh.division_code, p.id as person_id, p.birth_date, p.hukou_division, p.disability_grade, p.labour_capacity, m.relation, m.since
      from hh join registry.household_members m on m.household_id = hh.id join registry.persons p on p.id = m.person_id
      where m.since <= ${d} and (m.until is null or m.until > ${d}) and (p.death_date is null or p.death_date > ${d})
    ), fp as (${factAggregate('person', day, yearBefore, whole ? '' : ' and f.subject_id in (select person_id from mem)')}
    ), fh as (${factAggregate('household', day, yearBefore, whole ? '' : ' and f.subject_id in (select id from hh)')}
    ), ranked as (
      select mem.*, fp.income, fp.asset, fp.orphan, fp.vehicle,
        row_number() over (partition by mem.household_id order by (mem.relation = 'head') desc, mem.since, mem.person_id) as ord,
        sum(fp.rigid) over (partition by mem.household_id) as member_rigid,
        sum(fp.supporters) over (partition by mem.household_id) as member_supporters,
        bool_or(fp.able) over (partition by mem.household_id) as member_able
      from mem left join fp on fp.subject_id = mem.person_id
    )
    select r.*, fh.income as h_income, fh.asset as h_asset, fh.vehicle as h_vehicle, fh.rigid as h_rigid, fh.supporters as h_supporters, fh.able as h_able
    from ranked r left join fh on fh.subject_id = r.household_id`;
  const head = (expr: string) => `case when ord = 1 then ${expr} end`;
  const columns = [
    'household_id',
    'division_code',
    'person_id',
    "birth_date - date '1970-01-01'",
    "(left(hukou_division, 2) = '31')::int",
    'coalesce(disability_grade, 0)',
    "case labour_capacity when 'full' then 0 when 'partial' then 1 else 2 end",
    'coalesce(orphan, false)::int',
    `coalesce(income, 0) + coalesce(${head('h_income')}, 0)`,
    `coalesce((greatest(asset, ${head('h_asset')}))[3], 0)`,
    `(coalesce(vehicle, false) or coalesce(${head('h_vehicle')}, false))::int`,
    'coalesce(member_rigid, 0) + coalesce(h_rigid, 0)',
    '(coalesce(member_supporters, 0) + coalesce(h_supporters, 0) = 0 or coalesce(member_able, false) or coalesce(h_able, false))::int',
  ];
  return { from, columns, order: 'household_id, ord' };
}

/** The COPY statement (PostgreSQL). Exposed for EXPLAIN in benchmarks. */
export function policyRowsCopySql(options: PolicyRowsOptions): string {
  const s = rowsSelect(options);
  return `copy (select ${s.columns.join(', ')} from (${s.from}) r order by ${s.order}) to stdout`;
}

/** The same rows as one string (PGlite chunks, or a few households inside a transaction). */
function policyRowsTextSql(options: PolicyRowsOptions, window = ''): string {
  const s = rowsSelect(options, window);
  return `select string_agg(concat_ws(E'\\t', ${s.columns.join(', ')}), E'\\n' order by ${s.order}) || E'\\n' as text from (${s.from}) r`;
}

/** The rows of a few households (e.g. `householdIds` of one event) on any handle, also inside a transaction. */
export async function policyRowsText(db: RegistryDb, options: PolicyRowsOptions): Promise<string> {
  const { rows } = await sql.raw<{ text: string | null }>(policyRowsTextSql(options)).execute(db);
  return rows[0]?.text ?? '';
}

/** Households the persons belong to on `day` (the households a fact about a person changes). */
export async function householdsOfPersons(db: RegistryDb, personIds: readonly number[], day: IsoDate): Promise<number[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .selectFrom('registry.household_members')
    .select('household_id')
    .distinct()
    .where('person_id', 'in', [...personIds])
    .where('since', '<=', day)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', day)]))
    .execute();
  return rows.map((r) => r.household_id);
}

/** COPY text chunks (Buffers on PostgreSQL, Uint8Array on PGlite); a chunk may end in the middle of a row. */
export async function* policyColumnRows(db: Database, options: PolicyRowsOptions): AsyncGenerator<Uint8Array> {
  if (db.kind === 'pg') {
    if (!options.databaseUrl) throw new Error('policyColumnRows on PostgreSQL needs databaseUrl');
    const client = new pg.Client({ connectionString: options.databaseUrl, keepAlive: true });
    // A lost connection fails the COPY stream below; the client's own 'error' event must not end the process.
    client.on('error', () => undefined);
    await client.connect();
    try {
      // Session settings for one big read: JIT compilation of this query costs more than it saves, and
      // the fact aggregate and the member sort fit in memory instead of spilling to disk. Reading given
      // households is index look-ups into pages the server has cached: priced as such (the default prices
      // a random read as four sequential ones, as on a spinning disk) the planner stops scanning whole tables.
      await client.query(`set jit = off; set work_mem = '256MB'${options.householdIds ? '; set random_page_cost = 1.1' : ''}`);
      const stream = client.query(copyTo(policyRowsCopySql(options)));
      for await (const chunk of stream) yield chunk as Buffer;
    } finally {
      await client.end();
    }
    return;
  }
  const chunks = await pgliteChunks(db, options);
  const encoder = new TextEncoder();
  for (const text of chunks) yield encoder.encode(text);
}

async function pgliteChunks(db: Database, options: PolicyRowsOptions): Promise<string[]> {
  const size = options.chunkHouseholds ?? 20_000;
  if (!Number.isSafeInteger(size) || size < 1) throw new Error('chunkHouseholds must be a positive integer');
  const { prefixes, ids } = checked(options);
  const households = `registry.households h where h.division_code like any (array[${prefixes}])${ids === null ? '' : ` and h.id = any (${ids})`}`;
  return db.exclusive(async (session) => {
    await session.exec('begin isolation level repeatable read');
    try {
      const out: string[] = [];
      for (let after = -1; ; ) {
        const [next] = await session.query<{ last: number | null }>(`select max(id) as last from (select h.id from ${households} and h.id > ${after} order by h.id limit ${size}) x`);
        if (next?.last === null || next?.last === undefined) break;
        const last = Number(next.last);
        const [row] = await session.query<{ text: string | null }>(policyRowsTextSql(options, `and h.id > ${after} and h.id <= ${last}`));
        // A chunk whose households all lack current members has no rows.
        if (row?.text) out.push(row.text);
        after = last;
      }
      return out;
    } finally {
      await session.exec('commit');
    }
  });
}

/** Households per district (first six digits) under the prefixes, with or without current members: progress and work split. */
export async function countPolicyHouseholds(db: Database, divisionPrefixes: readonly string[]): Promise<{ district: string; households: number }[]> {
  const { prefixes } = checked({ month: '2000-01', divisionPrefixes });
  return db.exclusive((s) =>
    s.query<{ district: string; households: number }>(`select left(division_code, 6) as district, count(*)::int as households from registry.households where division_code like any (array[${prefixes}]) group by 1 order by 1`),
  );
}
