import type { Generated, Kysely } from 'kysely';
import type { Fen, IsoDate, Month } from '../kernel/index.js';
import type { Action, Status } from './states.js';

export const PROGRAMMES = ['dibao', 'low_income', 'expense_poverty', 'destitute', 'temporary'] as const;
export type AssistanceProgramme = (typeof PROGRAMMES)[number];

export const programmeNames: Record<AssistanceProgramme, string> = {
  dibao: '最低生活保障（低保）',
  low_income: '低收入困难家庭认定',
  expense_poverty: '支出型贫困家庭生活救助',
  destitute: '特困人员救助供养',
  temporary: '临时救助',
};

/** Programmes paid every month; 低收入 and 支出型贫困 open special assistance but carry no cash in version 1. */
export const MONTHLY_CASH: readonly AssistanceProgramme[] = ['dibao', 'destitute'];

/** The assistance schema (migrations/001_assistance.sql). A type alias, not an interface: `withTables` needs it. */
export type AssistanceTables = {
  'assistance.settings': { key: string; value: unknown; verified: boolean; note: Generated<string>; updated_at: Generated<Date>; updated_by: string | null };
  'assistance.setting_values': { id: Generated<number>; key: string; valid_from: IsoDate; value: unknown; verified: boolean; note: string; set_by: string; set_at: Generated<Date> };
  'assistance.cases': {
    id: Generated<number>;
    programme: AssistanceProgramme;
    household_id: number;
    applicant_person_id: number;
    beneficiary_person_id: number | null;
    applicant_name: string;
    street_code: string;
    district_code: string;
    division_code: string;
    applied_on: IsoDate;
    created_by: number;
    created_at: Generated<Date>;
    status: Status;
    version: number;
    accepted_by: number | null;
    amount_fen: Fen | null;
    payment_from: Month | null;
    payment_until: Month | null;
    notice_ends_on: IsoDate | null;
    review_due: IsoDate | null;
    due_on: IsoDate | null;
    last_verification_id: number | null;
    updated_at: Generated<Date>;
    /** 急难型临时救助 (migration 005). */
    urgent: Generated<boolean>;
  };
  'assistance.case_actions': {
    case_id: number;
    seq: number;
    action: Action;
    actor_id: number | null;
    actor_username: string | null;
    actor_role: string | null;
    at: Generated<Date>;
    on_date: IsoDate;
    reason: string | null;
    payload: unknown;
  };
  'assistance.case_persons': { case_id: number; person_id: number };
  'assistance.verifications': {
    id: Generated<number>;
    case_id: number;
    month: Month;
    household_input: unknown;
    facts: unknown;
    request: unknown;
    response: unknown;
    rule_version: string;
    rules_fingerprint: string;
    eligible: boolean;
    monthly_amount_fen: Fen;
    created_by: number | null;
    created_at: Generated<Date>;
  };
  'assistance.staff_relatives': { staff_user_id: number; person_id: number; relation: string; filed_on: IsoDate; filed_by: number };
  'assistance.payee_accounts': { case_id: number; holder_name: string; bank_name: string; account_enc: Buffer; account_masked: string };
  'assistance.payments': {
    month: Month;
    case_id: number;
    run_id: number;
    district_code: string;
    street_code: string;
    programme: AssistanceProgramme;
    household_id: number;
    amount_fen: Fen;
    status: 'paid' | 'withheld';
    standard_fen: Fen | null;
    rule_version: string;
    note: string | null;
    created_at: Generated<Date>;
    /** bank: a run's bank file; cash / in_kind: paid at once by the street (先行救助, run_id 0). Migration 006. */
    channel: Generated<'bank' | 'cash' | 'in_kind'>;
  };
  'assistance.payment_runs': {
    id: Generated<number>;
    district_code: string;
    month: Month;
    status: 'running' | 'completed';
    started_by: number;
    started_at: Generated<Date>;
    completed_at: Date | null;
    paid_count: number | null;
    paid_total_fen: Fen | null;
    withheld_count: number | null;
    cases_total: number | null;
    cases_done: Generated<number>;
  };
  'assistance.samples': {
    id: Generated<number>;
    district_code: string;
    month: Month;
    seed: string;
    rate_permille: number;
    population: number;
    created_by: number;
    created_at: Generated<Date>;
  };
  /** 补发与追缴 (migration 007). */
  'assistance.adjustments': {
    id: Generated<number>;
    case_id: number;
    month: Month;
    kind: 'back_pay' | 'overpayment';
    amount_fen: Fen;
    due_fen: Fen;
    paid_fen: Fen;
    action_seq: number;
    rule: string;
    settled_month: Month | null;
    created_at: Generated<Date>;
  };
  'assistance.recoveries': {
    id: Generated<number>;
    case_id: number;
    kind: 'deduction' | 'repayment' | 'write_off';
    amount_fen: Fen;
    month: Month | null;
    receipt_no: string | null;
    on_date: IsoDate;
    action_seq: number | null;
    created_at: Generated<Date>;
  };
  /** 价格临时补贴 (migration 008). */
  'assistance.price_indices': { month: Month; cpi_yoy_permille: number; food_yoy_permille: number; source: string; entered_by: string; entered_at: Generated<Date> };
  'assistance.price_subsidy_runs': {
    district_code: string;
    month: Month;
    cpi_yoy_permille: number;
    food_yoy_permille: number;
    amount_fen_per_person: Fen;
    groups: string[];
    explanation: string;
    started_by: number;
    started_at: Generated<Date>;
    completed_at: Date | null;
    paid_count: number | null;
    persons: number | null;
    paid_total_fen: Fen | null;
  };
  'assistance.price_subsidies': { month: Month; case_id: number; district_code: string; street_code: string; programme: AssistanceProgramme; household_id: number; persons: number; amount_fen: Fen; created_at: Generated<Date> };
  'assistance.sample_cases': { sample_id: number; case_id: number; paid_fen: Fen | null; recomputed_fen: Fen; eligible_now: boolean; mismatch: boolean };
};

