/**
 * Daily bulk files of the public register (issue 19 item 8): everything the organisation pages show, for every
 * published organisation, as gzip CSV and JSON, the full set and the changes since the previous build, with a
 * manifest (row counts, sizes, SHA-256 of the bytes served), a schema and a changelog. Built once a day (a second
 * build of the same day answers the stored manifest), page by page: memory stays bounded whatever the register's
 * size, and the bytes are stored in ~1 MB chunks so any instance serves them and a download streams.
 * An organisation is in the changes file when its public record differs from the one of its last build (a digest
 * per organisation), whatever changed it: a step, a report, a list entry, a penalty, a grade published or expired.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { csvLine, formatYuan, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { auditRun, allowRead } from './guard.js';
import type { SocialorgDb } from './model.js';
import { PUBLIC_CSV_HEADER, publicCsvCells, publicDetails, publishedPages, type PublicDetail } from './public.js';

export const BULK_FORMAT_VERSION = '1.0';

/** What changed in the files' format, newest first (the schema's history for the departments that read them). */
export const BULK_CHANGELOG: readonly { version: string; date: IsoDate; changes: string[] }[] = [
  {
    version: '1.0',
    date: '2026-12-07',
    changes: ['首次发布：全量与变更文件，各有 CSV 与 JSON（gzip 压缩），附清单（行数、字节数、SHA-256）、字段说明与本变更记录', '内容与公开查询页面一致：登记事项、年度检查、财务概况、评估等级、信用名录、行政处罚；不含任何个人信息'],
  },
];

export const BULK_FILES = ['organisations.csv.gz', 'organisations.json.gz', 'changes.csv.gz', 'changes.json.gz'] as const;
export type BulkFileName = (typeof BULK_FILES)[number];

const DETAIL_CSV_HEADER = ['登记事项', '年度检查', '财务概况', '评估等级记录', '信用名录记录', '行政处罚'];
export const BULK_CSV_HEADER = [...PUBLIC_CSV_HEADER, ...DETAIL_CSV_HEADER];

const yuan = (fen: number) => `${formatYuan(fen)}元`;

/** One CSV row per organisation; the page's lists as text, one entry per "；". */
export function bulkCsvCells(d: PublicDetail): (string | null)[] {
  return [
    ...publicCsvCells(d.organisation),
    d.events.map((e) => `${e.onDate} ${e.event}${e.detail ? `（${e.detail}）` : ''}`).join('；'),
    d.inspections.map((i) => `${i.year}年度 ${i.filedOn}报送 ${i.conclusion ?? '尚无结论'}`).join('；'),
    d.finances.map((f) => `${f.year}年度 收入${yuan(f.incomeFen)} 支出${yuan(f.expenditureFen)} 净资产${yuan(f.netAssetsFen)}`).join('；'),
    d.grades.map((g) => `${g.grade} ${g.evaluatedOn}评定 有效期至${g.validUntil}${g.expired ? ' 已过期' : ''}`).join('；'),
    d.entries.map((e) => `${e.list} ${e.listedOn}列入（${e.reason}；${e.basis}）${e.removedOn ? ` ${e.removedOn}移出` : ''}`).join('；'),
    d.penalties.map((p) => `${p.decidedOn} ${p.department} ${p.kind}${p.amountFen ? ` ${yuan(p.amountFen)}` : ''} ${p.decisionNo}${p.carriedOutOn ? ` ${p.carriedOutOn}执行完毕` : ''}`).join('；'),
  ];
}

const CHUNK_BYTES = 1 << 20;
const PAGE = 500;

/** A gzip file written page by page as gzip members (one file, readable by any gunzip), flushed to the database in chunks. */
class ChunkedGzip {
  private readonly hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  bytes = 0;
  rows = 0;
  constructor(
    private readonly trx: SocialorgDb,
    private readonly day: IsoDate,
    readonly name: BulkFileName,
    readonly contentType: string,
  ) {}

  async write(text: string, rows = 0): Promise<void> {
    if (!text) return;
    const member = gzipSync(text);
    this.hash.update(member);
    this.bytes += member.length;
    this.rows += rows;
    this.pending.push(member);
    this.pendingBytes += member.length;
    if (this.pendingBytes >= CHUNK_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.pendingBytes) return;
    const data = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.trx
      .insertInto('socialorg.bulk_chunks')
      .values({ day: this.day, name: this.name, seq: this.seq++, data })
      .execute();
  }

