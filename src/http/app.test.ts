import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, ROLES, type AccessTables } from '../access/index.js';
import { STATUSES } from '../assistance/index.js';
import { WARNING_STATUSES } from '../monitoring/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';

let t: TestDatabase;
let app: AppInstance;

async function tokenFor(username: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'test-pass-123' } });
  expect(response.statusCode).toBe(200);
  return response.json().token;
}

beforeAll(async () => {
  t = await openTestDatabase();
  const db = t.db.kysely.withTables<AccessTables>();
  await createUser(db, null, { username: 'cityadmin', displayName: '管理员', role: 'city_admin', jurisdiction: '310000', password: 'test-pass-123' });
  await createUser(db, null, { username: 'secadmin', displayName: '安全', role: 'security_admin', jurisdiction: '310000', password: 'test-pass-123' });
  await createUser(db, null, { username: 'audit1', displayName: '审计', role: 'auditor', jurisdiction: '310000', password: 'test-pass-123' });
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('HTTP API basics', () => {
  it('answers /healthz and publishes OpenAPI 3', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const spec = (await app.inject('/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toContain('/api/v1/auth/login');
  });

  it('rejects bad input with 400, a code and a Chinese message', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('请求参数不合法') });
  });

  it('requires a session, and tells an expired/unknown token apart from none', async () => {
    expect((await app.inject('/api/v1/auth/me')).json()).toMatchObject({ code: 'AUTH_REQUIRED' });
    const bad = await app.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Bearer nope' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('serves the label tables to any signed-in user, and to nobody else', async () => {
    const none = await app.inject('/api/v1/labels');
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('AUTH_REQUIRED');
    const response = await app.inject({ url: '/api/v1/labels', headers: { authorization: `Bearer ${await tokenFor('audit1')}` } });
    expect(response.statusCode).toBe(200);
    const labels = response.json();
    // Every code of a state machine has its name: a status added without one would show as a bare code.
    expect(Object.keys(labels.assistance.caseStatus).sort()).toEqual([...STATUSES].sort());
    expect(Object.keys(labels.monitoring.warningStatus).sort()).toEqual([...WARNING_STATUSES].sort());
    expect(Object.keys(labels.access.role).sort()).toEqual([...ROLES].sort());
    expect(labels.assistance.caseStatus.in_notice).toBe('公示中');
    expect(labels.eldercare.findingStatus.rectified).toBe('已整改待复核');
    expect(labels.registry.auditAction['registry.person.read']).toBe('查看人员');
  });

  it('logs out: the token stops working', async () => {
    const token = await tokenFor('cityadmin');
    const headers = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/v1/auth/me', headers })).json()).toMatchObject({ username: 'cityadmin', role: 'city_admin', jurisdiction: '310000000000' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('keeps the audit log from the city admin who could edit it, and shows it to the auditor', async () => {
    const admin = { authorization: `Bearer ${await tokenFor('cityadmin')}` };
    const refused = await app.inject({ url: '/api/v1/audit', headers: admin });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ACCESS_PERMISSION_DENIED');

    const auditor = { authorization: `Bearer ${await tokenFor('audit1')}` };
    const log = await app.inject({ url: '/api/v1/audit?result=denied&limit=10', headers: auditor });
    expect(log.statusCode).toBe(200);
    expect(log.json().items[0]).toMatchObject({ actorUsername: 'cityadmin', action: 'audit.read', result: 'denied' });
    const verify = await app.inject({ url: '/api/v1/audit/verify', headers: auditor });
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it('lets only the security admin create users (not the city admin), and validates them', async () => {
    const admin = { authorization: `Bearer ${await tokenFor('cityadmin')}` };
    const payload = { username: 'new.user', displayName: '新', role: 'leader', jurisdiction: '310115' };
    expect((await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload })).statusCode).toBe(403);
    const security = { authorization: `Bearer ${await tokenFor('secadmin')}` };
    const bad = await app.inject({ method: 'POST', url: '/api/v1/users', headers: security, payload: { ...payload, jurisdiction: '31x123' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('USER_INVALID_JURISDICTION');
    const created = await app.inject({ method: 'POST', url: '/api/v1/users', headers: security, payload });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ user: { username: 'new.user', active: true, mustChangePassword: true }, pendingGrantId: null });
    const auditor = { authorization: `Bearer ${await tokenFor('audit1')}` };
    const refused = await app.inject({ method: 'POST', url: '/api/v1/users', headers: auditor, payload: { ...payload, username: 'x.user' } });
    expect(refused.statusCode).toBe(403);
  });
});
