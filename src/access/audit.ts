import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AccessTables, Actor, AuditResult } from './model.js';
import { currentOrigin } from './request-context.js';
import { storableTextOf } from '../kernel/index.js';

export interface AuditEntry {
  actor: Actor | null;
  /** What was done, e.g. `registry.person.read`, `auth.login`. */
  action: string;
  entityType?: string;
  entityId?: string | number;
  purpose?: string;
  result: AuditResult;
  detail?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);
// One lock for the chain: each entry must see the hash of the one before it.
const AUDIT_CHAIN_LOCK = 7_231_002;

/** JSON with keys sorted at every level, so a jsonb round trip (which reorders keys) hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface HashedFields {
  at: Date;
  actor_id: number | null;
  actor_username: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  purpose: string | null;
  result: string;
  detail: unknown;
  source_ip?: string | null;
  request_id?: string | null;
  user_agent?: string | null;
}

export function entryHash(prevHash: string, fields: HashedFields): string {
  const { at, actor_id, actor_username, actor_role, action, entity_type, entity_id, purpose, result, detail } = fields;
  // The origin joined the entry later: absent (null) origin fields are left out, so older entries hash as before.
  const origin = { source_ip: fields.source_ip ?? undefined, request_id: fields.request_id ?? undefined, user_agent: fields.user_agent ?? undefined };
  const body = canonicalJson({ at: at.toISOString(), actor_id, actor_username, actor_role, action, entity_type, entity_id, purpose, result, detail, ...origin });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** Largest detail kept, as canonical JSON: a query or body copied whole must not bloat the permanent log. */
export const MAX_AUDIT_DETAIL_CHARS = 4096;
const MAX_AUDIT_TEXT_CHARS = 256;

/** Text as the log can hold it: without characters PostgreSQL refuses, cut to `max` characters. */
export function storableText(value: string, max = MAX_AUDIT_TEXT_CHARS): string {
  const clean = storableTextOf(value);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value, MAX_AUDIT_DETAIL_CHARS);
  if (Array.isArray(value)) return value.map(storableValue);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [storableText(k, 64), storableValue(v)]));
  }
  return value;
}

/** The detail as written: storable text, and no more than MAX_AUDIT_DETAIL_CHARS (larger ones keep only their size). */
export function boundedDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (detail === undefined) return null;
  const clean = storableValue(detail) as Record<string, unknown>;
  const size = canonicalJson(clean).length;
  return size <= MAX_AUDIT_DETAIL_CHARS ? clean : { truncated: true, chars: size };
}

const optionalText = (value: string | null | undefined) => (value === null || value === undefined ? null : storableText(value));

/** An entry as it will be hashed: its time and origin are those of the call, not of the write. */
function preparedFields(entry: AuditEntry): HashedFields {
  const origin = currentOrigin();
  return {
    at: new Date(),
    actor_id: entry.actor?.userId ?? null,
    actor_username: entry.actor?.username ?? null,
    actor_role: entry.actor?.role ?? null,
    action: storableText(entry.action),
    entity_type: optionalText(entry.entityType),
    entity_id: entry.entityId === undefined ? null : storableText(String(entry.entityId)),
    purpose: optionalText(entry.purpose),
    result: entry.result,
    detail: boundedDetail(entry.detail),
    source_ip: optionalText(origin?.sourceIp),
    request_id: optionalText(origin?.requestId),
    user_agent: optionalText(origin?.userAgent),
  };
}

