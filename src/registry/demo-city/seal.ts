import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IdVault } from '../id-vault.js';

/**
 * Person rows leave the generator with the plain ID number as their second field; sealing replaces it
 * with the keyed hash and the ciphertext (as COPY bytea hex). At ≈ 20 µs a number this is most of the
 * generator's CPU, so it can run in worker threads while the main thread draws the next households.
 */
export function sealChunk(chunk: string, vault: IdVault): string {
  let out = '';
  for (let start = 0; start < chunk.length; ) {
    const end = chunk.indexOf('\n', start);
    const first = chunk.indexOf('\t', start);
    const second = chunk.indexOf('\t', first + 1);
    const idNumber = chunk.slice(first + 1, second);
    // bytea in COPY text: "\x…" hex, its backslash doubled for the COPY escape layer.
    out += `${chunk.slice(start, first)}\t\\\\x${vault.hash(idNumber).toString('hex')}\t\\\\x${vault.encrypt(idNumber).toString('hex')}${chunk.slice(second, end + 1)}`;
    start = end + 1;
  }
  return out;
}

/** Seals chunks in order, with up to `inFlight` of them being sealed at once. */
export async function* sealed(chunks: AsyncIterable<string>, seal: (chunk: string) => Promise<string>, inFlight: number): AsyncGenerator<string> {
  const pending: Promise<string>[] = [];
  for await (const chunk of chunks) {
    const promise = seal(chunk);
    // Awaited below in order; until then a failure must not count as unhandled.
    promise.catch(() => undefined);
    pending.push(promise);
    if (pending.length >= inFlight) yield await (pending.shift() as Promise<string>);
  }
  while (pending.length > 0) yield await (pending.shift() as Promise<string>);
}

/** Worker threads that each hold a vault built from the same secret as the caller's. */
export class SealPool {
  private next = 0;
  private sequence = 0;
  private readonly waiting = new Map<number, { resolve: (s: string) => void; reject: (e: unknown) => void }>();

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (m: { id: number; sealed: string }) => {
        this.waiting.get(m.id)?.resolve(m.sealed);
        this.waiting.delete(m.id);
      });
      worker.on('error', (error) => {
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
      });
    }
  }

  /** Starts `threads` workers and checks, with a probe number, that their vault is the caller's. */
  static async start(secret: Buffer, threads: number, vault: IdVault): Promise<SealPool> {
    const pool = new SealPool(Array.from({ length: threads }, () => spawn(secret)));
    const probe = '310115199001011234';
    for (let i = 0; i < threads; i++) {
      const line = await pool.seal(`0\t${probe}\t-\n`);
      const [, hash, enc] = line.trimEnd().split('\t');
      const ok = hash === `\\\\x${vault.hash(probe).toString('hex')}` && vault.decrypt(Buffer.from(enc.slice(3), 'hex')) === probe;
      if (!ok) {
        await pool.close();
        throw new Error('sealing workers: the secret does not match the vault');
      }
    }
    return pool;
  }

  seal(chunk: string): Promise<string> {
    const id = this.sequence++;
    const worker = this.workers[this.next++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, chunk });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Under tsx the worker module is TypeScript, which a fresh worker can only load after registering tsx. */
function spawn(secret: Buffer): Worker {
  const here = fileURLToPath(import.meta.url);
  const target = new URL(`./seal-worker${extname(here)}`, import.meta.url).href;
  const load = extname(here) === '.ts' ? `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })` : `import(${JSON.stringify(target)})`;
  return new Worker(load, { eval: true, workerData: { secret } });
}
