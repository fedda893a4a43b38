import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import type { DomainEvent } from '../kernel/index.js';
import type { MonitoringDb } from './model.js';

export type MonitoringTrx = MonitoringDb;

export const auditable = (db: MonitoringDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/** One business operation, one transaction, `authorize()` inside it (access's guardedTransaction). */
export const guardedTransaction = <T>(db: MonitoringDb, actor: Actor, work: (trx: MonitoringTrx, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> => accessTransaction(db, actor, work);

/** Reads: `authorize()` on its own (a refusal is written and thrown). */
export function allowRead(db: MonitoringDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(auditable(db), actor, request);
}

/** The system acting (a rule, a job, an event handler): audited with no user. */
export function auditSystem(trx: MonitoringDb, action: string, entityType: string, entityId: string | number | undefined, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(auditable(trx), { actor: null, action, entityType, entityId, result: 'ok', detail });
}

export function emitEvent(trx: MonitoringDb, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}

/** Many events in one statement, in the order given (the outbox ids follow it). */
export async function emitEvents(trx: MonitoringDb, events: readonly DomainEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    await trx
      .withTables<CoreTables>()
      .insertInto('core.outbox')
      .values(events.slice(i, i + 1000).map((e) => ({ topic: e.topic, key: e.key, payload: JSON.stringify(e.payload) })))
      .execute();
  }
}