/** Links `entries` onto the chain in order: one lock, one read of the last hash, one multi-row insert. */
async function writeEntries(db: Kysely<AccessTables>, entries: readonly HashedFields[]): Promise<void> {
  const write = async (trx: Kysely<AccessTables>) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
    const last = await trx.selectFrom('access.audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    let prevHash = last?.hash ?? GENESIS_HASH;
    const rows = entries.map((fields) => {
      const hash = entryHash(prevHash, fields);
      const row = {
        ...fields,
        source_ip: fields.source_ip ?? null,
        request_id: fields.request_id ?? null,
        user_agent: fields.user_agent ?? null,
        result: fields.result as AuditResult,
        detail: fields.detail === null ? null : JSON.stringify(fields.detail),
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    // The rows of one VALUES list take their serial ids in list order, so the chain's id order is the link order.
    await trx.insertInto('access.audit_log').values(rows).execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

// Entries held back by `withAuditBatch` while its work runs.
const pendingBatch = new AsyncLocalStorage<HashedFields[]>();

/**
 * Appends one entry to the chain. Call it inside the transaction of the change it records, so the entry
 * exists exactly when the change does; refusals are written on their own (nothing else happens then).
 * Inside `withAuditBatch` the entry is held and written with the others of the batch.
 */
export async function appendAudit(db: Kysely<AccessTables>, entry: AuditEntry): Promise<void> {
  const fields = preparedFields(entry);
  const batch = pendingBatch.getStore();
  if (batch) batch.push(fields);
  else await writeEntries(db, [fields]);
}

/**
 * Runs a read-only `work` (a page that reads personal data from several modules) with every audit entry it
 * makes — its reads and its refusals — written together when it ends, thrown or not: one chain lock per
 * page instead of one per module read. The caller awaits it before answering, so no data leaves without its
 * entries. Not for changes: their entries belong in the change's own transaction.
 */
export async function withAuditBatch<T>(db: Kysely<AccessTables>, work: () => Promise<T>): Promise<T> {
  if (pendingBatch.getStore()) return work();
  const pending: HashedFields[] = [];
  try {
    return await pendingBatch.run(pending, work);
  } finally {
    if (pending.length) await writeEntries(db, pending);
  }
}

/**
 * A request that reads a page and ends in a change (a sign-in answered with the resident's own page): `work`
 * reads with its entries held, as in `withAuditBatch`; then `commit` makes the change in one transaction that
 * also writes every held entry and the change's own (appended inside `commit`), reads first — one chain write
 * for the whole request, and the change's entry exists exactly when the change does. If `work` or `commit`
 * fails, nothing of the change stays and the read entries are written on their own. `commit` must use only
 * the transaction it is given. Not for use inside another batch.
 */
export async function withAuditBatchCommit<T, R>(db: Kysely<AccessTables>, work: () => Promise<T>, commit: (trx: Kysely<AccessTables>, value: T) => Promise<R>): Promise<R> {
  if (pendingBatch.getStore()) throw new Error('withAuditBatchCommit cannot run inside another audit batch');
  const reads: HashedFields[] = [];
  const writeReads = async () => {
    if (reads.length) await writeEntries(db, reads);
  };
  let value: T;
  try {
    value = await pendingBatch.run(reads, work);
  } catch (error) {
    await writeReads();
    throw error;
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const own: HashedFields[] = [];
      const result = await pendingBatch.run(own, () => commit(trx, value));
      await writeEntries(trx, [...reads, ...own]);
      return result;
    });
  } catch (error) {
    await writeReads();
    throw error;
  }
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt?: { id: number; reason: 'hash_mismatch' | 'link_mismatch' | 'truncated' | 'anchor_mismatch' };
}

/**
 * Walks the chain in the database in id order, recomputing each hash. After months were archived to files
 * (audit-archive.ts) it starts where the last archived month ended; the files are checked by verifyAuditArchives.
 */
export async function verifyAuditChain(db: Kysely<AccessTables>, pageSize = 5000): Promise<ChainVerification> {
  const archived = await db.selectFrom('access.audit_archives').select(['last_id', 'last_hash']).orderBy('month', 'desc').limit(1).executeTakeFirst();
  let prevHash = archived?.last_hash ?? GENESIS_HASH;
  let lastId = Number(archived?.last_id ?? 0);
  let entries = 0;
  for (;;) {
    const rows = await db.selectFrom('access.audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(pageSize).execute();
    for (const row of rows) {
      entries++;
      if (row.prev_hash !== prevHash) return { ok: false, entries, brokenAt: { id: row.id, reason: 'link_mismatch' } };
      const expected = entryHash(prevHash, row);
      if (expected !== row.hash) return { ok: false, entries, brokenAt: { id: row.id, reason: 'hash_mismatch' } };
      prevHash = row.hash;
      lastId = row.id;
    }
    if (rows.length < pageSize) return { ok: true, entries };
  }
}
