/** Shapes of 为老助餐 answers (src/eldercare/routes-meals.ts). Money is fen. */

export type MealKind = 'lunch' | 'dinner';

export interface MealInput {
  mealPointId: number;
  personId: number;
  servedOn: string;
  meal: MealKind;
}

export interface Meal {
  id: number;
  mealPointId: number;
  mealPointName: string;
  personId: number;
  servedOn: string;
  meal: MealKind;
  mealName: string;
  priceFen: number;
  subsidyFen: number;
  paidFen: number;
  band: string | null;
  bandName: string | null;
  dailySubsidyFen: number;
  pointDivisionCode: string;
  pointDistrictCode: string;
  /** The district of registration, which bears the subsidy. */
  subsidyDistrictCode: string | null;
  crossDistrict: boolean;
  ruleVersion: string;
  recordedAt: string;
}

export interface MealRecorded extends Meal {
  /** Recorded before: the first record, not counted twice. */
  replayed: boolean;
  reasons: string[];
}

export interface SettlementRow {
  pointDistrictCode: string;
  pointDistrictName: string;
  subsidyDistrictCode: string;
  subsidyDistrictName: string;
  subsidisedMeals: number;
  persons: number;
  subsidyFen: number;
  crossDistrict: boolean;
}

export interface Settlement {
  month: string;
  divisionCode: string;
  rows: SettlementRow[];
  districts: { districtCode: string; districtName: string; advancedFen: number; borneFen: number; receivableFen: number; payableFen: number; netFen: number }[];
  transfers: { fromDistrictCode: string; fromDistrictName: string; toDistrictCode: string; toDistrictName: string; amountFen: number }[];
  totals: { subsidisedMeals: number; subsidyFen: number; crossDistrictFen: number };
}

export interface DailyMealRow {
  mealPointId: number;
  mealPointName: string;
  districtCode: string;
  servedOn: string;
  lunch: number;
  dinner: number;
  total: number;
  persons: number;
  subsidised: number;
  subsidyFen: number;
  paidFen: number;
}
