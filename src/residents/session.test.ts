/**
 * The resident session's idle clock: each use moves it (at most once in 5 s), so a resident who keeps using the
 * portal stays signed in past the first idle deadline; one who leaves it idle longer than `auth.idleMinutes` is
 * signed out for good (the session is revoked, a later use with an earlier clock does not bring it back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMITTEES, makeStaff, seedAssistanceDivisions, STREETS } from '../assistance/testing.js';
import { makeIdNumber } from '../kernel/index.js';
import { IdVault, registerPerson, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { residentDeps, tables, type ResidentDeps } from './deps.js';
import { openSession, resolveResidentSession, tokenHash } from './identity.js';

let t: TestDatabase;
let personId = 0;
const start = new Date('2026-03-02T01:00:00Z');
let now = start;
let deps: ResidentDeps;
const at = (ms: number) => {
  now = new Date(start.getTime() + ms);
};
/** When the session was last used, in ms after the start, read from its row (without using it). */
const lastSeen = async (token: string) => (await tables(deps).selectFrom('residents.sessions').select('last_seen_at').where('token_hash', '=', tokenHash(token)).executeTakeFirstOrThrow()).last_seen_at.getTime() - start.getTime();

beforeAll(async () => {
  t = await openTestDatabase();
  deps = residentDeps(t.ctx, { now: () => now });
  await seedAssistanceDivisions(t.ctx);
  const caseworker = await makeStaff(t.ctx, 'weifang.ss', 'street_caseworker', STREETS.weifang);
  const registry = t.ctx.db.kysely.withTables<RegistryTables>();
  personId = (
    await registerPerson(registry, new IdVault(t.ctx.config.secretKey), caseworker, { idNumber: makeIdNumber('310115', '1962-07-19', 52), name: '孙志强', hukouDivision: COMMITTEES.weifang1, residenceDivision: COMMITTEES.weifang1 })
  ).id;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the resident session’s idle clock', () => {
  it('moves with each use (not within 5 s), keeps a busy resident signed in and signs an idle one out for good', async () => {
    const idle = t.ctx.config.auth.idleMinutes * 60_000;
    at(0);
    const { token } = await openSession(deps, { personId, subject: 'test:idle', via: 'dev', source: { ip: '127.0.0.1' } });
    at(3_000);
    expect((await resolveResidentSession(deps, token))?.personId).toBe(personId);
    expect(await lastSeen(token)).toBe(0);
    at(idle - 60_000);
    expect(await resolveResidentSession(deps, token)).not.toBeNull();
    expect(await lastSeen(token)).toBe(idle - 60_000);
    // Past the first deadline, but used a minute before it: still signed in.
    at(idle + 60_000);
    expect(await resolveResidentSession(deps, token)).not.toBeNull();
    expect(await lastSeen(token)).toBe(idle + 60_000);
    // Left idle for the whole period: out, and revoked.
    at(2 * idle + 60_000);
    expect(await resolveResidentSession(deps, token)).toBeNull();
    at(idle + 90_000);
    expect(await resolveResidentSession(deps, token)).toBeNull();
  });
});
