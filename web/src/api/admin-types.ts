/** The staff-admin API (users, grants) and every module's settings, as the server's schemas publish them. */
import type { Static } from 'typebox';
import type { AssignmentBody, CreatedAccountSchema, GrantOutcomeSchema, GrantSchema, NewAccountBody, RoleSchema, UserLedgerSchema } from '../../../src/access/schemas.js';
import type { SettingSchema as AssistanceSettingSchema } from '../../../src/assistance/schemas.js';
import type { SettingSchema as EldercareSettingSchema } from '../../../src/eldercare/routes.js';
import type { RuleParameterSchema } from '../../../src/monitoring/schemas.js';
import type { ParameterListingSchema, ParameterValueCreated } from '../../../src/policy/schemas-store.js';

export type Role = Static<typeof RoleSchema>;
export type LedgerUser = Static<typeof UserLedgerSchema>;
export type AssistanceSetting = Static<typeof AssistanceSettingSchema>;
export type EldercareSettingRow = Static<typeof EldercareSettingSchema>;
export type RuleParameter = Static<typeof RuleParameterSchema>;
export type PolicyParameterListing = Static<typeof ParameterListingSchema>;
export type PolicyParameter = PolicyParameterListing['parameters'][number];
export type PolicyValueCreated = Static<typeof ParameterValueCreated>;

export type Grant = Static<typeof GrantSchema>;
export type NewAccount = Static<typeof NewAccountBody>;
export type Assignment = Static<typeof AssignmentBody>;
export type GrantOutcome = Static<typeof GrantOutcomeSchema>;
export type CreatedAccount = Static<typeof CreatedAccountSchema>;
