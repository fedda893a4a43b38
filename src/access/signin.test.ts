import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { buildApp, type AppInstance } from '../http/app.js';
import { requireStepUp } from '../http/auth.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { loadAuthConfig, STRICT_MFA_ROLES } from '../config.js';
import { bootstrapDemo } from '../demo/bootstrap.js';
import { createUser, type AccessTables } from './index.js';

let t: TestDatabase;
let app: AppInstance;
const PASSWORD = 'test-pass-123';
const db = () => t.db.kysely.withTables<AccessTables>();

beforeAll(async () => {
  const base = testConfig();
  t = await openTestDatabase({ ...base, auth: { ...base.auth, mfaRoles: STRICT_MFA_ROLES, secureCookie: false } });
  for (const [username, role, jurisdiction] of [
    ['sec.one', 'security_admin', '310000'],
    ['sec.two', 'security_admin', '310000'],
    ['sys.admin', 'city_admin', '310000'],
    ['audit.one', 'auditor', '310000'],
    ['district.one', 'district_staff', '310115'],
    ['worker.one', 'street_caseworker', '310115004'],
    ['worker.two', 'street_caseworker', '310115005'],
  ] as const) {
    await createUser(db(), null, { username, displayName: username, role, jurisdiction, password: PASSWORD });
  }
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  // A stand-in for a bulk export, so step-up is tested on its own.
  app.get('/api/v1/test/export', async (request) => ({ by: requireStepUp(request).username }));
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

let ipSequence = 0;
/** Each sign-in from its own address, so lockout tests elsewhere do not interfere. */
const freshIp = () => `192.0.2.${++ipSequence}`;

async function passwordLogin(username: string, password = PASSWORD, extra: Record<string, unknown> = {}) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...extra }, remoteAddress: freshIp() });
}

const secrets = new Map<string, string>();

/**
 * The current TOTP code, after forgetting the last step accepted for the user: stands in for waiting for
 * the next 30-second step (a code of an accepted step is a replay; the replay test uses the real rule).
 */
async function freshCode(username: string): Promise<string> {
  await db().updateTable('access.users').set({ mfa_last_step: null }).where('username', '=', username).execute();
  return generateSync({ secret: secrets.get(username)! });
}

/** Password, then TOTP (enrolling on first use): a full session's headers. */
async function signIn(username: string): Promise<{ authorization: string }> {
  const response = await passwordLogin(username);
  expect(response.statusCode).toBe(200);
  const { token, stage } = response.json();
  const headers = { authorization: `Bearer ${token}` };
  if (stage === 'mfa_enrol') {
    const enrol = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrol', headers });
    expect(enrol.statusCode).toBe(200);
    secrets.set(username, enrol.json().secret);
  }
  if (stage === 'mfa' || stage === 'mfa_enrol') {
    const verify = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers, payload: { code: await freshCode(username) } });
    expect(verify.json()).toMatchObject({ stage: 'active' });
  }
  return headers;
}

