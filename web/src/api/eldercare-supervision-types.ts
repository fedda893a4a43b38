/** Shapes of 养老服务“云监管” answers (src/eldercare/supervision-schemas.ts): inspections, findings, credit, prepaid fees. */

export type FindingCategory = 'fire' | 'food' | 'building' | 'medical' | 'fraud' | 'other';
export type Severity = 'minor' | 'major' | 'critical';
export type FindingStatus = 'open' | 'rectified' | 'verified' | 'reopened';
export type InspectionKind = 'routine' | 'special' | 'random' | 'complaint';
export type CreditRating = 'A' | 'B' | 'C' | 'D';

export interface Finding {
  id: number;
  inspectionId: number;
  seq: number;
  facilityId: number;
  divisionCode: string;
  category: FindingCategory;
  categoryName: string;
  severity: Severity;
  severityName: string;
  description: string;
  deadline: string;
  status: FindingStatus;
  statusName: string;
  /** Past its deadline and not rectified (as of today). */
  overdue: boolean;
  /** Marked overdue and escalated by the system. */
  escalated: boolean;
}

export interface FindingDetail extends Finding {
  facilityName: string;
  inspectedOn: string;
  timesOverdue: number;
  rectifiedOn: string | null;
  verifiedOn: string | null;
  log: { seq: number; action: string; actionName: string; actorUser: number | null; at: string; reason: string | null; detail: Record<string, unknown> }[];
}

export interface InspectionSummary {
  id: number;
  requestId: string;
  facilityId: number;
  facilityName: string;
  divisionCode: string;
  inspectedOn: string;
  kind: InspectionKind;
  kindName: string;
  campaign: string | null;
  inspectors: string;
  summary: string;
  recordedAt: string;
  findingCount: number;
  openCount: number;
}

export interface Inspection extends Omit<InspectionSummary, 'findingCount' | 'openCount'> {
  findings: Finding[];
}

export interface InspectionInput {
  requestId: string;
  facilityId: number;
  inspectedOn: string;
  kind: InspectionKind;
  campaign?: string | null;
  inspectors: string;
  summary?: string;
  findings: { category: FindingCategory; severity: Severity; description: string; deadline?: string | null }[];
}

export interface CursorPage<T> {
  items: T[];
  nextCursor: number | null;
}

export interface FindingFilter {
  division?: string;
  status?: FindingStatus;
  category?: FindingCategory;
  severity?: Severity;
  overdue?: boolean;
}

export interface CreditEntry {
  facilityId: number;
  facilityName: string;
  divisionCode: string;
  score: number;
  rating: CreditRating;
  ratingName: string;
  cappedBy: string | null;
  inputs: { findings: { minor: number; major: number; critical: number }; overdue: number; criticalOverdueNow: number; grade: { year: number; grade: number } | null };
}

export interface CreditList {
  on: string;
  divisionCode: string;
  counts: Record<CreditRating, number>;
  items: CreditEntry[];
}

export interface PrepaidReport {
  facilityId: number;
  facilityName: string;
  divisionCode: string;
  month: string;
  collectedFen: number;
  refundedFen: number;
  balanceFen: number;
  escrowFen: number;
  requiredEscrowFen: number;
  escrowPercent: number;
  shortfallFen: number;
  atRisk: boolean;
  riskReason: string | null;
}

export interface PrepaidRisks {
  month: string;
  divisionCode: string;
  reported: number;
  atRisk: PrepaidReport[];
}

export type FindingStep =
  | { step: 'rectify'; body: { rectifiedOn: string; measures: string; evidence?: string | null } }
  | { step: 'verify'; body: { verifiedOn: string; note: string } }
  | { step: 'reopen'; body: { reason: string; deadline?: string | null } }
  | { step: 'extend'; body: { deadline: string; reason: string } };

export interface GradingInput {
  grade?: number | null;
  qualityScore?: number | null;
  source: string;
}

export interface Grading {
  facilityId: number;
  facilityName: string;
  year: number;
  grade: number | null;
  gradeName: string | null;
  qualityScore: number | null;
  source: string;
  recordedBy: number | null;
  recordedAt: string;
}

export interface GradingYear {
  year: number;
  divisionCode: string;
  monitored: number;
  averageQualityScore: number | null;
  graded: number;
  byGrade: { grade: number; gradeName: string; count: number }[];
  items: Grading[];
}

export interface PrepaidInput {
  collectedFen: number;
  refundedFen: number;
  balanceFen: number;
  escrowFen: number;
}
