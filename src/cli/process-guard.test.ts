import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the process guard of the server', () => {
  it('logs and counts errors that escaped every handler, and the server stays up', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./process-guard-fixture.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited: number | null | undefined;
    child.on('exit', (code) => (exited = code));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.endsWith('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
      });
      const response = await fetch(`${address}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', escaped: 3 });
      expect(stderr).toContain('未处理的异常已拦截，服务继续运行 uncaughtException');
      expect(stderr).toContain('未处理的 Promise 拒绝已拦截，服务继续运行 unhandledRejection');
      expect(exited).toBeUndefined();
    } finally {
      child.kill();
    }
  }, 30_000);
});
