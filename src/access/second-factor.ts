import type { Kysely } from 'kysely';
import { DomainError, conflict, invalid } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import { checkTotp, newEnrolment, openSecret, sealSecret, type Enrolment } from './mfa.js';
import type { AccessTables } from './model.js';
import { verifyPassword } from './passwords.js';
import type { SessionInfo, SessionStage } from './sessions.js';

export interface MfaPolicy {
  absoluteHours: number;
  /** Wrong codes before the second factor locks for `lockMinutes`. */
  maxOtpFailures: number;
  lockMinutes: number;
}

export const defaultMfaPolicy: MfaPolicy = { absoluteHours: 12, maxOtpFailures: 5, lockMinutes: 15 };

const wrongCode = () => new DomainError('unauthenticated', 'AUTH_MFA_INVALID', '动态口令不正确或已使用过，请等待下一个口令');

/** Starts (or restarts, until confirmed) TOTP enrolment for a session still waiting for its second factor. */
export async function enrolMfa(db: Kysely<AccessTables>, key: Buffer, session: SessionInfo): Promise<Enrolment> {
  if (session.stage !== 'mfa_enrol') throw conflict('MFA_ALREADY_ENROLLED', '已绑定动态口令，如需更换请联系安全管理员');
  const enrolment = newEnrolment(session.actor.username);
  await db
    .updateTable('access.users')
    .set({ mfa_secret: sealSecret(key, enrolment.secret), mfa_enabled: false, mfa_last_step: null })
    .where('id', '=', session.actor.userId)
    .execute();
  await appendAudit(db, { actor: session.actor, action: 'auth.mfa.enrol', entityType: 'user', entityId: session.actor.userId, result: 'ok' });
  return enrolment;
}

/**
 * Checks a TOTP code for the session's user: refuses a replayed step, counts wrong codes and locks the
 * second factor (ending the session) after too many. Returns the step accepted.
 */
async function acceptCode(db: Kysely<AccessTables>, key: Buffer, session: SessionInfo, code: string, action: string, policy: MfaPolicy): Promise<void> {
  const user = await db.selectFrom('access.users').select(['mfa_secret', 'mfa_last_step', 'mfa_failures', 'mfa_locked_until']).where('id', '=', session.actor.userId).executeTakeFirstOrThrow();
  const base = { actor: session.actor, action, entityType: 'user', entityId: session.actor.userId } as const;
  if (!user.mfa_secret) throw conflict('MFA_NOT_ENROLLED', '尚未绑定动态口令，请先绑定');
  if (user.mfa_locked_until && user.mfa_locked_until > new Date()) {
    await appendAudit(db, { ...base, result: 'denied', detail: { reason: 'locked' } });
    throw new DomainError('locked', 'AUTH_MFA_LOCKED', `动态口令错误次数过多，已锁定 ${policy.lockMinutes} 分钟`);
  }
  const result = await checkTotp(openSecret(key, user.mfa_secret), code, user.mfa_last_step);
  if (result.ok) {
    // Conditional on the last step, so two requests racing with one code cannot both pass.
    const taken = await db
      .updateTable('access.users')
      .set({ mfa_last_step: result.step, mfa_failures: 0, mfa_locked_until: null, mfa_enabled: true })
      .where('id', '=', session.actor.userId)
      .where((eb) => eb.or([eb('mfa_last_step', 'is', null), eb('mfa_last_step', '<', result.step)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 1) return;
  }
  const reason = result.ok ? 'replay' : result.reason;
  await db.transaction().execute(async (trx) => {
    const counted = await trx
      .updateTable('access.users')
      .set((eb) => ({ mfa_failures: eb('mfa_failures', '+', 1) }))
      .where('id', '=', session.actor.userId)
      .returning('mfa_failures')
      .executeTakeFirstOrThrow();
    const locking = counted.mfa_failures >= policy.maxOtpFailures;
    await appendAudit(trx, { ...base, result: 'denied', detail: { reason, failures: counted.mfa_failures } });
    if (locking) {
      const until = new Date(Date.now() + policy.lockMinutes * 60_000);
      await trx.updateTable('access.users').set({ mfa_failures: 0, mfa_locked_until: until }).where('id', '=', session.actor.userId).execute();
      await trx.updateTable('access.sessions').set({ revoked_at: new Date() }).where('token_hash', '=', session.tokenHash).execute();
      await appendAudit(trx, { ...base, action: 'auth.mfa.lock', result: 'ok', detail: { lockedUntil: until.toISOString() } });
    }
  });
  throw wrongCode();
}

/** The second factor of a sign-in (also confirming a new enrolment): the session becomes a full one. */
export async function verifyMfa(db: Kysely<AccessTables>, key: Buffer, session: SessionInfo, code: string, policy: MfaPolicy = defaultMfaPolicy): Promise<SessionStage> {
  if (session.stage !== 'mfa' && session.stage !== 'mfa_enrol') throw conflict('MFA_NOT_PENDING', '当前会话无需动态口令验证');
  await acceptCode(db, key, session, code, 'auth.mfa.verify', policy);
  const now = new Date();
  const session2 = await db.selectFrom('access.sessions').select('created_at').where('token_hash', '=', session.tokenHash).executeTakeFirstOrThrow();
  await db
    .updateTable('access.sessions')
    .set({ mfa_pending: false, authenticated_at: now, last_seen_at: now, expires_at: new Date(session2.created_at.getTime() + policy.absoluteHours * 3_600_000) })
    .where('token_hash', '=', session.tokenHash)
    .execute();
  await appendAudit(db, { actor: session.actor, action: 'auth.mfa.verify', entityType: 'user', entityId: session.actor.userId, result: 'ok', detail: { enrolled: session.stage === 'mfa_enrol' } });
  const user = await db.selectFrom('access.users').select('must_change_password').where('id', '=', session.actor.userId).executeTakeFirstOrThrow();
  return user.must_change_password ? 'password_change' : 'active';
}

/**
 * Re-authentication for a sensitive operation: the TOTP code when the user has one, otherwise the
 * password. Moves the session's strong-authentication time to now.
 */
export async function stepUp(db: Kysely<AccessTables>, key: Buffer, session: SessionInfo, proof: { code?: string; password?: string }, policy: MfaPolicy = defaultMfaPolicy): Promise<void> {
  if (session.mfaEnabled) {
    if (!proof.code) throw invalid('STEP_UP_CODE_REQUIRED', '请输入动态口令');
    await acceptCode(db, key, session, proof.code, 'auth.step_up', policy);
  } else {
    const user = await db.selectFrom('access.users').select('password_hash').where('id', '=', session.actor.userId).executeTakeFirstOrThrow();
    if (!proof.password || !(await verifyPassword(proof.password, user.password_hash))) {
      await appendAudit(db, { actor: session.actor, action: 'auth.step_up', entityType: 'user', entityId: session.actor.userId, result: 'denied', detail: { reason: 'bad_password' } });
      throw new DomainError('unauthenticated', 'STEP_UP_FAILED', '密码不正确');
    }
  }
  await db.updateTable('access.sessions').set({ authenticated_at: new Date() }).where('token_hash', '=', session.tokenHash).execute();
  await appendAudit(db, { actor: session.actor, action: 'auth.step_up', entityType: 'user', entityId: session.actor.userId, result: 'ok' });
}
