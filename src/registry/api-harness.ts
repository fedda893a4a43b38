import { expect } from 'vitest';
import type { AccessTables } from '../access/index.js';
import type { CoreTables } from '../db/index.js';
import type { Response as InjectResponse } from 'light-my-request';
import { buildApp, type AppInstance } from '../http/app.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import type { RegistryTables } from './index.js';
import { loginAs, seedTestDivisions, type TestUser } from './testing.js';

/** The registry API on a fresh database with the test divisions and two street caseworkers (潍坊, 陆家嘴). */
export interface RegistryApi {
  t: TestDatabase;
  app: AppInstance;
  weifang: TestUser;
  lujiazui: TestUser;
  db(): ReturnType<typeof registryDb>;
  post(user: TestUser, url: string, payload: object): Promise<InjectResponse>;
  get(user: TestUser, url: string): Promise<InjectResponse>;
  close(): Promise<void>;
}

const registryDb = (t: TestDatabase) => t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>().withTables<CoreTables>();

export async function openRegistryApi(): Promise<RegistryApi> {
  const t = await openTestDatabase();
  // API tests need no web app.
  const app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  const db = () => registryDb(t);
  await seedTestDivisions(db());
  const weifang = await loginAs(app, db(), 'weifang', 'street_caseworker', '310115004');
  const lujiazui = await loginAs(app, db(), 'lujiazui', 'street_caseworker', '310115005');
  return {
    t,
    app,
    weifang,
    lujiazui,
    db,
    post: (user, url, payload) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers: user.headers, payload }),
    get: (user, url) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers }),
    async close() {
      await app.close();
      await t.close();
    },
  };
}

/** Awaits a response, asserts its status (showing the body when it differs) and returns the JSON. */
export async function ok<T>(response: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200): Promise<T> {
  const r = await response;
  expect(r.statusCode, r.body).toBe(status);
  return r.json() as T;
}
