import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DivisionLevel, Fen, IsoDate, Sex } from '../kernel/index.js';

/** The registry's tables (schema `registry`, migrations in ./migrations). A type alias, not an interface: `withTables` needs it. */
export type RegistryTables = {
  'registry.divisions': {
    code: string;
    name: string;
    level: DivisionLevel;
    kind: Generated<string>;
    parent_code: string | null;
    valid_from: Generated<IsoDate>;
    valid_to: IsoDate | null;
  };
  'registry.persons': {
    id: Generated<number>;
    id_number_hash: Buffer;
    id_number_enc: Buffer;
    id_number_masked: string;
    name: string;
    sex: Sex;
    birth_date: IsoDate;
    hukou_division: string;
    residence_division: string;
    death_date: IsoDate | null;
    disability_grade: number | null;
    disability_category: string | null;
    labour_capacity: Generated<LaborCapacity>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'registry.households': {
    id: Generated<number>;
    division_code: string;
    address: Generated<string>;
    created_at: Generated<Date>;
  };
  'registry.household_members': {
    household_id: number;
    person_id: number;
    relation: Relation;
    since: IsoDate;
    until: IsoDate | null;
  };
  'registry.organisations': {
    id: Generated<number>;
    credit_code: string;
    name: string;
    kind: string;
    division_code: string;
    registered_on: IsoDate | null;
    created_at: Generated<Date>;
    /** Set when the organisation ends (deregistration, revocation); the row is kept. */
    closed_on: Generated<IsoDate | null>;
    closed_reason: Generated<string | null>;
  };
  'registry.fact_batches': {
    id: string;
    source: string;
    received_at: Generated<Date>;
    row_count: Generated<number>;
  };
  'registry.division_orders': {
    id: Generated<number>;
    kind: DivisionOrderKind;
    approval_number: string;
    reason: string;
    effective_on: IsoDate;
    detail: unknown;
    entered_by: number;
    entered_at: Generated<Date>;
  };
  'registry.division_moves': {
    order_id: number;
    subject: 'household' | 'hukou' | 'residence';
    subject_id: number;
    from_code: string;
    to_code: string;
    moved_on: IsoDate;
  };
  'registry.facts': {
    id: Generated<number>;
    subject_type: SubjectType;
    subject_id: number;
    kind: string;
    amount_fen: Fen | null;
    /** Written as JSON text (as the outbox does), read back as an object. */
    attributes: ColumnType<FactAttributes | null, string | null, never>;
    valid_from: IsoDate;
    valid_to: IsoDate | null;
    source: string;
    batch_id: string;
    supersedes: number | null;
    reason: string | null;
    recorded_at: Generated<Date>;
  };
};

/** What registry services run on: any Kysely that has the registry tables (core and access are added inside). */
export type RegistryDb = Kysely<RegistryTables>;

/** establish 设立, split 拆分, merge 合并, transfer 调整隶属 (to another street), import (the official 12-digit list). */
export type DivisionOrderKind = 'establish' | 'split' | 'merge' | 'transfer' | 'import';

export const LABOR_CAPACITIES = ['full', 'partial', 'none'] as const;
export type LaborCapacity = (typeof LABOR_CAPACITIES)[number];

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const DISABILITY_CATEGORIES = ['视力', '听力', '言语', '肢体', '智力', '精神', '多重'] as const;
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number];
export interface Disability {
  grade: 1 | 2 | 3 | 4;
  category: string;
}

export type SubjectType = 'person' | 'household';
export type FactAttributes = Record<string, unknown>;

/** A person as the API shows it: the ID number masked unless an audited reveal was asked for. */
export interface PersonView {
  id: number;
  idNumber: string;
  name: string;
  sex: Sex;
  birthDate: IsoDate;
  hukouDivision: string;
  residenceDivision: string;
  deathDate: IsoDate | null;
  disability: Disability | null;
  laborCapacity: LaborCapacity;
  /** The household the person belongs to today, if any. */
  householdId?: number | null;
}

export interface DivisionView {
  code: string;
  name: string;
  level: DivisionLevel;
  kind: string;
  parentCode: string | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export interface HouseholdMemberView extends PersonView {
  relation: Relation;
  since: IsoDate;
  until: IsoDate | null;
}

export interface HouseholdView {
  id: number;
  divisionCode: string;
  address: string;
  /** The day the member list refers to. */
  asOf: IsoDate;
  members: HouseholdMemberView[];
}

export interface MembershipView {
  personId: number;
  name: string;
  relation: Relation;
  since: IsoDate;
  until: IsoDate | null;
}

export interface OrganisationView {
  id: number;
  creditCode: string;
  name: string;
  kind: string;
  divisionCode: string;
  registeredOn: IsoDate | null;
}

export interface FactView {
  id: number;
  subjectType: SubjectType;
  subjectId: number;
  kind: string;
  amountFen: Fen | null;
  attributes: FactAttributes | null;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  source: string;
  batchId: string;
  supersedes: number | null;
  reason: string | null;
  recordedAt: string;
  /** Id of the correction that replaced this row; null while the row is current. */
  supersededBy: number | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}
