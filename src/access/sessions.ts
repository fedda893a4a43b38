import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import { DomainError } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import type { AccessTables, Actor, Role } from './model.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { clearThrottle, loginThrottle, recordExpiredLocks, recordFailure, type ThrottlePolicy, defaultThrottlePolicy } from './throttle.js';

export interface LoginPolicy extends ThrottlePolicy {
  idleMinutes: number;
  /** Idle timeout of the admin and audit roles. */
  adminIdleMinutes: number;
  absoluteHours: number;
  /** Roles that must pass TOTP after the password. */
  mfaRoles: readonly string[];
  stepUpMinutes: number;
}

export const defaultLoginPolicy: LoginPolicy = {
  idleMinutes: 30,
  adminIdleMinutes: 15,
  absoluteHours: 12,
  mfaRoles: ['city_admin', 'security_admin', 'auditor', 'district_staff'],
  stepUpMinutes: 10,
  ...defaultThrottlePolicy,
};

export const ADMIN_ROLES: readonly Role[] = ['city_admin', 'security_admin', 'auditor'];

/**
 * Where a session stands: a password alone opens only the MFA routes (`mfa_enrol` / `mfa`); a one-time
 * initial password opens only the password change; `active` is a full session.
 */
export type SessionStage = 'mfa_enrol' | 'mfa' | 'password_change' | 'active';

export interface SessionInfo {
  tokenHash: string;
  stage: SessionStage;
  actor: Actor;
  /** Last strong authentication, for step-up checks. */
  authenticatedAt: Date;
  expiresAt: Date;
  mfaEnabled: boolean;
  /** The idle timeout of this session (shorter for the admin roles). */
  idleSeconds: number;
}

/** A pre-MFA session must finish within this time. */
const PENDING_MINUTES = 10;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The one answer for unknown, wrong, locked and disabled: nothing tells them apart. */
const badCredentials = () => new DomainError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误，或账户暂不可用');

// Unknown users are checked against this hash, so they cost the same scrypt as known ones.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(18).toString('base64')));

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
  stage: SessionStage;
}

export async function login(db: Kysely<AccessTables>, username: string, password: string, source: { ip: string }, policy: LoginPolicy = defaultLoginPolicy): Promise<LoginResult> {
  const user = await db.selectFrom('access.users').selectAll().where('username', '=', username).executeTakeFirst();
  const throttle = await loginThrottle(db, username, source.ip, policy);
  if (throttle.expired.length) await recordExpiredLocks(db, throttle.expired, user?.id ?? null);
  if (throttle.delayMs > 0) await sleep(throttle.delayMs);
  // Always one scrypt, whatever the outcome: the answer time tells nothing about the account.
  const passwordOk = await verifyPassword(password, user?.password_hash ?? (await dummy()));
  const actor = user ? toActor(user) : null;
  const refuse = async (reason: string, countFailure: boolean) => {
    const detail = { reason, source: source.ip };
    if (countFailure) await recordFailure(db, username, source.ip, user?.id ?? null, actor, policy, detail);
    else await appendAudit(db, { actor, action: 'auth.login', entityType: 'user', entityId: user?.id ?? username, result: 'denied', detail });
    return badCredentials();
  };
  if (throttle.locked) throw await refuse(`locked_${throttle.locked}`, false);
  if (!user) throw await refuse('unknown_user', true);
  if (!passwordOk) throw await refuse('bad_password', true);
  if (!user.active) throw await refuse('disabled', false);

  const now = new Date();
  const mfaRequired = user.mfa_enabled || policy.mfaRoles.includes(user.role);
  const token = randomBytes(32).toString('base64url');
  const absoluteEnd = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  const expiresAt = mfaRequired ? new Date(Math.min(absoluteEnd.getTime(), now.getTime() + PENDING_MINUTES * 60_000)) : absoluteEnd;
  const idleSeconds = Math.round((ADMIN_ROLES.includes(user.role) ? policy.adminIdleMinutes : policy.idleMinutes) * 60);
  await db.transaction().execute(async (trx) => {
    await clearThrottle(trx, username, source.ip);
    await trx.updateTable('access.users').set({ last_login_at: now }).where('id', '=', user.id).execute();
    await trx
      .insertInto('access.sessions')
      .values({ token_hash: tokenHash(token), user_id: user.id, expires_at: expiresAt, revoked_at: null, idle_seconds: idleSeconds, mfa_pending: mfaRequired, authenticated_at: now, last_seen_at: now, source_ip: source.ip })
      .execute();
    await appendAudit(trx, { actor: toActor(user), action: 'auth.login', entityType: 'user', entityId: user.id, result: 'ok', detail: { source: source.ip, mfaPending: mfaRequired } });
  });
  return { token, expiresAt, actor: toActor(user), stage: stageOf(mfaRequired, user.mfa_enabled, user.must_change_password) };
}

