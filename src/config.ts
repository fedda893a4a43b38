import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { withKeyring } from './kernel/keyring.js';

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
  /** Demo city loaded on first start of an empty database. */
  demo: { seed: number; persons: number };
  /** Sign-in, sessions and MFA (等保 2.0 level 3 身份鉴别). */
  auth: AuthConfig;
  logLevel: string;
  /** Folder for the signed audit head anchors (AUDIT_ANCHOR_DIR); default DATA_DIR/audit-anchors. */
  auditAnchorDir?: string;
  /** HMAC key of the anchors (AUDIT_ANCHOR_KEY, base64); default derived from the secret key. */
  auditAnchorKey?: Buffer;
  /** Where `audit archive` writes months past retention (AUDIT_ARCHIVE_DIR); default DATA_DIR/audit-archive. */
  auditArchiveDir?: string;
  /** Months of audit log kept in the database besides the current one (AUDIT_RETENTION_MONTHS, default 36, at least 6). */
  auditRetentionMonths?: number;
  /** Seconds between anchors written by `serve` (AUDIT_ANCHOR_INTERVAL_SEC, default 300). */
  auditAnchorIntervalSec?: number;
  /** Full ID-number views one user may make per day (UNMASK_DAILY_CAP, default 50). */
  unmaskDailyCap?: number;
  /** Distinct persons one user may read per hour / per day before a 异常访问 alert (ACCESS_ALERT_PER_HOUR / _PER_DAY). */
  accessAlertPerHour?: number;
  accessAlertPerDay?: number;
  /** Request size caps and throttling; absent fields take the defaults of `src/http/limits.ts`. */
  limits?: Partial<HttpLimits>;
  /** Clients reach the server over HTTPS (TLS_ENABLED=true): only then is HSTS sent. */
  tlsEnabled?: boolean;
  /** Operations (issue 22): /metrics on the main port with this bearer token (METRICS_TOKEN, at least 32 characters). */
  metricsToken?: string;
  /** /metrics without a token on a port of its own (METRICS_PORT), bound to METRICS_HOST (default loopback). */
  metricsPort?: number;
  metricsHost?: string;
  /** /readyz answers 503 when a handler's outbox backlog exceeds this (READY_OUTBOX_BACKLOG_MAX, default 10000). */
  readyOutboxBacklogMax?: number;
  /** A streaming replica for heavy reads (DATABASE_READ_URL, PostgreSQL only; db/read-replica.ts). */
  databaseReadUrl?: string;
  /** Beyond this replay lag the replica is not read (READ_REPLICA_MAX_LAG_MS, default 5000). */
  readReplicaMaxLagMs?: number;
  /** A graceful stop waits this long for background jobs before recording them as interrupted (SHUTDOWN_GRACE_MS, default 20000). */
  shutdownGraceMs?: number;
  /** How long an Idempotency-Key is remembered (IDEMPOTENCY_KEY_HOURS, default 24). */
  idempotencyKeyHours?: number;
}

export interface AuthConfig {
  /** Idle timeout of a session, and the shorter one of the admin and audit roles. */
  idleMinutes: number;
  adminIdleMinutes: number;
  /** Absolute lifetime of a session, however active. */
  absoluteHours: number;
  /** Roles that must pass TOTP after the password. */
  mfaRoles: string[];
  /** How recent the last strong authentication must be for a bulk export. */
  stepUpMinutes: number;
  /** Session cookie with `Secure` and the `__Host-` prefix (behind TLS). */
  secureCookie: boolean;
  /** Demo mode: seeds the demo city and its printed logins. Never in production. */
  demo: boolean;
}

/** Admin, security, audit and district roles, plus every role that can export in bulk. */
export const STRICT_MFA_ROLES = ['city_admin', 'security_admin', 'auditor', 'district_staff'];

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const production = env.NODE_ENV === 'production';
  const demo = !production && (env.DEMO !== undefined ? env.DEMO === '1' : !env.DATABASE_URL);
  // The demo keeps one printed password per login usable, so MFA is off there unless asked for (serve warns).
  const mfaRoles =
    env.MFA_ROLES !== undefined
      ? env.MFA_ROLES.split(',')
          .map((r) => r.trim())
          .filter(Boolean)
      : demo
        ? []
        : STRICT_MFA_ROLES;
  return {
    idleMinutes: Number(env.SESSION_IDLE_MINUTES ?? 30),
    adminIdleMinutes: Number(env.SESSION_ADMIN_IDLE_MINUTES ?? 15),
    absoluteHours: Number(env.SESSION_ABSOLUTE_HOURS ?? 12),
    mfaRoles,
    stepUpMinutes: Number(env.STEP_UP_MINUTES ?? 10),
    secureCookie: env.COOKIE_SECURE !== undefined ? env.COOKIE_SECURE === '1' : production,
    demo,
  };
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
  /** Ledger (台账) Excel exports per signed-in user (configurable: RATE_LEDGER_EXPORTS_PER_HOUR). */
  ledgerExportsPerUser: RateQuota;
  /** Residents' code requests and code logins per source address, and per ID number. */
  residentSignInPerSource: RateQuota;
  residentSignInPerIdNumber: RateQuota;
}

