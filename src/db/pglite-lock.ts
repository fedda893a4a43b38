/**
 * The embedded database belongs to one process: PGlite itself does not notice a second server on the same
 * DATA_DIR, and two of them writing one folder corrupt it. A lock file beside the folder (pid inside) keeps the
 * second one out; a lock left by a process that no longer runs is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/** Refusal to start on an embedded data directory, with a message for the operator (Chinese). */
export class DatabaseStartError extends Error {
  override readonly name = 'DatabaseStartError';
}

/** Takes the lock of `dataDir`; returns the function that gives it back. */
export function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new DatabaseStartError(`内置数据库目录 ${dataDir} 正被另一个进程（PID ${holder}）使用：同一数据目录只能由一个服务进程打开。请先停止该进程，或为本进程设置不同的 DATA_DIR。`);
      }
      rmSync(file, { force: true }); // left by a process that has ended
    }
  }
  throw new DatabaseStartError(`无法锁定内置数据库目录 ${dataDir}，请检查该目录的权限`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
