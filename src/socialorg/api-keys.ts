/**
 * Other departments' access (issue 19 item 9): a key per department system, read-only, rate-limited, logged.
 * The key is random (32 bytes), shown once; only its SHA-256 is stored, so a database copy reveals no key.
 * Revoked keys answer 401 at once. Each call is logged with its route and subject (credit code or feed cursor).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { requirePermission, type Actor } from '../access/index.js';
import { DomainError, invalid, recordNotFound } from '../kernel/index.js';
import { tables, type SocialorgDeps } from './deps.js';
import { guardedTransaction } from './guard.js';
import { ruleBreach } from './rules.js';

export const API_KEY_HEADER = 'x-api-key';
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

export interface ApiKeyView {
  id: number;
  department: string;
  label: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  uses: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function createApiKey(deps: SocialorgDeps, actor: Actor, input: { department: string; label: string }): Promise<ApiKeyView & { key: string }> {
  const department = input.department?.trim();
  const label = input.label?.trim();
  if (!department || department.length > 100 || !label || label.length > 100) throw invalid('SOCIALORG_KEY_INCOMPLETE', '须填写使用部门和用途（各不超过100字）');
  const key = `mzso_${randomBytes(32).toString('base64url')}`;
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.configure', action: 'socialorg.api_key.create', entityType: 'socialorg_api_key', detail: { department, label } });
    const row = await trx
      .insertInto('socialorg.api_keys')
      .values({ department, label, key_hash: hashOf(key), key_prefix: key.slice(0, 9), created_by: actor.userId, revoked_at: null, revoked_by: null, last_used_at: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), department, label, prefix: row.key_prefix, createdAt: iso(row.created_at) as string, revokedAt: null, lastUsedAt: null, uses: 0, key };
  });
}

export async function listApiKeys(deps: SocialorgDeps, actor: Actor): Promise<ApiKeyView[]> {
  requirePermission(actor, 'socialorg.configure');
  const db = tables(deps);
  const rows = await db
    .selectFrom('socialorg.api_keys as k')
    .selectAll('k')
    .select((eb) =>
      eb
        .selectFrom('socialorg.api_key_uses as u')
        .whereRef('u.key_id', '=', 'k.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('uses'),
    )
    .orderBy('k.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    department: r.department,
    label: r.label,
    prefix: r.key_prefix,
    createdAt: iso(r.created_at) as string,
    revokedAt: iso(r.revoked_at),
    lastUsedAt: iso(r.last_used_at),
    uses: Number(r.uses ?? 0),
  }));
}

export async function revokeApiKey(deps: SocialorgDeps, actor: Actor, id: number): Promise<ApiKeyView> {
  requirePermission(actor, 'socialorg.configure');
  const db = tables(deps);
  const row = await db.selectFrom('socialorg.api_keys').select(['id', 'revoked_at']).where('id', '=', id).executeTakeFirst();
  if (!row) throw recordNotFound();
  await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.configure', action: 'socialorg.api_key.revoke', entityType: 'socialorg_api_key', entityId: id });
    if (row.revoked_at) throw ruleBreach('SOCIALORG_KEY_REVOKED', `该密钥已于 ${iso(row.revoked_at)?.slice(0, 10)} 停用`);
    await trx.updateTable('socialorg.api_keys').set({ revoked_at: new Date(), revoked_by: actor.userId }).where('id', '=', id).execute();
  });
  return (await listApiKeys(deps, actor)).find((k) => k.id === id) as ApiKeyView;
}

/** The rate limiter's key: the key's hash (never the key itself), or the address when none is sent. */
export function apiKeyBucket(request: FastifyRequest): string {
  const sent = request.headers[API_KEY_HEADER];
  return typeof sent === 'string' && sent ? `key:${hashOf(sent).slice(0, 24)}` : `ip:${request.ip}`;
}

/** The calling department, from its key (401 when missing, unknown or revoked); the use is logged. */
export async function departmentOf(deps: SocialorgDeps, request: FastifyRequest, route: string, subject: string): Promise<{ keyId: number; department: string }> {
  const sent = request.headers[API_KEY_HEADER];
  if (typeof sent !== 'string' || !sent) throw new DomainError('unauthenticated', 'SOCIALORG_KEY_REQUIRED', `须在请求头 ${API_KEY_HEADER} 中提供部门接口密钥`);
  const db = tables(deps);
  const key = await db.selectFrom('socialorg.api_keys').select(['id', 'department']).where('key_hash', '=', hashOf(sent)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!key) throw new DomainError('unauthenticated', 'SOCIALORG_KEY_INVALID', '部门接口密钥无效或已停用');
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('socialorg.api_key_uses').values({ key_id: key.id, route, subject }).execute();
    await trx.updateTable('socialorg.api_keys').set({ last_used_at: new Date() }).where('id', '=', key.id).execute();
  });
  return { keyId: Number(key.id), department: key.department };
}
