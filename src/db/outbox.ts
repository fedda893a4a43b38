import { sql, type Kysely } from 'kysely';
import type { DomainEvent } from '../kernel/events.js';
import { isConnectionError } from './connection-errors.js';
import type { CoreTables } from './core-tables.js';

export interface StoredEvent extends DomainEvent {
  id: number;
  createdAt: Date;
}

/** A reaction of one module to another's event; it runs in the transaction that marks it handled. */
export interface EventHandler {
  /** Stable name, e.g. `assistance.stop-payments-on-death`: the idempotency key with the event id. */
  name: string;
  topics: string[];
  handle(trx: Kysely<CoreTables>, event: StoredEvent): Promise<void>;
  /**
   * Optional: the same effect as `handle` on each event in turn (id order), with set-based reads and writes.
   * Runs in the one transaction that marks the whole chunk handled, so a chunk is done entirely or not at all.
   */
  handleMany?(trx: Kysely<CoreTables>, events: StoredEvent[]): Promise<void>;
}

/** Write an event (or a batch of them, in one statement) in the caller's transaction, so it exists if and only if the change does. */
export async function emit(trx: Kysely<CoreTables>, event: DomainEvent | readonly DomainEvent[]): Promise<void> {
  const events = Array.isArray(event) ? (event as readonly DomainEvent[]) : [event as DomainEvent];
  if (events.length === 0) return;
  await trx
    .insertInto('core.outbox')
    .values(events.map((e) => ({ topic: e.topic, key: e.key, payload: JSON.stringify(e.payload) })))
    .execute();
}

// Events commit out of id order when transactions overlap; re-scanning a window behind the cursor catches
// the late ones, and core.outbox_handled keeps a second run of a handler from doing anything.
const LOOKBACK = 10_000;

/** Events per transaction: one commit, one mark and one cursor move per chunk instead of per event. */
export const DISPATCH_CHUNK = 100;

interface OutboxRow {
  id: number;
  topic: string;
  key: string;
  payload: unknown;
  created_at: Date;
}

const stored = (row: OutboxRow): StoredEvent => ({ id: row.id, topic: row.topic, key: row.key, payload: row.payload as Record<string, unknown>, createdAt: row.created_at });

/**
 * One transaction: marks the rows handled (those another dispatcher marked first are skipped — the insert
 * waits for its commit), runs the handler on the rest and moves the cursor. Returns how many it ran.
 */
async function handleChunk(db: Kysely<CoreTables>, handler: EventHandler, rows: readonly OutboxRow[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const marked = await trx
      .insertInto('core.outbox_handled')
      .values(rows.map((r) => ({ handler: handler.name, event_id: r.id })))
      .onConflict((oc) => oc.doNothing())
      .returning('event_id')
      .execute();
    if (marked.length === 0) return 0;
    const mine = new Set(marked.map((m) => Number(m.event_id)));
    const events = rows.filter((r) => mine.has(Number(r.id))).map(stored);
    if (handler.handleMany && events.length > 1) await handler.handleMany(trx, events);
    else for (const event of events) await handler.handle(trx, event);
    await trx
      .insertInto('core.outbox_cursor')
      .values({ handler: handler.name, last_event_id: events[events.length - 1].id })
      .onConflict((oc) => oc.column('handler').doUpdateSet({ last_event_id: sql`greatest(core.outbox_cursor.last_event_id, excluded.last_event_id)` }))
      .execute();
    return events.length;
  });
}

/** Runs every handler over the events it has not handled yet, `chunk` events per transaction. Returns how many it handled. */
export async function dispatchOutbox(db: Kysely<CoreTables>, handlers: EventHandler[], batch = 500, chunk = DISPATCH_CHUNK): Promise<number> {
  let total = 0;
  for (const handler of handlers) {
    for (;;) {
      const cursor = await db.selectFrom('core.outbox_cursor').select('last_event_id').where('handler', '=', handler.name).executeTakeFirst();
      const from = (cursor?.last_event_id ?? 0) - LOOKBACK;
      const rows = await db
        .selectFrom('core.outbox as e')
        .select(['e.id', 'e.topic', 'e.key', 'e.payload', 'e.created_at'])
        .where('e.id', '>', from)
        .where('e.topic', 'in', handler.topics)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('core.outbox_handled as h').select(sql`1`.as('one')).where('h.handler', '=', handler.name).whereRef('h.event_id', '=', 'e.id'))))
        .orderBy('e.id')
        .limit(batch)
        .execute();
      if (rows.length === 0) break;
      for (let i = 0; i < rows.length; i += chunk) {
        const part = rows.slice(i, i + chunk);
        try {
          total += await handleChunk(db, handler, part);
        } catch (error) {
          // One event the handler cannot take must not hold back the others: the chunk rolled back entirely,
          // so it is run again one event per transaction, and the failing one throws as before.
          if (part.length === 1 || isConnectionError(error)) throw error;
          for (const row of part) total += await handleChunk(db, handler, [row]);
        }
      }
      if (rows.length < batch) break;
    }
  }
  return total;
}

/** Whether the handler has events it has not handled yet (the same window as `dispatchOutbox`). */
export async function hasPendingEvents(db: Kysely<CoreTables>, handler: Pick<EventHandler, 'name' | 'topics'>): Promise<boolean> {
  const cursor = await db.selectFrom('core.outbox_cursor').select('last_event_id').where('handler', '=', handler.name).executeTakeFirst();
  const pending = await db
    .selectFrom('core.outbox as e')
    .select('e.id')
    .where('e.id', '>', (cursor?.last_event_id ?? 0) - LOOKBACK)
    .where('e.topic', 'in', handler.topics)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('core.outbox_handled as h').select(sql`1`.as('one')).where('h.handler', '=', handler.name).whereRef('h.event_id', '=', 'e.id'))))
    .limit(1)
    .executeTakeFirst();
  return pending !== undefined;
}
