import type { Kysely } from 'kysely';
import { conflict, divisionLevel, type DomainError, forbidden, invalid, normaliseDivisionCode, notFound } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import { ROLES, type AccessTables, type Actor, type Role } from './model.js';
import { generateInitialPassword, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { requirePermission } from './guard.js';
import { hasPermission } from './permissions.js';
import { endSessions, type SessionInfo } from './sessions.js';
import { clearAccountThrottle } from './throttle.js';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: string;
  password: string;
  /** Required for institution staff (the organisation they work for), not allowed for other roles. */
  organisationId?: number | null;
  /** The password is a one-time one: the first sign-in must change it. */
  mustChangePassword?: boolean;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: string;
  organisationId: number | null;
  active: boolean;
  mfaEnabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
}

interface Assignment {
  role: Role;
  jurisdiction: string;
  organisationId: number | null;
}

/** Checks a role / jurisdiction / organisation triple and normalises the division code. */
function checkAssignment(role: Role, rawJurisdiction: string, rawOrganisation: number | null | undefined): Assignment {
  if (!(ROLES as readonly string[]).includes(role)) throw invalid('USER_INVALID_ROLE', `未知角色：${role}`);
  const organisationId = rawOrganisation ?? null;
  if ((role === 'institution_staff') !== (organisationId !== null)) throw invalid('USER_ORGANISATION_MISMATCH', '服务机构工作人员须指定所属机构（人口库机构编号），其他角色不能指定');
  if (organisationId !== null && (!Number.isSafeInteger(organisationId) || organisationId < 1)) throw invalid('USER_INVALID_ORGANISATION', '所属机构编号无效');
  const jurisdiction = normaliseDivisionCode(rawJurisdiction);
  if (!jurisdiction) throw invalid('USER_INVALID_JURISDICTION', '辖区须为有效的区划代码');
  return { role, jurisdiction, organisationId };
}

function checkUsername(username: string): void {
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(username)) throw invalid('USER_INVALID_USERNAME', '用户名须为3–32位小写字母、数字或 _ . -，以字母开头');
}

/**
 * A grant that needs a second security admin: the three admin roles, and a city-wide jurisdiction for a
 * role that may unmask ID numbers (it could unmask anyone's in the city).
 */
export function isPrivilegedGrant(role: Role, jurisdiction: string): boolean {
  if (role === 'security_admin' || role === 'auditor' || role === 'city_admin') return true;
  const level = divisionLevel(jurisdiction);
  return hasPermission(role, 'pii.reveal') && (level === 'province' || level === 'prefecture');
}

/**
 * Provisioning without an acting admin: the demo, test fixtures and the `users create` command of the
 * operator who installs the system. Admins in the running system use `createAccount`.
 */
export async function createUser(db: Kysely<AccessTables>, by: null, user: NewUser): Promise<UserView> {
  checkUsername(user.username);
  const assignment = checkAssignment(user.role, user.jurisdiction, user.organisationId);
  const problem = passwordProblem(user.password, user.username);
  if (problem) throw invalid('USER_WEAK_PASSWORD', problem);
  const passwordHash = await hashPassword(user.password);
  return db.transaction().execute(async (trx) => {
    const row = await insertUser(trx, user.username, user.displayName, assignment, passwordHash, { mustChange: user.mustChangePassword ?? false, active: true });
    await appendAudit(trx, {
      actor: by,
      action: 'access.user.create',
      entityType: 'user',
      entityId: row.id,
      result: 'ok',
      detail: { username: row.username, role: row.role, jurisdiction: assignment.jurisdiction, organisationId: assignment.organisationId },
    });
    return toView(row);
  });
}

