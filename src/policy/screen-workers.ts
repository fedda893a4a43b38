/**
 * A whole-city screen split by district across worker processes (ARCHITECTURE, Scale-out: "batch jobs
 * split by district across worker processes"). Each worker opens its own connections, reads its
 * districts' rows with one COPY, screens and writes them; the parent only balances the districts (by
 * household count, largest first onto the least loaded worker) and adds up progress and results.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScreenPartRequest, ScreenPartResult } from './screen-part.js';

export type WorkerBase = Omit<ScreenPartRequest, 'prefixes' | 'districts'>;

export interface WorkerTask {
  readonly databaseUrl: string;
  readonly packId: string;
  readonly request: Omit<ScreenPartRequest, 'readStartedAt'> & { readonly readStartedAt: string };
}

export type WorkerMessage = { type: 'progress'; fraction: number; phase: 'reading' | 'screening' | 'writing' } | { type: 'done'; result: ScreenPartResult } | { type: 'failed'; message: string };

/** Greedy balance: districts by size, each onto the worker with the fewest households so far. */
export function splitDistricts(districts: readonly { district: string; households: number }[], workers: number): string[][] {
  const groups = Array.from({ length: Math.min(workers, districts.length) }, () => ({ households: 0, districts: [] as string[] }));
  for (const d of [...districts].sort((a, b) => b.households - a.households)) {
    const target = groups.reduce((best, g) => (g.households < best.households ? g : best));
    target.households += d.households;
    target.districts.push(d.district);
  }
  return groups.map((g) => g.districts.sort());
}

/** Under tsx the worker is TypeScript: the child registers tsx's loader before loading it. */
function spawnWorker(): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const entry = fileURLToPath(new URL(`./screen-worker${extname(here)}`, import.meta.url));
  const execArgv = extname(here) === '.ts' ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

export async function runScreenWorkers(
  databaseUrl: string,
  packId: string,
  base: WorkerBase,
  districts: readonly { district: string; households: number }[],
  workers: number,
  onProgress: (fraction: number, phase: 'reading' | 'screening' | 'writing') => void,
): Promise<ScreenPartResult[]> {
  const groups = splitDistricts(districts, workers);
  const total = Math.max(
    1,
    districts.reduce((n, d) => n + d.households, 0),
  );
  const weight = groups.map((g) => g.reduce((n, code) => n + (districts.find((d) => d.district === code)?.households ?? 0), 0) / total);
  const state = groups.map(() => ({ fraction: 0, phase: 'reading' as 'reading' | 'screening' | 'writing' }));
  const order = { reading: 0, screening: 1, writing: 2 } as const;
  const report = () => {
    // The slowest worker's phase, and the household-weighted share done within it.
    const phase = state.reduce((p, s) => (order[s.phase] < order[p] ? s.phase : p), 'writing' as 'reading' | 'screening' | 'writing');
    const fraction = state.reduce((n, s, i) => n + weight[i] * (order[s.phase] > order[phase] ? 1 : s.fraction), 0);
    onProgress(fraction, phase);
  };
  const children: ChildProcess[] = [];
  try {
    return await Promise.all(
      groups.map(
        (group, i) =>
          new Promise<ScreenPartResult>((resolve, reject) => {
            const child = spawnWorker();
            children.push(child);
            let settled = false;
            child.on('message', (m: WorkerMessage) => {
              if (m.type === 'progress') {
                state[i] = { fraction: m.fraction, phase: m.phase };
                report();
              } else if (m.type === 'done') {
                settled = true;
                resolve(m.result);
              } else {
                settled = true;
                reject(new Error(`工作进程 ${i + 1}（${group.join(',')}）失败：${m.message}`));
              }
            });
            child.on('exit', (code) => {
              if (!settled) reject(new Error(`工作进程 ${i + 1}（${group.join(',')}）意外退出（退出码 ${code}）`));
            });
            const task: WorkerTask = { databaseUrl, packId, request: { ...base, prefixes: group, districts: group, readStartedAt: base.readStartedAt.toISOString() } };
            child.send(task);
          }),
      ),
    );
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
