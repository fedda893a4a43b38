import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import type { RegistryTables } from '../registry/index.js';
import { loginAs, newPerson, seedTestDivisions, type TestUser } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';

let t: TestDatabase;
let app: AppInstance;
let user: TestUser;
const lines: string[] = [];
const logged = () => lines.map((line) => JSON.parse(line) as { reqId?: string; msg?: string });

beforeAll(async () => {
  t = await openTestDatabase();
  app = await buildApp(t.ctx, { webDist: '/nonexistent', logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
  // Shared code logs through the app's logger, not request.log: the line must still name the request.
  app.get('/test/shared-log', async () => {
    app.log.warn('shared code speaking');
    return { ok: true };
  });
  const db = t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>();
  await seedTestDivisions(db);
  user = await loginAs(app, db, 'weifang', 'street_caseworker', '310115004');
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('the request id', () => {
  it('is in every log line of a request, in its answer and in its audit entry', async () => {
    lines.length = 0;
    const response = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: user.headers, payload: newPerson() });
    expect(response.statusCode).toBe(201);
    const id = response.headers['x-request-id'] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logged().length).toBeGreaterThanOrEqual(2);
    for (const line of logged()) expect(line.reqId).toBe(id);
    const audit = await t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').select('request_id').where('request_id', '=', id).execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('reaches lines written by shared code through the app logger, once per line', async () => {
    lines.length = 0;
    const response = await app.inject({ url: '/test/shared-log' });
    const id = response.headers['x-request-id'];
    const shared = lines.find((line) => line.includes('shared code speaking')) as string;
    expect(JSON.parse(shared).reqId).toBe(id);
    expect(shared.match(/"reqId"/g)).toHaveLength(1);
    for (const line of lines) expect(line.match(/"reqId"/g)).toHaveLength(1);
  });

  it("keeps a proxy's well-formed id and replaces one that could forge log fields", async () => {
    const kept = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'edge-7f3a9c21:42' } });
    expect(kept.headers['x-request-id']).toBe('edge-7f3a9c21:42');
    for (const bad of ['short', 'a"},"level":60,"x":"bbbbbbbb', 'x'.repeat(65)]) {
      const replaced = await app.inject({ url: '/healthz', headers: { 'x-request-id': bad } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('leaves lines outside any request without an id', () => {
    lines.length = 0;
    app.log.info('background work');
    expect(logged()[0].reqId).toBeUndefined();
  });
});
