/**
 * A streaming read replica (issue 22): a second PostgreSQL cluster made with `pg_basebackup -R` follows the
 * primary within moments, refuses writes, holds the same verifiable audit chain, and can be backed up (so
 * the nightly pg_dump need not load the primary). Needs the private pair of tools/replica-cluster.sh, named
 * in MINZHENG_REPLICA=<primary port>:<replica port> (never 5432: the shared cluster has no replica).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { migrationSources } from '../modules.js';
import { loginAs, newPerson, seedTestDivisions, type TestUser } from '../registry/testing.js';
import type { RegistryTables } from '../registry/index.js';
import { testConfig } from '../testing/db.js';
import { appDatabaseUrl } from './app-role.js';
import { backupPostgres, compareCounts, countTables, restorePostgres } from './backup.js';
import { openDatabase, type Database } from './database.js';
import { migrate } from './migrate.js';

const [primaryPort, replicaPort] = (process.env.MINZHENG_REPLICA ?? '').split(':').map(Number);
const usable = Boolean(primaryPort && replicaPort && primaryPort !== 5432 && replicaPort !== 5432);

async function admin(port: number, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  client.on('error', () => undefined);
  await client.connect();
  await client.query(statement);
  await client.end();
}

describe.skipIf(!usable)('a streaming read replica (needs MINZHENG_REPLICA=<primary port>:<replica port> from tools/replica-cluster.sh, never 5432)', () => {
  const name = `mz_replica_${randomBytes(4).toString('hex')}`;
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${name}`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/${name}`;
  let owner: Database;
  let appDb: Database;
  let replica: Database;
  let app: AppInstance;
  let user: TestUser;
  const ids: number[] = [];

  /** Polls the replica until `check` holds; returns the milliseconds it took. */
  const caughtUp = async (check: () => Promise<boolean>, limitMs = 10_000) => {
    const started = performance.now();
    while (performance.now() - started < limitMs) {
      if (await check().catch(() => false)) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`replica did not catch up within ${limitMs} ms`);
  };

  beforeAll(async () => {
    await admin(primaryPort, `create database ${name}`);
    owner = await openDatabase({ url: primaryUrl, poolSize: 2 });
    await migrate(owner, migrationSources);
    await seedTestDivisions(owner.kysely.withTables<RegistryTables>());
    appDb = await openDatabase({ url: appDatabaseUrl(primaryUrl), poolSize: 2 });
    app = await buildApp({ db: appDb, config: testConfig() }, { webDist: '/nonexistent' });
    user = await loginAs(app, owner.kysely.withTables<AccessTables>(), 'weifang', 'street_caseworker', '310115004');
    for (let i = 0; i < 3; i++) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: user.headers, payload: newPerson() });
      expect(response.statusCode, response.body).toBe(201);
      ids.push(response.json().id);
    }
    // The database itself arrives on the replica by WAL too.
    await caughtUp(async () => {
      const probe = await openDatabase({ url: replicaUrl, poolSize: 1 });
      await probe.close();
      return true;
    });
    replica = await openDatabase({ url: replicaUrl, poolSize: 2 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await appDb?.close();
    await replica?.close();
    await owner?.close();
    await admin(primaryPort, `drop database if exists ${name} with (force)`).catch(() => undefined);
  });

  it('is a standby streaming from the primary', async () => {
    const [recovery] = await replica.exclusive((s) => s.query<{ r: boolean }>('select pg_is_in_recovery() as r'));
    expect(recovery.r).toBe(true);
    const senders = await owner.exclusive((s) => s.query<{ state: string }>("select state from pg_stat_replication where application_name in ('mzreplica', '15/mzreplica') or state = 'streaming'"));
    expect(senders.map((r) => r.state)).toContain('streaming');
  });

  it('shows a write acknowledged on the primary within a second, and the same verifiable audit chain', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: user.headers, payload: newPerson() });
    expect(response.statusCode).toBe(201);
    const id = response.json().id as number;
    const lag = await caughtUp(async () => Boolean(await replica.kysely.withTables<RegistryTables>().selectFrom('registry.persons').select('id').where('id', '=', id).executeTakeFirst()));
    expect(lag).toBeLessThan(1000);
    const primaryChain = await verifyAuditChain(owner.kysely.withTables<AccessTables>());
    await caughtUp(async () => (await verifyAuditChain(replica.kysely.withTables<AccessTables>())).entries === primaryChain.entries);
    expect(await verifyAuditChain(replica.kysely.withTables<AccessTables>())).toMatchObject({ ok: true, entries: primaryChain.entries });
  });

  it('refuses every write', async () => {
    await expect(replica.exclusive((s) => s.query('insert into registry.households (division_code) values ($1)', ['310115004001']))).rejects.toThrow(/read-only transaction/);
    await expect(replica.exclusive((s) => s.query('create table public.x (a int)'))).rejects.toThrow(/read-only transaction/);
  });

  it('can be backed up with pg_dump, taking the load off the primary, and the copy restores whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minzheng-replica-backup-'));
    const restoredName = `${name}_restored`;
    const restoredUrl = `postgres://postgres@127.0.0.1:${primaryPort}/${restoredName}`;
    try {
      const file = join(dir, 'replica.dump');
      const manifest = await backupPostgres(replicaUrl, file);
      expect(manifest.tables['registry.persons']).toBe(ids.length + 1);
      // The unlogged caches of the screening are unreadable on a standby: left out, not counted as lost.
      expect(Object.keys(manifest.tables)).not.toContain('policy.current_staging');
      await restorePostgres(file, restoredUrl);
      const restored = await openDatabase({ url: restoredUrl, poolSize: 1 });
      try {
        expect(compareCounts(manifest, await restored.exclusive((session) => countTables(session)))).toEqual([]);
      } finally {
        await restored.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await admin(primaryPort, `drop database if exists ${restoredName} with (force)`).catch(() => undefined);
    }
  });
});