describe('MFA', () => {
  it('lets a password-only session reach the MFA routes and nothing else', async () => {
    for (const username of ['sys.admin', 'sec.one', 'audit.one', 'district.one']) {
      const response = await passwordLogin(username);
      expect(response.json().stage).toBe('mfa_enrol');
      const headers = { authorization: `Bearer ${response.json().token}` };
      for (const url of ['/api/v1/auth/me', '/api/v1/users', '/api/v1/audit', '/api/v1/grants']) {
        const refused = await app.inject({ url, headers });
        expect(refused.statusCode, `${username} ${url}`).toBe(401);
        expect(refused.json().code).toBe('AUTH_MFA_ENROL_REQUIRED');
      }
      expect((await app.inject({ url: '/api/v1/auth/session', headers })).json()).toMatchObject({ stage: 'mfa_enrol', username });
    }
  });

  it('enrols with a secret, an otpauth URI and a QR code, then signs in with the code', async () => {
    const response = await passwordLogin('district.one');
    const headers = { authorization: `Bearer ${response.json().token}` };
    const enrol = (await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrol', headers })).json();
    expect(enrol.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(enrol.qrSvg).toMatch(/^<svg/);
    secrets.set('district.one', enrol.secret);
    const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers, payload: { code: await freshCode('district.one') } });
    expect(ok.json()).toEqual({ stage: 'active' });
    expect((await app.inject({ url: '/api/v1/auth/me', headers })).json()).toMatchObject({ username: 'district.one' });
    // Enrolled: the next sign-in asks for the code, and the secret is never handed out again.
    const again = await passwordLogin('district.one');
    expect(again.json().stage).toBe('mfa');
    const enrolAgain = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/enrol', headers: { authorization: `Bearer ${again.json().token}` } });
    expect(enrolAgain.statusCode).toBe(401);
    expect(enrolAgain.json().code).toBe('AUTH_MFA_REQUIRED');
    const users = await db().selectFrom('access.users').select('mfa_secret').where('username', '=', 'district.one').executeTakeFirstOrThrow();
    expect(users.mfa_secret).not.toContain(enrol.secret);
  });

  it('refuses a replayed code', async () => {
    await signIn('audit.one');
    const code = await freshCode('audit.one');
    const first = await passwordLogin('audit.one');
    const firstHeaders = { authorization: `Bearer ${first.json().token}` };
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers: firstHeaders, payload: { code } })).statusCode).toBe(200);
    const second = await passwordLogin('audit.one');
    const replay = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers: { authorization: `Bearer ${second.json().token}` }, payload: { code } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('AUTH_MFA_INVALID');
  });

  it('locks the second factor after 5 wrong codes and ends the session', async () => {
    await signIn('sys.admin');
    const response = await passwordLogin('sys.admin');
    const headers = { authorization: `Bearer ${response.json().token}` };
    for (let i = 0; i < 5; i++) {
      const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers, payload: { code: '000000' } });
      expect(wrong.statusCode).toBe(401);
    }
    expect((await app.inject({ url: '/api/v1/auth/session', headers })).statusCode).toBe(401);
    const next = await passwordLogin('sys.admin');
    const locked = await app.inject({ method: 'POST', url: '/api/v1/auth/mfa/verify', headers: { authorization: `Bearer ${next.json().token}` }, payload: { code: await freshCode('sys.admin') } });
    expect(locked.statusCode).toBe(423);
    const audit = await db().selectFrom('access.audit_log').select('action').where('action', '=', 'auth.mfa.lock').execute();
    expect(audit.length).toBeGreaterThan(0);
    await db().updateTable('access.users').set({ mfa_locked_until: null }).where('username', '=', 'sys.admin').execute();
  });
});

describe('step-up', () => {
  it('asks for a fresh code when the last strong authentication is older than the window', async () => {
    const headers = await signIn('district.one');
    expect((await app.inject({ url: '/api/v1/test/export', headers })).json()).toEqual({ by: 'district.one' });
    await db()
      .updateTable('access.sessions')
      .set({ authenticated_at: new Date(Date.now() - 11 * 60_000) })
      .where('token_hash', 'is not', null)
      .execute();
    const refused = await app.inject({ url: '/api/v1/test/export', headers });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('STEP_UP_REQUIRED');
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/step-up', headers, payload: { code: '123456' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/step-up', headers, payload: { code: await freshCode('district.one') } })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/test/export', headers })).statusCode).toBe(200);
  });

  it('guards the bank payment file export and wants a purpose', async () => {
    const headers = await signIn('district.one');
    await db()
      .updateTable('access.sessions')
      .set({ authenticated_at: new Date(Date.now() - 11 * 60_000) })
      .where('token_hash', 'is not', null)
      .execute();
    const stale = await app.inject({ url: '/api/v1/assistance/payment-runs/1/export?purpose=核对', headers });
    expect(stale.json().code).toBe('STEP_UP_REQUIRED');
    await app.inject({ method: 'POST', url: '/api/v1/auth/step-up', headers, payload: { code: await freshCode('district.one') } });
    const noPurpose = await app.inject({ url: '/api/v1/assistance/payment-runs/1/export', headers });
    expect(noPurpose.statusCode).toBe(400);
  });
});

