/**
 * Households per division (aggregates, no personal data, not audited): the community roster's households-per-worker
 * ratio and the indicators' denominators. A household counts while it has a member on `on`, at the code it had
 * that day (division change orders record their moves).
 */
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import { householdsOn } from './division-orders.js';
import type { RegistryDb } from './model.js';

export async function householdCountsByDivision(db: RegistryDb, within: string, on: IsoDate = todayInShanghai()): Promise<Map<string, number>> {
  return householdsOn(db, within, on);
}
