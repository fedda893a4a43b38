import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { appDatabaseUrl, migrate, openDatabase, type Database } from '../db/index.js';
import { migrationSources } from '../modules.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/tmp/minzheng-test',
    secretKey: randomBytes(32),
    demo: { seed: 1, persons: 2000 },
    // No MFA by default so module tests log in with a password; src/access tests turn it on.
    auth: { idleMinutes: 30, adminIdleMinutes: 15, absoluteHours: 12, mfaRoles: [], stepUpMinutes: 10, secureCookie: false, demo: false },
    logLevel: 'silent',
    // One folder per call: test files run in parallel and each has its own audit chain.
    auditAnchorDir: join(tmpdir(), `minzheng-anchors-${process.pid}-${randomBytes(4).toString('hex')}`),
    // A test file signs in dozens of times a minute, all from 127.0.0.1; the throttling tests set their own quotas.
    limits: {
      signInPerSource: { max: 1000, windowSeconds: 60 },
      signInPerAccount: { max: 1000, windowSeconds: 60 },
      residentSignInPerSource: { max: 1000, windowSeconds: 60 },
      residentSignInPerIdNumber: { max: 1000, windowSeconds: 60 },
    },
    ...overrides,
  };
}

export interface TestDatabase {
  /** The owner's connection: test set-up that needs DDL (bulk loads, dropped triggers) uses it. */
  db: Database;
  /** What the application is given. On PostgreSQL it connects as the least-privileged role minzheng_app. */
  ctx: AppContext;
  /** Runs SQL as the owner (a superuser in tests), e.g. to tamper with the audit log in a grey-box test. */
  ownerQuery<R>(text: string, params?: unknown[]): Promise<R[]>;
  /** PostgreSQL: the owner's URL of this file's database (a superuser in tests, which may end any connection). */
  ownerUrl?: string;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: PGlite in memory by default, or — when DATABASE_URL is
 * set — a new PostgreSQL database created for this file and dropped afterwards, so files run in parallel.
 */
export async function openTestDatabase(config: Config = testConfig()): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDatabase();
    await migrate(db, migrationSources);
    return { db, ctx: { db, config }, ownerQuery: (text, params) => db.exclusive((s) => s.query(text, params)), close: () => db.close() };
  }
  const name = `mz_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const db = await openDatabase({ url: testUrl.toString(), poolSize: 4 });
  await migrate(db, migrationSources);
  const appUrl = appDatabaseUrl(testUrl.toString());
  const appDb = await openDatabase({ url: appUrl, poolSize: 4 });
  return {
    db,
    ctx: { db: appDb, config: { ...config, databaseUrl: appUrl } },
    ownerQuery: (text, params) => db.exclusive((s) => s.query(text, params)),
    ownerUrl: testUrl.toString(),
    async close() {
      await appDb.close();
      await db.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
