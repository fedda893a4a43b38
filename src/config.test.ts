/**
 * Operations configuration (issue 22): where the data key may come from in production, and the metrics and
 * readiness settings.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { keyringOf } from './kernel/keyring.js';

describe('the data key in production', () => {
  const root = mkdtempSync(join(tmpdir(), 'minzheng-config-'));
  const dataDir = join(root, 'data');
  const keysDir = join(root, 'keys');
  mkdirSync(dataDir);
  mkdirSync(keysDir);
  const key = randomBytes(32);
  writeFileSync(join(dataDir, 'secret.key'), key.toString('base64'));
  writeFileSync(join(keysDir, 'minzheng.key'), key.toString('base64'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const production = { NODE_ENV: 'production', DATA_DIR: dataDir };

  it('refuses the key file beside the data (DATA_DIR/secret.key), and creates none', () => {
    expect(() => loadConfig(production)).toThrow(/生产环境需设置 MINZHENG_SECRET_KEY 或数据目录之外的 MINZHENG_SECRET_KEY_FILE/);
    expect(() => loadConfig({ ...production, MINZHENG_SECRET_KEY_FILE: join(dataDir, 'secret.key') })).toThrow(/不得位于数据目录/);
    expect(() => loadConfig({ ...production, MINZHENG_SECRET_KEY_FILE: join(dataDir, 'sub', '..', 'secret.key') })).toThrow(/不得位于数据目录/);
  });

  it('takes the key from the environment or from a file outside the data directory', () => {
    expect(loadConfig({ ...production, MINZHENG_SECRET_KEY: key.toString('base64') }).secretKey.equals(key)).toBe(true);
    expect(loadConfig({ ...production, MINZHENG_SECRET_KEY_FILE: join(keysDir, 'minzheng.key') }).secretKey.equals(key)).toBe(true);
    // A folder whose name merely starts like DATA_DIR's is outside it.
    mkdirSync(`${dataDir}-keys`, { recursive: true });
    writeFileSync(join(`${dataDir}-keys`, 'k'), key.toString('base64'));
    expect(loadConfig({ ...production, MINZHENG_SECRET_KEY_FILE: join(`${dataDir}-keys`, 'k') }).secretKey.equals(key)).toBe(true);
    expect(() => loadConfig({ ...production, MINZHENG_SECRET_KEY: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
  });

  it('during a rotation: previous keys open old values, the look-up key is required and stays outside DATA_DIR', () => {
    const newKey = randomBytes(32).toString('base64');
    const rotating = { ...production, MINZHENG_SECRET_KEY: newKey, MINZHENG_SECRET_KEY_PREVIOUS: key.toString('base64') };
    // Without a pinned look-up key every ID-number hash would change and no existing record would be found.
    expect(() => loadConfig(rotating)).toThrow(/未设置 MINZHENG_LOOKUP_KEY/);
    const config = loadConfig({ ...rotating, MINZHENG_LOOKUP_KEY: key.toString('base64') });
    expect(keyringOf(config.secretKey)).toMatchObject({ previous: [key], lookup: key });
    expect(config.secretKey.toString('base64')).toBe(newKey);
    writeFileSync(join(keysDir, 'previous.keys'), `${randomBytes(32).toString('base64')}\n${key.toString('base64')}\n`);
    writeFileSync(join(dataDir, 'previous.keys'), key.toString('base64'));
    const fromFiles = loadConfig({ ...production, MINZHENG_SECRET_KEY: newKey, MINZHENG_SECRET_KEY_PREVIOUS_FILE: join(keysDir, 'previous.keys'), MINZHENG_LOOKUP_KEY_FILE: join(keysDir, 'minzheng.key') });
    expect(keyringOf(fromFiles.secretKey).previous).toHaveLength(2);
    expect(() => loadConfig({ ...production, MINZHENG_SECRET_KEY: newKey, MINZHENG_SECRET_KEY_PREVIOUS_FILE: join(dataDir, 'previous.keys'), MINZHENG_LOOKUP_KEY: newKey })).toThrow(/不得位于数据目录/);
    expect(() => loadConfig({ ...production, MINZHENG_SECRET_KEY: newKey, MINZHENG_LOOKUP_KEY_FILE: join(dataDir, 'secret.key') })).toThrow(/不得位于数据目录/);
    expect(() => loadConfig({ ...rotating, MINZHENG_LOOKUP_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
  });

  it('keeps the local install simple: DATA_DIR/secret.key outside production', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).secretKey.equals(key)).toBe(true);
  });
});

describe('metrics and readiness settings', () => {
  const env = { MINZHENG_SECRET_KEY: randomBytes(32).toString('base64') };
  it('reads METRICS_TOKEN, METRICS_PORT, METRICS_HOST and READY_OUTBOX_BACKLOG_MAX, with safe defaults', () => {
    expect(loadConfig(env)).toMatchObject({ metricsToken: undefined, metricsPort: undefined, metricsHost: '127.0.0.1', readyOutboxBacklogMax: 10_000 });
    const token = 't'.repeat(32);
    expect(loadConfig({ ...env, METRICS_TOKEN: token, METRICS_PORT: '9464', METRICS_HOST: '10.0.0.5', READY_OUTBOX_BACKLOG_MAX: '500' })).toMatchObject({
      metricsToken: token,
      metricsPort: 9464,
      metricsHost: '10.0.0.5',
      readyOutboxBacklogMax: 500,
    });
  });
  it('refuses a guessable token and a port that is not one', () => {
    expect(() => loadConfig({ ...env, METRICS_TOKEN: 'short' })).toThrow(/at least 32/);
    expect(() => loadConfig({ ...env, METRICS_PORT: '70000' })).toThrow(/port/);
    expect(() => loadConfig({ ...env, READY_OUTBOX_BACKLOG_MAX: '0' })).toThrow(/positive/);
  });
  it('reads SHUTDOWN_GRACE_MS (default 20 s) and IDEMPOTENCY_KEY_HOURS (default 24), refusing nonsense', () => {
    expect(loadConfig(env)).toMatchObject({ shutdownGraceMs: 20_000, idempotencyKeyHours: 24 });
    expect(loadConfig({ ...env, SHUTDOWN_GRACE_MS: '5000', IDEMPOTENCY_KEY_HOURS: '48' })).toMatchObject({ shutdownGraceMs: 5000, idempotencyKeyHours: 48 });
    expect(() => loadConfig({ ...env, SHUTDOWN_GRACE_MS: '-1' })).toThrow(/SHUTDOWN_GRACE_MS/);
    expect(() => loadConfig({ ...env, IDEMPOTENCY_KEY_HOURS: '0' })).toThrow(/IDEMPOTENCY_KEY_HOURS/);
  });
});
