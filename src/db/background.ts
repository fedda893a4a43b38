/**
 * Jobs a request starts and leaves running in this process (a screening run, 政策找人): the answer goes back at
 * once and the work goes on. A graceful stop must not cut them silently, so they are registered here:
 *
 * - `runInBackground(kind, id, work, onInterrupted)` starts `work(signal)`; `signal` is aborted when the process
 *   is asked to stop, and a job that works in batches stops after the batch under way (its batches are
 *   committed one by one, so what is done stays done) and records itself as interrupted.
 * - `stopBackgroundJobs(graceMs)` aborts the signal and waits up to `graceMs` for every job to settle; a job
 *   still running then (one long statement, no batch boundary) gets its `onInterrupted` call, which records on
 *   its own row that the server stopped under it, so its status never reads "running" for ever.
 */

export class JobInterrupted extends Error {
  constructor(readonly kind: string) {
    super(`${kind} interrupted: the server is stopping`);
    this.name = 'JobInterrupted';
  }
}

/** The message a job's row keeps when the server stopped under it (shown to the user who started it). */
export const INTERRUPTED_MESSAGE = '服务停止时任务尚未完成，已完成的部分已保存，请重新发起';

interface Running {
  kind: string;
  id: string;
  done: Promise<void>;
  onInterrupted: () => Promise<void>;
}

const running = new Set<Running>();
let controller = new AbortController();

/** Aborted once a stop has been asked for: long work checks it between its batches. */
export function stopSignal(): AbortSignal {
  return controller.signal;
}

/** Throws `JobInterrupted` when a stop has been asked for (call it between batches). */
export function throwIfStopping(kind: string): void {
  if (controller.signal.aborted) throw new JobInterrupted(kind);
}

/**
 * Starts `work` without awaiting it; its failure is the job's own business (record it on its row in `work`),
 * anything it still throws is swallowed here. Returns the settled promise (tests await it).
 */
export function runInBackground(kind: string, id: string | number, work: (signal: AbortSignal) => Promise<unknown>, onInterrupted: () => Promise<void>): Promise<void> {
  const entry: Running = { kind, id: String(id), done: Promise.resolve(), onInterrupted };
  entry.done = (async () => {
    try {
      await work(controller.signal);
    } catch {
      // Recorded by the job on its row.
    } finally {
      running.delete(entry);
    }
  })();
  running.add(entry);
  return entry.done;
}

/** The jobs of this process still running (the metrics, a test's teardown). */
export function backgroundJobs(): { kind: string; id: string }[] {
  return [...running].map(({ kind, id }) => ({ kind, id }));
}

/** Waits for the jobs running now (and any they start meanwhile) to settle, without asking them to stop. */
export async function backgroundSettled(kind?: string): Promise<void> {
  for (;;) {
    const waiting = [...running].filter((r) => kind === undefined || r.kind === kind);
    if (waiting.length === 0) return;
    await Promise.all(waiting.map((r) => r.done));
  }
}

export interface StopReport {
  /** Jobs that settled within the grace period (finished, or stopped after their batch). */
  settled: { kind: string; id: string }[];
  /** Jobs still running at the deadline, recorded as interrupted on their rows. */
  interrupted: { kind: string; id: string }[];
}

/** Asks every job to stop after its batch, waits up to `graceMs`, records the ones still running as interrupted. */
export async function stopBackgroundJobs(graceMs: number): Promise<StopReport> {
  const atStart = [...running];
  controller.abort();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  await Promise.race([Promise.all(atStart.map((r) => r.done)), deadline]);
  clearTimeout(timer);
  const late = [...running];
  await Promise.all(late.map((r) => r.onInterrupted().catch(() => undefined)));
  const lateSet = new Set(late);
  return {
    settled: atStart.filter((r) => !lateSet.has(r)).map(({ kind, id }) => ({ kind, id })),
    interrupted: late.map(({ kind, id }) => ({ kind, id })),
  };
}

/** Tests only: a new signal after a simulated stop. */
export function resetStopSignalForTests(): void {
  controller = new AbortController();
}