export type AssistanceDb = Kysely<AssistanceTables>;

/** One entry of a case's log, as services and the API see it. */
export interface CaseAction {
  seq: number;
  action: Action;
  actorId: number | null;
  actorUsername: string | null;
  /** The actor's display name (the case detail fills it; the log itself keeps the login). */
  actorName?: string | null;
  actorRole: string | null;
  at: string;
  onDate: IsoDate;
  reason: string | null;
  payload: Record<string, unknown>;
}

export interface CaseSummary {
  id: number;
  programme: AssistanceProgramme;
  householdId: number;
  applicantPersonId: number;
  beneficiaryPersonId: number | null;
  applicantName: string;
  streetCode: string;
  districtCode: string;
  appliedOn: IsoDate;
  status: Status;
  statusName: string;
  /** Not yet closed (terminal statuses): one open case per household, programme and beneficiary. */
  open: boolean;
  amountFen: Fen | null;
  paymentFrom: Month | null;
  paymentUntil: Month | null;
  reviewDue: IsoDate | null;
  dueOn: IsoDate | null;
  overdue: boolean;
  /** A filed close relative of some staff member is in the household (经办人员近亲属). */
  relativeOfStaff: boolean;
  /** 急难型临时救助: to be handled first (加急). */
  urgent: boolean;
}

export interface ActionOffer {
  action: Action;
  name: string;
  allowed: boolean;
  /** Why not, in the words the refusal would use; null when allowed. */
  reason: string | null;
}

export interface CaseDetail extends CaseSummary {
  acceptedBy: number | null;
  noticeEndsOn: IsoDate | null;
  lastVerificationId: number | null;
  /** Actions the case's status allows next (whether this actor may do them is checked when tried). */
  allowedActions: Action[];
  openObjections: number;
  /** The next steps this reader may be offered, each allowed or not with the reason (action-rules.ts). */
  nextActions: ActionOffer[];
  bankAccount: { holderName: string; bankName: string; accountMasked: string } | null;
  actions: CaseAction[];
  /** For display, on the case read (not on action answers): 户主姓名 + 户, and the beneficiary's name. */
  householdName?: string;
  householdNameMasked?: boolean;
  beneficiaryName?: string | null;
  beneficiaryNameMasked?: boolean;
}
