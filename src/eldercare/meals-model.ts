/** Table types and names of 为老助餐 (migration 003_meals.sql), kept apart from model.ts, which other parts own. */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Fen, IsoDate } from '../kernel/index.js';
import type { MealBand } from '../policies/shanghai/index.js';
import type { EldercareTables } from './model.js';

export { MEAL_BANDS, mealBandNames, type MealBand } from '../policies/shanghai/index.js';

export const MEALS = ['lunch', 'dinner'] as const;
export type Meal = (typeof MEALS)[number];
export const mealNames: Record<Meal, string> = { lunch: '午餐', dinner: '晚餐' };

type DateCol = ColumnType<IsoDate, IsoDate, IsoDate>;

export type MealTables = {
  'eldercare.meals': {
    id: Generated<number>;
    meal_point_id: number;
    person_id: number;
    household_id: number | null;
    served_on: DateCol;
    meal: Meal;
    price_fen: Fen;
    subsidy_fen: Fen;
    paid_fen: Fen;
    band: MealBand | null;
    daily_subsidy_fen: Fen;
    point_division_code: string;
    point_district_code: string;
    subsidy_district_code: string | null;
    rule_version: string;
    rules_fingerprint: string;
    recorded_by: number | null;
    recorded_at: Generated<Date>;
  };
};

export type MealDb = Kysely<EldercareTables & MealTables>;
