import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import type { DomainEvent } from '../kernel/index.js';
import type { SocialorgDb } from './model.js';

const auditable = (db: SocialorgDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/** One business operation, one transaction, `authorize()` inside it (access's guardedTransaction). */
export const guardedTransaction = <T>(db: SocialorgDb, actor: Actor, work: (trx: SocialorgDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> => accessTransaction(db, actor, work);

/** Reads: `authorize()` on its own (a refusal is written and thrown). */
export function allowRead(db: SocialorgDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(auditable(db), actor, request);
}

/** The system acting (a job, an event handler): audited with no user. */
export function auditSystem(trx: SocialorgDb, action: string, entityType: string, entityId: string | number | undefined, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(auditable(trx), { actor: null, action, entityType, entityId, result: 'ok', detail });
}

export function emitEvent(trx: SocialorgDb, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}

/** A run's own audit entry (who ran it, what it did), in the run's transaction; null actor = the scheduler. */
export function auditRun(trx: SocialorgDb, actor: Actor | null, action: string, entityType: string, entityId: string | number, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(auditable(trx), { actor, action, entityType, entityId, result: 'ok', detail });
}
