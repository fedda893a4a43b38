/**
 * Bench data for assistance: a district's population of 低保 households. The registry rows are generated
 * directly in SQL (a benchmark fixture, not a module: the registry's own API would take hours for this
 * many); the cases go through assistance's bulk loader, so they carry the same projection as real ones.
 */
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../src/db/index.js';
import { migrationSources } from '../src/modules.js';
import { maskAccount, type AccountVault } from '../src/assistance/deps.js';

export const BENCH_DISTRICT = '310115000000';
/** The 浦东新区 streets used for the bench population (9-digit township codes + 000). */
export const BENCH_STREETS = ['310115004000', '310115005000', '310115006000', '310115007000', '310115008000', '310115009000', '310115010000', '310115011000'];

/** Bank accounts for the first `count` cases (case id = household id), for the bank-file step. */
export async function seedAccounts(db: Database, accounts: AccountVault, count: number): Promise<void> {
  await db.copyFrom(
    'copy assistance.payee_accounts (case_id, holder_name, bank_name, account_enc, account_masked) from stdin',
    (function* () {
      for (let g = 1; g <= count; g++) {
        const accountNo = `6228480${String(g).padStart(12, '0')}`;
        yield `${g}\t居民${String(3 * g).padStart(8, '0')}\t上海农商银行\t\\\\x${accounts.encrypt(accountNo).toString('hex')}\t${maskAccount(accountNo)}\n`;
      }
    })(),
  );
}

/**
 * A fresh database: PGlite in this process, or — with DATABASE_URL — a new PostgreSQL database on that server
 * (its `url` for other processes), dropped by `drop()`. `poolSize`: connections of the PostgreSQL pool (default
 * 10, the application's). `keep`: the name of a database to use and keep — created when missing, migrated, not
 * dropped — so a bench can seed a large population once and measure several times (drop it by hand afterwards).
 */
export async function openBenchDatabase(options: { poolSize?: number; keep?: string } = {}): Promise<{ db: Database; url?: string; reused: boolean; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDatabase();
    await migrate(db, migrationSources);
    return { db, reused: false, drop: () => db.close() };
  }
  if (options.keep !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.keep)) throw new Error(`not a database name: ${options.keep}`);
  const name = options.keep ?? `mz_bench_${process.pid}`;
  const admin = async (statement: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const result = await client.query(statement, values);
    await client.end();
    return result.rowCount ?? 0;
  };
  const reused = options.keep !== undefined && (await admin('select 1 from pg_database where datname = $1', [name])) > 0;
  if (!reused) await admin(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openDatabase({ url: target.toString(), poolSize: options.poolSize ?? 10 });
  await migrate(db, migrationSources);
  return {
    db,
    url: target.toString(),
    reused,
    async drop() {
      await db.close();
      if (options.keep === undefined) await admin(`drop database if exists ${name} with (force)`);
    },
  };
}

export interface BenchPopulation {
  householdIds: number[];
  /** Person ids of each household, head first. */
  members: number[][];
}

/**
 * `households` 低保 households under BENCH_STREETS, generated inside the database (generate_series) so a
 * city-sized population loads in seconds. Household h has `sizeOf(h)` members (person ids 3h + k): a head
 * earning (h % 10) × 100 yuan with 10000 yuan of savings, a spouse born 1978, and for size 3 a child born
 * 2012 (a minor in 2024). Every household is eligible for 低保. Keys are generated in index order and
 * foreign-key triggers are off while loading (session_replication_role), or the load would dominate.
 */
export async function seedRegistryPopulation(db: Database, households: number): Promise<BenchPopulation> {
  const street = `(array[${BENCH_STREETS.map((s) => `'${s.slice(0, 9)}001'`).join(',')}])[1 + h % ${BENCH_STREETS.length}]`;
  const size = `(case h % 6 when 0 then 3 when 1 then 2 else 1 end)`;
  await db.exclusive((s) =>
    s.exec(`
      set session_replication_role = replica;
      insert into registry.households (id, division_code, address) select h, ${street}, '' from generate_series(1, ${households}) h;
      insert into registry.persons (id, id_number_hash, id_number_enc, id_number_masked, name, sex, birth_date, hukou_division, residence_division, labour_capacity)
        select 3 * h + k, int8send(3 * h + k), '\\x00'::bytea, '310115********0000', '居民' || lpad((3 * h + k)::text, 8, '0'),
               case when k = 1 then 'F' else 'M' end, case k when 0 then date '1970-01-01' when 1 then date '1978-02-03' else date '2012-06-01' end,
               ${street}, ${street}, 'full'
        from generate_series(1, ${households}) h, generate_series(0, 2) k where k < ${size};
      insert into registry.household_members (household_id, person_id, relation, since)
        select h, 3 * h + k, case k when 0 then 'head' when 1 then 'spouse' else 'child' end, date '2010-01-01'
        from generate_series(1, ${households}) h, generate_series(0, 2) k where k < ${size};
      insert into registry.fact_batches (id, source, row_count) values ('bench-facts', '人社局', ${households * 2});
      insert into registry.facts (subject_type, subject_id, kind, amount_fen, valid_from, source, batch_id)
        select 'person', 3 * h, kind, case kind when 'income.wage' then (h % 10) * 10000 else 1000000 end, date '2024-01-01', '人社局', 'bench-facts'
        from generate_series(1, ${households}) h, unnest(array['income.wage', 'asset.monetary']) kind;
      set session_replication_role = origin;
      select setval('registry.person_id_seq', ${3 * households + 3});
      select setval('registry.household_id_seq', ${households + 1});
      analyze registry.households; analyze registry.persons; analyze registry.household_members; analyze registry.facts;`),
  );
  const householdIds = Array.from({ length: households }, (_, i) => i + 1);
  return { householdIds, members: householdIds.map((h) => Array.from({ length: sizeOf(h) }, (_, k) => 3 * h + k)) };
}

