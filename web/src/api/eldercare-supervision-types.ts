/** Shapes of 养老服务“云监管” answers, as src/eldercare/supervision-schemas.ts publishes them: inspections, findings, credit, prepaid fees. */
import type { Static } from 'typebox';
import type {
  CreditListSchema,
  ExtendBody,
  FindingDetailSchema,
  FindingPageSchema,
  FindingQuery,
  FindingSchema,
  GradingBody,
  GradingSchema,
  InspectionBody,
  InspectionPageSchema,
  InspectionSchema,
  PrepaidBody,
  PrepaidRisksSchema,
  PrepaidSchema,
  RecordedGradingSchema,
  RecordedInspectionSchema,
  RecordedPrepaidSchema,
  RectifyBody,
  ReopenBody,
  VerifyBody,
  YearSummarySchema,
} from '../../../src/eldercare/supervision-schemas.js';

/** `overdue`: past its deadline and not rectified (as of today); `escalated`: marked overdue and escalated by the system. */
export type Finding = Static<typeof FindingSchema>;
export type FindingCategory = Finding['category'];
export type Severity = Finding['severity'];
export type FindingStatus = Finding['status'];
export type FindingDetail = Static<typeof FindingDetailSchema>;
export type FindingPage = Static<typeof FindingPageSchema>;
export type FindingFilter = Pick<Static<typeof FindingQuery>, 'division' | 'status' | 'category' | 'severity' | 'overdue'>;

export type InspectionPage = Static<typeof InspectionPageSchema>;
export type InspectionSummary = InspectionPage['items'][number];
export type InspectionKind = InspectionSummary['kind'];
export type Inspection = Static<typeof InspectionSchema>;
export type RecordedInspection = Static<typeof RecordedInspectionSchema>;
export type InspectionInput = Static<typeof InspectionBody>;

export type CreditList = Static<typeof CreditListSchema>;
export type CreditEntry = CreditList['items'][number];
export type CreditRating = CreditEntry['rating'];

export type PrepaidReport = Static<typeof PrepaidSchema>;
export type RecordedPrepaid = Static<typeof RecordedPrepaidSchema>;
export type PrepaidRisks = Static<typeof PrepaidRisksSchema>;
export type PrepaidInput = Static<typeof PrepaidBody>;

export type FindingStep =
  | { step: 'rectify'; body: Static<typeof RectifyBody> }
  | { step: 'verify'; body: Static<typeof VerifyBody> }
  | { step: 'reopen'; body: Static<typeof ReopenBody> }
  | { step: 'extend'; body: Static<typeof ExtendBody> };

export type GradingInput = Static<typeof GradingBody>;
export type Grading = Static<typeof GradingSchema>;
export type RecordedGrading = Static<typeof RecordedGradingSchema>;
export type GradingYear = Static<typeof YearSummarySchema>;
