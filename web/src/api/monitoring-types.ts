/** The monitoring API, as src/monitoring/schemas.ts publishes it. */
import type { Static } from 'typebox';
import type {
  ContactBody,
  DashboardSchema,
  DiscoveryProgressSchema,
  HandleOutcomeSchema,
  LeadDetailSchema,
  LeadOutcomeSchema,
  LeadStatusSchema,
  LeadSummarySchema,
  LoggedActionSchema,
  ReceiptSchema,
  WarningDetailSchema,
  WarningPageSchema,
  WarningStatusSchema,
  WarningSummarySchema,
} from '../../../src/monitoring/schemas.js';

export type WarningStatus = Static<typeof WarningStatusSchema>;
export type HandleOutcome = Static<typeof HandleOutcomeSchema>;
export type LeadStatus = Static<typeof LeadStatusSchema>;
export type LeadOutcome = Static<typeof LeadOutcomeSchema>;
export type ContactChannel = Static<typeof ContactBody>['channel'];
export type LoggedAction = Static<typeof LoggedActionSchema>;

/** `divisionCode`: the committee (居委会) where the household lives. */
export type WarningSummary = Static<typeof WarningSummarySchema>;
export type WarningDetail = Static<typeof WarningDetailSchema>;
export type LeadSummary = Static<typeof LeadSummarySchema>;
export type LeadDetail = Static<typeof LeadDetailSchema>;

/** The cursor page both worklists answer with (warnings and leads). */
export type Page<T> = Omit<Static<typeof WarningPageSchema>, 'items'> & { items: T[] };

export type MonitoringDashboard = Static<typeof DashboardSchema>;
export type BatchReceipt = Static<typeof ReceiptSchema>;
export type DiscoveryProgress = Static<typeof DiscoveryProgressSchema>;
export type LeadProgrammeView = LeadSummary['programmes'][number];