async function insertUser(trx: Kysely<AccessTables>, username: string, displayName: string, a: Assignment, passwordHash: string, flags: { mustChange: boolean; active: boolean }) {
  const existing = await trx.selectFrom('access.users').select('id').where('username', '=', username).executeTakeFirst();
  if (existing) throw conflict('USER_EXISTS', `用户名 ${username} 已存在`);
  return trx
    .insertInto('access.users')
    .values({
      username,
      display_name: displayName,
      role: a.role,
      jurisdiction_code: a.jurisdiction,
      organisation_id: a.organisationId,
      password_hash: passwordHash,
      locked_until: null,
      must_change_password: flags.mustChange,
      active: flags.active,
      mfa_secret: null,
      mfa_last_step: null,
      mfa_locked_until: null,
      last_login_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: string;
  organisationId?: number | null;
}

export interface CreatedAccount {
  user: UserView;
  /** Shown once to the creating admin; the first sign-in must replace it. */
  initialPassword: string;
  /** Set when the grant waits for a second security admin (the account stays disabled until then). */
  pendingGrantId: number | null;
}

/** A security admin creates an account; the server picks a one-time password, never the admin. */
export async function createAccount(db: Kysely<AccessTables>, by: Actor, account: NewAccount): Promise<CreatedAccount> {
  requirePermission(by, 'users.manage');
  checkUsername(account.username);
  const assignment = checkAssignment(account.role, account.jurisdiction, account.organisationId);
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  const privileged = isPrivilegedGrant(assignment.role, assignment.jurisdiction);
  return db.transaction().execute(async (trx) => {
    const row = await insertUser(trx, account.username, account.displayName, assignment, passwordHash, { mustChange: true, active: !privileged });
    const detail = { username: row.username, role: row.role, jurisdiction: assignment.jurisdiction, organisationId: assignment.organisationId, pendingApproval: privileged };
    await appendAudit(trx, { actor: by, action: 'access.user.create', entityType: 'user', entityId: row.id, result: 'ok', detail });
    let pendingGrantId: number | null = null;
    if (privileged) pendingGrantId = await requestGrant(trx, by, row.id, assignment, true);
    return { user: toView(row), initialPassword, pendingGrantId };
  });
}

async function requestGrant(trx: Kysely<AccessTables>, by: Actor, userId: number, a: Assignment, activates: boolean): Promise<number> {
  const grant = await trx
    .insertInto('access.role_grants')
    .values({ user_id: userId, role: a.role, jurisdiction_code: a.jurisdiction, organisation_id: a.organisationId, activates, requested_by: by.userId, decided_by: null, decided_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await appendAudit(trx, { actor: by, action: 'access.grant.request', entityType: 'role_grant', entityId: grant.id, result: 'ok', detail: { userId, role: a.role, jurisdiction: a.jurisdiction, activates } });
  return grant.id;
}

async function refuse(db: Kysely<AccessTables>, by: Actor, action: string, entityId: number, reason: string, error: DomainError): Promise<never> {
  await appendAudit(db, { actor: by, action, entityType: 'user', entityId, result: 'denied', detail: { reason } });
  throw error;
}

/**
 * Changes a user's role and jurisdiction. An ordinary grant applies at once and ends the user's sessions;
 * a privileged one waits for a second security admin. Nobody changes their own.
 */
export async function assignRole(db: Kysely<AccessTables>, by: Actor, userId: number, input: { role: Role; jurisdiction: string; organisationId?: number | null }): Promise<{ applied: boolean; pendingGrantId: number | null }> {
  requirePermission(by, 'users.manage');
  if (userId === by.userId) await refuse(db, by, 'access.user.grant', userId, 'self_grant', forbidden('ACCESS_SELF_GRANT', '不能修改自己的角色或辖区'));
  const assignment = checkAssignment(input.role, input.jurisdiction, input.organisationId);
  return db.transaction().execute(async (trx) => {
    await existingUser(trx, userId);
    if (isPrivilegedGrant(assignment.role, assignment.jurisdiction)) return { applied: false, pendingGrantId: await requestGrant(trx, by, userId, assignment, false) };
    await applyAssignment(trx, userId, assignment);
    await appendAudit(trx, { actor: by, action: 'access.user.grant', entityType: 'user', entityId: userId, result: 'ok', detail: { role: assignment.role, jurisdiction: assignment.jurisdiction } });
    return { applied: true, pendingGrantId: null };
  });
}

async function existingUser(db: Kysely<AccessTables>, userId: number) {
  const row = await db.selectFrom('access.users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw notFound('USER_NOT_FOUND', '用户不存在');
  return row;
}

/** A changed role or jurisdiction ends the user's sessions: the next request signs in under the new one. */
async function applyAssignment(trx: Kysely<AccessTables>, userId: number, a: Assignment, activate = false): Promise<void> {
  await trx
    .updateTable('access.users')
    .set({ role: a.role, jurisdiction_code: a.jurisdiction, organisation_id: a.organisationId, ...(activate ? { active: true } : {}) })
    .where('id', '=', userId)
    .execute();
  await endSessions(trx, userId);
}

export interface GrantView {
  id: number;
  userId: number;
  username: string;
  role: Role;
  jurisdiction: string;
  activates: boolean;
  requestedBy: string;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected';
}

export async function listGrants(db: Kysely<AccessTables>, by: Actor, status: 'pending' | 'approved' | 'rejected' = 'pending'): Promise<GrantView[]> {
  requirePermission(by, 'users.manage');
  const rows = await db
    .selectFrom('access.role_grants as g')
    .innerJoin('access.users as u', 'u.id', 'g.user_id')
    .innerJoin('access.users as r', 'r.id', 'g.requested_by')
    .select(['g.id', 'g.user_id', 'u.username', 'g.role', 'g.jurisdiction_code', 'g.activates', 'r.username as requested_by', 'g.requested_at', 'g.status'])
    .where('g.status', '=', status)
    .orderBy('g.id')
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, username: r.username, role: r.role, jurisdiction: r.jurisdiction_code, activates: r.activates, requestedBy: r.requested_by, requestedAt: r.requested_at, status: r.status }));
}

/** The second security admin's decision; the requester and the grantee cannot decide. */
export async function decideGrant(db: Kysely<AccessTables>, by: Actor, grantId: number, approve: boolean): Promise<void> {
  requirePermission(by, 'users.manage');
  const action = approve ? 'access.grant.approve' : 'access.grant.reject';
  const grant = await db.selectFrom('access.role_grants').selectAll().where('id', '=', grantId).executeTakeFirst();
  if (grant?.status !== 'pending') throw notFound('GRANT_NOT_FOUND', '待审批的授权不存在或已处理');
  if (grant.requested_by === by.userId) await refuse(db, by, action, grant.user_id, 'same_person', forbidden('GRANT_SAME_PERSON', '授权须由另一名安全管理员审批，申请人不能审批自己的申请'));
  if (grant.user_id === by.userId) await refuse(db, by, action, grant.user_id, 'self_grant', forbidden('ACCESS_SELF_GRANT', '不能审批授予自己的权限'));
  await db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('access.role_grants')
      .set({ status: approve ? 'approved' : 'rejected', decided_by: by.userId, decided_at: new Date() })
      .where('id', '=', grantId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) throw conflict('GRANT_ALREADY_DECIDED', '该授权已被处理');
    if (approve) await applyAssignment(trx, grant.user_id, { role: grant.role, jurisdiction: grant.jurisdiction_code, organisationId: grant.organisation_id }, grant.activates);
    await appendAudit(trx, { actor: by, action, entityType: 'role_grant', entityId: grantId, result: 'ok', detail: { userId: grant.user_id, role: grant.role, jurisdiction: grant.jurisdiction_code, requestedBy: grant.requested_by } });
  });
}

