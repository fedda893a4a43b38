/** The monitoring API (src/monitoring/schemas.ts) as the web app reads it. */

export type WarningStatus = 'new' | 'assigned' | 'visited' | 'handled' | 'closed';
export type HandleOutcome = 'referred_case' | 'referred_service' | 'no_action';
export type LeadStatus = 'found' | 'contacted' | 'applied' | 'approved' | 'declined' | 'not_eligible' | 'closed';
export type LeadOutcome = 'applied' | 'declined' | 'not_eligible';

export interface LoggedAction {
  seq: number;
  action: string;
  actorId: number | null;
  actorUsername: string | null;
  at: string;
  reason: string | null;
  payload: Record<string, unknown>;
}

export interface WarningSummary {
  id: number;
  type: string;
  typeName: string;
  level: 'high' | 'medium' | 'low';
  levelName: string;
  status: WarningStatus;
  statusName: string;
  householdId: number | null;
  personId: number | null;
  /** The committee (居委会) where the household lives. */
  divisionCode: string;
  streetCode: string;
  reasons: string[];
  raisedAt: string;
  dueAt: string;
  overdue: boolean;
  escalatedAt: string | null;
  assignedTo: number | null;
  outcome: HandleOutcome | null;
  outcomeName: string | null;
}

export interface WarningDetail extends WarningSummary {
  actions: LoggedAction[];
}

export interface LeadSummary {
  id: number;
  programme: string;
  programmeName: string;
  householdId: number;
  personId: number | null;
  divisionCode: string;
  streetCode: string;
  month: string;
  amountFen: number | null;
  reasons: string[];
  foundAt: string;
  status: LeadStatus;
  statusName: string;
  assignedTo: number | null;
}

export interface LeadDetail extends LeadSummary {
  actions: LoggedAction[];
}

export interface Page<T> {
  items: T[];
  nextCursor: number | null;
}

export interface MonitoringDashboard {
  divisionCode: string;
  month: string;
  warnings: {
    byType: { type: string; name: string; open: number; total: number }[];
    byStatus: { status: string; name: string; count: number }[];
    byStreet: { streetCode: string; open: number; overdue: number }[];
    overdue: number;
    escalated: number;
    /**
     * Handling times by warning type (raise → handled), when the server reports them. Not in the API yet:
     * the cockpit shows the chart once it is.
     */
    handling?: { type: string; name: string; handled: number; medianHours: number; p90Hours: number; handledLate: number }[];
  };
  funnel: { programme: string; name: string; found: number; contacted: number; applied: number; approved: number }[];
  grants: { programme: string; name: string; active: number; grantedThisMonth: number; stoppedThisMonth: number; paidThisMonth: number; paidFenThisMonth: number }[];
}

export interface BatchReceipt {
  source: string;
  batchId: string;
  replayed: boolean;
  status: 'receiving' | 'done';
  rows: number;
  accepted: number;
  rejected: number;
  factsRecorded: number;
  personChanges: number;
  warningsRaised: number;
  leadsFound: number;
  grantsMade: number;
  errors: { row: number; field: string; message: string }[];
}