describe('三权分立 and two-person grants', () => {
  it('refuses account management to the city admin and the auditor', async () => {
    for (const username of ['sys.admin', 'audit.one']) {
      const headers = await signIn(username);
      expect((await app.inject({ url: '/api/v1/users', headers })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'x.new', displayName: 'x', role: 'leader', jurisdiction: '310115' } })).statusCode).toBe(403);
    }
    const security = await signIn('sec.one');
    expect((await app.inject({ url: '/api/v1/audit', headers: security })).statusCode).toBe(403);
  });

  it('generates the initial password (a chosen one is refused) and forces a change at first sign-in', async () => {
    const headers = await signIn('sec.one');
    const chosen = await app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'new.leader', displayName: '新', role: 'leader', jurisdiction: '310115', password: 'Chosen-by-admin1' } });
    expect(chosen.statusCode).toBe(400);
    const created = await app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'new.leader', displayName: '新', role: 'leader', jurisdiction: '310115' } });
    expect(created.statusCode).toBe(201);
    const { initialPassword, user } = created.json();
    expect(user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(created.json())).not.toMatch(/scrypt\$/);

    const first = await passwordLogin('new.leader', initialPassword);
    expect(first.json().stage).toBe('password_change');
    const own = { authorization: `Bearer ${first.json().token}` };
    expect((await app.inject({ url: '/api/v1/auth/me', headers: own })).json().code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const weak = await app.inject({ method: 'PUT', url: '/api/v1/users/me/password', headers: own, payload: { currentPassword: initialPassword, newPassword: 'Abc12345' } });
    expect(weak.statusCode).toBe(400);
    const noCurrent = await app.inject({ method: 'PUT', url: '/api/v1/users/me/password', headers: own, payload: { currentPassword: 'wrong-one', newPassword: 'River-Oak-2031' } });
    expect(noCurrent.json().code).toBe('PASSWORD_CURRENT_WRONG');
    expect((await app.inject({ method: 'PUT', url: '/api/v1/users/me/password', headers: own, payload: { currentPassword: initialPassword, newPassword: 'River-Oak-2031' } })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: own })).json()).toMatchObject({ username: 'new.leader' });
    expect((await passwordLogin('new.leader', initialPassword)).statusCode).toBe(401);
  });

  it('revokes the other sessions on a password change', async () => {
    const a = await passwordLogin('worker.one');
    const b = await passwordLogin('worker.one');
    const headersA = { authorization: `Bearer ${a.json().token}` };
    const headersB = { authorization: `Bearer ${b.json().token}` };
    expect((await app.inject({ method: 'PUT', url: '/api/v1/users/me/password', headers: headersA, payload: { currentPassword: PASSWORD, newPassword: 'Lantern-Field-77' } })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: headersA })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: headersB })).statusCode).toBe(401);
    await app.inject({ method: 'PUT', url: '/api/v1/users/me/password', headers: headersA, payload: { currentPassword: 'Lantern-Field-77', newPassword: PASSWORD } });
  });

  it('holds an auditor account, and a city-wide caseworker, until a second security admin approves', async () => {
    const one = await signIn('sec.one');
    const two = await signIn('sec.two');
    const auditor = await app.inject({ method: 'POST', url: '/api/v1/users', headers: one, payload: { username: 'new.auditor', displayName: '新审计', role: 'auditor', jurisdiction: '310000' } });
    expect(auditor.json()).toMatchObject({ user: { active: false }, pendingGrantId: expect.any(Number) });
    const grantId = auditor.json().pendingGrantId;
    expect((await passwordLogin('new.auditor', auditor.json().initialPassword)).statusCode).toBe(401);
    // Nor can it be switched on by the back door.
    expect((await app.inject({ method: 'POST', url: `/api/v1/users/${auditor.json().user.id}/enable`, headers: one })).statusCode).toBe(409);

    const self = await app.inject({ method: 'POST', url: `/api/v1/grants/${grantId}/approve`, headers: one });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('GRANT_SAME_PERSON');
    expect((await app.inject({ url: '/api/v1/grants', headers: two })).json()).toEqual([expect.objectContaining({ id: grantId, username: 'new.auditor', requestedBy: 'sec.one', role: 'auditor' })]);
    expect((await app.inject({ method: 'POST', url: `/api/v1/grants/${grantId}/approve`, headers: two })).statusCode).toBe(204);
    expect((await passwordLogin('new.auditor', auditor.json().initialPassword)).json().stage).toBe('mfa_enrol');

    const cityWide = await app.inject({ method: 'POST', url: '/api/v1/users', headers: one, payload: { username: 'city.worker', displayName: '全市经办', role: 'street_caseworker', jurisdiction: '310000' } });
    expect(cityWide.json().pendingGrantId).toEqual(expect.any(Number));
    const streetOnly = await app.inject({ method: 'POST', url: '/api/v1/users', headers: one, payload: { username: 'street.worker', displayName: '街道经办', role: 'street_caseworker', jurisdiction: '310115004' } });
    expect(streetOnly.json()).toMatchObject({ user: { active: true }, pendingGrantId: null });

    // Widening an existing caseworker to the whole city waits too; the change is not applied meanwhile.
    const widen = await app.inject({ method: 'PUT', url: `/api/v1/users/${streetOnly.json().user.id}/role`, headers: one, payload: { role: 'street_caseworker', jurisdiction: '310000' } });
    expect(widen.statusCode).toBe(202);
    const row = await db().selectFrom('access.users').select('jurisdiction_code').where('username', '=', 'street.worker').executeTakeFirstOrThrow();
    expect(row.jurisdiction_code).toBe('310115004000');

    const audit = await db().selectFrom('access.audit_log').select(['action', 'result', 'actor_username']).where('action', 'like', 'access.grant.%').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'access.grant.request', result: 'ok', actor_username: 'sec.one' },
        { action: 'access.grant.approve', result: 'denied', actor_username: 'sec.one' },
        { action: 'access.grant.approve', result: 'ok', actor_username: 'sec.two' },
      ]),
    );
  });

  it('refuses a security admin changing their own role', async () => {
    const one = await signIn('sec.one');
    const me = (await app.inject({ url: '/api/v1/auth/me', headers: one })).json();
    const self = await app.inject({ method: 'PUT', url: `/api/v1/users/${me.userId}/role`, headers: one, payload: { role: 'auditor', jurisdiction: '310000' } });
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe('ACCESS_SELF_GRANT');
  });

  it('ends sessions on disable, on a role change and on request', async () => {
    const security = await signIn('sec.one');
    const users = (await app.inject({ url: '/api/v1/users', headers: security })).json() as { id: number; username: string }[];
    const id = (name: string) => users.find((u) => u.username === name)!.id;

    const two = { authorization: `Bearer ${(await passwordLogin('worker.two')).json().token}` };
    expect((await app.inject({ method: 'POST', url: `/api/v1/users/${id('worker.two')}/disable`, headers: security })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: two })).statusCode).toBe(401);
    expect((await passwordLogin('worker.two')).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `/api/v1/users/${id('worker.two')}/enable`, headers: security })).statusCode).toBe(204);

    const one = { authorization: `Bearer ${(await passwordLogin('worker.one')).json().token}` };
    const moved = await app.inject({ method: 'PUT', url: `/api/v1/users/${id('worker.one')}/role`, headers: security, payload: { role: 'street_caseworker', jurisdiction: '310115005' } });
    expect(moved.json()).toEqual({ applied: true, pendingGrantId: null });
    expect((await app.inject({ url: '/api/v1/auth/me', headers: one })).statusCode).toBe(401);

    const again = { authorization: `Bearer ${(await passwordLogin('worker.two')).json().token}` };
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/users/${id('worker.two')}/sessions`, headers: security })).json()).toEqual({ ended: expect.any(Number) });
    expect((await app.inject({ url: '/api/v1/auth/me', headers: again })).statusCode).toBe(401);
  });

  it('lets the security admin unlock a locked source, audited', async () => {
    const security = await signIn('sec.one');
    const ip = '198.51.100.7';
    for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.two', password: 'nope-nope-nope' }, remoteAddress: ip });
    const locked = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.two', password: PASSWORD }, remoteAddress: ip });
    expect(locked.statusCode).toBe(401);
    const user = await db().selectFrom('access.users').select('id').where('username', '=', 'worker.two').executeTakeFirstOrThrow();
    expect((await app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/unlock`, headers: security })).statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.two', password: PASSWORD }, remoteAddress: ip })).statusCode).toBe(200);
    const actions = (await db().selectFrom('access.audit_log').select('action').where('entity_id', '=', String(user.id)).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.lock', 'access.user.unlock']));
  });
});

