/**
 * POST /api/v1/policy/evaluate through the real app: session required, permission checked, policy error
 * codes (not generic schema errors) for bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, defaultLoginPolicy, login, type AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';

let t: TestDatabase;
let app: AppInstance;
let caseworker: string;
let auditor: string;

// Sessions from the password alone: MFA has its own tests in src/access.
const passwordOnly = { ...defaultLoginPolicy, mfaRoles: [] };

beforeAll(async () => {
  t = await openTestDatabase();
  const db = t.db.kysely.withTables<AccessTables>();
  await createUser(db, null, { username: 'policy.cw', displayName: '测试', role: 'street_caseworker', jurisdiction: '310115004', password: 'test-pass-123' });
  await createUser(db, null, { username: 'policy.audit', displayName: '测试', role: 'auditor', jurisdiction: '310000', password: 'test-pass-123' });
  caseworker = (await login(db, 'policy.cw', 'test-pass-123', { ip: '127.0.0.1' }, passwordOnly)).token;
  auditor = (await login(db, 'policy.audit', 'test-pass-123', { ip: '127.0.0.1' }, passwordOnly)).token;
  app = await buildApp(t.ctx);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const body = {
  month: '2024-07',
  household: {
    members: [{ id: 'A', birthDate: '1980-01-15', hukouShanghai: true, disability: null, laborCapacity: 'full', orphan: false, monthlyIncomeFen: 120000, monetaryAssetsFen: 0, ownsVehicle: false }],
    rigidExpensesLast12MonthsFen: 0,
    hasLegalSupporter: true,
  },
  programmes: ['dibao'],
};
const post = (payload: unknown, token?: string) => app.inject({ method: 'POST', url: '/api/v1/policy/evaluate', payload: payload as object, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('POST /api/v1/policy/evaluate', () => {
  it('returns the decision with reasons, rule version and parameters', async () => {
    const res = await post(body, caseworker);
    expect(res.statusCode).toBe(200);
    const json = res.json();
    expect(json.results).toMatchObject([{ programme: 'dibao', eligible: true, monthlyAmountFen: 39500 }]);
    expect(json.results[0].reasons).toContain('收入条件：家庭月人均收入 1200.00 元 < 低保标准 1595.00 元（2024-07-01 起）——符合');
    expect(json).toMatchObject({ ruleVersion: 'shanghai@1', parameters: expect.arrayContaining([expect.objectContaining({ name: 'dibao.standard', value: 159500 })]) });
  });

  it('answers bad input with the policy error code and the field in Chinese', async () => {
    const res = await post({ ...body, month: '2024-7' }, caseworker);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'POLICY_INVALID_INPUT', message: expect.stringContaining('month') });
    const unknown = await post({ ...body, programmes: ['pension'] }, caseworker);
    expect(unknown.json()).toMatchObject({ code: 'POLICY_UNKNOWN_PROGRAMME' });
  });

  it('needs a session and the policy.evaluate permission', async () => {
    expect((await post(body)).statusCode).toBe(401);
    expect((await post(body, auditor)).statusCode).toBe(403);
  });
});
