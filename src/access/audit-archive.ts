import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { canonicalJson, entryHash, GENESIS_HASH } from './audit.js';
import type { AccessTables } from './model.js';

/** 网络安全法 第二十一条: network logs are kept at least six months. */
export const MIN_RETENTION_MONTHS = 6;
export const DEFAULT_RETENTION_MONTHS = 36;

/** What sits beside each archive file, signed with the anchor key: the file's hash and where it sits in the chain. */
export interface ArchiveManifest {
  month: string;
  file: string;
  fileSha256: string;
  entries: number;
  firstId: number;
  lastId: number;
  /** The hash the month's first entry links to: the previous month's last hash (the genesis for the first). */
  firstPrevHash: string;
  lastHash: string;
  archivedAt: string;
  mac: string;
}

const macOf = (key: Buffer, manifest: Omit<ArchiveManifest, 'mac'>) => createHmac('sha256', key).update(canonicalJson(manifest)).digest('hex');

/** Months 'YYYY-MM' in Asia/Shanghai. */
const shanghaiMonth = (date: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(date);
const addMonths = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
};

/** The owner creates this month's partition and the next `ahead` (the application role cannot). */
export async function ensureAuditPartitions(db: Kysely<AccessTables>, now = new Date(), ahead = 12): Promise<void> {
  const first = shanghaiMonth(now);
  for (let i = 0; i <= ahead; i++) await sql`select access.create_audit_partition(${`${addMonths(first, i)}-01`}::date)`.execute(db);
}

