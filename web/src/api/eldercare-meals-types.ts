/** Shapes of 为老助餐 answers, as src/eldercare/schemas-meals.ts publishes them. Money is fen. */
import type { Static } from 'typebox';
import type { DailySchema, MealRecordedSchema, MealSchema, RecordBody, SettlementSchema } from '../../../src/eldercare/schemas-meals.js';

/** `subsidyDistrictCode`: the district of registration, which bears the subsidy. */
export type Meal = Static<typeof MealSchema>;
export type MealKind = Meal['meal'];
/** The server checks the meal itself, to answer a bad one with its own Chinese message; the form offers only the known ones. */
export type MealInput = Omit<Static<typeof RecordBody>, 'meal'> & { meal: MealKind };
/** `replayed`: recorded before; the first record comes back, not counted twice. */
export type MealRecorded = Static<typeof MealRecordedSchema>;
export type Settlement = Static<typeof SettlementSchema>;
export type SettlementRow = Settlement['rows'][number];
export type DailyMealRow = Static<typeof DailySchema>['items'][number];
