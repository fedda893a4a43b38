/**
 * Shanghai reference policy pack, version 1 (POLICY-PACK.md). The pack is data plus rule definitions;
 * all evaluation is done by the engine in src/policy.
 */
import { definePack, evaluateRequestWith, type EvaluateResponse, type PolicyPack } from '../../policy/index.js';
import { checkDibaoConsumptionFloor } from './checks.js';
import { shanghaiParameters } from './parameters.js';
import { shanghaiProgrammes } from './programmes.js';

export const shanghaiPack: PolicyPack = definePack({
  id: 'shanghai',
  version: '1',
  name: '上海市社会救助与福利参考政策包（第 1 版）',
  parameters: shanghaiParameters,
  programmes: shanghaiProgrammes,
  checks: [checkDibaoConsumptionFloor],
});

export const SHANGHAI_PROGRAMMES = ['dibao', 'low_income', 'expense_poverty', 'destitute', 'elderly_allowance', 'orphan_allowance'] as const;
export type ShanghaiProgrammeId = (typeof SHANGHAI_PROGRAMMES)[number];

/** The evaluate contract bound to this pack: validates untrusted input, throws DomainError (invalid). */
export function evaluateRequest(input: unknown): EvaluateResponse {
  return evaluateRequestWith(shanghaiPack, input);
}

export { checkDibaoConsumptionFloor } from './checks.js';
export { shanghaiParameters, type ShanghaiParameter } from './parameters.js';
export { dibao, lowIncome, expensePoverty, destitute, elderlyAllowance, orphanAllowance, shanghaiProgrammes } from './programmes.js';
export { MEAL_BANDS, mealBandNames, decideMealSubsidy, shanghaiMealPack, type MealBand, type MealSubsidyDecision } from './meals.js';
export { CHILD_ALLOWANCE_CATEGORIES, childFacts, childPlightAllowance, decideChildAllowance, shanghaiChildrenPack, type ChildAllowanceDecision } from './children.js';
