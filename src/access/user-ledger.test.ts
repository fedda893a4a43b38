/**
 * The security admin's ledger says whether an account's sign-in is locked now: five wrong passwords from one
 * source lock that source out of the account (throttle.ts), the ledger shows it, and the unlock clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type AppInstance } from '../http/app.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { createUser, type AccessTables } from './index.js';

let t: TestDatabase;
let app: AppInstance;
const PASSWORD = 'ledger-pass-2025!';
let admin: { authorization: string };

beforeAll(async () => {
  t = await openTestDatabase();
  const db = t.db.kysely.withTables<AccessTables>();
  for (const [username, role, jurisdiction] of [
    ['sec.ledger', 'security_admin', '310000'],
    ['worker.locked', 'street_caseworker', '310115004'],
    ['worker.other', 'street_caseworker', '310115004'],
  ] as const) {
    await createUser(db, null, { username, displayName: username, role, jurisdiction, password: PASSWORD });
  }
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'sec.ledger', password: PASSWORD } });
  admin = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const ledger = async () => {
  const response = await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin });
  expect(response.statusCode, response.body).toBe(200);
  return Object.fromEntries((response.json() as { username: string; locked: boolean; active: boolean }[]).map((u) => [u.username, u]));
};

describe('the user ledger', () => {
  it('shows a lock from five wrong passwords for that account only, and clears it on unlock', async () => {
    expect((await ledger())['worker.locked'].locked).toBe(false);
    for (let i = 0; i < 5; i++) {
      const failed = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.locked', password: 'wrong-password' }, remoteAddress: '192.0.2.77' });
      expect(failed.statusCode).toBe(401);
    }
    const locked = await ledger();
    expect(locked['worker.locked']).toMatchObject({ locked: true, active: true });
    expect(locked['worker.other'].locked).toBe(false);
    const right = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.locked', password: PASSWORD }, remoteAddress: '192.0.2.77' });
    expect(right.statusCode).toBe(401);

    const id = (await app.inject({ method: 'GET', url: '/api/v1/users', headers: admin })).json().find((u: { username: string }) => u.username === 'worker.locked').id as number;
    expect((await app.inject({ method: 'POST', url: `/api/v1/users/${id}/unlock`, headers: admin })).statusCode).toBe(204);
    expect((await ledger())['worker.locked'].locked).toBe(false);
    const after = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.locked', password: PASSWORD }, remoteAddress: '192.0.2.77' });
    expect(after.statusCode).toBe(200);
  });

  it('is for the security admin only', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'worker.other', password: PASSWORD } });
    const response = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${(login.json() as { token: string }).token}` } });
    expect(response.statusCode).toBe(403);
  });
});
