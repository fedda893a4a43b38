import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database, RawSession } from './database.js';
import { APP_ROLE } from './app-role.js';

const execFileAsync = promisify(execFile);

/**
 * Backups that restore (issue 22). PostgreSQL: `pg_dump` in custom format from an exported snapshot, so the
 * row counts written beside it describe exactly what is in the file; restored with `pg_restore` in one
 * transaction into an empty database. The embedded PGlite: its own data-directory dump (a tarball), restored
 * into an empty folder. Either way a manifest (`<file>.manifest.json`) records the row count of every table
 * at the backup's moment, and a restore compares against it before anyone trusts the copy.
 */
export interface BackupManifest {
  format: 'minzheng-backup/1';
  kind: 'pg' | 'pglite';
  createdAt: string;
  /** `schema.table` → rows at the backup's snapshot. */
  tables: Record<string, number>;
  /** `module/NNN_name.sql` applied in the backed-up database. */
  migrations: string[];
}

export const manifestPath = (file: string) => `${file}.manifest.json`;

const TABLES_SQL = `select n.nspname as schema, c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and not c.relispartition and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
  order by 1, 2`;

/**
 * Exact row counts of every table (a partitioned table counts its partitions' rows once, under its own name).
 * `skipUnlogged`: a standby cannot read unlogged tables (caches, empty after a crash anyway), and a backup
 * taken there leaves their data out too.
 */
export async function countTables(session: Pick<RawSession, 'query'>, skipUnlogged = false): Promise<Record<string, number>> {
  const tables = await session.query<{ schema: string; name: string }>(skipUnlogged ? TABLES_SQL.replace('order by', "and c.relpersistence <> 'u' order by") : TABLES_SQL);
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await session.query<{ n: string | number }>(`select count(*) as n from "${t.schema.replaceAll('"', '""')}"."${t.name.replaceAll('"', '""')}"`);
    counts[`${t.schema}.${t.name}`] = Number(row.n);
  }
  return counts;
}

async function appliedMigrations(session: Pick<RawSession, 'query'>): Promise<string[]> {
  const rows = await session.query<{ m: string }>("select module || '/' || name as m from core.migrations order by 1").catch(() => []);
  return rows.map((r) => r.m);
}

/** pg_dump of `url` into `file` (custom format), with the manifest of the same snapshot. */
export async function backupPostgres(url: string, file: string): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    // The snapshot stays valid while this transaction is open: pg_dump reads exactly what was counted.
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ id: string }>('select pg_export_snapshot() as id');
    const session = { query: async <R>(text: string) => (await client.query(text)).rows as R[] };
    // Backing up a replica spares the primary; its unlogged caches are unreadable there and left out.
    const [{ standby }] = await session.query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
    const manifest: BackupManifest = { format: 'minzheng-backup/1', kind: 'pg', createdAt: new Date().toISOString(), tables: await countTables(session, standby), migrations: await appliedMigrations(session) };
    const options = ['--format=custom', `--snapshot=${rows[0].id}`, `--file=${file}`, ...(standby ? ['--no-unlogged-table-data'] : []), `--dbname=${url}`];
    await execFileAsync('pg_dump', options, { maxBuffer: 64 * 1024 * 1024 });
    writeFileSync(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/**
 * Restores a pg_dump file into `targetUrl`, which must be an empty database (created here if it does not
 * exist). Objects are owned by the restoring user (the migration owner); the application role's grants come
 * back with the dump, so the role is created first if this cluster lacks it. One transaction: a failed
 * restore leaves the target empty, never half-filled.
 */
export async function restorePostgres(file: string, targetUrl: string): Promise<void> {
  await ensureEmptyDatabase(targetUrl);
  await execFileAsync('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', `--dbname=${targetUrl}`, file], { maxBuffer: 64 * 1024 * 1024 });
}

async function ensureEmptyDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`恢复目标数据库名 ${name} 不合规：只用小写字母、数字和下划线`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database ${name}`);
    // Roles are cluster-wide: a new cluster lacks it, and the dump's GRANTs name it.
    await client.query(`do $$ begin create role ${APP_ROLE} login nosuperuser nocreatedb nocreaterole noinherit nobypassrls; exception when duplicate_object or unique_violation then null; end $$`);
  } finally {
    await client.end().catch(() => undefined);
  }
  const target = new pg.Client({ connectionString: url });
  target.on('error', () => undefined);
  await target.connect();
  try {
    const { rows } = await target.query<{ n: number }>(`select count(*)::int as n from (${TABLES_SQL}) t`);
    if (rows[0].n > 0) throw new Error(`恢复目标数据库 ${name} 不是空库（已有 ${rows[0].n} 张表）：请恢复到新建的空库，核对后再切换`);
  } finally {
    await target.end().catch(() => undefined);
  }
}

/** The embedded database's own dump (a gzipped tarball of its data directory), taken under its lock. */
export async function backupPglite(db: Database, file: string): Promise<BackupManifest> {
  if (!db.dumpDataDir) throw new Error('not an embedded database');
  const dump = db.dumpDataDir;
  return db.exclusive(async (session) => {
    const manifest: BackupManifest = { format: 'minzheng-backup/1', kind: 'pglite', createdAt: new Date().toISOString(), tables: await countTables(session), migrations: await appliedMigrations(session) };
    const blob = await dump();
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
    writeFileSync(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return manifest;
  });
}

/** Unpacks a PGlite dump into `dataDir`, which must not exist or be empty (never over a live database). */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new Error(`恢复目标目录 ${dataDir} 不是空目录：请恢复到新目录，核对后再切换 DATA_DIR`);
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { loadDataDir: new Blob([readFileSync(file)]) });
  await pglite.close();
}

export function readManifest(file: string): BackupManifest {
  const path = manifestPath(file);
  if (!existsSync(path)) throw new Error(`缺少备份清单 ${path}：无法核对恢复结果`);
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  if (manifest.format !== 'minzheng-backup/1') throw new Error(`备份清单 ${path} 的格式不认识`);
  return manifest;
}

export interface CountDifference {
  table: string;
  expected: number;
  found: number | null;
}

/** Tables whose restored row count differs from the manifest (null: the table is missing). */
export function compareCounts(manifest: BackupManifest, restored: Record<string, number>): CountDifference[] {
  return Object.entries(manifest.tables)
    .filter(([table, n]) => restored[table] !== n)
    .map(([table, expected]) => ({ table, expected, found: restored[table] ?? null }));
}
