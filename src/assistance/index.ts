/**
 * Public surface of social assistance (社会救助): cases from application to payment and review, the
 * payment ledger and runs, integrity controls and notices. Other modules use only what is exported here.
 */
export { PROGRAMMES, programmeNames, MONTHLY_CASH, type AssistanceProgramme, type AssistanceTables, type CaseSummary, type CaseDetail, type CaseAction } from './model.js';
export { STATUSES, statusNames, ACTIONS, actionName, allowedActions, reduceCase, BEFORE_DECISION, type Status, type Action, type CaseState } from './states.js';
export { assistanceDeps, systemClock, AccountVault, type AssistanceDeps, type Clock } from './deps.js';
export { applyForAssistance, type ApplyInput, type BankAccountInput } from './cases.js';
export { acceptCase, declineCase, withdrawCase, recordVisit, startNotice, recordObjection, resolveObjection, approveCase, rejectCase, suspendCase, resumeCase, recordReview, stopCase } from './actions.js';
export { verifyCase, getVerification, reproduceVerification, correctFactAndReverify, type VerificationReport, type FactCorrectionInput } from './verification.js';
export { getCase, listCases, type CaseFilter, type CasePage } from './queries.js';
export { openCasesOf, type OpenCase } from './open-cases.js';
export { runPayments, ensurePaymentPartition, PAYMENT_PAID, type RunOptions, type RunSummary } from './payments.js';
export { listRuns, casePayments, type PaymentView } from './ledger.js';
export { registryPolicyInputs, type PolicyInputSource } from './ports.js';
export { exportBankFile, bankCsv, type BankFile, type BankLine } from './bank-export.js';
export { reviewsDue, type DueReview } from './reviews.js';
export { assistanceStats, type AssistanceStatsRow } from './stats.js';
export { drawMonthlySample, getSample, seededSample, type SampleReport } from './sampling.js';
export { fileRelative, listRelatives, CLOSE_RELATIONS, type CloseRelation, type RelativeFiling } from './relatives.js';
export { loadSettings, listSettings, updateSetting, type AssistanceSettings } from './settings.js';
export { decisionNotice, renderNotice, appealRights, type Notice } from './notices.js';
export { htmlToPdf } from './notice-pdf.js';
export { requestMaterial, answerMaterialRequest, materialRequests, MATERIAL_REQUESTED, type MaterialRequest } from './material.js';
export { assistanceHandlers, stopOnDeath, reviewOnMove } from './handlers.js';
export { reviewOnMaritalChange } from './marital-review.js';
export { assistanceRoutes, createAssistanceRoutes } from './routes.js';
export { emergencyRelief, grantEmergency, filePaperwork, reviewEmergency, temporaryPreview } from './temporary.js';
export { adjustPayments, caseAdjustments, recordRepayment, writeOffOverpayment } from './recovery.js';
export { assistanceLabels, AssistanceLabelsSchema } from './labels.js';
export { assistanceAuditSubjects } from './audit-subjects.js';
