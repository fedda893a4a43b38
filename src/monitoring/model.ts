import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Fen, IsoDate, Month } from '../kernel/index.js';

/** A jsonb column: written as JSON text (as the outbox does), read back as a value. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

export const WARNING_TYPES = ['medical_cost', 'job_loss', 'earner_death', 'severe_disability', 'water_idle', 'income_below_line'] as const;
export type WarningType = (typeof WARNING_TYPES)[number];
export const WARNING_LEVELS = ['high', 'medium', 'low'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

export const LEAD_PROGRAMMES = ['dibao', 'low_income', 'expense_poverty', 'destitute'] as const;
export type LeadProgramme = (typeof LEAD_PROGRAMMES)[number];
/** The automatic programmes of the main Shanghai pack (screened with it). */
export const PACK_AUTO_PROGRAMMES = ['elderly_allowance', 'orphan_allowance'] as const;
/** Every 免申即享 programme: the pack's, and 困境儿童基本生活费 of the shanghai-children pack (child-allowance.ts). */
export const AUTO_PROGRAMMES = [...PACK_AUTO_PROGRAMMES, 'child_plight_allowance'] as const;
export type AutoProgramme = (typeof AUTO_PROGRAMMES)[number];
export type ChildCategoryCode = 'de_facto' | 'guardianship' | 'poverty' | 'disability';

export const LEAD_STATUSES = ['found', 'contacted', 'applied', 'approved', 'declined', 'not_eligible', 'closed'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Where a warning, lead or grant came from: a department row, a registry event or a run. */
export type Origin = { kind: 'row'; source: string; batchId: string; row: number } | { kind: 'event'; topic: string; eventId: number } | { kind: 'run'; runId: number } | { kind: 'job'; name: string };

export type MonitoringTables = {
  'monitoring.persons': {
    person_id: number;
    household_id: number | null;
    birth_date: IsoDate | null;
    death_date: IsoDate | null;
    hukou_division: string | null;
    residence_division: string | null;
    disability_grade: number | null;
    child_category: ColumnType<ChildCategoryCode | null, ChildCategoryCode | null | undefined, ChildCategoryCode | null>;
    refreshed_at: Generated<Date>;
  };
  'monitoring.exchange_batches': {
    source: string;
    batch_id: string;
    format: 'ndjson' | 'csv';
    status: 'receiving' | 'done';
    content_sha256: string;
    received_by: number | null;
    received_at: Generated<Date>;
    finished_at: Date | null;
    row_count: Generated<number>;
    accepted_count: Generated<number>;
    rejected_count: Generated<number>;
    facts_recorded: Generated<number>;
    person_changes: Generated<number>;
    warnings_raised: Generated<number>;
    leads_found: Generated<number>;
    grants_made: Generated<number>;
    steps_done: Generated<number>;
  };
  'monitoring.exchange_rows': {
    source: string;
    batch_id: string;
    row_no: number;
    accepted: boolean;
    row_type: string | null;
    person_id: number | null;
    household_id: number | null;
    occurred_on: IsoDate | null;
    amount_fen: Fen | null;
    detail: NullableJson<Record<string, unknown>>;
    errors: NullableJson<RowError[]>;
  };
  'monitoring.rule_parameters': {
    name: string;
    valid_from: IsoDate;
    value: number;
    verified: boolean;
    note: Generated<string>;
    set_by: number | null;
    set_at: Generated<Date>;
  };
  'monitoring.warnings': {
    id: Generated<number>;
    type: WarningType;
    level: WarningLevel;
    subject_key: string;
    trigger_key: string;
    household_id: number | null;
    person_id: number | null;
    division_code: string;
    street_code: string;
    reasons: Json<string[]>;
    origin: Json<Origin>;
    raised_at: Date;
    due_at: Date;
    status: string;
    assigned_to: number | null;
    escalated_at: Date | null;
    outcome: string | null;
    version: Generated<number>;
  };
  'monitoring.warning_actions': LogTable & { warning_id: number };
  'monitoring.discovery_runs': {
    id: Generated<number>;
    month: Month;
    division_code: string;
    started_by: number | null;
    started_at: Date;
    finished_at: Date | null;
    households_screened: Generated<number>;
    leads_found: Generated<number>;
    households_total: number | null;
    error: string | null;
  };
  'monitoring.leads': {
    id: Generated<number>;
    programme: LeadProgramme;
    subject_key: string;
    household_id: number;
    person_id: number | null;
    division_code: string;
    street_code: string;
    month: Month;
    amount_fen: Fen | null;
    reasons: Json<string[]>;
    origin: Json<Origin>;
    found_at: Date;
    status: LeadStatus;
    assigned_to: number | null;
    version: Generated<number>;
  };
  'monitoring.lead_actions': LogTable & { lead_id: number };
  'monitoring.lead_programmes': {
    lead_id: number;
    programme: LeadProgramme;
    person_id: number | null;
    amount_fen: Fen | null;
    reasons: Json<string[]>;
    added_at: Date;
  };
  'monitoring.programme_roster': {
    case_id: number;
    household_id: number;
    programme: string;
    active: boolean;
    changed_at: Generated<Date>;
  };
  'monitoring.household_states': {
    household_id: number;
    month: Month;
    eligible: Json<string[]>;
    evaluated_at: Date;
  };
  'monitoring.pending_evaluations': {
    id: Generated<number>;
    household_id: number | null;
    batch_id: string | null;
    trigger: Json<Record<string, unknown>>;
    enqueued_at: Generated<Date>;
  };
  'monitoring.benefit_grants': {
    id: Generated<number>;
    person_id: number;
    programme: AutoProgramme;
    household_id: number | null;
    birth_date: IsoDate;
    division_code: string;
    from_month: Month;
    until_month: Month | null;
    status: 'active' | 'stopped';
    granted_at: Date;
    stopped_at: Date | null;
  };
  'monitoring.benefit_decisions': {
    id: Generated<number>;
    grant_id: number;
    decision: 'grant' | 'stop';
    effective_month: Month;
    reasons: Json<string[]>;
    cause: Json<Origin>;
    decided_at: Date;
  };
  'monitoring.allowance_payments': {
    month: Month;
    person_id: number;
    programme: AutoProgramme;
    grant_id: number;
    amount_fen: Fen;
    division_code: string;
    created_at: Generated<Date>;
  };
};

interface LogTable {
  seq: number;
  action: string;
  actor_id: number | null;
  actor_username: string | null;
  at: Date;
  reason: string | null;
  payload: Json<Record<string, unknown>>;
}

export type MonitoringDb = Kysely<MonitoringTables>;

/** A row-level problem in a department batch: which line, which field, what is wrong (in Chinese). */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** One entry of a warning's or lead's log, as the API shows it. */
export interface LoggedAction {
  seq: number;
  action: string;
  actorId: number | null;
  actorUsername: string | null;
  at: string;
  reason: string | null;
  payload: Record<string, unknown>;
}
