import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { appendAudit, createUser, login, resolveSession, verifyAuditChain, type AccessTables, type Actor } from './index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.close());

const db = () => t.db.kysely.withTables<AccessTables>();

describe('login', () => {
  it('locks the account after 5 failures, even for the right password', async () => {
    await createUser(db(), null, { username: 'lock.me', displayName: '测试', role: 'street_caseworker', jurisdiction: '310115004', password: 'secret123' });
    for (let i = 1; i <= 4; i++) {
      await expect(login(db(), 'lock.me', 'wrong-password')).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS', status: 401 });
    }
    await expect(login(db(), 'lock.me', 'wrong-password')).rejects.toMatchObject({ code: 'AUTH_ACCOUNT_LOCKED', status: 423 });
    await expect(login(db(), 'lock.me', 'secret123')).rejects.toMatchObject({ code: 'AUTH_ACCOUNT_LOCKED' });
  });

  it('gives a session token for the right password and resets the failure count', async () => {
    await createUser(db(), null, { username: 'ok.user', displayName: '测试', role: 'auditor', jurisdiction: '310000', password: 'secret123' });
    await expect(login(db(), 'ok.user', 'nope')).rejects.toMatchObject({ code: 'AUTH_INVALID_CREDENTIALS' });
    const session = await login(db(), 'ok.user', 'secret123');
    expect(session.token.length).toBeGreaterThan(30);
    expect(session.actor.jurisdiction).toBe('310000000000');
    const row = await db().selectFrom('access.users').select('failed_logins').where('username', '=', 'ok.user').executeTakeFirstOrThrow();
    expect(row.failed_logins).toBe(0);
  });
});

describe('sessions', () => {
  it('stops accepting a token once the session has expired', async () => {
    await createUser(db(), null, { username: 'short.session', displayName: '测试', role: 'leader', jurisdiction: '310000', password: 'secret123' });
    const session = await login(db(), 'short.session', 'secret123', { sessionTtlMinutes: 60, maxFailures: 5, lockMinutes: 15 });
    expect(await resolveSession(db(), session.token)).toMatchObject({ username: 'short.session' });
    await db().updateTable('access.sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', session.actor.userId).execute();
    expect(await resolveSession(db(), session.token)).toBeNull();
  });
});

describe('audit chain', () => {
  const actor: Actor = { userId: 1, username: 'a', displayName: 'A', role: 'auditor', jurisdiction: '310000000000' };

  it('verifies an intact chain and detects an edited row', async () => {
    for (let i = 0; i < 5; i++) await appendAudit(db(), { actor, action: 'registry.person.read', entityType: 'person', entityId: i, result: 'ok', detail: { z: 1, a: [i] } });
    const intact = await verifyAuditChain(db());
    expect(intact.ok).toBe(true);
    expect(intact.entries).toBeGreaterThanOrEqual(5);

    await expect(sql`update access.audit_log set purpose = 'x'`.execute(db())).rejects.toThrow(/append-only/);

    // A superuser can switch the trigger off; the chain still gives the edit away.
    const victim = await db().selectFrom('access.audit_log').select('id').orderBy('id', 'desc').offset(2).limit(1).executeTakeFirstOrThrow();
    await sql`alter table access.audit_log disable trigger audit_log_no_update`.execute(db());
    await sql`update access.audit_log set entity_id = '999' where id = ${victim.id}`.execute(db());
    await sql`alter table access.audit_log enable trigger audit_log_no_update`.execute(db());
    const broken = await verifyAuditChain(db());
    expect(broken).toMatchObject({ ok: false, brokenAt: { id: victim.id, reason: 'hash_mismatch' } });
  });
});
