/**
 * Everything monitoring asks of the registry, through its public index only, in one file: the whole
 * dependency at a glance and one seam for tests. The registry answers most questions one person or one
 * household at a time (and audits each), so the hot paths lean on monitoring's own read model
 * (person-index.ts) and call here for what only the registry can do or know.
 */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { DomainError, type IsoDate, type Month } from '../kernel/index.js';
import {
  correctFact,
  factSubjectsOfBatch,
  getPerson,
  listFacts,
  listPersons,
  moveResidence,
  policyRowsText,
  recordDeath,
  recordFactBatch,
  setDisability,
  type BatchReceipt,
  type Disability,
  type FactBatch,
  type HouseholdPolicyInput,
  type IdVault,
  type LaborCapacity,
  type Page,
  type PersonView,
  type RegistryTables,
  type SubjectType,
} from '../registry/index.js';

export type { HouseholdPolicyInput, PersonView };

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
  /** 'already' when the person was already registered dead (a re-sent death is not an error). */
  recordDeath(personId: number, deathDate: IsoDate): Promise<'recorded' | 'already'>;
  moveResidence(personId: number, residenceDivision: string, movedOn: IsoDate): Promise<'recorded' | 'already'>;
  setDisability(personId: number, disability: Disability): Promise<void>;
  /** Ends the person's current facts of `kind` on `on` (a correction naming `reason`); returns how many. */
  endFacts(personId: number, kind: string, on: IsoDate, reason: string): Promise<number>;
  person(personId: number): Promise<PersonView | null>;
  resolveIdNumber(idNumber: string): Promise<number | null>;
  /** Persons living or registered in the division, a page at a time (one audit entry per page). */
  personsPage(divisionCode: string, cursor: string | undefined, limit: number): Promise<Page<PersonView>>;
  policyInputs(householdIds: readonly number[], month: Month): Promise<HouseholdPolicyInput[]>;
  batchSubjects(batchId: string): Promise<{ subjectType: SubjectType; subjectId: number }[]>;
}

const isCode = (error: unknown, code: string) => error instanceof DomainError && error.code === code;

export function registryPort(db: Database, vault: IdVault): RegistryPort {
  const registry = db.kysely.withTables<RegistryTables>();
  const actor = MONITORING_SYSTEM_ACTOR;
  return {
    recordFacts: (batch) => recordFactBatch(registry, batch),
    async recordDeath(personId, deathDate) {
      try {
        await recordDeath(registry, actor, personId, { deathDate });
        return 'recorded';
      } catch (error) {
        if (isCode(error, 'REGISTRY_PERSON_ALREADY_DEAD')) return 'already';
        throw error;
      }
    },
    async moveResidence(personId, residenceDivision, movedOn) {
      try {
        await moveResidence(registry, actor, personId, { residenceDivision, movedOn });
        return 'recorded';
      } catch (error) {
        if (isCode(error, 'REGISTRY_SAME_RESIDENCE')) return 'already';
        throw error;
      }
    },
    async setDisability(personId, disability) {
      await setDisability(registry, actor, personId, disability);
    },
    async endFacts(personId, kind, on, reason) {
      const facts = await listFacts(registry, actor, { type: 'person', id: personId }, { kind });
      const open = facts.filter((f) => f.supersededBy === null && f.validFrom < on && (f.validTo === null || f.validTo > on));
      for (const fact of open) await correctFact(registry, actor, fact.id, { validTo: on, reason });
      return open.length;
    },
    async person(personId) {
      try {
        return await getPerson(registry, vault, actor, personId);
      } catch (error) {
        if (isCode(error, 'REGISTRY_PERSON_NOT_FOUND')) return null;
        throw error;
      }
    },
    async resolveIdNumber(idNumber) {
      const page = await listPersons(registry, vault, actor, { q: idNumber, limit: 1 });
      return page.items[0]?.id ?? null;
    },
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
