/**
 * Connections ended by the server (pg_terminate_backend, as in a restart) in the middle of work: the process
 * survives, the pool reconnects, and the outbox dispatcher resumes without losing or repeating an effect.
 * PostgreSQL only: PGlite runs in this process and has no connection to lose.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { backendTerminator, type BackendTerminator } from '../testing/terminate.js';
import { isConnectionError, retryAfterOutage } from './connection-errors.js';
import { dispatchOutbox, emit, type EventHandler } from './outbox.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onPostgres)('database connections ended by the server (PostgreSQL only: set DATABASE_URL; PGlite has no connection to lose)', () => {
  let t: TestDatabase;
  let terminator: BackendTerminator;

  beforeAll(async () => {
    t = await openTestDatabase();
    terminator = await backendTerminator(t.ownerUrl as string);
    await sql`create table public.outage_effects (event_id bigint not null)`.execute(t.db.kysely);
  });
  afterAll(async () => {
    await terminator?.close();
    await t?.close();
  });

  it('answers the statement that was cut with a connection error, and the next one on a new connection', async () => {
    const cut = sql`select pg_sleep(5)`.execute(t.db.kysely);
    const outcome = cut.then(
      () => 'finished',
      (error: unknown) => error,
    );
    expect(await terminator.terminateWhenActive()).toBe(true);
    const error = await outcome;
    expect(isConnectionError(error), String(error)).toBe(true);
    // Idle connections were ended too: once their sockets have closed (a moment) the pool drops them rather
    // than hand them out.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(t.db.kysely);
    expect(rows[0].one).toBe(1);
    const inTransaction = t.db.kysely.transaction().execute(async (trx) => {
      await sql`insert into public.outage_effects values (-1)`.execute(trx);
      await sql`select pg_sleep(5)`.execute(trx);
    });
    const settled = inTransaction.then(
      () => 'committed',
      (e: unknown) => e,
    );
    expect(await terminator.terminateWhenActive()).toBe(true);
    expect(isConnectionError(await settled)).toBe(true);
    // The interrupted transaction rolled back.
    expect((await sql<{ n: number }>`select count(*)::int as n from public.outage_effects where event_id = -1`.execute(t.db.kysely)).rows[0].n).toBe(0);
  });

  it('dispatches every outbox event exactly once across connections ended mid-dispatch', async () => {
    const EVENTS = 120;
    await t.db.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < EVENTS; i++) await emit(trx, { topic: 'test.outage', key: String(i), payload: { i } });
    });
    let kills = 0;
    let armed: Promise<boolean> | undefined;
    // Each point arms once: a cut chunk rolls back and runs its events again, which must not cut it again forever.
    const armedAt = new Set<number>();
    const handler: EventHandler = {
      name: 'test.outage-effects',
      topics: ['test.outage'],
      async handle(trx, event) {
        // A handler that takes a moment, so the loss lands inside its transaction.
        await sql`select pg_sleep(0.005)`.execute(trx);
        await sql`insert into public.outage_effects values (${event.id})`.execute(trx);
        const i = Number(event.payload.i);
        // Armed again further on if a try found nothing to end (on a busy CI run the first came back empty-handed).
        if ((i === 30 || i === 80 || (kills === 0 && (i === 55 || i === 105))) && !armed && !armedAt.has(i)) {
          armedAt.add(i);
          armed = terminator
            .terminateWhenActive()
            .then((hit) => {
              if (hit) kills += 1;
              return hit;
            })
            .finally(() => (armed = undefined));
        }
      },
    };
    let losses = 0;
    // What the server's dispatch loop does: a lost connection pauses it until the database answers again.
    await retryAfterOutage(t.db.kysely, () => dispatchOutbox(t.db.kysely, [handler], 50), { onLost: () => losses++ });
    await armed;
    expect(kills).toBeGreaterThanOrEqual(1);
    expect(losses).toBeGreaterThanOrEqual(1);
    const { rows } = await sql<{ events: number; effects: number }>`select count(distinct event_id)::int as events, count(*)::int as effects from public.outage_effects where event_id > 0`.execute(t.db.kysely);
    expect(rows[0]).toEqual({ events: EVENTS, effects: EVENTS });
    expect(await dispatchOutbox(t.db.kysely, [handler])).toBe(0);
  }, 60_000);
});
