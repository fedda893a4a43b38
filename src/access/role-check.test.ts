/**
 * The database's role check and ROLES say the same thing: the business lines add roles (婚姻登记员, 儿童主任, 儿童督导员),
 * and a role the check forgets cannot be given to anyone, while one it keeps after ROLES drops it would still be stored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { ROLES } from './index.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 120_000);
afterAll(async () => t?.close());

it('allows exactly the roles of ROLES in access.users', async () => {
  const [row] = await t.ownerQuery<{ def: string }>(`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'users_role_check' and conrelid = 'access.users'::regclass`);
  const allowed = [...(row?.def ?? '').matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]).sort();
  expect(allowed).toEqual([...ROLES].sort());
});
