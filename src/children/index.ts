/**
 * Public surface of 儿童福利 (children's welfare: 孤儿, 事实无人抚养儿童, 困境儿童) and 残疾人福利 (两项补贴).
 * Other modules use only what is exported here.
 */
export * from './model.js';
export { childrenDeps, systemClock, type ChildrenDeps, type Clock } from './deps.js';
export { evaluateCategories, parentState, type CategoryInput, type ChildInput, type ParentInput, type RuleResult, type Condition } from './rules.js';
export { evaluateSubsidy, type SubsidyInput, type SubsidyDecision } from './subsidy-rules.js';
export { loadSettings, listSettings, setSetting, type ChildrenSettings } from './settings.js';
export { SETTINGS, SETTING_NAMES, type SettingName } from './setting-defs.js';
export { reportChild, recordSituation, reportsFromParentEvents, type ReportInput, type ParentEvent } from './cases.js';
export { recordVisit, reviewCase, decideCase, recordPlan, closeCase, setGuardian } from './case-actions.js';
export { getCase, listCases, revealChildIdNumber, type CaseDetail, type CaseListItem } from './case-views.js';
export { explainAllowance, onAllowanceStopped } from './allowance.js';
export { applyForSubsidy, decideSubsidy, listSubsidies, runSubsidyPayments, subsidyFile } from './subsidies.js';
export { appointWorker, listWorkers } from './workers.js';
export { childrenFigures, type ChildrenFigures } from './figures.js';
export { childrenHandlers, recordPoverty } from './handlers.js';
export { childrenRoutes, createChildrenRoutes } from './routes.js';
export { loadChildrenDemo, type ChildrenDemoSummary } from './demo.js';
export { childrenAuditLabels } from './audit-labels.js';
