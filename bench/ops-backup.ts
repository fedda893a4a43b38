/**
 * Operations benchmark (issue 22): backup, restore and the metrics scrape on a demo city in PostgreSQL.
 *
 *   npx tsx bench/ops-backup.ts [--persons 20000] [--scrapes 200] [--keep]
 *
 * Baselines measured in the same run: a bare `pg_dump -Fc` against `backupPostgres` (the same dump from an
 * exported snapshot plus the manifest's exact row counts), `pg_restore` alone against the restore with its
 * count check, and GET /healthz against GET /metrics (which reads the pool, the outbox backlog per handler and
 * the running jobs from the database). Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * to create scratch databases, dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { backupPostgres, compareCounts, countTables, migrate, openDatabase, restorePostgres } from '../src/db/index.js';
import { loadDemoPopulation } from '../src/demo/bootstrap.js';
import { buildApp } from '../src/http/app.js';
import { migrationSources } from '../src/modules.js';
import { testConfig } from '../src/testing/db.js';

const { values } = parseArgs({ options: { persons: { type: 'string', default: '20000' }, scrapes: { type: 'string', default: '200' }, keep: { type: 'boolean', default: false } } });
const persons = Number(values.persons);
const scrapes = Number(values.scrapes);
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const source = `mz_bench_ops_${process.pid}`;
const target = `${source}_restored`;
const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
const seconds = (started: number) => (performance.now() - started) / 1000;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'minzheng-bench-ops-'));
  await admin(`create database ${source}`);
  const db = await openDatabase({ url: urlOf(source), poolSize: 4 });
  try {
    await migrate(db, migrationSources);
    const config = testConfig({ metricsToken: 'b'.repeat(32) });
    let started = performance.now();
    await loadDemoPopulation({ db, config }, { seed: 20241, persons });
    console.log(`demo city: ${persons.toLocaleString('en')} persons loaded in ${seconds(started).toFixed(1)} s`);

    started = performance.now();
    execFileSync('pg_dump', ['--format=custom', `--file=${join(dir, 'bare.dump')}`, `--dbname=${urlOf(source)}`]);
    const bare = seconds(started);
    started = performance.now();
    const manifest = await backupPostgres(urlOf(source), join(dir, 'city.dump'));
    const full = seconds(started);
    const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
    console.log(
      `backup: pg_dump -Fc ${bare.toFixed(2)} s (baseline) | backupPostgres (snapshot + manifest of ${Object.keys(manifest.tables).length} tables, ${rows.toLocaleString('en')} rows) ${full.toFixed(2)} s — ${(full / bare).toFixed(2)}× | file ${(statSync(join(dir, 'city.dump')).size / 1e6).toFixed(1)} MB`,
    );

    started = performance.now();
    await restorePostgres(join(dir, 'city.dump'), urlOf(target));
    const restore = seconds(started);
    const restored = await openDatabase({ url: urlOf(target), poolSize: 1 });
    started = performance.now();
    const differences = compareCounts(manifest, await restored.exclusive((s) => countTables(s)));
    const check = seconds(started);
    await restored.close();
    console.log(`restore: pg_restore --single-transaction ${restore.toFixed(2)} s (baseline) | + count check ${check.toFixed(2)} s — ${((restore + check) / restore).toFixed(2)}× | differences: ${differences.length}`);

    const app = await buildApp({ db, config }, { webDist: '/nonexistent' });
    const time = async (url: string, headers: Record<string, string> = {}) => {
      const samples: number[] = [];
      for (let i = 0; i < scrapes; i++) {
        const t0 = performance.now();
        const response = await app.inject({ url, headers });
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
        samples.push(performance.now() - t0);
      }
      return samples.sort((a, b) => a - b);
    };
    await time('/healthz');
    const health = await time('/healthz');
    const metrics = await time('/metrics', { authorization: `Bearer ${config.metricsToken}` });
    const ready = await time('/readyz');
    const line = (name: string, s: number[]) => `${name} p50 ${percentile(s, 0.5).toFixed(2)} ms, p99 ${percentile(s, 0.99).toFixed(2)} ms`;
    console.log(`scrape (${scrapes} each): ${line('/healthz', health)} (baseline) | ${line('/metrics', metrics)} — p50 ${(percentile(metrics, 0.5) / percentile(health, 0.5)).toFixed(1)}× | ${line('/readyz', ready)}`);
    await app.close();
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    if (!values.keep) {
      await admin(`drop database if exists ${target} with (force)`);
      await admin(`drop database if exists ${source} with (force)`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
