import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { currentMonthInShanghai, todayInShanghai, type IsoDate, type Month } from '../kernel/index.js';
import { IdVault } from '../registry/index.js';
import type { MonitoringDb, MonitoringTables } from './model.js';
import { registryPort, type RegistryPort } from './registry-port.js';

/** Time comes from a clock the caller owns: a test walks a warning past its deadline without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What monitoring services run on; given explicitly, nothing global. */
export interface MonitoringDeps {
  db: Database;
  /** PostgreSQL: the policy engine's population reader opens a COPY connection of its own with it. */
  databaseUrl?: string;
  clock: Clock;
  registry: RegistryPort;
}

export function monitoringDeps(ctx: AppContext, clock: Clock = systemClock): MonitoringDeps {
  return { db: ctx.db, databaseUrl: ctx.config.databaseUrl, clock, registry: registryPort(ctx.db, new IdVault(ctx.config.secretKey)) };
}

export const tables = (deps: { db: Database }): MonitoringDb => deps.db.kysely.withTables<MonitoringTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());
export const thisMonth = (deps: { clock: Clock }): Month => currentMonthInShanghai(deps.clock.now());
