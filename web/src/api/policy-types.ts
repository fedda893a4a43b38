/** The policy engine's evaluate contract (src/policy/household.ts), as the web app reads it. */

export interface PolicyMemberFacts {
  id: string;
  birthDate: string;
  hukouShanghai: boolean;
  disability: { grade: number; category: string } | null;
  laborCapacity: 'full' | 'partial' | 'none';
  orphan: boolean;
  monthlyIncomeFen: number;
  monetaryAssetsFen: number;
  ownsVehicle: boolean;
}

export interface PolicyHouseholdFacts {
  members: PolicyMemberFacts[];
  rigidExpensesLast12MonthsFen: number;
  hasLegalSupporter: boolean;
}

/** GET /households/:id/policy-input answers the body of POST /policy/evaluate. */
export interface EvaluateRequest {
  month: string;
  household: PolicyHouseholdFacts;
  programmes?: string[];
}

export interface ConditionOutcome {
  id: string;
  label: string;
  passed: boolean;
  text: string;
}

export interface ProgrammeResult {
  programme: string;
  memberId?: string;
  eligible: boolean;
  monthlyAmountFen: number;
  reasons: string[];
  conditions: ConditionOutcome[];
}

export interface UsedParameter {
  name: string;
  label: string;
  unit: string;
  value: number | number[];
  from: string;
  verified: boolean;
}

export interface EvaluateResponse {
  month: string;
  results: ProgrammeResult[];
  ruleVersion: string;
  rulesFingerprint: string;
  parameters: UsedParameter[];
}
