/**
 * The HTTP face of a database outage: 503 DB_UNAVAILABLE with Retry-After, quickly, while /healthz stays 200
 * and /readyz says 503; and, on PostgreSQL, a steady stream of writes through connections the server ends
 * midway — every acknowledged write is there, nothing but 503 goes wrong, and writes succeed again at once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/index.js';
import { openRegistryApi, type RegistryApi } from '../registry/api-harness.js';
import { TEST_COMMITTEES } from '../registry/testing.js';
import { testConfig } from '../testing/db.js';
import { backendTerminator } from '../testing/terminate.js';
import { buildApp, type AppInstance } from './app.js';

describe('a database that does not answer', () => {
  let app: AppInstance;
  const closeDb: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    // Port 1: nothing listens, every connect is refused at once — the database is down.
    const db = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/minzheng' });
    closeDb.push(() => db.close());
    app = await buildApp({ db, config: testConfig() }, { webDist: '/nonexistent' });
  });
  afterAll(async () => {
    await app?.close();
    for (const close of closeDb) await close();
  });

  it('answers 503 DB_UNAVAILABLE with Retry-After and a Chinese message, quickly', async () => {
    const login = () => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'cityadmin', password: 'secret123' } });
    // The first request of a fresh app compiles its schemas (seconds on a busy machine): time a later one.
    await login();
    const started = performance.now();
    const response = await login();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.json()).toEqual({ code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' });
  });

  it('stays alive (/healthz 200) but not ready (/readyz 503)', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json().code).toBe('DB_UNAVAILABLE');
  });
});

describe.skipIf(!process.env.DATABASE_URL)('writes through the HTTP API while the server ends every connection (PostgreSQL only: set DATABASE_URL; PGlite has no connection to lose)', () => {
  let api: RegistryApi;
  beforeAll(async () => {
    api = await openRegistryApi();
  });
  afterAll(async () => api?.close());

  it('keeps every acknowledged write, answers only 503 during the loss, and writes again right after', async () => {
    expect((await api.app.inject('/readyz')).statusCode).toBe(200);
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const terminator = await backendTerminator(api.t.ownerUrl as string);
    const acknowledged: number[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    const client = async () => {
      while (!stop) {
        const response = await fetch(`${address}/api/v1/households`, {
          method: 'POST',
          headers: { ...api.weifang.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ divisionCode: TEST_COMMITTEES.weifang1 }),
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const body = (await response.json()) as { id?: number; code?: string };
        if (response.status === 201) acknowledged.push(body.id as number);
        else if (response.status === 503) {
          expect(body.code).toBe('DB_UNAVAILABLE');
          expect(response.headers.get('retry-after')).toBe('2');
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    let kills = 0;
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      if (await terminator.terminateWhenActive()) kills++;
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    stop = true;
    await Promise.all(clients);
    await terminator.close();

    expect(kills).toBe(3);
    // Statements were cut midway: some requests saw the loss, and were told so.
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(
      [...statuses.keys()].filter((s) => s !== 201 && s !== 503),
      JSON.stringify([...statuses]),
    ).toEqual([]);
    const present = await sql<{ id: number }>`select id from registry.households where id = any(${acknowledged})`.execute(api.t.db.kysely);
    expect(present.rows.length).toBe(acknowledged.length);
    expect(acknowledged.length).toBeGreaterThan(16);
    // The server is up and the database usable again without a restart.
    const after = await fetch(`${address}/api/v1/households`, { method: 'POST', headers: { ...api.weifang.headers, 'content-type': 'application/json' }, body: JSON.stringify({ divisionCode: TEST_COMMITTEES.weifang1 }) });
    expect(after.status).toBe(201);
    expect((await api.app.inject('/readyz')).statusCode).toBe(200);
  }, 60_000);
});
