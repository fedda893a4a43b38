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
  /** Request size caps and throttling; absent fields take the defaults of `src/http/limits.ts`. */
  limits?: Partial<HttpLimits>;
  /** Clients reach the server over HTTPS (TLS_ENABLED=true): only then is HSTS sent. */
  tlsEnabled?: boolean;
}

/** A number of requests per rolling window, per key (source address, account name or user). */
export interface RateQuota {
  max: number;
  windowSeconds: number;
}

export interface HttpLimits {
  /** Largest JSON body, in bytes. */
  bodyLimitBytes: number;
  /** Largest department data file (the monitoring exchange upload), in bytes. */
  uploadLimitBytes: number;
  /** Sign-in and MFA-code attempts per source address. */
  signInPerSource: RateQuota;
  /** Sign-in and MFA-code attempts per account name. */
  signInPerAccount: RateQuota;
  /** Reads of personal data per signed-in user. */
  personalReadsPerUser: RateQuota;
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
    // Loopback unless HOST says otherwise: exposing the server is a decision, made with a TLS proxy in front.
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    secretKey: loadSecretKey(env.MINZHENG_SECRET_KEY, dataDir),
    sessionTtlMinutes: Number(env.SESSION_TTL_MINUTES ?? 480),
    demo: { seed: Number(env.DEMO_SEED ?? 20241), persons: Number(env.DEMO_PERSONS ?? 20000) },
    logLevel: env.LOG_LEVEL ?? 'info',
    limits: limitsFromEnv(env),
    tlsEnabled: env.TLS_ENABLED === 'true',
  };
}

function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<HttpLimits> {
  const positive = (name: string): number | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < 1) throw new Error(`${name} must be a positive integer`);
    return parsed;
  };
  const perMinute = (name: string): RateQuota | undefined => {
    const max = positive(name);
    return max === undefined ? undefined : { max, windowSeconds: 60 };
  };
  const limits: Partial<HttpLimits> = {
    bodyLimitBytes: positive('BODY_LIMIT_BYTES'),
    uploadLimitBytes: positive('UPLOAD_LIMIT_BYTES'),
    signInPerSource: perMinute('RATE_SIGNIN_PER_SOURCE_PER_MINUTE'),
    signInPerAccount: perMinute('RATE_SIGNIN_PER_ACCOUNT_PER_MINUTE'),
    personalReadsPerUser: perMinute('RATE_PERSONAL_READS_PER_MINUTE'),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
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
