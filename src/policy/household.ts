/**
 * The facts the rules read about one household, as the evaluate API receives them (after validation).
 * The screening path reads the same facts from columns (columns.ts); both must mean the same thing.
 */
import type { IsoDate, Month } from '../kernel/index.js';
import type { ChildCategory, LaborCapacity } from './dsl.js';
import type { ParamUnit } from './params.js';

export interface Disability {
  /** 1 (most severe) – 4. */
  readonly grade: 1 | 2 | 3 | 4;
  readonly category: string;
}

export interface MemberFacts {
  readonly id: string;
  readonly birthDate: IsoDate;
  readonly hukouShanghai: boolean;
  readonly disability: Disability | null;
  readonly laborCapacity: LaborCapacity;
  /** Both parents dead or declared missing. */
  readonly orphan: boolean;
  readonly monthlyIncomeFen: number;
  readonly monetaryAssetsFen: number;
  /** A disqualifying motor vehicle (not a mobility vehicle for a disabled person). */
  readonly ownsVehicle: boolean;
  /** The category a district decided for a child (children's welfare); absent = none. */
  readonly childCategory?: ChildCategory;
}

export interface HouseholdFacts {
  readonly members: readonly MemberFacts[];
  /** Self-paid medical and education costs over the last 12 months. */
  readonly rigidExpensesLast12MonthsFen: number;
  readonly hasLegalSupporter: boolean;
}

export interface EvaluateRequest {
  readonly month: Month;
  readonly household: HouseholdFacts;
  /** Omitted: every programme of the pack. */
  readonly programmes?: readonly string[];
}

export interface ConditionOutcome {
  readonly id: string;
  readonly label: string;
  readonly passed: boolean;
  /** The same sentence as in `reasons`. */
  readonly text: string;
}

export interface ProgrammeResult {
  readonly programme: string;
  readonly memberId?: string;
  readonly eligible: boolean;
  readonly monthlyAmountFen: number;
  /** Chinese sentences: every condition with compared values, parameters and their effective dates. */
  readonly reasons: string[];
  readonly conditions: ConditionOutcome[];
}

export interface UsedParameterOut {
  readonly name: string;
  readonly label: string;
  readonly unit: ParamUnit;
  readonly value: number | number[];
  readonly from: IsoDate;
  readonly verified: boolean;
}

/** Arrays are mutable so the response can be handed to Fastify's typed reply as is. */
export interface EvaluateResponse {
  readonly month: Month;
  readonly results: ProgrammeResult[];
  /** Rule version and fingerprint plus every parameter value read: enough to reproduce the decision. */
  readonly ruleVersion: string;
  readonly rulesFingerprint: string;
  readonly parameters: UsedParameterOut[];
}
