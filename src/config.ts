import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** Folder for the embedded database and the local key file. */
  dataDir: string;
  /** When set, PostgreSQL instead of the embedded PGlite. */
  databaseUrl?: string;
  /** 32-byte key for ID-number encryption and look-up hashes. */
  secretKey: Buffer;
  sessionTtlMinutes: number;
  /** Demo city loaded on first start of an empty database. */
  demo: { seed: number; persons: number };
  logLevel: string;
}

/**
 * Reads configuration from the environment. The data key comes from MINZHENG_SECRET_KEY (base64, 32 bytes)
 * or, for a local install, from DATA_DIR/secret.key, created on first start: losing it makes stored ID
 * numbers unreadable, so it lives beside the data it protects.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    secretKey: loadSecretKey(env.MINZHENG_SECRET_KEY, dataDir),
    sessionTtlMinutes: Number(env.SESSION_TTL_MINUTES ?? 480),
    demo: { seed: Number(env.DEMO_SEED ?? 20241), persons: Number(env.DEMO_PERSONS ?? 20000) },
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

function loadSecretKey(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error('MINZHENG_SECRET_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}
