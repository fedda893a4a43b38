/** The policy engine's evaluate contract, as src/policy/schemas.ts publishes it. */
import type { Static } from 'typebox';
import type { ConditionSchema, EvaluateRequestSchema, EvaluateResponseSchema, HouseholdSchema, MemberSchema, ProgrammeResultSchema, UsedParameterSchema } from '../../../src/policy/schemas.js';

export type PolicyMemberFacts = Static<typeof MemberSchema>;
export type PolicyHouseholdFacts = Static<typeof HouseholdSchema>;
/** GET /households/:id/policy-input answers the body of POST /policy/evaluate. */
export type EvaluateRequest = Static<typeof EvaluateRequestSchema>;
export type ConditionOutcome = Static<typeof ConditionSchema>;
export type ProgrammeResult = Static<typeof ProgrammeResultSchema>;
export type UsedParameter = Static<typeof UsedParameterSchema>;
export type EvaluateResponse = Static<typeof EvaluateResponseSchema>;