/** A user in the admin's ledger: whether sign-in is locked now (a source locked out of the account, or the second factor). */
export type UserLedgerRow = UserView & { locked: boolean };

export async function listUsers(db: Kysely<AccessTables>, by: Actor): Promise<UserLedgerRow[]> {
  requirePermission(by, 'users.manage');
  const now = new Date();
  const rows = await db.selectFrom('access.users').selectAll().orderBy('id').execute();
  const lockedPairs = await db.selectFrom('access.login_throttle').select('key').where('key', 'like', 'pair:%').where('locked_until', '>', now).execute();
  const lockedNames = new Set(lockedPairs.map((r) => r.key.slice('pair:'.length, r.key.lastIndexOf('|'))));
  const after = (d: Date | null) => d !== null && d.getTime() > now.getTime();
  return rows.map((r) => ({ ...toView(r), locked: lockedNames.has(r.username) || after(r.locked_until) || after(r.mfa_locked_until) }));
}

/**
 * Active staff of the given roles, for routing work (who receives a warning): other modules' system jobs
 * read it without an acting user, and it carries no personal data of residents and no account secrets.
 */
export async function listActiveStaff(db: Kysely<AccessTables>, roles: readonly Role[]): Promise<{ id: number; username: string; role: Role; jurisdiction: string }[]> {
  const rows = await db
    .selectFrom('access.users')
    .select(['id', 'username', 'role', 'jurisdiction_code'])
    .where('active', '=', true)
    .where('role', 'in', [...roles])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, username: r.username, role: r.role, jurisdiction: r.jurisdiction_code }));
}

