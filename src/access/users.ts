import type { Kysely } from 'kysely';
import { conflict, invalid, normaliseDivisionCode } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import { ROLES, type AccessTables, type Actor, type Role } from './model.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { requirePermission } from './guard.js';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: string;
  password: string;
  /** Required for institution staff (the organisation they work for), not allowed for other roles. */
  organisationId?: number | null;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: string;
  organisationId: number | null;
  active: boolean;
  lockedUntil: Date | null;
}

/** Creates a user. `by` is null only for the bootstrap of a new installation (demo users). */
export async function createUser(db: Kysely<AccessTables>, by: Actor | null, user: NewUser): Promise<UserView> {
  if (by) requirePermission(by, 'users.manage');
  if (!/^[a-z][a-z0-9_.-]{2,31}$/.test(user.username)) throw invalid('USER_INVALID_USERNAME', '用户名须为3–32位小写字母、数字或 _ . -，以字母开头');
  if (!(ROLES as readonly string[]).includes(user.role)) throw invalid('USER_INVALID_ROLE', `未知角色：${user.role}`);
  const organisationId = user.organisationId ?? null;
  if ((user.role === 'institution_staff') !== (organisationId !== null)) throw invalid('USER_ORGANISATION_MISMATCH', '服务机构工作人员须指定所属机构（人口库机构编号），其他角色不能指定');
  if (organisationId !== null && (!Number.isSafeInteger(organisationId) || organisationId < 1)) throw invalid('USER_INVALID_ORGANISATION', '所属机构编号无效');
  const jurisdiction = normaliseDivisionCode(user.jurisdiction);
  if (!jurisdiction) throw invalid('USER_INVALID_JURISDICTION', '辖区须为有效的区划代码');
  const problem = passwordProblem(user.password);
  if (problem) throw invalid('USER_WEAK_PASSWORD', problem);
  const passwordHash = await hashPassword(user.password);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('access.users').select('id').where('username', '=', user.username).executeTakeFirst();
    if (existing) throw conflict('USER_EXISTS', `用户名 ${user.username} 已存在`);
    const row = await trx
      .insertInto('access.users')
      .values({ username: user.username, display_name: user.displayName, role: user.role, jurisdiction_code: jurisdiction, organisation_id: organisationId, password_hash: passwordHash, locked_until: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { actor: by, action: 'access.user.create', entityType: 'user', entityId: row.id, result: 'ok', detail: { username: row.username, role: row.role, jurisdiction, organisationId } });
    return toView(row);
  });
}

export async function listUsers(db: Kysely<AccessTables>, by: Actor): Promise<UserView[]> {
  requirePermission(by, 'users.manage');
  const rows = await db.selectFrom('access.users').selectAll().orderBy('id').execute();
  return rows.map(toView);
}

/** Clears a lockout (the admin's answer to "I was locked out"). */
export async function unlockUser(db: Kysely<AccessTables>, by: Actor, userId: number): Promise<void> {
  requirePermission(by, 'users.manage');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('access.users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
    await appendAudit(trx, { actor: by, action: 'access.user.unlock', entityType: 'user', entityId: userId, result: 'ok' });
  });
}

function toView(row: { id: number; username: string; display_name: string; role: Role; jurisdiction_code: string; organisation_id: number | null; active: boolean; locked_until: Date | null }): UserView {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, jurisdiction: row.jurisdiction_code, organisationId: row.organisation_id, active: row.active, lockedUntil: row.locked_until };
}
