import { sql, type Kysely } from 'kysely';
import type { DomainEvent } from '../kernel/events.js';
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

/** Runs every handler over the events it has not handled yet. Returns how many it handled. */
export async function dispatchOutbox(db: Kysely<CoreTables>, handlers: EventHandler[], batch = 500): Promise<number> {
  let total = 0;
  for (const handler of handlers) {
    for (;;) {
      const cursor = await db.selectFrom('core.outbox_cursor').select('last_event_id').where('handler', '=', handler.name).executeTakeFirst();
      const from = (cursor?.last_event_id ?? 0) - LOOKBACK;
      const events = await db
        .selectFrom('core.outbox as e')
        .select(['e.id', 'e.topic', 'e.key', 'e.payload', 'e.created_at'])
        .where('e.id', '>', from)
        .where('e.topic', 'in', handler.topics)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('core.outbox_handled as h').select(sql`1`.as('one')).where('h.handler', '=', handler.name).whereRef('h.event_id', '=', 'e.id'))))
        .orderBy('e.id')
        .limit(batch)
        .execute();
      if (events.length === 0) break;
      for (const row of events) {
        const handled = await db.transaction().execute(async (trx) => {
          const marked = await trx
            .insertInto('core.outbox_handled')
            .values({ handler: handler.name, event_id: row.id })
            .onConflict((oc) => oc.doNothing())
            .returning('event_id')
            .executeTakeFirst();
          if (!marked) return false;
          await handler.handle(trx, {
            id: row.id,
            topic: row.topic,
            key: row.key,
            payload: row.payload as Record<string, unknown>,
            createdAt: row.created_at,
          });
          await trx
            .insertInto('core.outbox_cursor')
            .values({ handler: handler.name, last_event_id: row.id })
            .onConflict((oc) => oc.column('handler').doUpdateSet({ last_event_id: sql`greatest(core.outbox_cursor.last_event_id, excluded.last_event_id)` }))
            .execute();
          return true;
        });
        if (handled) total++;
      }
      if (events.length < batch) break;
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
