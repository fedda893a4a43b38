import type { Kysely } from 'kysely';
import { appendAudit, authorize, hasPermission, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import { isWithin, type DomainEvent } from '../kernel/index.js';
import type { EldercareDb } from './model.js';

/** Carries a refused request out of the transaction, so its audit entry is not rolled back with it. */
class Refusal extends Error {
  constructor(readonly request: AccessRequest) {
    super('refused');
  }
}

const wouldRefuse = (actor: Actor, request: AccessRequest) =>
  !hasPermission(actor.role, request.permission) ||
  (request.divisionCodes !== undefined && !request.divisionCodes.some((code) => isWithin(code, actor.jurisdiction)));

const auditable = (db: EldercareDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/**
 * One business operation, one transaction, with `authorize()` inside it: an allowed request's audit entry
 * commits with the change; a refused one leaves the transaction first and is audited on its own (403).
 */
export async function guardedTransaction<T>(db: EldercareDb, actor: Actor, work: (trx: EldercareDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute((trx) =>
      work(trx, async (request) => {
        if (wouldRefuse(actor, request)) throw new Refusal(request);
        await authorize(auditable(trx), actor, request);
      }),
    );
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await authorize(auditable(db), actor, error.request);
    throw new Error('authorize() allowed a request that the eldercare guard refused');
  }
}

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
