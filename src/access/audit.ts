import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AccessTables, Actor, AuditResult } from './model.js';

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
}

export function entryHash(prevHash: string, fields: HashedFields): string {
  const { at, actor_id, actor_username, actor_role, action, entity_type, entity_id, purpose, result, detail } = fields;
  const body = canonicalJson({ at: at.toISOString(), actor_id, actor_username, actor_role, action, entity_type, entity_id, purpose, result, detail });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one entry to the chain. Call it inside the transaction of the change it records, so the entry
 * exists exactly when the change does; refusals are written on their own (nothing else happens then).
 */
export async function appendAudit(db: Kysely<AccessTables>, entry: AuditEntry): Promise<void> {
  const write = async (trx: Kysely<AccessTables>) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
    const last = await trx.selectFrom('access.audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const prevHash = last?.hash ?? GENESIS_HASH;
    const fields: HashedFields = {
      at: new Date(),
      actor_id: entry.actor?.userId ?? null,
      actor_username: entry.actor?.username ?? null,
      actor_role: entry.actor?.role ?? null,
      action: entry.action,
      entity_type: entry.entityType ?? null,
      entity_id: entry.entityId === undefined ? null : String(entry.entityId),
      purpose: entry.purpose ?? null,
      result: entry.result,
      detail: entry.detail ?? null,
    };
    await trx
      .insertInto('access.audit_log')
      .values({ ...fields, result: entry.result, detail: fields.detail === null ? null : JSON.stringify(fields.detail), prev_hash: prevHash, hash: entryHash(prevHash, fields) })
      .execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not match, if any. */
  brokenAt?: { id: number; reason: 'hash_mismatch' | 'link_mismatch' };
}

/** Walks the whole chain in id order, recomputing each hash. */
export async function verifyAuditChain(db: Kysely<AccessTables>, pageSize = 5000): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
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
