import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { migrate, openDatabase, type Database } from '../db/index.js';
import { migrationSources } from '../modules.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir: '/tmp/minzheng-test',
    secretKey: randomBytes(32),
    sessionTtlMinutes: 60,
    demo: { seed: 1, persons: 2000 },
    // No MFA by default so module tests log in with a password; src/access tests turn it on.
    auth: { idleMinutes: 30, adminIdleMinutes: 15, absoluteHours: 12, mfaRoles: [], stepUpMinutes: 10, secureCookie: false, demo: false },
    logLevel: 'silent',
    ...overrides,
  };
}

export interface TestDatabase {
  db: Database;
  ctx: AppContext;
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
    return { db, ctx: { db, config }, close: () => db.close() };
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
  return {
    db,
    ctx: { db, config: { ...config, databaseUrl: testUrl.toString() } },
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}
