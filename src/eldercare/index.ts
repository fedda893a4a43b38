/**
 * Public surface of 养老服务 (elderly care): the registry of services and beds, stays, the unified care-needs
 * assessment, the pooled waitlist for basic-guarantee beds, supervision, meal service and the figures.
 * Other modules (and the CLI) use only what is exported here.
 */
export * from './model.js';
export { eldercareDeps, systemClock, type EldercareDeps, type Clock } from './deps.js';
export { loadSettings, listSettings, setSetting, SETTINGS, type EldercareSettings, type SettingName } from './settings.js';
export { eldercareHandlers } from './handlers.js';
export { loadEldercareDemo, type EldercareDemoSummary } from './demo.js';
export { runEldercareJobs, rerankQueue } from './jobs.js';
export { allocateBeds, matchBeds, type AllocationRun } from './allocation.js';
export { applyForBed, getApplication, listQueue, withdrawApplication, type ApplicationDetail, type ApplicationInput } from './waitlist.js';
export { acceptOffer, declineOffer, expireOffers } from './offers.js';
export { createFacility, listFacilities, getFacility, addBeds, setPrices, type FacilityView, type NewFacility } from './facilities.js';
export { recordAssessment, personAssessments, expiringAssessments, type AssessmentView } from './assessments.js';
export { admit, discharge, facilityResidents, type StayView } from './stays.js';
export { eldercareFigures, type EldercareFigures } from './figures.js';
export { ELDERCARE_SYSTEM_ACTOR } from './registry-port.js';
export { eldercareRoutes, createEldercareRoutes } from './routes.js';
export { recordMeal, listMeals, explainMealSubsidy, type RecordMealInput, type MealView, type MealRecorded, type MealQuery, type MealSubsidyExplanation } from './meals.js';
export { mealSettlement, dailyMealCounts, type MealSettlement, type SettlementRow, type DistrictBalance, type SettlementTransfer, type DailyMealCount } from './meal-reports.js';
export { MEALS, mealNames, MEAL_BANDS, mealBandNames, type Meal, type MealBand, type MealTables } from './meals-model.js';
export * from './supervision-model.js';
export { recordInspection, getInspection, listInspections, type NewInspection, type NewFinding, type InspectionView, type InspectionSummary, type InspectionFilter } from './inspections.js';
export { getFinding, listFindings, type FindingView, type FindingDetail, type FindingFilter } from './findings.js';
export { rectifyFinding, verifyFinding, reopenFinding, extendDeadline, escalateOverdueFindings, escalateOverdueFindingsAs } from './rectification.js';
export { recordGrading, listFacilityGradings, gradingsOfYear, type GradingInput, type GradingView, type YearSummary } from './gradings.js';
export { creditRating, creditRatings, rateCredit, type CreditInputs, type CreditResult, type CreditView, type CreditSummary, type CreditItem, type CreditParameter } from './credit.js';
export { recordPrepaidReport, listPrepaidReports, prepaidRisks, escrowCheck, type PrepaidFigures, type PrepaidReportView } from './prepaid.js';
export { rentDevice, returnDevice, listRentals, rentalCoverage, decideRental, type RentDeviceInput, type RentalView, type RentalRecorded, type RentalCoverage } from './rentals.js';
export { decideServiceSubsidy, explainServiceSubsidy, type ServiceSubsidyDecision, type ServiceSubsidyExplanation } from './service-subsidy.js';
export { SUBSIDY_BANDS, SUBSIDY_STATUSES, subsidyBandNames, subsidyStatusNames, type SubsidyBand, type SubsidyStatus } from './service-subsidy-model.js';
export { rentalCatalogue, type RentalCatalogue } from './rental-catalogue.js';
export { DEVICE_CODES, deviceNames, RENTAL_GROUPS, rentalGroupNames, type DeviceCode, type RentalGroup } from './rental-model.js';
export { eldercareLabels, EldercareLabelsSchema } from './labels.js';
export { eldercareAuditSubjects } from './audit-subjects.js';
