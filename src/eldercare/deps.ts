import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import { IdVault } from '../registry/index.js';
import type { EldercareDb, EldercareTables } from './model.js';
import { registryPort, type RegistryPort } from './registry-port.js';

/** Time comes from a clock the caller owns: a test walks an offer or a rectification past its deadline. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What elderly-care services run on; given explicitly, nothing global. */
export interface EldercareDeps {
  db: Database;
  clock: Clock;
  registry: RegistryPort;
}

export function eldercareDeps(ctx: AppContext, clock: Clock = systemClock): EldercareDeps {
  return { db: ctx.db, clock, registry: registryPort(ctx.db, new IdVault(ctx.config.secretKey)) };
}

export const tables = (deps: { db: Database }): EldercareDb => deps.db.kysely.withTables<EldercareTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());
