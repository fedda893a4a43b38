/**
 * The reproduction: a PostgreSQL cluster restarted (`pg_ctlcluster 15 <name> restart`) while clients
 * create households. Only on a private cluster named in MINZHENG_FAULT_CLUSTER (`<name>:<port>`, e.g. made with
 * `pg_createcluster 15 fault --port 5439 -- --auth=trust`): restarting the shared cluster would break everyone
 * else's tests. bench/db-restart.ts does the same against a server process and prints the figures.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { migrate, openDatabase, type Database } from '../db/index.js';
import { migrationSources } from '../modules.js';
import { loginAs, seedTestDivisions, TEST_COMMITTEES, type TestUser } from '../registry/testing.js';
import type { RegistryTables } from '../registry/index.js';
import { testConfig } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';

const [cluster, port] = (process.env.MINZHENG_FAULT_CLUSTER ?? '').split(':');
const usable = Boolean(cluster && port && Number(port) !== 5432);

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(statement);
  await client.end();
}

describe.skipIf(!usable)('a cluster restart under write load (needs MINZHENG_FAULT_CLUSTER=<name>:<port> naming a private cluster, never 5432)', () => {
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const name = `mz_restart_${randomBytes(4).toString('hex')}`;
  let db: Database;
  let app: AppInstance;
  let user: TestUser;

  beforeAll(async () => {
    await admin(adminUrl, `create database ${name}`);
    db = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/${name}`, poolSize: 4 });
    await migrate(db, migrationSources);
    await seedTestDivisions(db.kysely.withTables<RegistryTables>());
    app = await buildApp({ db, config: testConfig() }, { webDist: '/nonexistent' });
    user = await loginAs(app, db.kysely.withTables<AccessTables>(), 'weifang', 'street_caseworker', '310115004');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    await admin(adminUrl, `drop database if exists ${name} with (force)`).catch(() => undefined);
  });

  it('answers only 201 or 503, keeps every acknowledged write, and writes again within 5 s of the restart', async () => {
    const acknowledged: number[] = [];
    const statuses = new Map<number, number>();
    let stop = false;
    let lastSuccessAt = 0;
    const client = async () => {
      while (!stop) {
        const r = await app.inject({ method: 'POST', url: '/api/v1/households', headers: user.headers, payload: { divisionCode: TEST_COMMITTEES.weifang1 } });
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        if (r.statusCode === 201) {
          acknowledged.push(r.json<{ id: number }>().id);
          lastSuccessAt = performance.now();
        } else await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await promisify(execFile)('pg_ctlcluster', ['15', cluster, 'restart']);
    const restartedAt = performance.now();
    while (lastSuccessAt < restartedAt && performance.now() - restartedAt < 5000) await new Promise((resolve) => setTimeout(resolve, 20));
    const recoveredMs = lastSuccessAt - restartedAt;
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(clients);

    expect(recoveredMs).toBeGreaterThanOrEqual(0);
    expect(recoveredMs).toBeLessThan(5000);
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0);
    expect(
      [...statuses.keys()].filter((s) => s !== 201 && s !== 503),
      JSON.stringify([...statuses]),
    ).toEqual([]);
    const present = await sql<{ n: number }>`select count(*)::int as n from registry.households where id = any(${acknowledged})`.execute(db.kysely);
    expect(present.rows[0].n).toBe(acknowledged.length);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  }, 120_000);
});
