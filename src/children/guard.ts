import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import type { DomainEvent } from '../kernel/index.js';
import type { ChildrenDb } from './model.js';

const auditable = (db: ChildrenDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/** One business operation, one transaction, `authorize()` inside it. */
export const guardedTransaction = <T>(db: ChildrenDb, actor: Actor, work: (trx: ChildrenDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> => accessTransaction(db, actor, work);

/** Reads: `authorize()` on its own (every read of a minor's record is audited, allowed or refused). */
export function allowRead(db: ChildrenDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(auditable(db), actor, request);
}

export function auditSystem(trx: ChildrenDb, action: string, entityType: string, entityId: string | number | undefined, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(auditable(trx), { actor: null, action, entityType, entityId, result: 'ok', detail });
}

/** Events carry ids only (PIPL art. 28: a minor's data stays in this module). */
export function emitEvent(trx: ChildrenDb, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}
