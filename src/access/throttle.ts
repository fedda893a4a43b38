import { sql, type Kysely } from 'kysely';
import { appendAudit } from './audit.js';
import type { AccessTables, Actor } from './model.js';

/**
 * Login throttling, keyed three ways (access.login_throttle):
 * - `pair:<user>|<ip>`: five failures from one source lock that source out of that account for 15 minutes.
 *   The owner, signing in from elsewhere, is not locked out by a stranger guessing.
 * - `ip:<ip>`: a source that fails against many accounts (password spraying) is locked out of all of them.
 * - `user:<user>`: failures from anywhere slow the account down (a growing delay before the answer) but
 *   never lock it, so a distributed guesser is slowed and nobody can deny the owner access.
 * The answer for a locked pair or source is the same as for a wrong password (no oracle).
 */
export interface ThrottlePolicy {
  pairMaxFailures: number;
  ipMaxFailures: number;
  lockMinutes: number;
  /** Account-wide failures before the delay starts; it doubles per failure up to maxDelayMs. */
  delayAfter: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = { pairMaxFailures: 5, ipMaxFailures: 30, lockMinutes: 15, delayAfter: 3, baseDelayMs: 200, maxDelayMs: 3000 };

const pairKey = (username: string, ip: string) => `pair:${username}|${ip}`;
const ipKey = (ip: string) => `ip:${ip}`;
const userKey = (username: string) => `user:${username}`;

export interface ThrottleState {
  locked: 'pair' | 'ip' | null;
  delayMs: number;
  /** Locks whose time has run out since the last attempt: to be recorded as unlocked. */
  expired: string[];
}

export async function loginThrottle(db: Kysely<AccessTables>, username: string, ip: string, policy: ThrottlePolicy): Promise<ThrottleState> {
  const keys = [pairKey(username, ip), ipKey(ip), userKey(username)];
  const rows = await db.selectFrom('access.login_throttle').selectAll().where('key', 'in', keys).execute();
  const now = Date.now();
  const windowMs = policy.lockMinutes * 60_000;
  const live = (key: string) => rows.find((r) => r.key === key && r.window_started_at.getTime() + windowMs > now);
  const lockedNow = (key: string) => {
    const row = rows.find((r) => r.key === key);
    return row?.locked_until ? row.locked_until.getTime() > now : false;
  };
  const accountFailures = live(userKey(username))?.failures ?? 0;
  const over = accountFailures - policy.delayAfter;
  return {
    locked: lockedNow(keys[0]) ? 'pair' : lockedNow(keys[1]) ? 'ip' : null,
    delayMs: over > 0 ? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (over - 1)) : 0,
    expired: rows.filter((r) => r.locked_until && r.locked_until.getTime() <= now).map((r) => r.key),
  };
}

/** A lock that ran out is an unlock too: audited once, when the next attempt finds it. */
export async function recordExpiredLocks(db: Kysely<AccessTables>, keys: string[], userId: number | null): Promise<void> {
  for (const key of keys) {
    const cleared = await db.updateTable('access.login_throttle').set({ locked_until: null }).where('key', '=', key).where('locked_until', '<=', new Date()).executeTakeFirst();
    if (Number(cleared.numUpdatedRows) !== 1) continue;
    const scope = key.startsWith('ip:') ? 'source' : 'account_source';
    const source = key.startsWith('ip:') ? key.slice(3) : key.slice(key.lastIndexOf('|') + 1);
    await appendAudit(db, { actor: null, action: 'auth.unlock', entityType: scope === 'source' ? 'source' : 'user', entityId: scope === 'source' ? source : (userId ?? key), result: 'ok', detail: { scope, source, automatic: true } });
  }
}

/** Counts one failure under all three keys; locks (audited) when a pair or a source reaches its limit. */
export async function recordFailure(db: Kysely<AccessTables>, username: string, ip: string, userId: number | null, actor: Actor | null, policy: ThrottlePolicy, detail: Record<string, unknown>): Promise<void> {
  const windowStart = new Date(Date.now() - policy.lockMinutes * 60_000);
  await db.transaction().execute(async (trx) => {
    const counted = new Map<string, number>();
    for (const key of [pairKey(username, ip), ipKey(ip), userKey(username)]) {
      // A window older than the lock period starts again at one.
      const row = await sql<{ failures: number; locked_until: Date | null }>`
        insert into access.login_throttle (key, failures, window_started_at) values (${key}, 1, now())
        on conflict (key) do update set
          failures = case when access.login_throttle.window_started_at < ${windowStart} then 1 else access.login_throttle.failures + 1 end,
          window_started_at = case when access.login_throttle.window_started_at < ${windowStart} then now() else access.login_throttle.window_started_at end
        returning failures, locked_until`.execute(trx);
      counted.set(key, row.rows[0].failures);
    }
    const lockedUntil = new Date(Date.now() + policy.lockMinutes * 60_000);
    const pairFailures = counted.get(pairKey(username, ip)) ?? 0;
    const ipFailures = counted.get(ipKey(ip)) ?? 0;
    await appendAudit(trx, { actor, action: 'auth.login', entityType: 'user', entityId: userId ?? username, result: 'denied', detail: { ...detail, failures: pairFailures } });
    if (pairFailures >= policy.pairMaxFailures) {
      await trx.updateTable('access.login_throttle').set({ locked_until: lockedUntil, failures: 0, window_started_at: new Date() }).where('key', '=', pairKey(username, ip)).execute();
      await appendAudit(trx, { actor, action: 'auth.lock', entityType: 'user', entityId: userId ?? username, result: 'ok', detail: { scope: 'account_source', source: ip, lockedUntil: lockedUntil.toISOString() } });
    }
    if (ipFailures >= policy.ipMaxFailures) {
      await trx.updateTable('access.login_throttle').set({ locked_until: lockedUntil, failures: 0, window_started_at: new Date() }).where('key', '=', ipKey(ip)).execute();
      await appendAudit(trx, { actor: null, action: 'auth.lock', entityType: 'source', entityId: ip, result: 'ok', detail: { scope: 'source', lockedUntil: lockedUntil.toISOString() } });
    }
  });
}

/** A successful sign-in clears its own pair (the account-wide count runs out with its window). */
export async function clearThrottle(db: Kysely<AccessTables>, username: string, ip: string): Promise<void> {
  await db.deleteFrom('access.login_throttle').where('key', '=', pairKey(username, ip)).execute();
}

/** The security admin's unlock: every lock and count on the account. Returns how many entries it cleared. */
export async function clearAccountThrottle(db: Kysely<AccessTables>, username: string): Promise<number> {
  const result = await db
    .deleteFrom('access.login_throttle')
    .where((eb) => eb.or([eb('key', '=', userKey(username)), eb('key', 'like', `${pairKey(username, '').replaceAll('%', '\\%').replaceAll('_', '\\_')}%`)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