/**
 * Reads configuration from the environment. The data key: see loadSecretKey (losing it makes stored ID
 * numbers unreadable; in production it is kept apart from the data it protects, and backed up apart).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR ?? './data');
  return {
    port: Number(env.PORT ?? 3000),
    // Loopback unless HOST says otherwise: exposing the server is a decision, made with a TLS proxy in front.
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAppUrl: env.DATABASE_APP_URL || undefined,
    secretKey: loadSecretKey(env, dataDir),
    auth: loadAuthConfig(env),
    demo: { seed: Number(env.DEMO_SEED ?? 20241), persons: Number(env.DEMO_PERSONS ?? 20000) },
    logLevel: env.LOG_LEVEL ?? 'info',
    auditAnchorDir: env.AUDIT_ANCHOR_DIR ? resolve(env.AUDIT_ANCHOR_DIR) : undefined,
    auditAnchorKey: env.AUDIT_ANCHOR_KEY ? Buffer.from(env.AUDIT_ANCHOR_KEY, 'base64') : undefined,
    auditAnchorIntervalSec: Number(env.AUDIT_ANCHOR_INTERVAL_SEC ?? 300),
    auditArchiveDir: env.AUDIT_ARCHIVE_DIR ? resolve(env.AUDIT_ARCHIVE_DIR) : undefined,
    auditRetentionMonths: retentionMonths(env),
    unmaskDailyCap: Number(env.UNMASK_DAILY_CAP ?? 50),
    accessAlertPerHour: Number(env.ACCESS_ALERT_PER_HOUR ?? 200),
    accessAlertPerDay: Number(env.ACCESS_ALERT_PER_DAY ?? 1000),
    limits: limitsFromEnv(env),
    tlsEnabled: env.TLS_ENABLED === 'true',
    ...operationsFromEnv(env),
  };
}

function operationsFromEnv(env: NodeJS.ProcessEnv): Pick<Config, 'metricsToken' | 'metricsPort' | 'metricsHost' | 'readyOutboxBacklogMax' | 'databaseReadUrl' | 'readReplicaMaxLagMs' | 'shutdownGraceMs' | 'idempotencyKeyHours'> {
  const token = env.METRICS_TOKEN || undefined;
  // A short token is guessable by anyone who reaches the public port.
  if (token !== undefined && token.length < 32) throw new Error('METRICS_TOKEN must be at least 32 characters');
  const port = env.METRICS_PORT ? Number(env.METRICS_PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error('METRICS_PORT must be a port number');
  const backlog = Number(env.READY_OUTBOX_BACKLOG_MAX ?? 10_000);
  if (!Number.isSafeInteger(backlog) || backlog < 1) throw new Error('READY_OUTBOX_BACKLOG_MAX must be a positive integer');
  const maxLag = Number(env.READ_REPLICA_MAX_LAG_MS ?? 5000);
  if (!Number.isSafeInteger(maxLag) || maxLag < 0) throw new Error('READ_REPLICA_MAX_LAG_MS must be a whole number of milliseconds');
  const readUrl = env.DATABASE_READ_URL || undefined;
  if (readUrl && !env.DATABASE_URL) throw new Error('DATABASE_READ_URL needs DATABASE_URL: the embedded database has no replica');
  // Below an orchestrator's kill deadline (Kubernetes: 30 s after SIGTERM), with room for the in-flight requests.
  const grace = Number(env.SHUTDOWN_GRACE_MS ?? 20_000);
  if (!Number.isSafeInteger(grace) || grace < 0) throw new Error('SHUTDOWN_GRACE_MS must be a whole number of milliseconds');
  const keyHours = Number(env.IDEMPOTENCY_KEY_HOURS ?? 24);
  if (!Number.isSafeInteger(keyHours) || keyHours < 1) throw new Error('IDEMPOTENCY_KEY_HOURS must be a whole number of hours, at least 1');
  return {
    metricsToken: token,
    metricsPort: port,
    metricsHost: env.METRICS_HOST || '127.0.0.1',
    readyOutboxBacklogMax: backlog,
    databaseReadUrl: readUrl,
    readReplicaMaxLagMs: maxLag,
    shutdownGraceMs: grace,
    idempotencyKeyHours: keyHours,
  };
}

/** 网络安全法 第二十一条: network logs are kept at least six months; minzheng's default is three years. */
function retentionMonths(env: NodeJS.ProcessEnv): number {
  const months = Number(env.AUDIT_RETENTION_MONTHS ?? 36);
  if (!Number.isSafeInteger(months) || months < 6) throw new Error(`AUDIT_RETENTION_MONTHS 至少为 6（网络安全法第二十一条：网络日志留存不少于六个月），现为 ${env.AUDIT_RETENTION_MONTHS}`);
  return months;
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
  const perHour = (name: string): RateQuota | undefined => {
    const max = positive(name);
    return max === undefined ? undefined : { max, windowSeconds: 3600 };
  };
  const limits: Partial<HttpLimits> = {
    bodyLimitBytes: positive('BODY_LIMIT_BYTES'),
    uploadLimitBytes: positive('UPLOAD_LIMIT_BYTES'),
    signInPerSource: perMinute('RATE_SIGNIN_PER_SOURCE_PER_MINUTE'),
    signInPerAccount: perMinute('RATE_SIGNIN_PER_ACCOUNT_PER_MINUTE'),
    personalReadsPerUser: perMinute('RATE_PERSONAL_READS_PER_MINUTE'),
    ledgerExportsPerUser: perHour('RATE_LEDGER_EXPORTS_PER_HOUR'),
    residentSignInPerSource: perMinute('RATE_RESIDENT_SIGNIN_PER_SOURCE_PER_MINUTE'),
    residentSignInPerIdNumber: perMinute('RATE_RESIDENT_SIGNIN_PER_ID_PER_MINUTE'),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

/**
 * The data key: MINZHENG_SECRET_KEY (base64), else the file MINZHENG_SECRET_KEY_FILE, else — a local install
 * only — DATA_DIR/secret.key, created on first start. In production the key must not sit in DATA_DIR: a
 * copy of the data directory (a backup, a stolen disk) would then carry the key that opens its ID numbers.
 */
function loadCurrentKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  const production = env.NODE_ENV === 'production';
  if (env.MINZHENG_SECRET_KEY) return checkedKey(Buffer.from(env.MINZHENG_SECRET_KEY, 'base64'), 'MINZHENG_SECRET_KEY');
  if (env.MINZHENG_SECRET_KEY_FILE) {
    const file = resolve(env.MINZHENG_SECRET_KEY_FILE);
    if (production && isInside(file, dataDir)) throw new Error(`生产环境中密钥文件不得位于数据目录 ${dataDir} 之内（MINZHENG_SECRET_KEY_FILE=${file}）：请放到单独的目录或密钥管理系统`);
    return checkedKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), 'MINZHENG_SECRET_KEY_FILE');
  }
  const file = join(dataDir, 'secret.key');
  if (production) throw new Error(`生产环境需设置 MINZHENG_SECRET_KEY 或数据目录之外的 MINZHENG_SECRET_KEY_FILE；不使用数据目录中的 ${file}`);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