describe('browser sessions', () => {
  it('keeps the token in an HttpOnly, SameSite=Strict cookie and wants the CSRF token on writes', async () => {
    const response = await passwordLogin('worker.one', PASSWORD, { session: 'cookie' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).not.toHaveProperty('token');
    const cookies = response.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string }[];
    const session = cookies.find((c) => c.name === 'mz_session')!;
    const csrf = cookies.find((c) => c.name === 'mz_csrf')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(csrf.httpOnly).toBeFalsy();
    const cookie = `mz_session=${session.value}; mz_csrf=${csrf.value}`;
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).json()).toMatchObject({ username: 'worker.one' });

    const write = { method: 'PUT' as const, url: '/api/v1/users/me/password', payload: { currentPassword: 'wrong-current', newPassword: 'River-Oak-2031' } };
    const forged = await app.inject({ ...write, headers: { cookie, origin: 'https://evil.example' } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe('CSRF_INVALID');
    const withToken = await app.inject({ ...write, headers: { cookie, 'x-csrf-token': csrf.value } });
    expect(withToken.json().code).toBe('PASSWORD_CURRENT_WRONG');
    // A token that only names a query parameter is not a session.
    expect((await app.inject({ url: `/api/v1/auth/me?access_token=${session.value}` })).statusCode).toBe(401);
  });

  it('logs out with an audit entry, Clear-Site-Data and expired cookies', async () => {
    const response = await passwordLogin('worker.one', PASSWORD, { session: 'cookie' });
    const cookies = response.cookies as { name: string; value: string }[];
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = cookies.find((c) => c.name === 'mz_csrf')!.value;
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    expect(out.headers['clear-site-data']).toBe('"cache", "storage"');
    expect((out.cookies as { name: string; expires?: Date }[]).find((c) => c.name === 'mz_session')?.expires?.getTime()).toBeLessThan(Date.now());
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    const logged = await db().selectFrom('access.audit_log').select(['action', 'actor_username']).where('action', '=', 'auth.logout').execute();
    expect(logged).toContainEqual({ action: 'auth.logout', actor_username: 'worker.one' });
  });

  it('uses the __Host- prefix and Secure behind TLS', async () => {
    const base = testConfig();
    const secure = await buildApp({ ...t.ctx, config: { ...t.ctx.config, auth: { ...base.auth, secureCookie: true } } }, { webDist: '/nonexistent' });
    const response = await secure.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.one', password: PASSWORD, session: 'cookie' }, remoteAddress: freshIp() });
    const session = (response.cookies as { name: string; secure?: boolean; path?: string }[]).find((c) => c.name === '__Host-mz_session');
    expect(session).toMatchObject({ secure: true, path: '/' });
    await secure.close();
  });
});

