/**
 * Audit retention benchmark (issue 22): `minzheng audit archive` and `audit verify --archives` on PostgreSQL.
 *
 *   npx tsx bench/audit-archive.ts [--months 6] [--per-month 20000]
 *
 * A scratch database (DATABASE_URL's cluster, default postgres://postgres@127.0.0.1:5432/postgres) gets
 * `--months` old months of audit entries, `--per-month` each, hash-chained as the server writes them (actors,
 * person reads with a request id and a small detail), loaded with COPY into their month partitions. Then, all in
 * the same run, on the same rows:
 *   - archive: `archiveAuditMonths` (each month read in chain order with its hashes checked, gzipped NDJSON, the
 *     file read back and re-verified, the signed manifest, the partition detached and dropped), against the
 *     baseline of a bare export of the same partitions (`COPY (select … order by id) TO STDOUT` through gzip to a
 *     file: the least any archive must do);
 *   - verify: `verifyAuditArchives` over the files, against the baseline of `verifyAuditChain` over the same rows
 *     while they were still in the database (what an auditor ran before archiving).
 * Prints entries per second, the ratios, the bytes on disk against the partitions' size, and the machine's load.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { archiveAuditMonths, ensureAuditPartitions, verifyAuditArchives, verifyAuditChain, type AccessTables } from '../src/access/index.js';
// The hash the server chains entries with (not part of the module's surface: only the log itself writes entries).
import { entryHash, GENESIS_HASH } from '../src/access/audit.js';
import { copyValue, migrate, openDatabase } from '../src/db/index.js';
import { addMonths } from '../src/kernel/index.js';
import { migrationSources } from '../src/modules.js';

const { values } = parseArgs({ options: { months: { type: 'string', default: '6' }, 'per-month': { type: 'string', default: '20000' } } });
const months = Number(values.months);
const perMonth = Number(values['per-month']);
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `mz_bench_audit_${process.pid}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const FIRST_MONTH = '2024-01';
const seconds = (started: number) => (performance.now() - started) / 1000;
const load = () => execFileSync('uptime').toString().trim();
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

/** The entries as COPY text lines, chained from the genesis hash, spread over each month in order. */
function* entries(): Generator<string> {
  let prev = GENESIS_HASH;
  const roles = ['street_caseworker', 'district_staff', 'city_admin'];
  for (let m = 0; m < months; m++) {
    const month = addMonths(FIRST_MONTH, m);
    const start = new Date(`${month}-01T00:00:00+08:00`).getTime();
    const step = Math.floor((27 * 86_400_000) / perMonth);
    for (let i = 0; i < perMonth; i++) {
      const at = new Date(start + 3_600_000 + i * step);
      const n = m * perMonth + i;
      const fields = {
        at,
        actor_id: (n % 500) + 1,
        actor_username: `user${(n % 500) + 1}`,
        actor_role: roles[n % 3],
        action: n % 7 === 0 ? 'assistance.case.accept' : 'registry.person.read',
        entity_type: n % 7 === 0 ? 'assistance_case' : 'person',
        entity_id: String(100_000 + (n % 90_000)),
        purpose: null,
        result: 'ok' as const,
        detail: n % 7 === 0 ? { caseId: 100_000 + (n % 90_000) } : { fields: ['name', 'address'] },
        source_ip: `10.1.${n % 250}.${(n * 7) % 250}`,
        request_id: `req-${n.toString(16).padStart(12, '0')}`,
        user_agent: null,
      };
      const hash = entryHash(prev, fields);
      yield `${[
        at.toISOString(),
        fields.actor_id,
        fields.actor_username,
        fields.actor_role,
        fields.action,
        fields.entity_type,
        fields.entity_id,
        null,
        fields.result,
        JSON.stringify(fields.detail),
        prev,
        hash,
        fields.source_ip,
        fields.request_id,
        null,
        at.toISOString(),
      ]
        .map(copyValue)
        .join('\t')}\n`;
      prev = hash;
    }
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${load()}`);
  await admin(`create database ${name}`);
  const db = await openDatabase({ url: url.toString(), poolSize: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'mz-audit-bench-'));
  const bareDir = mkdtempSync(join(tmpdir(), 'mz-audit-bare-'));
  try {
    await migrate(db, migrationSources);
    const access = db.kysely.withTables<AccessTables>();
    await ensureAuditPartitions(access, new Date(`${FIRST_MONTH}-02T00:00:00+08:00`), months - 1);
    const total = months * perMonth;
    let started = performance.now();
    await db.copyFrom('copy access.audit_log (at, actor_id, actor_username, actor_role, action, entity_type, entity_id, purpose, result, detail, prev_hash, hash, source_ip, request_id, user_agent, logged_at) from stdin', entries());
    await db.exclusive((s) => s.exec('analyze access.audit_log'));
    console.log(`loaded ${total.toLocaleString('en')} entries over ${months} months (${FIRST_MONTH} …) in ${seconds(started).toFixed(1)} s`);
    const tables = Array.from({ length: months }, (_, m) => `audit_log_${addMonths(FIRST_MONTH, m).replace('-', '_')}`);
    const sizes = await db.exclusive((s) => s.query<{ bytes: string }>(`select sum(pg_total_relation_size(('access.' || t)::regclass))::text as bytes from unnest($1::text[]) t`, [tables]));
    const tableBytes = Number(sizes[0].bytes);

    // Baseline 1: the chain verified in the database, over these rows (what `audit verify` does before archiving).
    started = performance.now();
    const inDb = await verifyAuditChain(access);
    const dbVerifyS = seconds(started);
    if (!inDb.ok || inDb.entries !== total) throw new Error(`chain in the database: ${JSON.stringify(inDb)}`);

    // Baseline 2: a bare gzipped export of the same partitions, in id order.
    started = performance.now();
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (const table of tables) await pipeline(client.query(copyTo(`copy (select * from access.${table} order by id) to stdout`)), createGzip(), createWriteStream(join(bareDir, `${table}.tsv.gz`)));
    } finally {
      await client.end();
    }
    const bareS = seconds(started);
    const bareBytes = readdirSync(bareDir).reduce((n, f) => n + statSync(join(bareDir, f)).size, 0);

    // The archive: every generated month is past a six-month retention on this date.
    const key = Buffer.alloc(32, 9);
    started = performance.now();
    const archived = await archiveAuditMonths(access, { dir, key, retentionMonths: 6, now: new Date(`${addMonths(FIRST_MONTH, months + 6)}-15T12:00:00+08:00`) });
    const archiveS = seconds(started);
    const archivedEntries = archived.reduce((n, m) => n + m.entries, 0);
    if (archived.length !== months || archivedEntries !== total) throw new Error(`archived ${archived.length} months, ${archivedEntries} entries`);
    const archiveBytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

    started = performance.now();
    const verified = await verifyAuditArchives(access, dir, key);
    const verifyS = seconds(started);
    if (!verified.ok || verified.months.reduce((n, m) => n + m.entries, 0) !== total) throw new Error(`archives: ${JSON.stringify(verified.months.filter((m) => !m.ok))}`);
    const after = await verifyAuditChain(access);
    if (!after.ok) throw new Error('the chain left in the database does not continue from the archives');

    const rate = (s: number) => `${Math.round(total / s).toLocaleString('en')} entries/s`;
    console.log(`\nAudit archive and verify (${total.toLocaleString('en')} entries, ${months} months, PostgreSQL)`);
    console.log(`  baseline: bare gzipped COPY export      ${bareS.toFixed(2)} s  (${rate(bareS)}), ${mb(bareBytes)}`);
    console.log(`  audit archive                           ${archiveS.toFixed(2)} s  (${rate(archiveS)}) = ${(archiveS / bareS).toFixed(2)}× the bare export; ${mb(archiveBytes)} on disk for ${mb(tableBytes)} of partitions`);
    console.log(`  baseline: chain verified in the database ${dbVerifyS.toFixed(2)} s  (${rate(dbVerifyS)})`);
    console.log(`  audit verify --archives                 ${verifyS.toFixed(2)} s  (${rate(verifyS)}) = ${(verifyS / dbVerifyS).toFixed(2)}× verifying in the database`);
    console.log(`  after: chain in the database continues from the archives (${after.entries} entries left); machine: ${load()}`);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(bareDir, { recursive: true, force: true });
    await admin(`drop database if exists ${name} with (force)`);
  }
}

await main();
