import type { Kysely } from 'kysely';
import { authorize, hasPermission, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import { emit, type CoreTables } from '../db/index.js';
import { isWithin, type DomainEvent } from '../kernel/index.js';
import type { RegistryDb, RegistryTables } from './model.js';

/** The transaction handle registry services work in. */
export type RegistryTrx = Kysely<RegistryTables>;

/** Carries a refused request out of the transaction, so its audit entry is written after the rollback. */
class Refusal extends Error {
  constructor(readonly request: AccessRequest) {
    super('refused');
  }
}

const wouldRefuse = (actor: Actor, request: AccessRequest) => !hasPermission(actor.role, request.permission) || (request.divisionCodes !== undefined && !request.divisionCodes.some((code) => isWithin(code, actor.jurisdiction)));

/**
 * One business operation, one transaction, with `authorize()` inside it. An allowed request's audit entry
 * commits together with the change; a refused one would be rolled back with the transaction, so the refusal
 * leaves the transaction first and `authorize()` records it on its own (and throws the 403).
 */
export async function guardedTransaction<T>(db: RegistryDb, actor: Actor, work: (trx: RegistryTrx, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> {
  const allow = (trx: RegistryTrx) => async (request: AccessRequest) => {
    if (wouldRefuse(actor, request)) throw new Refusal(request);
    await authorize(auditable(trx), actor, request);
  };
  try {
    return await db.transaction().execute((trx) => work(trx, allow(trx)));
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    await authorize(auditable(db), actor, error.request);
    throw new Error('authorize() allowed a request that the registry refused');
  }
}

export const auditable = (db: RegistryDb): Kysely<AccessTables> => db.withTables<AccessTables>();

export function emitEvent(trx: RegistryTrx, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}

/** Many events in one statement, in the order given (the outbox ids follow it). */
export async function emitEvents(trx: RegistryTrx, events: readonly DomainEvent[]): Promise<void> {
  const outbox = trx.withTables<CoreTables>();
  for (let i = 0; i < events.length; i += 1000) {
    await outbox
      .insertInto('core.outbox')
      .values(events.slice(i, i + 1000).map((e) => ({ topic: e.topic, key: e.key, payload: JSON.stringify(e.payload) })))
      .execute();
  }
}