export const sizeOf = (h: number): number => (h % 6 === 0 ? 3 : h % 6 === 1 ? 2 : 1);

/** 低保 for household h in a month with standard S and minors' standard M (rule: Σ member standards − income). */
export function expectedDibaoFen(h: number, standardFen: number, minorStandardFen: number): number {
  const size = sizeOf(h);
  const standards = size === 3 ? 2 * standardFen + minorStandardFen : size * standardFen;
  return standards - (h % 10) * 10000;
}

/**
 * One case per household (case id = household id), generated in SQL. `mix: false`: every case is 低保 in
 * payment from 2024-05 (what a real approval leaves: see bulk-cases.ts, whose reducer-made projection these
 * columns copy). `mix: true`: the spread a live system has — programmes, statuses before and after the
 * decision, decision deadlines and review dates around "today" — over all Shanghai streets, with the
 * applicant as the one person each case covers (enough for the close-relative flag the list computes).
 */
export async function seedCasesSql(db: Database, count: number, options: { mix: boolean; streets: readonly string[]; staffId: number }): Promise<void> {
  const streets = `(array[${options.streets.map((c) => `'${c}'`).join(',')}])[1 + g % ${options.streets.length}]`;
  const mixed = options.mix;
  const status = mixed
    ? `(array['in_payment','in_payment','in_payment','in_payment','in_payment','in_payment','in_payment','in_payment','in_payment','in_payment','in_payment','in_payment','applied','accepted','verified','visited','in_notice','suspended','stopped','rejected'])[1 + (g / 7) % 20]`
    : `'in_payment'`;
  const programme = mixed ? `(array['dibao','dibao','dibao','dibao','dibao','dibao','low_income','low_income','expense_poverty','destitute'])[1 + (g / 3) % 10]` : `'dibao'`;
  // A bulk load: secondary indexes are dropped and built once afterwards (much faster than row by row).
  const indexes = await db.exclusive((s) =>
    s.query<{ indexname: string; indexdef: string }>(`select indexname, indexdef from pg_indexes where schemaname = 'assistance' and tablename in ('cases', 'case_persons') and indexname not like '%pkey'`),
  );
  await db.exclusive((s) =>
    s.exec(`
      ${indexes.map((i) => `drop index assistance.${i.indexname};`).join('\n')}
      set session_replication_role = replica;
      insert into assistance.cases (id, programme, household_id, applicant_person_id, beneficiary_person_id, applicant_name, street_code, district_code, division_code,
        applied_on, created_by, status, version, accepted_by, amount_fen, payment_from, payment_until, notice_ends_on, review_due, due_on, last_verification_id)
      select g, p, g, 3 * g, null, '居民' || lpad((3 * g)::text, 8, '0'), st, substr(st, 1, 6) || '000000', substr(st, 1, 9) || '001',
        a, ${options.staffId}, s, case when s = 'in_payment' then 6 else 3 end, ${options.staffId},
        case when s in ('in_payment', 'suspended', 'stopped') then 100000 end,
        case when s in ('in_payment', 'suspended', 'stopped') then '2024-05' end,
        case when s = 'stopped' then '2024-09' end,
        case when s in ('in_notice', 'in_payment', 'suspended', 'stopped') then a + 10 end,
        case when s in ('in_payment', 'suspended') then a + 365 end,
        case when s in ('in_payment', 'suspended') then a + 365 when s in ('applied', 'accepted', 'verified', 'visited', 'in_notice') then a + 45 end,
        null
      from (select g, ${programme} as p, ${streets} as st, ${status} as s, date '2023-06-01' + (g % 540) as a from generate_series(1, ${count}) g) x;
      insert into assistance.case_persons (case_id, person_id) select g, 3 * g + k from generate_series(1, ${count}) g, generate_series(0, 2) k
        where k < ${mixed ? '1' : '(case g % 6 when 0 then 3 when 1 then 2 else 1 end)'};
      select setval('assistance.case_id_seq', ${count + 1});
      set session_replication_role = origin;
      ${indexes.map((i) => `${i.indexdef};`).join('\n')}
      analyze assistance.cases; analyze assistance.case_persons;`),
  );
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
