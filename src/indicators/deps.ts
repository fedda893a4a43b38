import type { Actor } from '../access/index.js';
import type { AppContext } from '../context.js';
import type { Database } from '../db/index.js';
import { currentMonthInShanghai, type Month } from '../kernel/index.js';
import { IdVault } from '../registry/index.js';
import type { IndicatorTables } from './model.js';

/** What the indicators run on; time from a clock the caller owns (a test walks into the next month). */
export interface IndicatorDeps {
  ctx: AppContext;
  db: Database;
  vault: IdVault;
  now(): Date;
}

export function indicatorDeps(ctx: AppContext, now: () => Date = () => new Date()): IndicatorDeps {
  return { ctx, db: ctx.db, vault: new IdVault(ctx.config.secretKey), now };
}

export const tables = (deps: { db: Database }) => deps.db.kysely.withTables<IndicatorTables>();
export const currentMonth = (deps: IndicatorDeps): Month => currentMonthInShanghai(deps.now());

/**
 * The indicators read other modules' city-wide aggregates (beds, meals, the roster) as this system actor: the
 * figures are aggregates, not personal data, and the plan's targets are city-wide, so a street caseworker sees the
 * same city value as the leader. Role leader: read-only everywhere.
 */
export const INDICATORS_SYSTEM_ACTOR: Actor = { userId: 0, username: 'system:indicators', displayName: '规划指标（系统）', role: 'leader', jurisdiction: '310000000000' };
