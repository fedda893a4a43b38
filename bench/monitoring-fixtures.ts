/**
 * Shared set-up of the monitoring benchmarks: a database (PGlite in memory, or a scratch database on the
 * DATABASE_URL server, dropped at the end), migrated, with the synthetic demo city loaded and monitoring's
 * person index synced from it, and department rows drawn from that city.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testConfig } from '../src/testing/db.js';
import { migrate, openDatabase, type Database } from '../src/db/index.js';
import { migrationSources } from '../src/modules.js';
import { loadDemoCity } from '../src/registry/demo-city/index.js';
import { IdVault } from '../src/registry/index.js';
import { monitoringDeps, syncPersonIndex, type MonitoringDeps, type MonitoringTables } from '../src/monitoring/index.js';

export interface BenchCity {
  db: Database;
  deps: MonitoringDeps;
  persons: number;
  households: number;
  loadSeconds: number;
  syncSeconds: number;
  drop(): Promise<void>;
}

export async function openBenchCity(persons: number, seed = 20241): Promise<BenchCity> {
  const url = process.env.DATABASE_URL;
  let db: Database;
  let databaseUrl: string | undefined;
  let drop = async () => db.close();
  if (url) {
    const name = `mz_bench_mon_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(url);
    target.pathname = `/${name}`;
    databaseUrl = target.toString();
    db = await openDatabase({ url: databaseUrl, poolSize: 10 });
    drop = async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else db = await openDatabase();
  await migrate(db, migrationSources);
  const config = testConfig({ databaseUrl });
  let started = performance.now();
  const summary = await loadDemoCity(db, new IdVault(config.secretKey), { seed, persons });
  const loadSeconds = (performance.now() - started) / 1000;
  const deps = monitoringDeps({ db, config });
  started = performance.now();
  await syncPersonIndex(deps, null);
  const syncSeconds = (performance.now() - started) / 1000;
  return { db, deps, persons: summary.persons, households: summary.households, loadSeconds, syncSeconds, drop };
}

export interface CityPerson {
  personId: number;
  householdId: number | null;
  birthDate: string;
  living: number;
}

/** The living persons of the city with their household size, from monitoring's index. */
export async function cityPersons(deps: MonitoringDeps): Promise<CityPerson[]> {
  const db = deps.db.kysely.withTables<MonitoringTables>();
  const rows = await db.selectFrom('monitoring.persons').select(['person_id', 'household_id', 'birth_date']).where('death_date', 'is', null).orderBy('person_id').execute();
  const size = new Map<number, number>();
  for (const r of rows) if (r.household_id !== null) size.set(r.household_id, (size.get(r.household_id) ?? 0) + 1);
  return rows.map((r) => ({ personId: r.person_id, householdId: r.household_id, birthDate: r.birth_date ?? '1970-01-01', living: r.household_id === null ? 1 : (size.get(r.household_id) ?? 1) }));
}

/** Deterministic pseudo-random numbers (mulberry32): the same rows every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const secondsSince = (start: number): number => (performance.now() - start) / 1000;
export const rate = (n: number, seconds: number): string => `${Math.round(n / seconds).toLocaleString('en-US')}/s`;