/**
 * The data key with its rotation companions (see kernel/keyring.ts): MINZHENG_SECRET_KEY_PREVIOUS (base64 keys,
 * comma-separated) or MINZHENG_SECRET_KEY_PREVIOUS_FILE (one a line) open what the old keys sealed until
 * `minzheng keys rotate` has re-sealed it; MINZHENG_LOOKUP_KEY (or _FILE) roots the look-up hashes. A rotation
 * without a pinned look-up key would silently change every hash, so previous keys without one are refused.
 */
function loadSecretKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  const current = loadCurrentKey(env, dataDir);
  const previous = keyList(env, 'MINZHENG_SECRET_KEY_PREVIOUS', dataDir).filter((k) => !k.equals(current));
  const lookup = keyList(env, 'MINZHENG_LOOKUP_KEY', dataDir);
  if (lookup.length > 1) throw new Error('MINZHENG_LOOKUP_KEY must be one key');
  if (previous.length && !lookup.length) {
    throw new Error('设置了 MINZHENG_SECRET_KEY_PREVIOUS（密钥轮换中）却未设置 MINZHENG_LOOKUP_KEY：请将其设为原密钥，否则身份证号查找哈希将全部改变、查不到已有记录');
  }
  return withKeyring(current, previous, lookup[0]);
}

/** Keys from `NAME` (comma-separated base64) or the file `NAME_FILE` (one a line), outside DATA_DIR in production. */
function keyList(env: NodeJS.ProcessEnv, name: string, dataDir: string): Buffer[] {
  let text = env[name];
  if (!text && env[`${name}_FILE`]) {
    const file = resolve(env[`${name}_FILE`] as string);
    if (env.NODE_ENV === 'production' && isInside(file, dataDir)) throw new Error(`生产环境中密钥文件不得位于数据目录 ${dataDir} 之内（${name}_FILE=${file}）`);
    text = readFileSync(file, 'utf8');
  }
  return (text ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((k) => checkedKey(Buffer.from(k, 'base64'), name));
}

function checkedKey(key: Buffer, name: string): Buffer {
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

const isInside = (file: string, dir: string) => {
  const path = relative(dir, file);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
};
