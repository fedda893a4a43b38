/**
 * Public surface of 养老服务 (elderly care): the registry of services and beds, stays, the unified care-needs
 * assessment, the pooled waitlist for basic-guarantee beds, supervision, meal service and the figures.
 * Other modules (and the CLI) use only what is exported here.
 */
export * from './model.js';
export { eldercareDeps, systemClock, type EldercareDeps, type Clock } from './deps.js';
export { loadSettings, listSettings, setSetting, SETTINGS, type EldercareSettings, type SettingName } from './settings.js';
export { eldercareHandlers } from './handlers.js';
export { eldercareRoutes, createEldercareRoutes } from './routes.js';
export { recordMeal, listMeals, explainMealSubsidy, type RecordMealInput, type MealView, type MealRecorded, type MealQuery, type MealSubsidyExplanation } from './meals.js';
export { mealSettlement, dailyMealCounts, type MealSettlement, type SettlementRow, type DistrictBalance, type SettlementTransfer, type DailyMealCount } from './meal-reports.js';
export { MEALS, mealNames, MEAL_BANDS, mealBandNames, type Meal, type MealBand, type MealTables } from './meals-model.js';
