/**
 * Operations (issue 22): /metrics behind a token or on its own port, the figures it gives, and /readyz
 * refusing traffic while migrations are pending or the outbox piles up. (/readyz with the database down:
 * outage.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { eventHandlers } from '../modules.js';
import { loginAs, seedTestDivisions, type TestUser } from '../registry/testing.js';
import type { RegistryTables } from '../registry/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';
import { createMetrics, serveMetricsPort } from './metrics.js';

const TOKEN = 'm'.repeat(40);

describe('metrics and readiness', () => {
  let t: TestDatabase;
  let app: AppInstance;
  let open: AppInstance;
  let user: TestUser;
  const scrape = async (token = TOKEN) => app.inject({ url: '/metrics', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await openTestDatabase(testConfig({ metricsToken: TOKEN, readyOutboxBacklogMax: 2 }));
    app = await buildApp(t.ctx, { webDist: '/nonexistent' });
    open = await buildApp({ ...t.ctx, config: { ...t.ctx.config, metricsToken: undefined } }, { webDist: '/nonexistent' });
    await seedTestDivisions(t.db.kysely.withTables<RegistryTables>());
    user = await loginAs(app, t.db.kysely.withTables<AccessTables>(), 'weifang', 'street_caseworker', '310115004');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await open?.close();
    await t?.close();
  });

  it('keeps /metrics off the main port without a token, and refuses a wrong token or a staff session', async () => {
    expect((await open.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(404);
    const wrong = await scrape('x'.repeat(40));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ code: 'METRICS_TOKEN', message: '运维指标需要有效的指标令牌' });
    expect((await app.inject({ url: '/metrics', headers: user.headers })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
  });

  it('counts requests by route template (never the raw URL with its ids), sign-in failures and the pool', async () => {
    expect((await app.inject({ url: '/api/v1/households/987654321', headers: user.headers })).statusCode).toBe(404);
    const refused = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'weifang', password: 'not-the-password-1' } });
    expect(refused.statusCode).toBe(401);
    const response = await scrape();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.body;
    expect(text).toMatch(/minzheng_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/households\/:id",status_code="404"\} 1/);
    expect(text).not.toContain('987654321');
    // One refused login here; loginAs's successful one is not counted.
    expect(text).toMatch(/^minzheng_sign_in_failures_total 1$/m);
    expect(text).toMatch(/^minzheng_db_pool_connections\{state="total"\} [1-9]/m);
    expect(text).toMatch(/^minzheng_db_up 1$/m);
    expect(text).toMatch(/^minzheng_jobs_running\{kind="screen"\} 0$/m);
  });

  it('serves the same figures without a token on a separate port', async () => {
    const metrics = createMetrics({ ctx: t.ctx, handlers: eventHandlers });
    const server = await serveMetricsPort(metrics, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('minzheng_outbox_backlog');
      expect((await fetch(`http://127.0.0.1:${server.port}/api/v1/auth/me`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('is not ready while a migration of the code is missing from the database', async () => {
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ok' });
    const [last] = await t.ownerQuery<{ module: string; name: string; checksum: string }>('select module, name, checksum from core.migrations order by applied_at desc, name desc limit 1');
    await t.ownerQuery('delete from core.migrations where module = $1 and name = $2', [last.module, last.name]);
    try {
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ code: 'MIGRATIONS_PENDING', pending: [`${last.module}/${last.name}`] });
      expect(ready.json().message).toContain('minzheng migrate');
    } finally {
      await t.ownerQuery('insert into core.migrations (module, name, checksum) values ($1, $2, $3)', [last.module, last.name, last.checksum]);
    }
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });

  it('is not ready when a handler has more unhandled events than the limit, and shows the backlog per handler', async () => {
    const handler = eventHandlers()[0];
    // Nobody dispatches in this test: the events stay unhandled. Limit 2 (readyOutboxBacklogMax): 2 is ready, 3 is not.
    for (let i = 0; i < 2; i++) await t.ownerQuery("insert into core.outbox (topic, key, payload) values ($1, 'k', '{}')", [handler.topics[0]]);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    await t.ownerQuery("insert into core.outbox (topic, key, payload) values ($1, 'k', '{}')", [handler.topics[0]]);
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'OUTBOX_BACKLOG', backlog: 3, limit: 2 });
    expect((await scrape()).body).toContain(`minzheng_outbox_backlog{handler="${handler.name}"} 3`);
    await t.ownerQuery('delete from core.outbox where key = $1', ['k']);
  });
});
