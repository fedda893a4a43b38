/**
 * The graceful stop of `minzheng serve` (SIGTERM, SIGINT), in this order:
 *   1. the timers stop (no new outbox round, anchor or alert scan);
 *   2. background jobs are asked to stop after the batch under way (runInBackground's signal);
 *   3. Fastify closes: no new connections, new requests on kept-alive ones answered 503, the requests in
 *      flight answered (a payment run or an import that runs inside its request finishes with it), each with
 *      `Connection: close` so a client's kept-alive socket does not hold the stop for its 72 s timeout;
 *   4. the outbox round under way finishes (each event is marked handled in its effect's transaction);
 *   5. background jobs get what is left of the grace period; one still running then is recorded as
 *      interrupted on its own row (the user who started it reads why, and starts it again);
 *   6. the pool closes.
 */
import type { FastifyInstance } from 'fastify';
import type { Database, StopReport } from '../db/index.js';
import { stopBackgroundJobs } from '../db/index.js';

/**
 * A connection kept alive by a client (a browser, a proxy's upstream pool) would hold Fastify's close open until
 * its keep-alive timeout (72 s): once the stop began, every answer says `Connection: close`, so the socket ends
 * with the answer it carried, and the client opens its next request elsewhere.
 */
export function closeConnectionsWhenClosing(app: Pick<FastifyInstance, 'addHook'>): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}

export interface StopParts {
  timers: NodeJS.Timeout[];
  /** The HTTP servers (the app, the metrics port); `server` is Node's, to end connections left idle. */
  servers: { close(): Promise<unknown>; server?: { closeIdleConnections?(): void } }[];
  /** Whether an outbox round is under way. */
  dispatching: () => boolean;
  db: Pick<Database, 'close'>;
  graceMs: number;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface StopOutcome extends StopReport {
  ms: number;
}

export async function gracefulStop(parts: StopParts): Promise<StopOutcome> {
  const started = Date.now();
  for (const t of parts.timers) clearInterval(t);
  // Asked first so a job's batch boundary comes while the requests drain; awaited after them.
  const jobs = stopBackgroundJobs(Math.max(0, parts.graceMs));
  // Node ends the connections idle at close() once; one whose answer was in flight becomes idle later.
  const idle = setInterval(() => {
    for (const s of parts.servers) s.server?.closeIdleConnections?.();
  }, 100);
  try {
    for (const server of parts.servers) await server.close();
  } finally {
    clearInterval(idle);
  }
  while (parts.dispatching() && Date.now() - started < parts.graceMs) await new Promise((resolve) => setTimeout(resolve, 50));
  const report = await jobs;
  if (report.interrupted.length) parts.log.warn({ interrupted: report.interrupted }, 'graceful stop: background jobs still running at the deadline were recorded as interrupted');
  await parts.db.close();
  const outcome = { ...report, ms: Date.now() - started };
  parts.log.info({ settled: report.settled.length, interrupted: report.interrupted.length, ms: outcome.ms }, 'graceful stop done');
  return outcome;
}
