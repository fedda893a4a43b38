/**
 * Public surface of 收养登记 (adoption registration, 民法典第1093–1118条): the eligibility rules as dated parameters, the
 * 收养评估 case, registration with the 公告, certificates, dissolution, figures. Records are read only by the office's
 * registrars and auditors (收养秘密, 第1110条); the registry's parent links change sealed.
 */
export * from './model.js';
export { adoptionDeps, type AdoptionDeps } from './deps.js';
export { adoptionRoutes, createAdoptionRoutes } from './routes.js';
export { adoptionAuditLabels } from './audit-labels.js';
export { checkEligibility, type EligibilityFacts, type RuleResult } from './rules.js';
export { settingsOn, type AdoptionSettings } from './settings.js';
