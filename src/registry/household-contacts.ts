/**
 * Who to ask for and where to go, for modules that send someone to a household (政策找人): the head of the
 * household today and the address. No actor here: the caller authorizes and audits its own read, and decides
 * what its reader may see unmasked.
 */
import { sql } from 'kysely';
import { todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { RegistryDb } from './model.js';

export interface HouseholdContact {
  householdId: number;
  divisionCode: string;
  address: string;
  /** The member recorded as head (户主), else the longest-standing member; null for a household nobody lives in. */
  head: { personId: number; name: string } | null;
}

export async function householdContacts(db: RegistryDb, householdIds: readonly number[], asOf: IsoDate = todayInShanghai()): Promise<Map<number, HouseholdContact>> {
  const out = new Map<number, HouseholdContact>();
  const ids = [...new Set(householdIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const households = await db.selectFrom('registry.households').select(['id', 'division_code', 'address']).where('id', 'in', chunk).execute();
    for (const h of households) out.set(h.id, { householdId: h.id, divisionCode: h.division_code, address: h.address, head: null });
    const heads = await db
      .selectFrom('registry.household_members as m')
      .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
      .select(['m.household_id', 'p.id', 'p.name'])
      .distinctOn('m.household_id')
      .where('m.household_id', 'in', chunk)
      .where('m.since', '<=', asOf)
      .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>', asOf)]))
      .where((eb) => eb.or([eb('p.death_date', 'is', null), eb('p.death_date', '>', asOf)]))
      .orderBy('m.household_id')
      .orderBy(sql`m.relation = 'head'`, 'desc')
      .orderBy('m.since')
      .orderBy('p.id')
      .execute();
    for (const r of heads) {
      const h = out.get(r.household_id);
      if (h) h.head = { personId: r.id, name: r.name };
    }
  }
  return out;
}
