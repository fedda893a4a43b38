/**
 * What adoption registration asks of the registry, through its public index only: the persons for the parties' ID
 * numbers (a system actor for the city, naming the check as the purpose; each read audited by the registry), the
 * children the adopters have and the child's linked parents. Unknown persons are simply absent: parties may come from
 * anywhere, the registry knows Shanghai residents only, and then the declared facts stand alone.
 */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { findPersonIds, getPersons, linkedChildren, linkedParents, type IdVault, type PersonView, type RegistryTables } from '../registry/index.js';

export const ADOPTION_SYSTEM_ACTOR: Actor = { userId: 0, username: 'system:adoption', displayName: '收养登记（系统核查）', role: 'district_staff', jurisdiction: '310000000000' };

export interface KnownParties {
  persons: Map<string, PersonView>;
  /** Children linked to any of the adopters in the registry (distinct children). */
  linkedChildren: number;
  /** The child's linked parents today. */
  childParents: { fatherId: number | null; motherId: number | null };
}

export async function lookupParties(db: Database, vault: IdVault, child: string, adopters: readonly string[], reference: string): Promise<KnownParties> {
  const registry = db.kysely.withTables<RegistryTables>();
  const ids = await findPersonIds(registry, vault, ADOPTION_SYSTEM_ACTOR, [child, ...adopters], reference);
  const persons = new Map<string, PersonView>();
  if (ids.size) {
    const views = await getPersons(registry, ADOPTION_SYSTEM_ACTOR, [...ids.values()], reference);
    const byId = new Map(views.map((p) => [p.id, p]));
    for (const [number, id] of ids) {
      const view = byId.get(id);
      if (view) persons.set(number, view);
    }
  }
  const adopterIds = adopters.map((a) => persons.get(a)?.id).filter((x): x is number => x !== undefined);
  const childId = persons.get(child)?.id;
  const links = adopterIds.length ? await linkedChildren(registry, adopterIds) : [];
  const others = new Set(links.map((l) => l.childId).filter((c) => c !== childId));
  return { persons, linkedChildren: others.size, childParents: childId === undefined ? { fatherId: null, motherId: null } : await linkedParents(registry, childId) };
}
