export type { Actor, Role, AccessTables, AuditResult } from './model.js';
export { ROLES, roleNames } from './model.js';
export { PERMISSIONS, hasPermission, permissionsOf, type Permission } from './permissions.js';
export { authorize, guardedTransaction, outOfJurisdictionRecord, requirePermission, jurisdictionPrefix, scopeDivision, wouldRefuse, type AccessRequest } from './guard.js';
export { appendAudit, withAuditBatch, withAuditBatchCommit, verifyAuditChain, canonicalJson, type AuditEntry, type ChainVerification } from './audit.js';
export { login, logout, resolveSession, endSessions, defaultLoginPolicy, ADMIN_ROLES, type LoginPolicy, type LoginResult, type SessionInfo, type SessionStage } from './sessions.js';
export {
  createUser,
  createAccount,
  assignRole,
  decideGrant,
  listGrants,
  listUsers,
  listActiveStaff,
  setUserActive,
  endUserSessions,
  resetPassword,
  unlockUser,
  changeOwnPassword,
  isPrivilegedGrant,
  type NewUser,
  type NewAccount,
  type UserView,
  type GrantView,
} from './users.js';
export { hashPassword, verifyPassword, passwordProblem, generateInitialPassword } from './passwords.js';
export { enrolMfa, verifyMfa, stepUp } from './second-factor.js';
export { sealSecret, openSealedSecret } from './mfa.js';
export { runWithOrigin, currentOrigin, type RequestOrigin } from './request-context.js';
export { accessLabels, AccessLabelsSchema } from './labels.js';
export { archiveAuditMonths, ensureAuditPartitions, verifyAuditArchives, DEFAULT_RETENTION_MONTHS, MIN_RETENTION_MONTHS, type ArchiveManifest, type ArchivesVerification } from './audit-archive.js';
export { anchorSettings, writeAuditAnchor, readLatestAnchor, verifyAuditWithAnchor, type AuditAnchor, type AnchorSettings, type AnchoredVerification } from './audit-anchor.js';
export { raiseAccessAlerts, DEFAULT_ACCESS_ALERT_THRESHOLDS, SECURITY_ALERT, type AccessAlertThresholds, type RaisedAlert } from './access-alerts.js';
export { registerAuditSubjectSource, type AuditSubjectSource, type AuditSubjectPerson, type AuditObjects } from './audit-subjects.js';
export { displayNames } from './display-names.js';
