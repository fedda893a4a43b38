/**
 * Public surface of 基层治理 (community governance): the 社区工作者 roster with its figures (headcount,
 * certificate share — the plan's indicator 12 —, households per worker against the quota).
 */
export * from './model.js';
export { COMMUNITY_SETTINGS, settingOn } from './settings.js';
export { addWorker, endWorker, getWorker, listWorkers, rosterFigures, figuresOn, type CommunityDeps, type NewWorker, type WorkerView, type RosterFigures, type CommitteeStaffing } from './roster.js';
export { communityRoutes } from './routes.js';
export { issueDivisionOrder, ORDER_KINDS, orderKindNames, type DivisionOrderInput, type OrderOutcome } from './divisions.js';
export { importCommitteeList, type ListImportOutcome } from './division-import.js';
export { divisionCounts, divisionHistory, listDivisionOrders } from './division-history.js';
export { addServiceItem, addServicePoint, finishServiceCase, importServiceCases, listServiceItems, listServicePoints, recordServiceCase, serviceFigures, CASE_FIELDS, type CaseBatchReceipt, type ServiceFigures } from './services.js';
export {
  addBurdenEntry,
  addBurdenPoint,
  burdenFigures,
  closeBurdenReport,
  decideRequest,
  fileBurdenReport,
  listBurdenEntries,
  listBurdenReports,
  listBurdenRequests,
  recordBurdenRequest,
  referBurdenReport,
  type BurdenFigures,
} from './burden.js';
export { loadCommunityDemo } from './demo.js';
export { communityAuditLabels } from './audit-labels.js';
