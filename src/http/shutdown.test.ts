/**
 * The graceful stop (issue 22: "graceful shutdown that finishes in-flight requests and jobs' current batch"):
 * a request in flight is answered, a job working in batches commits the batch under way and stops, a job with no
 * batch boundary that outlives the grace period is recorded as interrupted, nothing is taken after the stop
 * began, and the pool is closed last.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInBackground, throwIfStopping, INTERRUPTED_MESSAGE } from '../db/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';
import { gracefulStop } from './shutdown.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestDatabase;
let app: AppInstance;
let base: string;

beforeAll(async () => {
  t = await openTestDatabase(testConfig());
  await sql`create table public.shutdown_batches (job text not null, batch int not null, primary key (job, batch))`.execute(t.db.kysely);
  await sql`create table public.shutdown_jobs (job text primary key, status text not null)`.execute(t.db.kysely);
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  // A request that takes a while, as a payment run or an import inside its request does.
  app.get('/slow-test', async () => {
    await sleep(600);
    await sql`insert into public.shutdown_jobs values ('slow-request', 'answered')`.execute(t.db.kysely);
    return { done: true };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 120_000);
afterAll(async () => {
  // The stop closed the app and the test database's pool; the owner connection is what is left.
  await t?.close().catch(() => undefined);
});

describe('graceful stop', () => {
  it('answers the request in flight, lets a batch job finish its batch, records a job past the deadline as interrupted, then closes the pool', async () => {
    const db = t.db.kysely;
    // Ten batches of 150 ms, each committed on its own; the stop is asked during the first or second.
    const batched = runInBackground(
      'batched',
      1,
      async () => {
        for (let batch = 1; batch <= 10; batch++) {
          await sleep(150);
          await sql`insert into public.shutdown_batches values ('batched', ${batch})`.execute(db);
          throwIfStopping('batched');
        }
        await sql`insert into public.shutdown_jobs values ('batched', 'done')`.execute(db);
      },
      async () => {
        await sql`insert into public.shutdown_jobs values ('batched', 'interrupted-at-deadline')`.execute(db);
      },
    );
    // One long step with no batch boundary (a screening run's registry read): longer than the grace period.
    let longFinished = false;
    void runInBackground(
      'long',
      2,
      async () => {
        await sleep(5000);
        longFinished = true;
      },
      async () => {
        await sql`insert into public.shutdown_jobs values ('long', ${INTERRUPTED_MESSAGE})`.execute(db);
      },
    );
    const inFlight = fetch(`${base}/slow-test`).then(async (r) => ({ status: r.status, connection: r.headers.get('connection'), body: await r.json() }));
    await sleep(200);
    const log: string[] = [];
    const logger = { info: (_o: object, m: string) => void log.push(m), warn: (_o: object, m: string) => void log.push(m) };
    let dispatching = true;
    setTimeout(() => (dispatching = false), 300);
    // What the database holds when the pool is asked to close: by then every job has settled or been recorded.
    let atClose: { batches: number[]; jobs: Record<string, string> } | undefined;
    const outcome = await gracefulStop({
      timers: [],
      servers: [app],
      dispatching: () => dispatching,
      db: {
        close: async () => {
          atClose = {
            batches: (await sql<{ batch: number }>`select batch from public.shutdown_batches order by batch`.execute(db)).rows.map((r) => r.batch),
            jobs: Object.fromEntries((await sql<{ job: string; status: string }>`select job, status from public.shutdown_jobs`.execute(db)).rows.map((r) => [r.job, r.status])),
          };
          // PGlite: the application's database is the owner's one too, closed by t.close().
          if (t.ctx.db !== t.db) await t.ctx.db.close();
        },
      },
      graceMs: 1500,
      log: logger,
    });

    // The request that was in flight got its whole answer, telling the client not to reuse the connection (a
    // kept-alive socket would otherwise hold the stop for Fastify's 72 s keep-alive timeout).
    expect(await inFlight).toEqual({ status: 200, connection: 'close', body: { done: true } });
    // A request after the stop began is not taken.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    // The batch job finished the batch under way (committed) and took no further one; it is not "interrupted at the deadline".
    await batched;
    const { batches, jobs } = atClose ?? { batches: [], jobs: {} };
    expect(batches.length).toBeGreaterThanOrEqual(1);
    expect(batches.length).toBeLessThan(10);
    expect(batches).toEqual(Array.from({ length: batches.length }, (_, i) => i + 1));
    expect(jobs['slow-request']).toBe('answered');
    expect(jobs.batched).toBeUndefined();
    // The long job was still running at the deadline: recorded as interrupted, the stop did not wait for it.
    expect(jobs.long).toBe(INTERRUPTED_MESSAGE);
    expect(longFinished).toBe(false);
    expect(outcome.settled).toEqual([{ kind: 'batched', id: '1' }]);
    expect(outcome.interrupted).toEqual([{ kind: 'long', id: '2' }]);
    expect(outcome.ms).toBeGreaterThanOrEqual(1400);
    expect(outcome.ms).toBeLessThan(4000);
    expect(log).toContain('graceful stop done');
  }, 30_000);
});
