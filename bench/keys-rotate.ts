/**
 * Key rotation benchmark (issue 22): `minzheng keys rotate` over a demo city on PostgreSQL.
 *
 *   npx tsx bench/keys-rotate.ts [--persons 20000] [--batch 1000]
 *
 * Baseline, same run, same rows: one bare statement rewriting every sealed ID number in SQL
 * (`update registry.persons set id_number_enc = id_number_enc`) — the floor of touching every row once,
 * without decrypting or re-encrypting. The rotation opens each value (trying the current key first), seals
 * it under the new key and commits one batch at a time with its checkpoint; it is timed as a whole and
 * per 1 000 rows, then `keys check` (a read-only pass) is timed. Uses DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) to create a scratch database, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { rotateKeys } from '../src/cli/key-rotation.js';
import { migrate, openDatabase } from '../src/db/index.js';
import { withKeyring } from '../src/kernel/keyring.js';
import { IdVault, loadDemoCity } from '../src/registry/index.js';
import { migrationSources } from '../src/modules.js';

const { values } = parseArgs({ options: { persons: { type: 'string', default: '20000' }, batch: { type: 'string', default: '1000' } } });
const persons = Number(values.persons);
const batchSize = Number(values.batch);
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `mz_opsb_keys_${process.pid}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const seconds = (started: number) => (performance.now() - started) / 1000;
const load = () => execFileSync('uptime').toString().trim();

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

async function main(): Promise<void> {
  console.log(`machine: ${load()}`);
  await admin(`create database ${name}`);
  const db = await openDatabase({ url: url.toString(), poolSize: 2 });
  try {
    await migrate(db, migrationSources);
    const oldKey = randomBytes(32);
    let started = performance.now();
    await loadDemoCity(db, new IdVault(oldKey), { seed: 20241, persons });
    console.log(`demo city: ${persons.toLocaleString('en')} persons in ${seconds(started).toFixed(1)} s`);

    started = performance.now();
    await db.exclusive((s) => s.query('update registry.persons set id_number_enc = id_number_enc'));
    const bare = seconds(started);
    await db.exclusive((s) => s.query('vacuum registry.persons'));

    const rotating = withKeyring(randomBytes(32), [oldKey], oldKey);
    started = performance.now();
    const reports = await rotateKeys(db, rotating, { batchSize });
    const rotation = seconds(started);
    const resealed = reports.reduce((n, r) => n + r.resealed, 0);
    started = performance.now();
    const check = await rotateKeys(db, rotating, { dryRun: true, batchSize });
    const checkTime = seconds(started);
    const stale = check.reduce((n, r) => n + r.resealed, 0);
    console.log(`bare rewrite of every row (one UPDATE, no crypto): ${bare.toFixed(2)} s (baseline)`);
    console.log(
      `keys rotate (batches of ${batchSize}, checkpoint per batch): ${resealed.toLocaleString('en')} values re-sealed in ${rotation.toFixed(2)} s — ${(rotation / bare).toFixed(2)}× the baseline, ${((rotation / resealed) * 1000 * 1000).toFixed(0)} ms per 1 000`,
    );
    console.log(`keys check (read-only pass): ${checkTime.toFixed(2)} s, ${stale} values still under the old key`);
    console.log(`machine after: ${load()}`);
  } finally {
    await db.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
