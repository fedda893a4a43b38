import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { emit, type CoreTables, type Database } from '../db/index.js';
import { DomainError, forbidden, recordNotFound, todayInShanghai, type DomainEvent, type IsoDate } from '../kernel/index.js';
import { stableSecret } from '../kernel/keyring.js';
import { IdVault } from '../registry/index.js';
import type { MarriageDb, MarriageTables } from './model.js';
import { registryPort, type RegistryPort } from './registry-port.js';

/** Time comes from a clock the caller owns: a test walks a divorce application past its windows. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface MarriageDeps {
  db: Database;
  clock: Clock;
  vault: IdVault;
  registry: RegistryPort;
  /** Signs e-licence data (a key derived from the look-up key, which a key rotation leaves: issued licences keep verifying). */
  secret: Buffer;
}

export function marriageDeps(ctx: AppContext, clock: Clock = systemClock): MarriageDeps {
  const vault = new IdVault(ctx.config.secretKey);
  return { db: ctx.db, clock, vault, registry: registryPort(ctx.db, vault), secret: stableSecret(ctx.config.secretKey) };
}

export const tables = (deps: { db: Database }): MarriageDb => deps.db.kysely.withTables<MarriageTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());

const auditable = (db: MarriageDb): Kysely<AccessTables> => db.withTables<AccessTables>();

const OUTSIDE = recordNotFound().code;
/** The division of a record that does not exist: the guard refuses it and the caller answers 404 as before. */
export const NOWHERE = '000000000000';

/**
 * Another office's record: the platform answers 404 for records outside an area (no existence oracle); the
 * marriage archive is different — registrars of every office already learn "conflict at office X" from the
 * checks, and the issue asks for a plain 403 saying why. The refusal is audited by access before it gets here;
 * a record that does not exist (division NOWHERE) still answers 404.
 */
const otherOffice =
  (missing: () => boolean) =>
  (e: unknown): never => {
    if (e instanceof DomainError && e.code === OUTSIDE && !missing()) throw forbidden('MARRIAGE_OTHER_OFFICE', '该档案由其他婚姻登记机关保管，本登记机关无权查看或办理');
    throw e;
  };
const isMissing = (request: AccessRequest) => request.divisionCodes?.includes(NOWHERE) ?? false;

/** One business operation, one transaction, `authorize()` inside it. */
export function guardedTransaction<T>(db: MarriageDb, actor: Actor, work: (trx: MarriageDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> {
  let missing = false;
  return accessTransaction(db, actor, (trx: MarriageDb, allow) =>
    work(trx, (request) => {
      missing = isMissing(request);
      return allow(request);
    }),
  ).catch(otherOffice(() => missing));
}

export function allowRead(db: MarriageDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(auditable(db), actor, request).catch(otherOffice(() => isMissing(request)));
}

export function auditSystem(trx: MarriageDb, action: string, entityType: string, entityId: string | number | undefined, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(auditable(trx), { actor: null, action, entityType, entityId, result: 'ok', detail });
}

export function emitEvent(trx: MarriageDb, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}
