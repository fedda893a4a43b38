import type { Actor } from '../access/index.js';
import { isWithin, todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { RegistryDb } from './model.js';

/**
 * The divisions whose staff may READ a household: where it lives, and the 户籍 divisions of its current members.
 * A 人户分离 household is verified by the street of its members' household registration as well as by the street
 * it lives in (changes stay with the residence street). When the reader's jurisdiction already holds the
 * residence, the members' 户籍 cannot change the answer, so they are not read.
 */
export async function householdReadDivisions(db: RegistryDb, householdId: number, residence: string, on: IsoDate = todayInShanghai(), reader?: Actor): Promise<string[]> {
  if (reader && isWithin(residence, reader.jurisdiction)) return [residence];
  const rows = await db
    .selectFrom('registry.household_members as m')
    .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
    .select('p.hukou_division')
    .where('m.household_id', '=', householdId)
    .where('m.since', '<=', on)
    .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>', on)]))
    .execute();
  return [...new Set([residence, ...rows.map((r) => r.hukou_division)])];
}
