/** The assistance API, as src/assistance/schemas.ts publishes it. Money in fen, dates 'YYYY-MM-DD'. */
import type { Static } from 'typebox';
import type {
  ActionSchema,
  ApplyBody,
  AssistanceStatsSchema,
  CaseActionSchema,
  CaseDetailSchema,
  CaseListQuery,
  CasePageSchema,
  CaseSummarySchema,
  DueReviewSchema,
  PaymentSchema,
  ProgrammeSchema,
  ReproductionSchema,
  RunSummarySchema,
  StatusSchema,
  VerificationSchema,
} from '../../../src/assistance/schemas.js';
import type { AdjustmentLedgerSchema } from '../../../src/assistance/routes-recovery.js';
import type { EvaluateRequest, EvaluateResponse } from './policy-types.js';
import type { Fact } from './types.js';

export type AssistanceProgramme = Static<typeof ProgrammeSchema>;
export type CaseStatus = Static<typeof StatusSchema>;
export type CaseActionCode = Static<typeof ActionSchema>;
export type CaseSummary = Static<typeof CaseSummarySchema>;
export type CaseLogEntry = Static<typeof CaseActionSchema>;
/** `allowedActions`: what the status allows next; whether this user may do it is the UI's and the server's second check. */
export type CaseDetail = Static<typeof CaseDetailSchema>;
export type CasePage = Static<typeof CasePageSchema>;
/** 驾驶舱: households paid and money by month, district and programme. */
export type AssistanceStats = Static<typeof AssistanceStatsSchema>;
export type AssistanceStatsRow = AssistanceStats['rows'][number];
export type CaseFilter = Omit<Static<typeof CaseListQuery>, 'cursor' | 'limit'>;

/** The server keeps the engine's request, answer and facts as recorded; their shapes are the policy and registry schemas. */
export type Verification = Omit<Static<typeof VerificationSchema>, 'request' | 'response' | 'facts'> & { request: EvaluateRequest; response: EvaluateResponse; facts: Fact[] };
export type Reproduction = Omit<Static<typeof ReproductionSchema>, 'recorded' | 'reproduced'> & { recorded: EvaluateResponse; reproduced: EvaluateResponse };

export type PaymentRun = Static<typeof RunSummarySchema>;
export type CasePayment = Static<typeof PaymentSchema>;
/** `daysOverdue`: negative, days left; positive, days overdue. */
export type DueReview = Static<typeof DueReviewSchema>;

export type ApplyInput = Static<typeof ApplyBody>;
export type BankAccountInput = NonNullable<ApplyInput['bankAccount']>;

/** 补发与追缴 of one case (src/assistance/routes-recovery.ts). */
export type AdjustmentLedger = Static<typeof AdjustmentLedgerSchema>;
