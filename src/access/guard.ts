import type { Kysely } from 'kysely';
import { divisionPrefix, forbidden, isWithin, recordNotFound, type DomainError } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import type { AccessTables, Actor } from './model.js';
import { hasPermission, type Permission } from './permissions.js';

export interface AccessRequest {
  permission: Permission;
  /** Audit action name, e.g. `registry.person.read`. */
  action: string;
  entityType?: string;
  entityId?: string | number;
  /** The record's divisions; the actor may proceed when any of them lies in the jurisdiction. */
  divisionCodes?: string[];
  purpose?: string;
  detail?: Record<string, unknown>;
}

/**
 * A record outside the caller's jurisdiction answers as if it did not exist (404, not 403): a different
 * answer would tell a street worker that an ID number is registered elsewhere. Function-level refusals stay 403.
 */
export const outOfJurisdictionRecord = (): DomainError => recordNotFound();

/**
 * The safe path in one call: checks the permission and the jurisdiction, and writes the audit entry
 * either way. A refusal is audited, then thrown: 403 for the permission, 404 for the jurisdiction.
 */
export async function authorize(db: Kysely<AccessTables>, actor: Actor, request: AccessRequest): Promise<void> {
  const base = { actor, action: request.action, entityType: request.entityType, entityId: request.entityId, purpose: request.purpose };
  if (!hasPermission(actor.role, request.permission)) {
    await appendAudit(db, { ...base, result: 'denied', detail: { ...request.detail, reason: 'permission', permission: request.permission } });
    throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  }
  if (request.divisionCodes && !request.divisionCodes.some((code) => isWithin(code, actor.jurisdiction))) {
    await appendAudit(db, { ...base, result: 'denied', detail: { ...request.detail, reason: 'jurisdiction' } });
    throw outOfJurisdictionRecord();
  }
  await appendAudit(db, { ...base, result: 'ok', detail: request.detail });
}

/** Throws 403 (without an audit entry) when the role lacks the permission: for actions on no personal data. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
}

/** Prefix of the division codes the actor may see, for `like prefix || '%'` filters. */
export function jurisdictionPrefix(actor: Actor): string {
  return divisionPrefix(actor.jurisdiction);
}

/** Narrows a requested division to the actor's jurisdiction, or refuses when it lies outside. */
export function scopeDivision(actor: Actor, requested: string | undefined): string {
  if (!requested) return actor.jurisdiction;
  if (isWithin(requested, actor.jurisdiction)) return requested;
  if (isWithin(actor.jurisdiction, requested)) return actor.jurisdiction;
  throw forbidden('ACCESS_OUT_OF_JURISDICTION', '所查询的区划不在您的辖区范围内');
}

/** Carries a refused request out of the transaction, so its audit entry is not rolled back with it. */
class Refusal extends Error {
  constructor(readonly request: AccessRequest) {
    super('refused');
  }
}

/** Whether `authorize` would refuse the request (role or jurisdiction), decided without the database. */
export const wouldRefuse = (actor: Actor, request: AccessRequest) => !hasPermission(actor.role, request.permission) || (request.divisionCodes !== undefined && !request.divisionCodes.some((code) => isWithin(code, actor.jurisdiction)));

const auditable = <DB>(db: Kysely<DB>): Kysely<AccessTables> => db.withTables<AccessTables>() as unknown as Kysely<AccessTables>;

/**
 * One business operation, one transaction, with `authorize()` inside it: an allowed request's audit entry
 * commits with the change; a refused one leaves the transaction first and is audited on its own (403, or 404 outside the jurisdiction).
 * Modules call it with their own Kysely view; `allow` may be called more than once (one entry each).
 */
export async function guardedTransaction<DB, T>(db: Kysely<DB>, actor: Actor, work: (trx: Kysely<DB>, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> {
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
    throw new Error('authorize() allowed a request that the guard refused');
  }
}
