/**
 * The outbox dispatcher alone in a process, as the server's loop runs it, for benchmarks that kill it
 * (SIGKILL) mid-dispatch: it dispatches until told to stop, prints a line per round that handled something.
 *
 *   DATABASE_URL=postgres://…/mz_bench_123 npx tsx bench/outbox-worker.ts
 */
import { dispatchOutbox, openDatabase } from '../src/db/index.js';
import { eventHandlers } from '../src/modules.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required: the worker dispatches a PostgreSQL database another process fills');
const db = await openDatabase({ url, poolSize: 2 });
const handlers = eventHandlers();
for (;;) {
  const handled = await dispatchOutbox(db.kysely, handlers);
  if (handled > 0) process.stdout.write(`handled ${handled}\n`);
  else await new Promise((resolve) => setTimeout(resolve, 200));
}
