/**
 * Entry of a screening worker process (forked by screen-workers.ts): one task, its own database pool,
 * progress and the result back over IPC, then exit.
 */
import { openDatabase } from '../db/index.js';
import { policyPacks } from '../policies/index.js';
import { screenPart } from './screen-part.js';
import type { WorkerMessage, WorkerTask } from './screen-workers.js';

const send = (m: WorkerMessage) => new Promise<void>((resolve) => (process.send ? process.send(m, () => resolve()) : resolve()));

process.once('message', (task: WorkerTask) => {
  void (async () => {
    const db = await openDatabase({ url: task.databaseUrl, poolSize: 2 });
    try {
      // This process's start: it runs the pack its parent's run names (the parent's installed pack).
      const pack = policyPacks[task.packId];
      if (!pack) throw new Error(`this build ships no policy pack ${task.packId}`);
      const result = await screenPart({ db, databaseUrl: task.databaseUrl }, pack, { ...task.request, readStartedAt: new Date(task.request.readStartedAt) }, (fraction, phase) => {
        void send({ type: 'progress', fraction, phase });
      });
      await send({ type: 'done', result });
    } catch (error) {
      await send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      await db.close();
      process.exit(0);
    }
  })();
});
