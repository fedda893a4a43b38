import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { ChildrenDb, ChildrenTables } from './model.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What children's and disability welfare run on; given explicitly, nothing global. */
export interface ChildrenDeps {
  db: Database;
  clock: Clock;
}

export function childrenDeps(ctx: AppContext, clock: Clock = systemClock): ChildrenDeps {
  return { db: ctx.db, clock };
}

export const tables = (deps: { db: Database }): ChildrenDb => deps.db.kysely.withTables<ChildrenTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());
