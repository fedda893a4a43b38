/**
 * Households per division (aggregates, no personal data, not audited): the community roster's households-per-worker
 * ratio and the indicators' denominators. A household counts while it has a member on `on`.
 */
import { sql } from 'kysely';
import { divisionPrefix, todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { RegistryDb } from './model.js';

export async function householdCountsByDivision(db: RegistryDb, within: string, on: IsoDate = todayInShanghai()): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('registry.households as h')
    .select('h.division_code')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('h.division_code', 'like', `${divisionPrefix(within)}%`)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('registry.household_members as m')
          .select(sql`1`.as('one'))
          .whereRef('m.household_id', '=', 'h.id')
          .where('m.since', '<=', on)
          .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>', on)])),
      ),
    )
    .groupBy('h.division_code')
    .execute();
  return new Map(rows.map((r) => [r.division_code, Number(r.n)]));
}
