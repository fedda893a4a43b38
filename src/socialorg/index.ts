/**
 * Public surface of 社会组织与慈善 (social organisations and charity): registration as an action log with the
 * registry's organisation record kept in step, annual reports, the credit lists, the public register.
 * Other modules (and the CLI) use only what is exported here.
 */
export * from './model.js';
export { socialorgDeps, systemClock, type SocialorgDeps, type Clock } from './deps.js';
export { loadSettings, listSettings, setSetting, SETTINGS, type SocialorgSettings, type SettingName } from './settings.js';
export { approveName, checkName, takeStep, registrarOf, CITY_REGISTRAR, type NameApplication, type StepInput } from './registration.js';
export { fileAnnualReport, concludeAnnualReport, runAnnualListing, reportDeadline, type ReportView, type AnnualRunResult } from './annual.js';
export { runCreditLists, removeEntry, type EntryView, type CreditRunResult } from './credit-lists.js';
export { publicSearch, publicOrganisation, publicCsv, type PublicOrganisation, type PublicDetail } from './public.js';
export { listOrganisations, getOrganisationDetail, type OrganisationDetail } from './queries.js';
export { socialorgFigures, type SocialorgFigures } from './figures.js';
export { buildBulkFiles, bulkFile, bulkManifest, type BulkManifest } from './bulk.js';
export { loadSocialorgDemo, type SocialorgDemoSummary } from './demo.js';
export { socialorgRoutes, createSocialorgRoutes } from './routes.js';
export type { OrganisationView } from './views.js';
export { socialorgAuditLabels } from './audit-labels.js';
