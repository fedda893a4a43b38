import type { Kysely } from 'kysely';
import { appendAudit, authorize, hasPermission, scopeDivision, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { claimIdempotencyKey, emit, type CoreTables } from '../db/index.js';
import { invalid, isWithin, normaliseDivisionCode, type DomainError, type DomainEvent } from '../kernel/index.js';
import type { AssistanceDb } from './model.js';

/** The transaction handle assistance services work in. */
export type AssistanceTrx = AssistanceDb;

export interface Gate {
  /** Permission + jurisdiction + audit entry, committed with the change. */
  allow(request: AccessRequest): Promise<void>;
  /** Refuses for an integrity rule (four eyes, close relative): audited as denied after the rollback. */
  refuse(request: AccessRequest, error: DomainError): never;
}

/** Carries a refusal out of the transaction, so its audit entry is not rolled back with it. */
class Refusal extends Error {
  constructor(
    readonly request: AccessRequest,
    readonly error?: DomainError,
  ) {
    super('refused');
  }
}

const wouldRefuse = (actor: Actor, request: AccessRequest) => !hasPermission(actor.role, request.permission) || (request.divisionCodes !== undefined && !request.divisionCodes.some((code) => isWithin(code, actor.jurisdiction)));

export const auditable = (db: AssistanceDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/**
 * One business operation, one transaction, with the access check and the audit entry inside it. A refused
 * request leaves the transaction first; its audit entry is then written on its own and the 403 thrown.
 */
export async function guardedTransaction<T>(db: AssistanceDb, actor: Actor, work: (trx: AssistanceTrx, gate: Gate) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      // A request sent with Idempotency-Key claims it first, in this transaction: a copy of it that committed
      // already stops here (IdempotencyClaimTaken), and a rollback gives the key back.
      await claimIdempotencyKey(trx);
      return work(trx, {
        allow: async (request) => {
          if (wouldRefuse(actor, request)) throw new Refusal(request);
          await authorize(auditable(trx), actor, request);
        },
        refuse: (request, error) => {
          throw new Refusal(request, error);
        },
      });
    });
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const { request } = error;
    if (!error.error) {
      await authorize(auditable(db), actor, request);
      throw new Error('authorize() allowed a request that the guard refused');
    }
    await appendAudit(auditable(db), {
      actor,
      action: request.action,
      entityType: request.entityType,
      entityId: request.entityId,
      result: 'denied',
      detail: { ...request.detail, reason: error.error.code },
    });
    throw error.error;
  }
}

/** Reads: `authorize()` on its own (a refusal is written and thrown). */
export function allowRead(db: AssistanceDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(auditable(db), actor, request);
}

/** The division a list is scoped to; asking for one outside the jurisdiction is refused and audited. */
export async function scopedDivision(db: AssistanceDb, actor: Actor, requested: string | undefined, action: string): Promise<string> {
  const code = requested === undefined ? undefined : normaliseDivisionCode(requested);
  if (code === null) throw invalid('ASSISTANCE_INVALID_DIVISION', `区划代码格式错误：${requested ?? ''}（应为 6、9 或 12 位数字）`);
  try {
    return scopeDivision(actor, code);
  } catch (error) {
    await appendAudit(auditable(db), { actor, action, result: 'denied', detail: { division: requested ?? null, reason: 'jurisdiction' } });
    throw error;
  }
}

export function emitEvent(trx: AssistanceTrx, event: DomainEvent | readonly DomainEvent[]): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}