/** Months of the log still in the database, oldest first, with their partition's name. */
async function partitions(db: Kysely<AccessTables>): Promise<{ month: string; table: string }[]> {
  const rows = await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'access.audit_log'::regclass and c.relname ~ '^audit_log_\\d{4}_\\d{2}$' order by c.relname`.execute(db);
  return rows.rows.map((r) => ({ month: r.name.slice(10).replace('_', '-'), table: r.name }));
}

export interface ArchiveOptions {
  dir: string;
  key: Buffer;
  retentionMonths?: number;
  now?: Date;
}

/**
 * Moves every month older than the retention out of the database, oldest first: its rows (chain order) to
 * `audit-YYYY-MM.ndjson.gz`, a signed manifest beside it, the file read back and its chain recomputed, then
 * the boundary recorded in access.audit_archives and the partition dropped — in one transaction, so a crash
 * leaves either the month in the database or the month archived. Months are never skipped: the chain in the
 * database always continues from the last archived hash.
 */
export async function archiveAuditMonths(db: Kysely<AccessTables>, options: ArchiveOptions): Promise<ArchiveManifest[]> {
  const retention = options.retentionMonths ?? DEFAULT_RETENTION_MONTHS;
  if (!Number.isSafeInteger(retention) || retention < MIN_RETENTION_MONTHS) throw new Error(`审计日志至少保存 ${MIN_RETENTION_MONTHS} 个月（网络安全法第二十一条），不能设为 ${retention}`);
  // Kept: this month and the `retention` months before it.
  const oldestKept = addMonths(shanghaiMonth(options.now ?? new Date()), -retention);
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  const done: ArchiveManifest[] = [];
  for (const { month, table } of await partitions(db)) {
    if (month >= oldestKept) break;
    done.push(await archiveMonth(db, month, table, options));
  }
  return done;
}

async function archiveMonth(db: Kysely<AccessTables>, month: string, table: string, options: ArchiveOptions): Promise<ArchiveManifest> {
  return db.transaction().execute(async (trx) => {
    // No entry is written into an old month, but the lock keeps an archive and a verify from crossing.
    await sql`lock table ${sql.table(`access.${table}`)} in exclusive mode`.execute(trx);
    const previous = await trx.selectFrom('access.audit_archives').select(['month', 'last_hash', 'last_id']).orderBy('month', 'desc').limit(1).executeTakeFirst();
    const file = `audit-${month}.ndjson.gz`;
    const path = join(options.dir, file);
    const temporary = `${path}.${process.pid}.tmp`;
    let entries = 0;
    // An empty month keeps the boundary where it was.
    let lastId = Number(previous?.last_id ?? 0);
    let firstId = lastId;
    let firstPrevHash = '';
    let lastHash = previous?.last_hash ?? GENESIS_HASH;
    const pageSize = 5000;
    async function* lines(): AsyncGenerator<string> {
      let after = 0;
      for (;;) {
        const rows = await trx
          .selectFrom(`access.${table}` as 'access.audit_log')
          .selectAll()
          .where('id', '>', after)
          .orderBy('id')
          .limit(pageSize)
          .execute();
        for (const row of rows) {
          if (entries === 0) {
            firstId = row.id;
            firstPrevHash = row.prev_hash;
          }
          // The month must continue the chain exactly where the last archive ended, and hold together.
          if (row.prev_hash !== lastHash || entryHash(row.prev_hash, row) !== row.hash) throw new Error(`审计日志 ${month} 第 ${row.id} 条与哈希链不符：先运行 minzheng audit verify，未归档`);
          entries++;
          lastId = row.id;
          lastHash = row.hash;
          after = row.id;
          yield `${JSON.stringify(row)}\n`;
        }
        if (rows.length < pageSize) return;
      }
    }
    await pipeline(Readable.from(lines()), createGzip(), createWriteStream(temporary, { mode: 0o400 }));
    if (entries === 0) {
      firstPrevHash = lastHash;
    }
    const fileSha256 = createHash('sha256').update(readFileSync(temporary)).digest('hex');
    const unsigned = { month, file, fileSha256, entries, firstId, lastId, firstPrevHash, lastHash, archivedAt: new Date().toISOString() };
    const manifest: ArchiveManifest = { ...unsigned, mac: macOf(options.key, unsigned) };
    // Read back before anything is dropped: the file on disk, not the rows in memory, is what survives.
    const check = await verifyArchiveFile(temporary, manifest);
    if (!check.ok) throw new Error(`归档文件校验失败（${month}）：${check.problem}`);
    renameSync(temporary, path);
    writeFileSync(join(options.dir, `audit-${month}.manifest.json`), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o400 });
    await trx.insertInto('access.audit_archives').values({ month, first_id: firstId, last_id: lastId, entries, first_prev_hash: firstPrevHash, last_hash: lastHash, file, file_sha256: fileSha256 }).execute();
    await sql`alter table access.audit_log detach partition ${sql.table(`access.${table}`)}`.execute(trx);
    await sql`drop table ${sql.table(`access.${table}`)}`.execute(trx);
    return manifest;
  });
}

export interface ArchiveCheck {
  ok: boolean;
  entries: number;
  problem?: string;
}

/** A file against its manifest: the bytes' hash, then every entry's hash and link, from firstPrevHash to lastHash. */
export async function verifyArchiveFile(path: string, manifest: Omit<ArchiveManifest, 'mac'>): Promise<ArchiveCheck> {
  if (!existsSync(path)) return { ok: false, entries: 0, problem: '文件缺失' };
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (sha !== manifest.fileSha256) return { ok: false, entries: 0, problem: '文件内容与清单中的哈希不符' };
  let prev = manifest.firstPrevHash;
  let entries = 0;
  const reader = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of reader) {
    if (!line) continue;
    const row = JSON.parse(line) as Parameters<typeof entryHash>[1] & { id: number; prev_hash: string; hash: string; at: string };
    entries++;
    if (row.prev_hash !== prev) return { ok: false, entries, problem: `第 ${row.id} 条与上一条的链接断开` };
    if (entryHash(prev, { ...row, at: new Date(row.at) }) !== row.hash) return { ok: false, entries, problem: `第 ${row.id} 条内容与哈希不符` };
    prev = row.hash;
  }
  if (entries !== manifest.entries || prev !== manifest.lastHash) return { ok: false, entries, problem: `条数或末条哈希与清单不符（${entries}/${manifest.entries}）` };
  return { ok: true, entries };
}

export interface ArchivesVerification {
  ok: boolean;
  months: { month: string; entries: number; ok: boolean; problem?: string }[];
}

/**
 * Every archive in `dir`: its manifest's signature (the anchor key), its file, the links between months, and
 * the database's record of each (access.audit_archives), whose last hash the chain in the database continues.
 */
export async function verifyAuditArchives(db: Kysely<AccessTables>, dir: string, key: Buffer): Promise<ArchivesVerification> {
  const recorded = await db.selectFrom('access.audit_archives').selectAll().orderBy('month').execute();
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^audit-\d{4}-\d{2}\.manifest\.json$/.test(f))
        .sort()
    : [];
  const months: ArchivesVerification['months'] = [];
  let prev = GENESIS_HASH;
  const byMonth = new Map(recorded.map((r) => [r.month, r]));
  const manifests = new Map(files.map((f) => [f.slice(6, 13), f]));
  for (const month of [...new Set([...byMonth.keys(), ...manifests.keys()])].sort()) {
    const name = manifests.get(month);
    const row = byMonth.get(month);
    const fail = (problem: string) => months.push({ month, entries: 0, ok: false, problem });
    if (!name) {
      fail('归档清单缺失');
      continue;
    }
    const manifest = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ArchiveManifest;
    const { mac, ...unsigned } = manifest;
    const expected = Buffer.from(macOf(key, unsigned), 'hex');
    const given = Buffer.from(String(mac), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      fail('清单签名无效：清单被改动，或密钥不符');
      continue;
    }
    if (!row || row.last_hash !== manifest.lastHash || row.first_prev_hash !== manifest.firstPrevHash || Number(row.entries) !== manifest.entries) {
      fail('数据库中的归档记录与清单不符');
      continue;
    }
    if (manifest.firstPrevHash !== prev) {
      fail('与上一个归档月份的链接断开（缺少月份或顺序不符）');
      continue;
    }
    const check = await verifyArchiveFile(join(dir, manifest.file), manifest);
    months.push({ month, entries: check.entries, ok: check.ok, problem: check.problem });
    prev = manifest.lastHash;
  }
  return { ok: months.every((m) => m.ok), months };
}
