import type { Kysely } from 'kysely';
import type { AccessTables, Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { currentMonthInShanghai, todayInShanghai, type IsoDate, type Month } from '../kernel/index.js';
import { IdVault } from '../registry/index.js';
import { monitoringDeps, type MonitoringDeps } from '../monitoring/index.js';
import type { ResidentTables } from './model.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Size limit and accepted types of uploads; the virus scan is a hook (a development sink by default). */
export interface UploadSettings {
  maxBytes: number;
}

export interface ResidentDeps {
  ctx: AppContext;
  db: Database;
  vault: IdVault;
  clock: Clock;
  uploads: UploadSettings;
  /** Monitoring's services, built once: its deps derive two keys from the secret, too dear for every page. */
  monitoring: MonitoringDeps;
}

export const DEFAULT_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

export function residentDeps(ctx: AppContext, clock: Clock = systemClock): ResidentDeps {
  const max = Number(process.env.RESIDENT_UPLOAD_MAX_BYTES ?? DEFAULT_UPLOAD_MAX_BYTES);
  return {
    ctx,
    db: ctx.db,
    vault: new IdVault(ctx.config.secretKey),
    clock,
    uploads: { maxBytes: Number.isSafeInteger(max) && max > 0 ? max : DEFAULT_UPLOAD_MAX_BYTES },
    monitoring: monitoringDeps(ctx, clock),
  };
}

export const tables = (deps: { db: Database }) => deps.db.kysely.withTables<ResidentTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());
export const thisMonth = (deps: { clock: Clock }): Month => currentMonthInShanghai(deps.clock.now());

/**
 * The other modules' services take a staff actor. A resident's request reaches them as this actor: city-wide
 * reach, but only ever called by this module after it has checked that the resident may see or act for the
 * person (own household, a minor, a ward). Its username names the resident, so every audit entry the other
 * modules write for the request says which resident it was for (`resident:<id>`), as a staff read names the clerk.
 */
export function portalActor(residentId: number): Actor {
  return { userId: 0, username: `resident:${residentId}`, displayName: `居民端（居民 ${residentId}）`, role: 'district_staff', jurisdiction: '310000000000' };
}

/** Event handlers and the dev login (before anyone is signed in) act as the portal itself. */
export const RESIDENTS_SYSTEM_ACTOR: Actor = { userId: 0, username: 'system:residents', displayName: '居民端（系统）', role: 'district_staff', jurisdiction: '310000000000' };

/** The audit log's view of any handle (a transaction of this module included). */
// biome-ignore lint/suspicious/noExplicitAny: any database handle; only the audit table is used.
export const auditDb = (db: Kysely<any>): Kysely<AccessTables> => db.withTables<AccessTables>() as unknown as Kysely<AccessTables>;