/** Disables (or re-enables) an account; disabling ends its sessions at once. */
export async function setUserActive(db: Kysely<AccessTables>, by: Actor, userId: number, active: boolean): Promise<void> {
  requirePermission(by, 'users.manage');
  const action = active ? 'access.user.enable' : 'access.user.disable';
  if (userId === by.userId) await refuse(db, by, action, userId, 'self', forbidden('ACCESS_SELF_GRANT', '不能停用或启用自己的账户'));
  await db.transaction().execute(async (trx) => {
    await existingUser(trx, userId);
    if (active) {
      // A new privileged account is enabled by the approval of its grant, not by this route.
      const waiting = await trx.selectFrom('access.role_grants').select('id').where('user_id', '=', userId).where('status', '=', 'pending').where('activates', '=', true).executeTakeFirst();
      if (waiting) throw conflict('GRANT_PENDING', '该账户的授权尚待另一名安全管理员审批');
    }
    await trx.updateTable('access.users').set({ active }).where('id', '=', userId).execute();
    const ended = active ? 0 : await endSessions(trx, userId);
    await appendAudit(trx, { actor: by, action, entityType: 'user', entityId: userId, result: 'ok', detail: { endedSessions: ended } });
  });
}

/** Ends all of a user's sessions (a lost laptop, a suspected takeover). */
export async function endUserSessions(db: Kysely<AccessTables>, by: Actor, userId: number): Promise<number> {
  requirePermission(by, 'users.manage');
  return db.transaction().execute(async (trx) => {
    await existingUser(trx, userId);
    const ended = await endSessions(trx, userId);
    await appendAudit(trx, { actor: by, action: 'access.user.sessions.end', entityType: 'user', entityId: userId, result: 'ok', detail: { endedSessions: ended } });
    return ended;
  });
}

/** A new one-time password for a user who lost theirs; their sessions end. */
export async function resetPassword(db: Kysely<AccessTables>, by: Actor, userId: number): Promise<string> {
  requirePermission(by, 'users.manage');
  if (userId === by.userId) await refuse(db, by, 'access.user.password.reset', userId, 'self', forbidden('ACCESS_SELF_GRANT', '请通过“修改密码”修改自己的密码'));
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  await db.transaction().execute(async (trx) => {
    await existingUser(trx, userId);
    await trx.updateTable('access.users').set({ password_hash: passwordHash, must_change_password: true, password_changed_at: new Date() }).where('id', '=', userId).execute();
    await endSessions(trx, userId);
    await appendAudit(trx, { actor: by, action: 'access.user.password.reset', entityType: 'user', entityId: userId, result: 'ok' });
  });
  return initialPassword;
}

/** Clears the login locks on an account (the answer to "I was locked out"). */
export async function unlockUser(db: Kysely<AccessTables>, by: Actor, userId: number): Promise<void> {
  requirePermission(by, 'users.manage');
  await db.transaction().execute(async (trx) => {
    const user = await existingUser(trx, userId);
    const cleared = await clearAccountThrottle(trx, user.username);
    await trx.updateTable('access.users').set({ failed_logins: 0, locked_until: null, mfa_failures: 0, mfa_locked_until: null }).where('id', '=', userId).execute();
    await appendAudit(trx, { actor: by, action: 'access.user.unlock', entityType: 'user', entityId: userId, result: 'ok', detail: { clearedEntries: cleared } });
  });
}

/**
 * The user's own password change: the current password is required, the new one must pass the rule, and
 * every other session of the user ends. It also completes the forced change after a one-time password.
 */
export async function changeOwnPassword(db: Kysely<AccessTables>, session: SessionInfo, current: string, next: string): Promise<void> {
  const user = await existingUser(db, session.actor.userId);
  if (!(await verifyPassword(current, user.password_hash))) {
    await appendAudit(db, { actor: session.actor, action: 'auth.password.change', entityType: 'user', entityId: user.id, result: 'denied', detail: { reason: 'wrong_current' } });
    throw invalid('PASSWORD_CURRENT_WRONG', '当前密码不正确');
  }
  if (next === current) throw invalid('USER_WEAK_PASSWORD', '新密码不能与当前密码相同');
  const problem = passwordProblem(next, user.username);
  if (problem) throw invalid('USER_WEAK_PASSWORD', problem);
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('access.users').set({ password_hash: passwordHash, must_change_password: false, password_changed_at: new Date() }).where('id', '=', user.id).execute();
    const ended = await endSessions(trx, user.id, session.tokenHash);
    await appendAudit(trx, { actor: session.actor, action: 'auth.password.change', entityType: 'user', entityId: user.id, result: 'ok', detail: { endedSessions: ended } });
  });
}

function toView(row: {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  jurisdiction_code: string;
  organisation_id: number | null;
  active: boolean;
  mfa_enabled: boolean;
  must_change_password: boolean;
  last_login_at: Date | null;
}): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    jurisdiction: row.jurisdiction_code,
    organisationId: row.organisation_id,
    active: row.active,
    mfaEnabled: row.mfa_enabled,
    mustChangePassword: row.must_change_password,
    lastLoginAt: row.last_login_at,
  };
}
