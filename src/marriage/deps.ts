import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { emit, type CoreTables, type Database } from '../db/index.js';
import { todayInShanghai, type DomainEvent, type IsoDate } from '../kernel/index.js';
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
  /** Signs e-licence data (HMAC with a key derived from the configured secret). */
  secret: Buffer;
}

export function marriageDeps(ctx: AppContext, clock: Clock = systemClock): MarriageDeps {
  const vault = new IdVault(ctx.config.secretKey);
  return { db: ctx.db, clock, vault, registry: registryPort(ctx.db, vault), secret: ctx.config.secretKey };
}

export const tables = (deps: { db: Database }): MarriageDb => deps.db.kysely.withTables<MarriageTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());

const auditable = (db: MarriageDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/** One business operation, one transaction, `authorize()` inside it. */
export const guardedTransaction = <T>(db: MarriageDb, actor: Actor, work: (trx: MarriageDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> => accessTransaction(db, actor, work);

export function allowRead(db: MarriageDb, actor: Actor, request: AccessRequest): Promise<void> {
  return authorize(auditable(db), actor, request);
}

export function auditSystem(trx: MarriageDb, action: string, entityType: string, entityId: string | number | undefined, detail: Record<string, unknown>): Promise<void> {
  return appendAudit(auditable(trx), { actor: null, action, entityType, entityId, result: 'ok', detail });
}

export function emitEvent(trx: MarriageDb, event: DomainEvent): Promise<void> {
  return emit(trx.withTables<CoreTables>(), event);
}
