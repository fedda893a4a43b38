import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey, stableSecret } from '../kernel/keyring.js';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { canonicalJson, verifyAuditChain, type ChainVerification } from './audit.js';
import type { AccessTables } from './model.js';

/**
 * A chain detects edits, deletes and reordering, but not the last rows cut off: the remaining chain is still
 * whole. So the head (last id and hash) is signed with a key the database does not hold and written outside
 * it; a later verify that finds the chain shorter than the anchor, or a different hash at the anchored id,
 * reports the tampering.
 */
export interface AuditAnchor {
  id: number;
  hash: string;
  at: string;
  mac: string;
}

export interface AnchorSettings {
  /** Where anchors are written; outside the database (a mounted WORM volume in production). */
  dir: string;
  /** HMAC key; never stored in the database. */
  key: Buffer;
}

/** The anchor key: AUDIT_ANCHOR_KEY when given, else derived from the look-up key (not in the database either; a key rotation leaves it, so old anchors keep verifying). */
export function anchorSettings(config: { dataDir: string; secretKey: Buffer; auditAnchorDir?: string; auditAnchorKey?: Buffer }): AnchorSettings {
  const key = config.auditAnchorKey ?? deriveKey(stableSecret(config.secretKey), 'minzheng audit anchor');
  return { dir: config.auditAnchorDir ?? join(config.dataDir, 'audit-anchors'), key };
}

const macOf = (key: Buffer, anchor: Omit<AuditAnchor, 'mac'>) =>
  createHmac('sha256', key)
    .update(canonicalJson({ id: anchor.id, hash: anchor.hash, at: anchor.at }))
    .digest('hex');

/** Signs the current head and writes it (one file per anchor, plus `latest.json`). Returns null for an empty log. */
export async function writeAuditAnchor(db: Kysely<AccessTables>, settings: AnchorSettings): Promise<AuditAnchor | null> {
  const head = await db.selectFrom('access.audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!head) return null;
  const unsigned = { id: head.id, hash: head.hash, at: new Date().toISOString() };
  const anchor: AuditAnchor = { ...unsigned, mac: macOf(settings.key, unsigned) };
  mkdirSync(settings.dir, { recursive: true, mode: 0o700 });
  const text = `${JSON.stringify(anchor)}\n`;
  writeFileSync(join(settings.dir, `anchor-${String(anchor.id).padStart(12, '0')}.json`), text, { mode: 0o400, flag: 'w' });
  // Rename is atomic: a reader never sees half a latest.json.
  const temporary = join(settings.dir, `.latest.${process.pid}.tmp`);
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, join(settings.dir, 'latest.json'));
  return anchor;
}

export type AnchorReading = { status: 'none' } | { status: 'bad_signature' } | { status: 'valid'; anchor: AuditAnchor };

export function readLatestAnchor(settings: AnchorSettings): AnchorReading {
  const file = join(settings.dir, 'latest.json');
  if (!existsSync(file)) return { status: 'none' };
  let anchor: AuditAnchor;
  try {
    anchor = JSON.parse(readFileSync(file, 'utf8')) as AuditAnchor;
  } catch {
    return { status: 'bad_signature' };
  }
  const expected = Buffer.from(macOf(settings.key, anchor), 'hex');
  const given = Buffer.from(String(anchor.mac), 'hex');
  if (!Number.isSafeInteger(anchor.id) || given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 'bad_signature' };
  return { status: 'valid', anchor };
}

export interface AnchoredVerification extends ChainVerification {
  anchor: { status: 'none' | 'bad_signature' | 'matched' | 'truncated' | 'mismatch'; id?: number; at?: string };
}

/** The chain, then the latest anchor: the anchored row must still be there with the anchored hash. */
export async function verifyAuditWithAnchor(db: Kysely<AccessTables>, settings: AnchorSettings): Promise<AnchoredVerification> {
  const chain = await verifyAuditChain(db);
  const reading = readLatestAnchor(settings);
  if (reading.status !== 'valid') return { ...chain, ok: chain.ok && reading.status === 'none', anchor: { status: reading.status } };
  const { anchor } = reading;
  const row = await db.selectFrom('access.audit_log').select(['id', 'hash']).where('id', '=', anchor.id).executeTakeFirst();
  const found = { id: anchor.id, at: anchor.at };
  if (!row) {
    const last = await db.selectFrom('access.audit_log').select('id').where('id', '<', anchor.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return { ...chain, ok: false, brokenAt: chain.brokenAt ?? { id: (last?.id ?? 0) + 1, reason: 'truncated' }, anchor: { status: 'truncated', ...found } };
  }
  if (row.hash !== anchor.hash) return { ...chain, ok: false, brokenAt: chain.brokenAt ?? { id: anchor.id, reason: 'anchor_mismatch' }, anchor: { status: 'mismatch', ...found } };
  return { ...chain, anchor: { status: 'matched', ...found } };
}
