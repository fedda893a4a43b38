/** The residents' API (居民端), as src/residents/schemas.ts publishes it. Money in fen, dates 'YYYY-MM-DD'. */
import type { Static } from 'typebox';
import type {
  ApplicationDetailSchema,
  ApplicationKindSchema,
  ApplicationListSchema,
  ApplicationSummarySchema,
  ApplyBody,
  AuthConfigSchema,
  ChannelsBody,
  ChannelsSchema,
  ConsentListSchema,
  ConsentSchema,
  EligibilitySchema,
  EntitlementsSchema,
  GrantSchema,
  InboxItemSchema,
  InboxSchema,
  LeadSchema,
  MaterialRequestSchema,
  MeSchema,
  ObjectionBody,
  ObjectionListSchema,
  ObjectionSchema,
  PersonRefSchema,
  PrefilledFactSchema,
  StaffObjectionListSchema,
  StaffObjectionSchema,
  StepSchema,
  StoredFileSchema,
} from '../../../src/residents/schemas.js';

export type ResidentAuthConfig = Static<typeof AuthConfigSchema>;
/** The signed-in resident, their household (members masked) and whom they may act for (代办). */
export type ResidentMe = Static<typeof MeSchema>;
export type ResidentPersonRef = Static<typeof PersonRefSchema>;
export type ApplicationKind = Static<typeof ApplicationKindSchema>;
export type PrefilledFact = Static<typeof PrefilledFactSchema>;
export type Eligibility = Static<typeof EligibilitySchema>;
export type Grant = Static<typeof GrantSchema>;
export type Lead = Static<typeof LeadSchema>;
export type Entitlements = Static<typeof EntitlementsSchema>;
export type ResidentApplyInput = Static<typeof ApplyBody>;
export type ApplicationStep = Static<typeof StepSchema>;
export type MaterialRequest = Static<typeof MaterialRequestSchema>;
export type StoredFile = Static<typeof StoredFileSchema>;
export type ApplicationSummary = Static<typeof ApplicationSummarySchema>;
export type ApplicationList = Static<typeof ApplicationListSchema>;
export type ApplicationDetail = Static<typeof ApplicationDetailSchema>;
export type Consent = Static<typeof ConsentSchema>;
export type ConsentList = Static<typeof ConsentListSchema>;
export type InboxItem = Static<typeof InboxItemSchema>;
export type Inbox = Static<typeof InboxSchema>;
export type Channels = Static<typeof ChannelsSchema>;
export type ChannelsInput = Static<typeof ChannelsBody>;
export type ObjectionInput = Static<typeof ObjectionBody>;
export type Objection = Static<typeof ObjectionSchema>;
export type ObjectionList = Static<typeof ObjectionListSchema>;
/** The caseworker's view of a resident's objection (居民异议): who, the case, the answer deadline. */
export type StaffObjection = Static<typeof StaffObjectionSchema>;
export type StaffObjectionList = Static<typeof StaffObjectionListSchema>;
