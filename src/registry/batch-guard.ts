import { appendAudit, authorize, hasPermission, outOfJurisdictionRecord, type Actor, type Permission } from '../access/index.js';
import { DomainError, isWithin } from '../kernel/index.js';
import { auditable, type RegistryTrx } from './guard.js';
import type { RegistryDb } from './model.js';

export interface BatchRequest {
  permission: Permission;
  /** Audit action, e.g. `registry.persons.change`. */
  action: string;
  entityType: string;
  /** The caller's name for the batch (a department batch id), so the entry can be traced back to it. */
  reference: string;
}

export interface BatchScope {
  /** True when the actor may act on a subject with these divisions; false records a refusal of `subjectId`. */
  allows(subjectId: number, divisionCodes: string[]): boolean;
}

/** Why one item of a batch was refused for its jurisdiction: the same 404 a one-subject call gives. */
export const outOfJurisdiction = (): DomainError => outOfJurisdictionRecord();

/**
 * The frame of a change to many subjects at once: one transaction and ONE audit entry for the batch (the
 * work returns its detail, naming every subject it changed) instead of one transaction and one entry per
 * subject, which serialise on the audit chain. The permission is checked first (a refusal is audited and
 * thrown, as `authorize` does); subjects outside the jurisdiction are refused one by one and audited together
 * after the commit, as a one-subject refusal is audited after its rollback.
 */
export async function guardedBatch<T>(db: RegistryDb, actor: Actor, request: BatchRequest, work: (trx: RegistryTrx, scope: BatchScope) => Promise<{ result: T; detail: Record<string, unknown> }>): Promise<T> {
  const entry = { actor, action: request.action, entityType: request.entityType, entityId: request.reference };
  if (!hasPermission(actor.role, request.permission)) await authorize(auditable(db), actor, { ...entry, permission: request.permission });
  const refused: number[] = [];
  const scope: BatchScope = {
    allows(subjectId, divisionCodes) {
      if (divisionCodes.some((code) => isWithin(code, actor.jurisdiction))) return true;
      refused.push(subjectId);
      return false;
    },
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const { result, detail } = await work(trx, scope);
      // Last in the transaction: the chain's lock is held only from here to the commit.
      await appendAudit(auditable(trx), { ...entry, result: 'ok', detail });
      return result;
    });
  } finally {
    if (refused.length) await appendAudit(auditable(db), { ...entry, result: 'denied', detail: { reason: 'jurisdiction', subjects: [...new Set(refused)] } });
  }
}

/** Runs `check` and turns a DomainError it throws into the item's outcome; anything else still throws. */
export function outcomeOf<T>(check: () => T): T | DomainError {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** The same for a promise. */
export function settled<T>(work: Promise<T>): Promise<T | DomainError> {
  return work.catch((error: unknown) => {
    if (error instanceof DomainError) return error;
    throw error;
  });
}
