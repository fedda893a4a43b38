export type { Actor, Role, AccessTables, AuditResult } from './model.js';
export { ROLES, roleNames } from './model.js';
export { PERMISSIONS, hasPermission, permissionsOf, type Permission } from './permissions.js';
export { authorize, guardedTransaction, requirePermission, jurisdictionPrefix, scopeDivision, type AccessRequest } from './guard.js';
export { appendAudit, verifyAuditChain, canonicalJson, type AuditEntry, type ChainVerification } from './audit.js';
export { login, logout, resolveSession, defaultLoginPolicy, type LoginPolicy } from './sessions.js';
export { createUser, listUsers, unlockUser, type NewUser, type UserView } from './users.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { accessLabels, AccessLabelsSchema } from './labels.js';
