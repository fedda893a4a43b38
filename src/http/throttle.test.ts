import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type AccessTables } from '../access/index.js';
import { loadConfig } from '../config.js';
import { loginAs, seedTestDivisions, type TestUser } from '../registry/testing.js';
import type { RegistryTables } from '../registry/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';

let t: TestDatabase;
let app: AppInstance;
let reader: TestUser;
let otherReader: TestUser;

const LIMITS = {
  signInPerSource: { max: 5, windowSeconds: 60 },
  signInPerAccount: { max: 3, windowSeconds: 60 },
  personalReadsPerUser: { max: 10, windowSeconds: 60 },
};

beforeAll(async () => {
  t = await openTestDatabase(testConfig({ limits: LIMITS }));
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  const db = t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>();
  await seedTestDivisions(db);
  // Each test user signs in from an address of its own: the sign-in counters are what the first tests measure.
  reader = await loginAs(app, db, 'reader', 'street_caseworker', '310115004');
  otherReader = await loginAs(app, db, 'other.reader', 'street_caseworker', '310115004');
  await createUser(db, null, { username: 'good.user', displayName: '正常', role: 'leader', jurisdiction: '310000', password: 'good-pass-123' });
  await createUser(db, null, { username: 'admin.upload', displayName: '上传', role: 'city_admin', jurisdiction: '310000', password: 'good-pass-123' });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const login = (username: string, password: string, remoteAddress: string) => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });

function expectThrottled(response: { statusCode: number; headers: Record<string, unknown>; json: () => { code: string; message: string } }): void {
  expect(response.statusCode).toBe(429);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^请求过于频繁，请 \d+ 秒后再试$/) });
}

describe('throttling', () => {
  it('answers 200 parallel bad sign-ins from one address with 429 beyond the per-source quota', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => login(`nobody${i}`, 'wrong-password', '10.1.0.1')));
    expect(answers.filter((r) => r.statusCode !== 429)).toHaveLength(LIMITS.signInPerSource.max);
    expectThrottled(answers.find((r) => r.statusCode === 429)!);
    // Another address is not affected.
    expect((await login('good.user', 'good-pass-123', '10.1.0.2')).statusCode).toBe(200);
  });

  it('throttles 200 good sign-ins too, so a stolen password cannot mint sessions at speed', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => login('good.user', 'good-pass-123', '10.2.0.1')));
    expect(answers.filter((r) => r.statusCode === 200).length).toBeLessThanOrEqual(LIMITS.signInPerAccount.max);
    expect(answers.filter((r) => r.statusCode === 429).length).toBeGreaterThanOrEqual(200 - LIMITS.signInPerAccount.max);
  });

  it('counts sign-ins per account name across addresses (and case)', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await login(i % 2 ? 'Target.User' : 'target.user', 'wrong-password', `10.3.0.${i + 1}`));
    expect(answers.map((r) => r.statusCode).slice(LIMITS.signInPerAccount.max)).toEqual([429, 429, 429]);
  });

  it('limits personal-data reads per user: 1,000 parallel reads, then the next user is unaffected', async () => {
    const answers = await Promise.all(Array.from({ length: 1000 }, () => app.inject({ url: '/api/v1/persons?limit=1', headers: reader.headers })));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(LIMITS.personalReadsPerUser.max);
    expectThrottled(answers.find((r) => r.statusCode === 429)!);
    // Keyed by user, not by address: the same address with another user's token still reads.
    expect((await app.inject({ url: '/api/v1/persons?limit=1', headers: otherReader.headers })).statusCode).toBe(200);
    // Non-personal routes are not counted.
    expect((await app.inject({ url: '/api/v1/auth/me', headers: reader.headers })).statusCode).toBe(200);
  });

  it('documents 429 on throttled operations', async () => {
    const spec = (await app.inject('/openapi.json')).json();
    expect(spec.paths['/api/v1/auth/login'].post.responses).toHaveProperty('429');
    expect(spec.paths['/api/v1/persons'].get.responses).toHaveProperty('429');
    expect(spec.paths['/api/v1/auth/me'].get.responses).not.toHaveProperty('429');
  });
});

describe('body size', () => {
  it('refuses a sign-in body over 1 MiB with 413 before parsing it', async () => {
    const payload = JSON.stringify({ username: 'x', password: 'p'.repeat(2 * 1024 * 1024) });
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.4.0.1', headers: { 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' });
  });

  it('lets the department data upload keep its larger limit', async () => {
    const token = (await login('admin.upload', 'good-pass-123', '10.4.0.2')).json().token;
    const rows = Array.from({ length: 40_000 }, (_, i) => `110101199001011234,低保,2025-01,${i}`).join('\n');
    expect(rows.length).toBeGreaterThan(1024 * 1024);
    const response = await app.inject({ method: 'POST', url: '/api/v1/monitoring/exchange/civil/batches/b-big', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, payload: rows });
    expect(response.statusCode).not.toBe(413);
    expect(response.statusCode).toBeLessThan(500);
  });
});

describe('configuration', () => {
  it('reads the limits from the environment and listens on loopback unless HOST is set', () => {
    const env = { DATA_DIR: '/tmp/minzheng-test', MINZHENG_SECRET_KEY: Buffer.alloc(32).toString('base64') };
    const config = loadConfig({ ...env, RATE_PERSONAL_READS_PER_MINUTE: '30', BODY_LIMIT_BYTES: '102400' });
    expect(config.limits).toEqual({ personalReadsPerUser: { max: 30, windowSeconds: 60 }, bodyLimitBytes: 102_400 });
    expect(config.host).toBe('127.0.0.1');
    expect(loadConfig({ ...env, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(() => loadConfig({ ...env, RATE_SIGNIN_PER_SOURCE_PER_MINUTE: '-1' })).toThrow();
  });
});
