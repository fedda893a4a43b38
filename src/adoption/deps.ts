import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import { systemClock, type Clock } from '../marriage/index.js';
import { IdVault } from '../registry/index.js';
import type { AdoptionDb, AdoptionTables } from './model.js';

export interface AdoptionDeps {
  db: Database;
  clock: Clock;
  vault: IdVault;
}

export function adoptionDeps(ctx: AppContext, clock: Clock = systemClock): AdoptionDeps {
  return { db: ctx.db, clock, vault: new IdVault(ctx.config.secretKey) };
}

export const tables = (deps: { db: Database }): AdoptionDb => deps.db.kysely.withTables<AdoptionTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());
