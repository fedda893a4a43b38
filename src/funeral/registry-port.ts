/**
 * Everything the funeral line asks of the registry, through its public index only. Reads made for a user go
 * through the registry's own access check and audit as that user.
 */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { DomainError, type IsoDate } from '../kernel/index.js';
import { getPerson, listPersons, personNames, recordDeath, type IdVault, type PersonName, type PersonView, type RegistryTables } from '../registry/index.js';

export type { PersonName, PersonView };

export interface RegistryPort {
  /** The person with this full ID number within the actor's jurisdiction, or null. */
  personByIdNumber(actor: Actor, idNumber: string): Promise<PersonView | null>;
  person(actor: Actor, personId: number): Promise<PersonView>;
  /** 死亡登记 in the registry: emits `registry.person.died` with the notice's source. */
  recordDeath(actor: Actor, personId: number, deathDate: IsoDate, source: string): Promise<PersonView>;
  names(actor: Actor, personIds: readonly number[], reference: string): Promise<Map<number, PersonName>>;
}

export function registryPort(db: Database, vault: IdVault): RegistryPort {
  const registry = db.kysely.withTables<RegistryTables>();
  return {
    async personByIdNumber(actor, idNumber) {
      const page = await listPersons(registry, vault, actor, { q: idNumber, limit: 1 });
      return page.items[0] ?? null;
    },
    person: (actor, personId) => getPerson(registry, vault, actor, personId),
    recordDeath: (actor, personId, deathDate, source) => recordDeath(registry, actor, personId, { deathDate, source }),
    names: (actor, personIds, reference) => personNames(registry, actor, personIds, reference),
  };
}

export const isDomainCode = (error: unknown, code: string): boolean => error instanceof DomainError && error.code === code;