describe('configuration', () => {
  it('is strict by default in production: MFA roles, 30/15-minute idle, 12-hour sessions, Secure cookies, no demo', () => {
    const production = loadAuthConfig({ NODE_ENV: 'production', DEMO: '1' });
    expect(production).toEqual({ idleMinutes: 30, adminIdleMinutes: 15, absoluteHours: 12, mfaRoles: STRICT_MFA_ROLES, stepUpMinutes: 10, secureCookie: true, demo: false });
    expect(loadAuthConfig({ DATABASE_URL: 'postgres://x/y' }).demo).toBe(false);
    expect(loadAuthConfig({ DATABASE_URL: 'postgres://x/y' }).mfaRoles).toEqual(STRICT_MFA_ROLES);
    expect(loadAuthConfig({ DATABASE_URL: 'postgres://x/y', DEMO: '1' }).demo).toBe(true);
    expect(loadAuthConfig({}).demo).toBe(true);
    expect(loadAuthConfig({ SESSION_IDLE_MINUTES: '5', MFA_ROLES: 'auditor' })).toMatchObject({ idleMinutes: 5, mfaRoles: ['auditor'] });
  });

  it('seeds no demo accounts outside demo mode', async () => {
    expect(await bootstrapDemo(t.ctx)).toBe(false);
    expect(await db().selectFrom('access.users').select('id').where('username', 'in', ['admin', 'auditor', 'pudong']).execute()).toEqual([]);
  });
});
