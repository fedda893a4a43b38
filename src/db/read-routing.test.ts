/**
 * Heavy reads on the streaming replica (DATABASE_READ_URL, issue 22): routed there, kept on the primary after
 * the caller's own write and for a request that wrote, and sent back to the primary with a warning when the
 * replica lags or is missing. Replay is paused on the standby to make a lag we can see (a row the primary has
 * and the replica does not yet). Needs the private pair of tools/replica-cluster.sh in
 * MINZHENG_REPLICA=<primary port>:<replica port>; run alone (`--no-file-parallelism`): it pauses the standby.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { HEAVY_READ_ROUTES } from '../http/read-routing.js';
import { migrationSources } from '../modules.js';
import { loginAs, newPerson, seedTestDivisions, TEST_COMMITTEES, type TestUser } from '../registry/testing.js';
import type { RegistryTables } from '../registry/index.js';
import { testConfig } from '../testing/db.js';
import { appDatabaseUrl } from './app-role.js';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';
import { isPlainRead, parseLsn, replicaLagMs } from './read-replica.js';
import { sql } from 'kysely';

const [primaryPort, replicaPort] = (process.env.MINZHENG_REPLICA ?? '').split(':').map(Number);
const usable = Boolean(primaryPort && replicaPort && primaryPort !== 5432 && replicaPort !== 5432);
const MAX_LAG_MS = 6000;

async function admin(port: number, statement: string, database = 'postgres'): Promise<void> {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/${database}` });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(statement);
  await client.end();
}

async function until(check: () => boolean | Promise<boolean>, limitMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > limitMs) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the router’s arithmetic', () => {
  it('orders WAL positions and measures lag from the oldest position not yet replayed', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
    const samples = [
      { at: 1000, lsn: 10n },
      { at: 2000, lsn: 20n },
      { at: 3000, lsn: 30n },
    ];
    expect(replicaLagMs(samples, 30n, 3500)).toBe(0);
    expect(replicaLagMs(samples, 20n, 3500)).toBe(500);
    expect(replicaLagMs(samples, 5n, 3500)).toBe(2500);
  });

  it('sends only plain reads to the replica', () => {
    const q = (sqlText: string, kind: 'raw' | 'select' | 'insert') => ({ sql: sqlText, parameters: [], query: { kind: kind === 'raw' ? 'RawNode' : kind === 'select' ? 'SelectQueryNode' : 'InsertQueryNode' } }) as never;
    expect(isPlainRead(q('select count(*) from registry.persons', 'select'))).toBe(true);
    expect(isPlainRead(q('select count(*) from registry.persons', 'raw'))).toBe(true);
    expect(isPlainRead(q('select nextval($1)', 'raw'))).toBe(false);
    expect(isPlainRead(q('select * from t for update', 'raw'))).toBe(false);
    expect(isPlainRead(q('with x as (delete from t returning *) select * from x', 'raw'))).toBe(false);
    expect(isPlainRead(q('insert into t values (1)', 'insert'))).toBe(false);
  });
});

describe.skipIf(!usable)('heavy reads on a streaming replica (needs MINZHENG_REPLICA from tools/replica-cluster.sh)', () => {
  const name = `mz_routing_${randomBytes(4).toString('hex')}`;
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${name}`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/${name}`;
  let owner: Database;
  let appDb: Database;
  let app: AppInstance;
  let alice: TestUser;
  let bob: TestUser;
  const lines: string[] = [];
  const persons = async (as: TestUser) => {
    const response = await app.inject({ url: '/test/heavy-count', headers: as.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json().persons as number;
  };
  const reads = () => ({ replica: appDb.replica?.reads.replica ?? 0, ownWrite: appDb.replica?.reads.primary.get('own-write') ?? 0, lagging: appDb.replica?.reads.primary.get('lagging') ?? 0 });

  beforeAll(async () => {
    await admin(replicaPort, 'select pg_wal_replay_resume()').catch(() => undefined);
    await admin(primaryPort, `create database ${name}`);
    owner = await openDatabase({ url: primaryUrl, poolSize: 2 });
    await migrate(owner, migrationSources);
    await seedTestDivisions(owner.kysely.withTables<RegistryTables>());
    appDb = await openDatabase({ url: appDatabaseUrl(primaryUrl), poolSize: 3, readUrl: appDatabaseUrl(replicaUrl), replicaOptions: { maxLagMs: MAX_LAG_MS, probeMs: 100 } });
    app = await buildApp({ db: appDb, config: testConfig() }, { webDist: '/nonexistent', logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
    const registry = appDb.kysely.withTables<RegistryTables>();
    app.get('/test/heavy-count', { config: { heavyRead: true } }, async () => {
      const row = await registry
        .selectFrom('registry.persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { persons: Number(row.n) };
    });
    // A heavy route that writes first: what it reads afterwards must include its own write.
    app.get('/test/heavy-write-then-count', { config: { heavyRead: true } }, async () => {
      await registry
        .insertInto('registry.households')
        .values({ division_code: TEST_COMMITTEES.weifang1 } as never)
        .execute();
      const row = await registry
        .selectFrom('registry.households')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { households: Number(row.n) };
    });
    alice = await loginAs(app, owner.kysely.withTables<AccessTables>(), 'alice', 'street_caseworker', '310115004');
    bob = await loginAs(app, owner.kysely.withTables<AccessTables>(), 'bob', 'street_caseworker', '310115004');
    await until(() => appDb.replica?.status === 'ok');
  }, 120_000);

  afterAll(async () => {
    await admin(replicaPort, 'select pg_wal_replay_resume()').catch(() => undefined);
    await app?.close();
    await appDb?.close();
    await owner?.close();
    await admin(primaryPort, `drop database if exists ${name} with (force)`).catch(() => undefined);
  });

  it('marks real routes as heavy reads: every listed route exists', () => {
    for (const url of HEAVY_READ_ROUTES) expect(app.hasRoute({ method: 'GET', url }), url).toBe(true);
  });

  it('reads the replica, keeps a caller’s reads on the primary after their own write, and falls back with a warning while it lags', async () => {
    // Bob's first read is caught up (nothing written since) and comes from the replica.
    await until(async () => (await persons(bob)) === 0);
    const before = reads();
    expect(await persons(bob)).toBe(0);
    expect(reads().replica).toBe(before.replica + 1);

    await admin(replicaPort, 'select pg_wal_replay_pause()');
    const pausedAt = Date.now();
    // Alice registers a person: her next heavy read must show it (primary), Bob's still comes from the stale replica.
    const created = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: alice.headers, payload: newPerson() });
    expect(created.statusCode, created.body).toBe(201);
    expect(await persons(alice)).toBe(1);
    expect(reads().ownWrite).toBe(before.ownWrite + 1);
    const bobSees = await persons(bob);
    // Only meaningful while the lag is under the limit (a very slow machine may already have crossed it).
    if (Date.now() - pausedAt < MAX_LAG_MS - 500) {
      expect(bobSees).toBe(0);
      // A heavy request that wrote reads its own write, though it began on the stale replica.
      const wrote = await app.inject({ url: '/test/heavy-write-then-count', headers: bob.headers });
      const primaryHouseholds = await owner.kysely
        .withTables<RegistryTables>()
        .selectFrom('registry.households')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(wrote.json().households).toBe(Number(primaryHouseholds.n));
    }

    // Past the limit: everyone reads the primary, and the log says why, once.
    await until(() => appDb.replica?.status === 'lagging', MAX_LAG_MS + 10_000);
    expect(await persons(bob)).toBe(1);
    expect(reads().lagging).toBeGreaterThan(before.lagging);
    expect(lines.filter((l) => l.includes('read replica lagging')).length).toBe(1);
    expect(JSON.parse(lines.find((l) => l.includes('read replica lagging')) as string).level).toBe(40);

    // Replay resumes: the replica catches up and is read again.
    await admin(replicaPort, 'select pg_wal_replay_resume()');
    await until(() => appDb.replica?.status === 'ok');
    expect(lines.some((l) => l.includes('read replica in use again'))).toBe(true);
    const replicaReads = reads().replica;
    expect(await persons(bob)).toBe(1);
    expect(reads().replica).toBe(replicaReads + 1);
  }, 60_000);

  it('falls back to the primary with a warning when the replica is missing, and answers correctly', async () => {
    const missingLines: string[] = [];
    // Port 4799 (this branch's range) has no server: a replica that is down or was never started.
    const db = await openDatabase({ url: appDatabaseUrl(primaryUrl), poolSize: 2, readUrl: `postgres://postgres@127.0.0.1:4799/${name}`, replicaOptions: { probeMs: 100 } });
    const other = await buildApp({ db, config: testConfig() }, { webDist: '/nonexistent', logger: { level: 'info', stream: { write: (line) => missingLines.push(line) } } });
    other.get('/test/heavy-count', { config: { heavyRead: true } }, async () => {
      const row = await sql<{ n: number }>`select count(*)::int as n from registry.persons`.execute(db.kysely);
      return { persons: row.rows[0].n };
    });
    try {
      await until(() => db.replica?.status === 'unreachable');
      const carol = await loginAs(other, owner.kysely.withTables<AccessTables>(), 'carol', 'street_caseworker', '310115004');
      const response = await other.inject({ url: '/test/heavy-count', headers: carol.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json().persons).toBe(1);
      expect(db.replica?.reads.primary.get('unreachable')).toBe(1);
      const warning = missingLines.find((l) => l.includes('read replica unreachable'));
      expect(warning && JSON.parse(warning).level).toBe(40);
    } finally {
      await other.close();
      await db.close();
    }
  });
});
