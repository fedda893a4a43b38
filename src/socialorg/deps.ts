import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { SocialorgDb, SocialorgTables } from './model.js';

/** Time comes from a clock the caller owns: a test walks a listing past its two years. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface SocialorgDeps {
  db: Database;
  clock: Clock;
}

export const socialorgDeps = (ctx: AppContext, clock: Clock = systemClock): SocialorgDeps => ({ db: ctx.db, clock });
export const tables = (deps: { db: Database }): SocialorgDb => deps.db.kysely.withTables<SocialorgTables>();
export const today = (deps: { clock: Clock }): IsoDate => todayInShanghai(deps.clock.now());
