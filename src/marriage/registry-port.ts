/**
 * What marriage registration asks of the registry, through its public index only. Parties come from anywhere
 * (全国通办), so the registry is read by a system actor for the city, naming the check as the purpose; each read is
 * audited by the registry. Unknown persons are simply absent: the registry knows only Shanghai residents.
 */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { findPersonIds, getPersons, householdMemberships, type IdVault, type PersonView, type RegistryTables } from '../registry/index.js';

export const MARRIAGE_SYSTEM_ACTOR: Actor = { userId: 0, username: 'system:marriage', displayName: '婚姻登记（系统核查）', role: 'district_staff', jurisdiction: '310000000000' };

export interface KnownPerson {
  person: PersonView;
  /** Household memberships of the person's current household (relations to its head). */
  relations: { personId: number; relation: string }[];
}

export interface RegistryPort {
  /** The registry's persons for these ID numbers (full numbers), with their household's relations. */
  lookup(idNumbers: readonly string[], reference: string): Promise<Map<string, KnownPerson>>;
}

export function registryPort(db: Database, vault: IdVault): RegistryPort {
  const registry = db.kysely.withTables<RegistryTables>();
  return {
    async lookup(idNumbers, reference) {
      const out = new Map<string, KnownPerson>();
      const ids = await findPersonIds(registry, vault, MARRIAGE_SYSTEM_ACTOR, idNumbers, reference);
      if (ids.size === 0) return out;
      const persons = await getPersons(registry, MARRIAGE_SYSTEM_ACTOR, [...ids.values()], reference);
      const byId = new Map(persons.map((p) => [p.id, p]));
      const households = new Map<number, { personId: number; relation: string }[]>();
      for (const [number, id] of ids) {
        const person = byId.get(id);
        if (!person) continue;
        let relations: { personId: number; relation: string }[] = [];
        if (person.householdId) {
          if (!households.has(person.householdId)) {
            const members = await householdMemberships(registry, MARRIAGE_SYSTEM_ACTOR, person.householdId);
            households.set(
              person.householdId,
              members.filter((m) => m.until === null).map((m) => ({ personId: m.personId, relation: m.relation })),
            );
          }
          relations = households.get(person.householdId) ?? [];
        }
        out.set(number, { person, relations });
      }
      return out;
    },
  };
}
