/**
 * Shared set-up of the policy benchmarks: a synthetic city loaded with loadDemoCity into a PostgreSQL
 * database of its own, `mz_bench_policy_<persons>_<seed>`. With `reuse` an existing database of that name
 * (loaded completely by an earlier run) is used as it is; otherwise it is dropped and loaded again.
 *
 *   npx tsx bench/policy-city.ts --persons 1000000 [--seed 20241]   # only load (and keep) the city
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../src/db/index.js';
import { migrationSources } from '../src/modules.js';
import { demoCityProgressBar, IdVault, loadDemoCity } from '../src/registry/index.js';

export const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
/** The generator's "today", fixed so that reused cities and fresh ones screen the same month. */
export const CITY_TODAY = '2025-03-15';
export const CITY_MONTH = '2025-03';

export interface BenchCity {
  db: Database;
  url: string;
  name: string;
  households: number;
  persons: number;
  loadSeconds: number | null;
}

async function admin<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function openBenchCity(persons: number, seed: number, reuse: boolean): Promise<BenchCity> {
  const name = `mz_bench_policy_${persons}_${seed}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const exists = (await admin('select 1 from pg_database where datname = $1', [name])).length > 0;
  let loadSeconds: number | null = null;
  if (reuse && exists) {
    const db = await openDatabase({ url: url.toString() });
    await migrateKeepingRegistry(db);
    const [row] = await db.exclusive((s) => s.query<{ done: boolean }>("select exists (select 1 from registry.fact_batches where id = 'demo-' || $1) as done", [String(seed)]));
    if (row?.done) return { db, url: url.toString(), name, ...(await counts(db)), loadSeconds };
    await db.close();
  }
  if (exists) await admin(`drop database ${name} with (force)`);
  await admin(`create database ${name}`);
  const db = await openDatabase({ url: url.toString() });
  await migrate(db, migrationSources);
  const secret = randomBytes(32);
  const started = performance.now();
  await loadDemoCity(db, new IdVault(secret), { seed, persons, today: CITY_TODAY, onProgress: demoCityProgressBar(), sealInWorkers: { secret, threads: 1 } });
  loadSeconds = (performance.now() - started) / 1000;
  // A registry in service is vacuumed by autovacuum (its tables are mostly appended to); a fresh load is not.
  await db.exclusive((s) => s.exec('vacuum (analyze)'));
  return { db, url: url.toString(), name, ...(await counts(db)), loadSeconds };
}

/**
 * Migrations of a reused city. Other modules' migrations change while they are being written; the city
 * only needs the registry's tables, so every other module is dropped and migrated afresh when one of
 * their files changed since the city was loaded.
 */
async function migrateKeepingRegistry(db: Database): Promise<void> {
  try {
    await migrate(db, migrationSources);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('was changed after it was applied') || error.message.includes('registry/')) throw error;
    const others = migrationSources.map((s) => s.module).filter((m) => m !== 'core' && m !== 'registry');
    await db.exclusive((s) =>
      s.exec(`${others.map((m) => `drop schema if exists ${m} cascade;`).join('\n')}
      delete from core.migrations where module in (${others.map((m) => `'${m}'`).join(', ')});`),
    );
    await migrate(db, migrationSources);
  }
}

async function counts(db: Database): Promise<{ households: number; persons: number }> {
  const [row] = await db.exclusive((s) => s.query<{ households: number; persons: number }>('select (select count(*) from registry.households)::int as households, (select count(*) from registry.persons)::int as persons'));
  return row;
}

export async function dropBenchCity(name: string): Promise<void> {
  await admin(`drop database if exists ${name} with (force)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { persons: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '20241' } } });
  const city = await openBenchCity(Number(values.persons), Number(values.seed), true);
  console.log(`${city.name}: ${city.persons} persons, ${city.households} households${city.loadSeconds === null ? ' (reused)' : `, loaded in ${city.loadSeconds.toFixed(1)} s`}`);
  await city.db.close();
}
