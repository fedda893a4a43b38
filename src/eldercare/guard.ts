import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import type { DomainEvent } from '../kernel/index.js';
import type { EldercareDb } from './model.js';

const auditable = (db: EldercareDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/** One business operation, one transaction, `authorize()` inside it (access's guardedTransaction). */
export const guardedTransaction = <T>(db: EldercareDb, actor: Actor, work: (trx: EldercareDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> => accessTransaction(db, actor, work);

/** Reads: `authorize()` on its own (a refusal is written and thrown). */
export function allowRead(db: EldercareDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(auditable(db), actor, request);
}

/** The system acting (a job, an event handler): audited with no user. */
export function auditSystem(trx: EldercareDb, action: string, entityType: string, entityId: string | number | undefined, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(auditable(trx), { actor: null, action, entityType, entityId, result: 'ok', detail });
}

export function emitEvent(trx: EldercareDb, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}
