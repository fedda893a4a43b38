/** The assistance API (src/assistance/schemas.ts) as the web app reads it. Money in fen, dates 'YYYY-MM-DD'. */
import type { EvaluateRequest, EvaluateResponse } from './policy-types.js';
import type { Fact } from './types.js';

export type AssistanceProgramme = 'dibao' | 'low_income' | 'expense_poverty' | 'destitute' | 'temporary';

export type CaseStatus = 'applied' | 'accepted' | 'verified' | 'visited' | 'in_notice' | 'in_payment' | 'suspended' | 'rejected' | 'not_accepted' | 'withdrawn' | 'stopped' | 'completed';

export type CaseActionCode =
  | 'apply'
  | 'accept'
  | 'decline'
  | 'withdraw'
  | 'verify'
  | 'record_visit'
  | 'start_notice'
  | 'record_objection'
  | 'resolve_objection'
  | 'approve'
  | 'reject'
  | 'suspend'
  | 'resume'
  | 'record_review'
  | 'stop'
  | 'complete'
  | 'note_change';

export interface CaseSummary {
  id: number;
  programme: AssistanceProgramme;
  householdId: number;
  applicantPersonId: number;
  beneficiaryPersonId: number | null;
  applicantName: string;
  streetCode: string;
  districtCode: string;
  appliedOn: string;
  status: CaseStatus;
  statusName: string;
  amountFen: number | null;
  paymentFrom: string | null;
  paymentUntil: string | null;
  reviewDue: string | null;
  dueOn: string | null;
  overdue: boolean;
  relativeOfStaff: boolean;
}

export interface CaseLogEntry {
  seq: number;
  action: CaseActionCode;
  actorId: number | null;
  actorUsername: string | null;
  actorRole: string | null;
  at: string;
  onDate: string;
  reason: string | null;
  payload: Record<string, unknown>;
}

export interface CaseDetail extends CaseSummary {
  acceptedBy: number | null;
  noticeEndsOn: string | null;
  lastVerificationId: number | null;
  /** What the status allows next; whether this user may do it is the UI's and the server's second check. */
  allowedActions: CaseActionCode[];
  openObjections: number;
  bankAccount: { holderName: string; bankName: string; accountMasked: string } | null;
  actions: CaseLogEntry[];
}

export interface CasePage {
  items: CaseSummary[];
  nextCursor: number | null;
}

export interface CaseFilter {
  status?: CaseStatus;
  programme?: AssistanceProgramme;
  division?: string;
  overdue?: boolean;
}

export interface Verification {
  id: number;
  caseId: number;
  month: string;
  eligible: boolean;
  monthlyAmountFen: number;
  ruleVersion: string;
  rulesFingerprint: string;
  request: EvaluateRequest;
  response: EvaluateResponse;
  facts: Fact[];
  createdBy: number | null;
  createdAt: string;
}

export interface Reproduction {
  identical: boolean;
  recorded: EvaluateResponse;
  reproduced: EvaluateResponse;
}

export interface PaymentRun {
  runId: number;
  districtCode: string;
  month: string;
  status: 'running' | 'completed' | string;
  paidCount: number;
  paidTotalFen: number;
  withheldCount: number;
  writtenNow: number;
}

export interface CasePayment {
  month: string;
  caseId: number;
  runId: number;
  amountFen: number;
  status: 'paid' | 'withheld' | string;
  standardFen: number | null;
  ruleVersion: string;
  note: string | null;
}

export interface DueReview extends CaseSummary {
  /** Negative: days left; positive: days overdue. */
  daysOverdue: number;
}

export interface BankAccountInput {
  holderName: string;
  bankName: string;
  accountNo: string;
}

export interface ApplyInput {
  programme: AssistanceProgramme;
  householdId: number;
  applicantPersonId: number;
  beneficiaryPersonId?: number;
  reason: string;
  bankAccount?: BankAccountInput;
}