function stageOf(mfaPending: boolean, mfaEnabled: boolean, mustChange: boolean): SessionStage {
  if (mfaPending) return mfaEnabled ? 'mfa' : 'mfa_enrol';
  return mustChange ? 'password_change' : 'active';
}

/**
 * The session of a token, or null when it is unknown, revoked, expired or idle too long (an idle session
 * is revoked on the spot). Each use moves the idle clock on.
 */
export async function resolveSession(db: Kysely<AccessTables>, token: string, now = new Date()): Promise<SessionInfo | null> {
  const hash = tokenHash(token);
  const row = await db
    .selectFrom('access.sessions as s')
    .innerJoin('access.users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.jurisdiction_code', 'u.organisation_id', 'u.active', 'u.must_change_password', 'u.mfa_enabled'])
    .select(['s.expires_at', 's.revoked_at', 's.last_seen_at', 's.idle_seconds', 's.mfa_pending', 's.authenticated_at'])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row?.active || row.revoked_at || row.expires_at <= now) return null;
  if (row.last_seen_at.getTime() + row.idle_seconds * 1000 <= now.getTime()) {
    await db.updateTable('access.sessions').set({ revoked_at: now }).where('token_hash', '=', hash).where('revoked_at', 'is', null).execute();
    return null;
  }
  // One write per few seconds is plenty for a 15-minute clock.
  if (now.getTime() - row.last_seen_at.getTime() > 5_000) await db.updateTable('access.sessions').set({ last_seen_at: now }).where('token_hash', '=', hash).execute();
  return {
    tokenHash: hash,
    stage: stageOf(row.mfa_pending, row.mfa_enabled, row.must_change_password),
    actor: toActor(row),
    authenticatedAt: row.authenticated_at,
    expiresAt: row.expires_at,
    mfaEnabled: row.mfa_enabled,
    idleSeconds: row.idle_seconds,
  };
}

/** Ends the session of the token, audited. */
export async function logout(db: Kysely<AccessTables>, token: string, actor: Actor | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await trx.updateTable('access.sessions').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash(token)).where('revoked_at', 'is', null).executeTakeFirst();
    await appendAudit(trx, { actor, action: 'auth.logout', entityType: 'user', entityId: actor?.userId, result: 'ok', detail: { ended: Number(ended.numUpdatedRows) } });
  });
}

/** Ends every live session of a user, or every one but `except` (a password change keeps the current one). */
export async function endSessions(db: Kysely<AccessTables>, userId: number, except?: string): Promise<number> {
  let query = db.updateTable('access.sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (except) query = query.where('token_hash', '<>', except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function toActor(row: { id: number; username: string; display_name: string; role: Actor['role']; jurisdiction_code: string; organisation_id: number | null }): Actor {
  return { userId: row.id, username: row.username, displayName: row.display_name, role: row.role, jurisdiction: row.jurisdiction_code, organisationId: row.organisation_id };
}
