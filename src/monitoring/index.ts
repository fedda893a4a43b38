/**
 * Public surface of 低收入人口动态监测 (monitoring): department data exchange, warning rules and the closed
 * loop of their handling, 政策找人 discovery and leads, 免申即享 grants and their payment file, dashboards.
 * Other modules (and the CLI) use only what is exported here.
 */
export type { MonitoringTables, WarningType, WarningLevel, LeadProgramme, AutoProgramme, LeadStatus, RowError, Origin } from './model.js';
export { WARNING_TYPES, LEAD_PROGRAMMES, AUTO_PROGRAMMES } from './model.js';
export { monitoringDeps, systemClock, type MonitoringDeps, type Clock } from './deps.js';
export { registryPort, MONITORING_SYSTEM_ACTOR, type RegistryPort } from './registry-port.js';
export { SOURCES, ROW_TYPES, ROW_SPECS, type Source, type RowType } from './exchange-rows.js';
export { ingestBatch, type BatchInput, type BatchReceipt } from './ingest.js';
export { getBatchReceipt } from './ingest-ledger.js';
export { importFactFile } from './import-file.js';
export { RULE_PARAMETERS, WARNING_TYPE_DEFS, type RuleParameter } from './rules.js';
export { listRuleParameters, setRuleParameter, loadRules } from './rule-settings.js';
export { syncPersonIndex } from './person-index.js';
export { evaluateTriggers, type Trigger, type EvaluationSummary } from './evaluate.js';
export { listWarnings, getWarning, type WarningSummary, type WarningDetail, type WarningFilter } from './warning-queries.js';
export { assignWarning, recordWarningVisit, handleWarning, closeWarning, type VisitInput } from './warning-actions.js';
export { WARNING_STATUSES, HANDLE_OUTCOMES, type WarningStatus, type HandleOutcome } from './warning-states.js';
export { processPendingEvaluations, escalateOverdue, runMonitoringJobs } from './jobs.js';
export { runDiscovery, type DiscoveryRun, type DiscoveryOptions } from './discovery.js';
export { listLeads, getLead, contactLead, recordLeadOutcome, type LeadSummary, type LeadDetail } from './leads.js';
export { grantAllowances, listGrants, type GrantView } from './grants.js';
export { allowancePaymentFile, allowanceCsv, paidByMonth, type AllowanceFile } from './grant-payments.js';
export { monitoringDashboard, type MonitoringDashboard } from './dashboards.js';
export { monitoringHandlers } from './handlers.js';
export { monitoringRoutes, createMonitoringRoutes } from './routes.js';
export { monitoringLabels, MonitoringLabelsSchema } from './labels.js';
export { monitoringAuditSubjects } from './audit-subjects.js';
