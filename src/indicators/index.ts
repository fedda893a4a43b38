/**
 * Public surface of the plan's indicators (上海市民政事业发展"十四五"规划主要指标): the catalogue, the value of
 * each for a month and division with its status, manual entries, the month-end freeze and history.
 */
export { INDICATORS, indicatorDef, natureNames, RULE_VERSION, type IndicatorDef, type Nature, type Comparator } from './catalogue.js';
export { statusOf, expectedOn, statusNames, type IndicatorStatus } from './status.js';
export { indicatorDeps, INDICATORS_SYSTEM_ACTOR, type IndicatorDeps } from './deps.js';
export { CITY, computeIndicator } from './compute.js';
export { listIndicators, monthTable, indicatorByDistrict, indicatorHistory, enterManualValue, manualEntries, freezeMonth, freezeLastMonth, runIndicatorJobs, type IndicatorValue, type ManualInput, type ManualEntryView } from './values.js';
export { indicatorRoutes } from './routes.js';
export { loadIndicatorsDemo, publishOpenDataDemo } from './demo.js';
export { publishMonth, openDataIndex, openDataTable, OPEN_DATASETS } from './open-data.js';
export type { IndicatorTables } from './model.js';
export { indicatorsAuditLabels } from './audit-labels.js';
