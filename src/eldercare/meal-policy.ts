/**
 * What 为老助餐 asks of the policy engine: the meal pack's decision for one person and month, on this
 * installation's effective parameters. The 低保-linked values the pack shares with the main pack come from the
 * main pack's table, so a 低保标准 the city administrator corrects there also decides the A band here.
 */
import type { Database } from '../db/index.js';
import type { Month } from '../kernel/index.js';
import { effectiveParameters, type HouseholdFacts, type ParameterTable, type PolicyTables } from '../policy/index.js';
import { decideMealSubsidy, shanghaiMealPack, shanghaiPack, type MealSubsidyDecision } from '../policies/shanghai/index.js';

export type { MealSubsidyDecision };

export async function mealParameters(db: Database): Promise<ParameterTable> {
  const policy = db.kysely.withTables<PolicyTables>();
  const meals = await effectiveParameters(policy, shanghaiMealPack);
  const main = await effectiveParameters(policy, shanghaiPack);
  const shared = Object.keys(shanghaiPack.parameters).filter((name) => name in meals);
  return { ...meals, ...Object.fromEntries(shared.map((name) => [name, main[name]])) };
}

export async function decideMeal(db: Database, household: HouseholdFacts, memberId: string, month: Month): Promise<MealSubsidyDecision> {
  return decideMealSubsidy(household, memberId, month, await mealParameters(db));
}
