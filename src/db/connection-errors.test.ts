/**
 * Which errors mean "the database is away" (answered 503 and waited out by jobs) and which do not; and the
 * embedded database's refusals at start: a second server on the same folder, a folder that is not a database.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { isConnectionError } from './connection-errors.js';
import { openDatabase } from './database.js';
import { DatabaseStartError } from './pglite-lock.js';

describe('connection-class errors', () => {
  it('recognises a server shutdown, a refused or reset socket, a lost connection and a pool wait that timed out', () => {
    const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(isConnectionError(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
    expect(isConnectionError(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isConnectionError(pgError('08006', 'connection failure'))).toBe(true);
    expect(isConnectionError(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isConnectionError(new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')]))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isConnectionError(new Error('工作进程 1（310115）失败：terminating connection due to administrator command'))).toBe(true);
  });

  it('leaves data and programming errors alone', () => {
    const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(isConnectionError(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
    expect(isConnectionError(pgError('22P02', 'invalid input syntax for type bigint'))).toBe(false);
    expect(isConnectionError(pgError('57014', 'canceling statement due to statement timeout'))).toBe(false);
    expect(isConnectionError(new TypeError('x is undefined'))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });
});

describe('embedded database folder at start', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mz-pglite-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second opener while the first holds the folder, and takes over a lock its holder left behind', async () => {
    const dataDir = join(tempDir(), 'pglite');
    const first = await openDatabase({ dataDir });
    expect(readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    // Another server on the same DATA_DIR: the lock names a process that is alive (here: the one that started us).
    writeFileSync(`${dataDir}.lock`, String(process.ppid));
    const refused = await openDatabase({ dataDir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DatabaseStartError);
    expect((refused as Error).message).toMatch(/正被另一个进程（PID \d+）使用/);
    writeFileSync(`${dataDir}.lock`, String(process.pid));
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    // A lock left by a process that has ended (killed before it could remove it) is taken over.
    const ended = spawnSync(process.execPath, ['-e', '0']);
    writeFileSync(`${dataDir}.lock`, String(ended.pid));
    const again = await openDatabase({ dataDir });
    await again.close();
  }, 60_000);

  it('says in Chinese that a folder of garbage is not a database, instead of a stack trace', async () => {
    const dataDir = join(tempDir(), 'pglite');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'PG_VERSION'), 'garbage\n');
    writeFileSync(join(dataDir, 'global'), 'not a database');
    const error = await openDatabase({ dataDir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseStartError);
    expect((error as Error).message).toMatch(/无法打开：目录内容损坏或不是本系统的数据库/);
    // The refusal released the lock: nothing stays behind to block the folder once it is restored.
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  }, 60_000);
});