  async close(): Promise<{ name: BulkFileName; contentType: string; rows: number; bytes: number; sha256: string }> {
    await this.flush();
    return { name: this.name, contentType: this.contentType, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** A JSON array written element by element. */
class JsonArray {
  private first = true;
  constructor(private readonly file: ChunkedGzip) {}
  async write(items: readonly unknown[]): Promise<void> {
    if (!items.length) return;
    const body = items.map((x) => JSON.stringify(x)).join(',\n');
    await this.file.write(`${this.first ? '[\n' : ',\n'}${body}`, items.length);
    this.first = false;
  }
  async close() {
    await this.file.write(this.first ? '[]\n' : '\n]\n');
    return this.file.close();
  }
}

export interface BulkManifest {
  day: IsoDate;
  formatVersion: string;
  previousDay: IsoDate | null;
  builtAt: string;
  organisations: number;
  changed: number;
  durationMs: number;
  files: { name: string; contentType: string; rows: number; bytes: number; sha256: string; url: string }[];
  schemaUrl: string;
  changelogUrl: string;
}

const BASE = '/api/v1/public/socialorg/bulk';

async function manifestOf(db: SocialorgDb, day: IsoDate): Promise<BulkManifest | null> {
  const build = await db.selectFrom('socialorg.bulk_builds').selectAll().where('day', '=', day).executeTakeFirst();
  if (!build) return null;
  const files = await db.selectFrom('socialorg.bulk_files').selectAll().where('day', '=', day).execute();
  const order = (n: string) => BULK_FILES.indexOf(n as BulkFileName);
  return {
    day: build.day,
    formatVersion: build.format_version,
    previousDay: build.previous_day,
    builtAt: new Date(build.built_at).toISOString(),
    organisations: build.organisations,
    changed: build.changed,
    durationMs: build.duration_ms,
    files: files.sort((a, b) => order(a.name) - order(b.name)).map((f) => ({ name: f.name, contentType: f.content_type, rows: f.rows, bytes: Number(f.bytes), sha256: f.sha256, url: `${BASE}/${f.day}/${f.name}` })),
    schemaUrl: `${BASE}/schema.json`,
    changelogUrl: `${BASE}/changelog.json`,
  };
}

/**
 * Builds the files of `day` (default today) in one transaction, under a lock: a second build of the same day answers
 * the stored manifest and writes nothing. `actor` null = the server's daily job. Builds older than `keepDays` go.
 */
export async function buildBulkFiles(deps: SocialorgDeps, actor: Actor | null, day: IsoDate = today(deps), keepDays = 30): Promise<BulkManifest & { built: boolean }> {
  if (!isValidDate(day)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${day}`);
  if (day > today(deps)) throw invalid('SOCIALORG_INVALID_DATE', `不能生成未来日期（${day}）的批量文件`);
  const db = tables(deps);
  if (actor) await allowRead(db, actor, { permission: 'socialorg.configure', action: 'socialorg.bulk.build', entityType: 'socialorg_bulk', entityId: day });
  const started = performance.now();
  const result = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('socialorg.bulk'))`.execute(trx);
    const existing = await manifestOf(trx, day);
    if (existing) return { manifest: existing, built: false };
    const previous = await trx.selectFrom('socialorg.bulk_builds').select('day').where('day', '<', day).orderBy('day', 'desc').limit(1).executeTakeFirst();
    // The build row first (the files reference it); its counts are set at the end.
    await trx
      .insertInto('socialorg.bulk_builds')
      .values({ day, format_version: BULK_FORMAT_VERSION, previous_day: previous?.day ?? null, organisations: 0, changed: 0, duration_ms: 0 })
      .execute();
    const csvFull = new ChunkedGzip(trx, day, 'organisations.csv.gz', 'text/csv; charset=utf-8');
    const csvChanges = new ChunkedGzip(trx, day, 'changes.csv.gz', 'text/csv; charset=utf-8');
    const jsonFull = new JsonArray(new ChunkedGzip(trx, day, 'organisations.json.gz', 'application/json'));
    const jsonChanges = new JsonArray(new ChunkedGzip(trx, day, 'changes.json.gz', 'application/json'));
    const header = `\ufeff${csvLine(BULK_CSV_HEADER)}\r\n`;
    await csvFull.write(header);
    await csvChanges.write(header);
    let organisations = 0;
    let changed = 0;
    for await (const rows of publishedPages(trx, day, PAGE)) {
      const details = await publicDetails(trx, day, rows);
      const digests = details.map((d) => createHash('sha256').update(JSON.stringify(d)).digest('hex'));
      const ids = rows.map((r) => Number(r.id));
      const known = new Map((await trx.selectFrom('socialorg.bulk_digests').select(['organisation_id', 'sha256']).where('organisation_id', 'in', ids).execute()).map((d) => [Number(d.organisation_id), d.sha256]));
      const changedIdx = ids.map((id, i) => (known.get(id) === digests[i] ? -1 : i)).filter((i) => i >= 0);
      const lines = details.map((d) => `${csvLine(bulkCsvCells(d))}\r\n`);
      await csvFull.write(lines.join(''), details.length);
      await jsonFull.write(details);
      if (changedIdx.length) {
        await csvChanges.write(changedIdx.map((i) => lines[i]).join(''), changedIdx.length);
        await jsonChanges.write(changedIdx.map((i) => details[i]));
        await trx
          .insertInto('socialorg.bulk_digests')
          .values(changedIdx.map((i) => ({ organisation_id: ids[i] as number, sha256: digests[i] as string, day })))
          .onConflict((oc) => oc.column('organisation_id').doUpdateSet((eb) => ({ sha256: eb.ref('excluded.sha256'), day: eb.ref('excluded.day') })))
          .execute();
      }
      organisations += details.length;
      changed += changedIdx.length;
    }
    const files = [await csvFull.close(), await jsonFull.close(), await csvChanges.close(), await jsonChanges.close()];
    await trx
      .insertInto('socialorg.bulk_files')
      .values(files.map((f) => ({ day, name: f.name, content_type: f.contentType, rows: f.rows, bytes: f.bytes, sha256: f.sha256 })))
      .execute();
    const durationMs = Math.round(performance.now() - started);
    await trx.updateTable('socialorg.bulk_builds').set({ organisations, changed, duration_ms: durationMs }).where('day', '=', day).execute();
    const cutoff = sql<IsoDate>`${day}::date - ${keepDays}::int`;
    await trx.deleteFrom('socialorg.bulk_builds').where('day', '<', cutoff).execute();
    await auditRun(trx, actor, 'socialorg.bulk.built', 'socialorg_bulk', day, { organisations, changed, files: files.map((f) => ({ name: f.name, rows: f.rows, bytes: f.bytes })) });
    return { manifest: (await manifestOf(trx, day)) as BulkManifest, built: true };
  });
  return { ...result.manifest, built: result.built };
}

/** The days with files, newest first. */
export async function bulkDays(deps: SocialorgDeps): Promise<{ day: IsoDate; organisations: number; changed: number; manifestUrl: string }[]> {
  const rows = await tables(deps).selectFrom('socialorg.bulk_builds').select(['day', 'organisations', 'changed']).orderBy('day', 'desc').limit(60).execute();
  return rows.map((r) => ({ day: r.day, organisations: r.organisations, changed: r.changed, manifestUrl: `${BASE}/${r.day}/manifest.json` }));
}

export async function bulkManifest(deps: SocialorgDeps, day: string): Promise<BulkManifest> {
  if (!isValidDate(day)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${day}`);
  const manifest = await manifestOf(tables(deps), day);
  if (!manifest) throw notFound('SOCIALORG_BULK_NOT_BUILT', `${day} 的批量文件尚未生成`);
  return manifest;
}

/** A file's metadata and its bytes, chunk by chunk (one chunk in memory at a time). */
export async function bulkFile(deps: SocialorgDeps, day: string, name: string): Promise<{ contentType: string; bytes: number; sha256: string; chunks: AsyncGenerator<Buffer> }> {
  if (!isValidDate(day)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${day}`);
  if (!(BULK_FILES as readonly string[]).includes(name)) throw notFound('SOCIALORG_BULK_NO_FILE', `没有名为 ${name} 的批量文件`);
  const db = tables(deps);
  const file = await db.selectFrom('socialorg.bulk_files').selectAll().where('day', '=', day).where('name', '=', name).executeTakeFirst();
  if (!file) throw notFound('SOCIALORG_BULK_NOT_BUILT', `${day} 的批量文件尚未生成`);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const chunk = await db.selectFrom('socialorg.bulk_chunks').select('data').where('day', '=', day).where('name', '=', name).where('seq', '=', seq).executeTakeFirst();
      if (!chunk) return;
      yield Buffer.from(chunk.data);
    }
  }
  return { contentType: file.content_type, bytes: Number(file.bytes), sha256: file.sha256, chunks: chunks() };
}
