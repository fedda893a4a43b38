/**
 * Everything monitoring asks of the registry, through its public index only, in one file: the whole
 * dependency at a glance and one seam for tests. A department batch speaks of thousands of persons, so the
 * calls here take many at once (one registry transaction and one audit entry per call, not per person), and
 * the hot paths lean on monitoring's own read model (person-index.ts) for the rest.
 */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { DomainError, type Month } from '../kernel/index.js';
import {
  changePersons,
  endPersonFacts,
  factSubjectsOfBatch,
  findPersonIds,
  getPersons,
  householdNames,
  householdContacts,
  listPersons,
  personNames,
  policyRowsText,
  recordFactBatch,
  type BatchReceipt,
  type EndOutcome,
  type FactBatch,
  type FactEnd,
  type HouseholdContact,
  type HouseholdPolicyInput,
  type IdVault,
  type LaborCapacity,
  type Page,
  type PersonChange,
  type PersonView,
  type RegistryTables,
  type SubjectType,
} from '../registry/index.js';

export type { EndOutcome, FactEnd, HouseholdContact, HouseholdPolicyInput, PersonChange, PersonView };

/** A change's outcome; 'already': a re-sent death, or a move to where the person already lives. */
export type ChangeOutcome = 'recorded' | 'already' | DomainError;

/**
 * The department exchange acts as this system user in the registry: the registry's audit log then names
 * it (and the monitoring audit entry names the uploader). City-wide, with registry read/write only.
 */
export const MONITORING_SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system:monitoring',
  displayName: '低收入人口动态监测（系统）',
  role: 'city_admin',
  jurisdiction: '310000000000',
};

export interface RegistryPort {
  /** Idempotent by batch id (a replay returns the first receipt). */
  recordFacts(batch: FactBatch): Promise<BatchReceipt>;
  /**
   * Deaths, moves and disability certificates of many persons, applied in the order given, one registry
   * transaction and one audit entry (naming `reference` and every person) for all; one outcome per change.
   */
  changePersons(reference: string, changes: PersonChange[]): Promise<ChangeOutcome[]>;
  /** Ends each person's current facts of `kind` on its day (corrections naming its reason); per end how many. */
  endFacts(reference: string, kind: string, ends: FactEnd[]): Promise<EndOutcome[]>;
  /** The persons the registry knows among `personIds` (one audit entry naming them). */
  persons(personIds: readonly number[], reference: string): Promise<PersonView[]>;
  /** Registry ids by ID number, one look-up for all; unknown numbers are absent. */
  resolveIdNumbers(idNumbers: readonly string[], reference: string): Promise<Map<string, number>>;
  /** Persons living or registered in the division, a page at a time (one audit entry per page). */
  personsPage(divisionCode: string, cursor: string | undefined, limit: number): Promise<Page<PersonView>>;
  policyInputs(householdIds: readonly number[], month: Month): Promise<HouseholdPolicyInput[]>;
  batchSubjects(batchId: string): Promise<{ subjectType: SubjectType; subjectId: number }[]>;
  /** Display names for a list shown to `viewer` (masked where the viewer may not read them); audited as the viewer. */
  displayNames(viewer: Actor, personIds: readonly number[], householdIds: readonly number[], reference: string): Promise<{ persons: Map<number, DisplayName>; households: Map<number, DisplayName> }>;
  /** Head of household and address of each (the caller audits the read). */
  contacts(householdIds: readonly number[]): Promise<Map<number, HouseholdContact>>;
}

export interface DisplayName {
  name: string;
  masked: boolean;
}

const isCode = (error: unknown, code: string) => error instanceof DomainError && error.code === code;

export function registryPort(db: Database, vault: IdVault): RegistryPort {
  const registry = db.kysely.withTables<RegistryTables>();
  const actor = MONITORING_SYSTEM_ACTOR;
  return {
    recordFacts: (batch) => recordFactBatch(registry, batch),
    async changePersons(reference, changes) {
      const outcomes = await changePersons(registry, actor, { reference, changes });
      return outcomes.map((o) => (isCode(o, 'REGISTRY_PERSON_ALREADY_DEAD') || isCode(o, 'REGISTRY_SAME_RESIDENCE') ? 'already' : o));
    },
    endFacts: (reference, kind, ends) => endPersonFacts(registry, actor, { reference, kind, ends }),
    persons: (personIds, reference) => getPersons(registry, actor, personIds, reference),
    resolveIdNumbers: (idNumbers, reference) => findPersonIds(registry, vault, actor, idNumbers, reference),
    personsPage: (divisionCode, cursor, limit) => listPersons(registry, vault, actor, { divisionCode, cursor, limit }),
    async policyInputs(householdIds, month) {
      // The registry's set-based policy rows (one statement for many households), not one call per household.
      const byHousehold = new Map<number, HouseholdPolicyInput>();
      for (let i = 0; i < householdIds.length; i += 1000) {
        const text = await policyRowsText(registry, { month, divisionPrefixes: [''], householdIds: householdIds.slice(i, i + 1000) });
        for (const [id, facts] of parsePolicyRows(text)) byHousehold.set(id, facts);
      }
      return householdIds.map((id) => byHousehold.get(id) ?? { members: [], rigidExpensesLast12MonthsFen: 0, hasLegalSupporter: true });
    },
    batchSubjects: (batchId) => factSubjectsOfBatch(registry, batchId),
    async displayNames(viewer, personIds, householdIds, reference) {
      return { persons: await personNames(registry, viewer, personIds, reference), households: await householdNames(registry, viewer, householdIds, reference) };
    },
    contacts: (householdIds) => householdContacts(registry, householdIds),
  };
}

const LABOUR: readonly LaborCapacity[] = ['full', 'partial', 'none'];
const isoFromDays = (days: number): string => new Date(days * 86_400_000).toISOString().slice(0, 10);

/**
 * The registry's policy rows (POLICY_ROW_COLUMNS: household, division, person, birth day, hukou, disability
 * grade, labour, orphan, income, assets, vehicle, household rigid expenses, legal supporter) as the
 * engine's household facts. The certificate's category is not in the rows; no rule reads it.
 */
export function parsePolicyRows(text: string): Map<number, HouseholdPolicyInput> {
  const out = new Map<number, HouseholdPolicyInput>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const f = line.split('\t').map(Number);
    let household = out.get(f[0]);
    if (!household) out.set(f[0], (household = { members: [], rigidExpensesLast12MonthsFen: f[11], hasLegalSupporter: f[12] === 1 }));
    household.members.push({
      id: String(f[2]),
      birthDate: isoFromDays(f[3]),
      hukouShanghai: f[4] === 1,
      disability: f[5] >= 1 && f[5] <= 4 ? { grade: f[5] as 1 | 2 | 3 | 4, category: '' } : null,
      laborCapacity: LABOUR[f[6]] ?? 'full',
      orphan: f[7] === 1,
      monthlyIncomeFen: f[8],
      monetaryAssetsFen: f[9],
      ownsVehicle: f[10] === 1,
    });
  }
  return out;
}
