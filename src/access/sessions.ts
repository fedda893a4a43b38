import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import type { AccessTables, Actor } from './model.js';
import { verifyPassword } from './passwords.js';

export interface LoginPolicy {
  sessionTtlMinutes: number;
  /** Failed attempts that lock the account. */
  maxFailures: number;
  lockMinutes: number;
}

export const defaultLoginPolicy: LoginPolicy = { sessionTtlMinutes: 480, maxFailures: 5, lockMinutes: 15 };

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const badCredentials = () => new DomainError('unauthenticated', 'AUTH_INVALID_CREDENTIALS', '用户名或密码错误');

export async function login(
  db: Kysely<AccessTables>,
  username: string,
  password: string,
  policy: LoginPolicy = defaultLoginPolicy,
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const user = await db.selectFrom('access.users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user?.active) {
    await appendAudit(db, { actor: null, action: 'auth.login', entityType: 'user', entityId: username, result: 'denied', detail: { reason: 'unknown_user' } });
    throw badCredentials();
  }
  const actor = toActor(user);
  const now = new Date();
  if (user.locked_until && user.locked_until > now) {
    await appendAudit(db, { actor, action: 'auth.login', entityType: 'user', entityId: user.id, result: 'denied', detail: { reason: 'locked' } });
    throw new DomainError('locked', 'AUTH_ACCOUNT_LOCKED', `连续登录失败次数过多，账户已锁定，请于 ${policy.lockMinutes} 分钟后重试或联系管理员`);
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    // Counted in the database (not from the row read above) so parallel attempts cannot undercount.
    const lock = await db.transaction().execute(async (trx) => {
      const counted = await trx
        .updateTable('access.users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      const locking = counted.failed_logins >= policy.maxFailures;
      if (locking) {
        await trx.updateTable('access.users').set({ failed_logins: 0, locked_until: new Date(now.getTime() + policy.lockMinutes * 60_000) }).where('id', '=', user.id).execute();
      }
      await appendAudit(trx, { actor, action: 'auth.login', entityType: 'user', entityId: user.id, result: 'denied', detail: { reason: 'bad_password', failures: counted.failed_logins, locked: locking } });
      return locking;
    });
    if (lock) throw new DomainError('locked', 'AUTH_ACCOUNT_LOCKED', `连续 ${policy.maxFailures} 次登录失败，账户已锁定 ${policy.lockMinutes} 分钟`);
    throw badCredentials();
  }
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + policy.sessionTtlMinutes * 60_000);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('access.users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
    await trx.insertInto('access.sessions').values({ token_hash: tokenHash(token), user_id: user.id, expires_at: expiresAt, revoked_at: null }).execute();
    await appendAudit(trx, { actor, action: 'auth.login', entityType: 'user', entityId: user.id, result: 'ok' });
  });
  return { token, expiresAt, actor };
}

/** The actor of a bearer token, or null when the token is unknown, revoked or expired. */
export async function resolveSession(db: Kysely<AccessTables>, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('access.sessions as s')
    .innerJoin('access.users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'u.jurisdiction_code', 'u.organisation_id', 'u.active', 's.expires_at', 's.revoked_at'])
    .where('s.token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row?.active || row.revoked_at || row.expires_at <= new Date()) return null;
  return toActor(row);
}

export async function logout(db: Kysely<AccessTables>, token: string): Promise<void> {
  await db.updateTable('access.sessions').set({ revoked_at: new Date() }).where('token_hash', '=', tokenHash(token)).execute();
}

function toActor(row: { id: number; username: string; display_name: string; role: Actor['role']; jurisdiction_code: string; organisation_id: number | null }): Actor {
  return { userId: row.id, username: row.username, displayName: row.display_name, role: row.role, jurisdiction: row.jurisdiction_code, organisationId: row.organisation_id };
}
