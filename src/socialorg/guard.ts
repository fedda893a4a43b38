import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, hasPermission, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import { DomainError, forbidden, isWithin, type DomainEvent } from '../kernel/index.js';
import type { SocialorgDb } from './model.js';

const auditable = (db: SocialorgDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/**
 * Another registrar's organisation answers 403, not the platform's 404 (issue 19): the register is public, so
 * that a registered organisation exists is no secret, and the desk should say why it may not act. The refusal is
 * audited by access first, exactly as any jurisdiction refusal.
 */
export const otherRegistrar = () => forbidden('SOCIALORG_OTHER_REGISTRAR', '该社会组织由其他登记管理机关管辖，您无权查看或办理');

const outside = (actor: Actor, request: AccessRequest) => hasPermission(actor.role, request.permission) && request.divisionCodes !== undefined && !request.divisionCodes.some((code) => isWithin(code, actor.jurisdiction));

async function asForbidden<T>(refusedForJurisdiction: () => boolean, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (refusedForJurisdiction() && error instanceof DomainError && error.status === 404) throw otherRegistrar();
    throw error;
  }
}

/** One business operation, one transaction, `authorize()` inside it (access's guardedTransaction). */
export function guardedTransaction<T>(db: SocialorgDb, actor: Actor, work: (trx: SocialorgDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> {
  let refused = false;
  return asForbidden(
    () => refused,
    () =>
      accessTransaction(db, actor, (trx, allow) =>
        work(trx, (request) => {
          if (outside(actor, request)) refused = true;
          return allow(request);
        }),
      ),
  );
}

/** Reads: `authorize()` on its own (a refusal is written and thrown). */
export function allowRead(db: SocialorgDb, actor: Actor, request: AccessRequest): Promise<void> {
  return asForbidden(
    () => outside(actor, request),
    () => authorize(auditable(db), actor, request),
  );
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
