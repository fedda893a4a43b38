/**
 * Demo-city generator into PostgreSQL: persons per second, peak memory, and — measured in the same run,
 * on the same server — raw COPY of as many pre-rendered minimal rows as the generator wrote.
 *
 *   npx tsx bench/generator.ts [--persons 1000000] [--seed 20241] [--seal-threads 1] [--no-bulk] [--keep]
 *
 * --seal-threads: worker threads for the ID-number hash + encryption (0 = on the main thread).
 *
 * Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) to create a scratch database,
 * which it drops at the end (unless --keep).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate, openDatabase, type Database } from '../src/db/index.js';
import { migrationSources } from '../src/modules.js';
import { demoCityProgressBar, IdVault, loadDemoCity, type DemoCityProgress } from '../src/registry/index.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20241' },
    'seal-threads': { type: 'string', default: '1' },
    'no-bulk': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const persons = Number(values.persons);
const seed = Number(values.seed);
const threads = Number(values['seal-threads']);
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `mz_bench_generator_${process.pid}`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Raw COPY of `rows` minimal rows into an index-free table: one pre-rendered 64 KB chunk sent again and again. */
async function rawCopy(db: Database, rows: number): Promise<number> {
  await db.exclusive((s) => s.exec('create table public.bench_raw (id bigint, v text)'));
  const perChunk = 5000;
  const chunk = Array.from({ length: perChunk }, (_, i) => `${1_000_000 + i}\tx\n`).join('');
  const tail = Array.from({ length: rows % perChunk }, (_, i) => `${1_000_000 + i}\tx\n`).join('');
  function* lines(): Generator<string> {
    for (let i = 0; i < Math.floor(rows / perChunk); i++) yield chunk;
    if (tail) yield tail;
  }
  const started = performance.now();
  await db.copyFrom('copy public.bench_raw (id, v) from stdin', lines());
  const seconds = (performance.now() - started) / 1000;
  await db.exclusive((s) => s.exec('drop table public.bench_raw'));
  return seconds;
}

await admin(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openDatabase({ url: url.toString() });
try {
  await migrate(db, migrationSources);
  const loadBefore = loadavg()[0];
  const bar = demoCityProgressBar();
  const rssSamples: string[] = [];
  let nextSample = 0.1;
  const onProgress = (done: number, total: number, p: DemoCityProgress) => {
    bar(done, total, p);
    while (p.fraction >= nextSample - 1e-9 && nextSample <= 1.0001) {
      rssSamples.push(`${Math.round(nextSample * 100)}%:${mb(process.memoryUsage().rss)}`);
      nextSample += 0.1;
    }
  };
  const cpuBefore = process.cpuUsage();
  const secret = randomBytes(32);
  const summary = await loadDemoCity(db, new IdVault(secret), {
    seed,
    persons,
    bulk: !values['no-bulk'],
    onProgress,
    sealInWorkers: threads > 0 ? { secret, threads } : undefined,
  });
  const cpu = process.cpuUsage(cpuBefore);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const [{ n }] = await db.exclusive((s) => s.query<{ n: number }>('select count(*)::int as n from registry.persons'));
  if (n !== persons) throw new Error(`expected ${persons} persons, found ${n}`);
  const [{ size }] = await db.exclusive((s) => s.query<{ size: number }>('select pg_database_size(current_database()) as size'));
  const rows = summary.persons * 2 + summary.households + summary.facts + summary.organisations;
  const rawSeconds = await rawCopy(db, rows);
  const loadAfter = loadavg()[0];

  console.log(`\n演示城市生成器 → PostgreSQL (${db.kind}), ${persons.toLocaleString('en-US')} 人, seed ${seed}, bulk ${!values['no-bulk']}`);
  console.log(`  persons ${summary.persons}, households ${summary.households}, facts ${summary.facts}, organisations ${summary.organisations}, committees ${summary.committees}`);
  console.log(`  rows written (persons + members + households + facts + organisations): ${rows.toLocaleString('en-US')}; database size ${mb(size)}`);
  console.log(`  generator: ${summary.seconds.toFixed(1)} s total, ${Math.round(persons / summary.seconds).toLocaleString('en-US')} persons/s, ${Math.round(rows / summary.seconds).toLocaleString('en-US')} rows/s`);
  console.log(`  node CPU (all threads): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)}, system ${(cpu.system / 1e6).toFixed(1)})`);
  console.log(`  peak RSS: ${mb(peakRss)}; RSS during the load: ${rssSamples.join(' ')}`);
  console.log(`  baseline raw COPY of ${rows.toLocaleString('en-US')} pre-rendered minimal rows: ${rawSeconds.toFixed(1)} s, ${Math.round(rows / rawSeconds).toLocaleString('en-US')} rows/s`);
  console.log(`  ratio generator / raw COPY (same row count): ${(summary.seconds / rawSeconds).toFixed(2)}×`);
  console.log(`  machine load average (1 min): ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (2 cores)`);
} finally {
  await db.close();
  if (!values.keep) await admin(`drop database if exists ${name} with (force)`);
}
