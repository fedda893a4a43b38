/**
 * Everything elderly care asks of the registry, through its public index only: the whole dependency at a
 * glance and one seam. Reads made for a user go through the registry's own access check and audit as that
 * user; the system actor is only for event handlers and jobs.
 */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { DomainError, type Month } from '../kernel/index.js';
import {
  findDivision,
  getOrganisation,
  getPerson,
  listPersons,
  personNames,
  readHouseholdPolicyInput,
  type HouseholdPolicyInput,
  type IdVault,
  type OrganisationView,
  type PersonName,
  type PersonView,
  type RegistryDb,
  type RegistryTables,
} from '../registry/index.js';
import type { EldercareDb } from './model.js';

export type { HouseholdPolicyInput, PersonName, PersonView, OrganisationView };

export const ELDERCARE_SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system:eldercare',
  displayName: '养老服务（系统）',
  role: 'district_staff',
  jurisdiction: '310000000000',
};

export interface RegistryPort {
  /** The person as the actor may see them (403 outside the jurisdiction, 404 unknown); audited as that actor. */
  person(actor: Actor, personId: number): Promise<PersonView>;
  /** Resolves a full ID number to a person id within the actor's jurisdiction, or null. */
  personIdByIdNumber(actor: Actor, idNumber: string): Promise<number | null>;
  organisation(actor: Actor, organisationId: number): Promise<OrganisationView>;
  /** The household's policy input for a month (members with ages, income, disability), read as the actor. */
  householdInput(actor: Actor, householdId: number, month: Month): Promise<HouseholdPolicyInput>;
  /** Display names of a list's persons, masked for a caller who may not read them; one audit entry per list. */
  names(actor: Actor, personIds: readonly number[], reference: string): Promise<Map<number, PersonName>>;
}

export function registryPort(db: Database, vault: IdVault): RegistryPort {
  const registry = db.kysely.withTables<RegistryTables>();
  return {
    person: (actor, personId) => getPerson(registry, vault, actor, personId),
    async personIdByIdNumber(actor, idNumber) {
      const page = await listPersons(registry, vault, actor, { q: idNumber, limit: 1 });
      return page.items[0]?.id ?? null;
    },
    organisation: (actor, id) => getOrganisation(registry, actor, id),
    householdInput: (actor, householdId, month) => readHouseholdPolicyInput(registry, actor, householdId, month),
    names: (actor, personIds, reference) => personNames(registry, actor, personIds, reference),
  };
}

export const isDomainCode = (error: unknown, code: string): boolean => error instanceof DomainError && error.code === code;

/** Division names for messages (divisions are not personal data); an unknown code is shown as is. */
export async function divisionNames(db: EldercareDb, codes: readonly string[]): Promise<Map<string, string>> {
  const registry = db.withTables<RegistryTables>() as unknown as RegistryDb;
  const names = new Map<string, string>();
  for (const code of new Set(codes)) names.set(code, (await findDivision(registry, code))?.name ?? code);
  return names;
}
