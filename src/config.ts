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
  /** The running application's connection (DATABASE_APP_URL); default: DATABASE_URL as the role minzheng_app. */
  databaseAppUrl?: string;
  /** 32-byte key for ID-number encryption and look-up hashes. */
  secretKey: Buffer;
  sessionTtlMinutes: number;
  /** Demo city loaded on first start of an empty database. */
  demo: { seed: number; persons: number };
  logLevel: string;
  /** Folder for the signed audit head anchors (AUDIT_ANCHOR_DIR); default DATA_DIR/audit-anchors. */
  auditAnchorDir?: string;
  /** HMAC key of the anchors (AUDIT_ANCHOR_KEY, base64); default derived from the secret key. */
  auditAnchorKey?: Buffer;
  /** Seconds between anchors written by `serve` (AUDIT_ANCHOR_INTERVAL_SEC, default 300). */
  auditAnchorIntervalSec?: number;
  /** Full ID-number views one user may make per day (UNMASK_DAILY_CAP, default 50). */
  unmaskDailyCap?: number;
  /** Distinct persons one user may read per hour / per day before a 异常访问 alert (ACCESS_ALERT_PER_HOUR / _PER_DAY). */
  accessAlertPerHour?: number;
  accessAlertPerDay?: number;
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
    databaseAppUrl: env.DATABASE_APP_URL || undefined,
    secretKey: loadSecretKey(env.MINZHENG_SECRET_KEY, dataDir),
    sessionTtlMinutes: Number(env.SESSION_TTL_MINUTES ?? 480),
    demo: { seed: Number(env.DEMO_SEED ?? 20241), persons: Number(env.DEMO_PERSONS ?? 20000) },
    logLevel: env.LOG_LEVEL ?? 'info',
    auditAnchorDir: env.AUDIT_ANCHOR_DIR ? resolve(env.AUDIT_ANCHOR_DIR) : undefined,
    auditAnchorKey: env.AUDIT_ANCHOR_KEY ? Buffer.from(env.AUDIT_ANCHOR_KEY, 'base64') : undefined,
    auditAnchorIntervalSec: Number(env.AUDIT_ANCHOR_INTERVAL_SEC ?? 300),
    unmaskDailyCap: Number(env.UNMASK_DAILY_CAP ?? 50),
    accessAlertPerHour: Number(env.ACCESS_ALERT_PER_HOUR ?? 200),
    accessAlertPerDay: Number(env.ACCESS_ALERT_PER_DAY ?? 1000),
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
