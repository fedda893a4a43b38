import type { Kysely } from 'kysely';
import { appendAudit, authorize, guardedTransaction as accessTransaction, type AccessRequest, type AccessTables, type Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import { emit, type CoreTables, type Database } from '../db/index.js';
import { todayInShanghai, type DomainEvent, type IsoDate } from '../kernel/index.js';
import { IdVault } from '../registry/index.js';
import type { FuneralDb, FuneralTables } from './model.js';
import { registryPort, type RegistryPort } from './registry-port.js';

/** Time comes from a clock the caller owns: a test walks a checklist item past its deadline. */
export interface Clock {
  now(): Date;
}

export interface FuneralDeps {
  db: Database;
  clock: Clock;
  vault: IdVault;
  registry: RegistryPort;
}

export function funeralDeps(ctx: AppContext, clock: Clock = { now: () => new Date() }): FuneralDeps {
  const vault = new IdVault(ctx.config.secretKey);
  return { db: ctx.db, clock, vault, registry: registryPort(ctx.db, vault) };
}

export const tables = (deps: { db: Database }): FuneralDb => deps.db.kysely.withTables<FuneralTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());

const auditable = (db: FuneralDb): Kysely<AccessTables> => db.withTables<AccessTables>();

/** One business operation, one transaction, `authorize()` inside it. */
export const guardedTransaction = <T>(db: FuneralDb, actor: Actor, work: (trx: FuneralDb, allow: (request: AccessRequest) => Promise<void>) => Promise<T>): Promise<T> => accessTransaction(db, actor, work);

/** Reads: `authorize()` on its own (a refusal is written and thrown). */
export const allowRead = (db: FuneralDb, actor: Actor, request: AccessRequest): Promise<void> => authorize(auditable(db), actor, request);

export const auditSystem = (trx: FuneralDb, action: string, entityType: string, entityId: number, detail: Record<string, unknown>): Promise<void> =>
  appendAudit(auditable(trx), { actor: null, action, entityType, entityId, result: 'ok', detail });

export const emitEvent = (trx: FuneralDb, event: DomainEvent): Promise<void> => emit(trx.withTables<CoreTables>(), event);
