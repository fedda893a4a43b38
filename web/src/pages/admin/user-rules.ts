/** The server's rules for user actions, said before the click: each returns the reason in Chinese, or null when allowed. */
import type { Grant, LedgerUser } from '../../api/admin-types.js';

export type UserStatus = 'active' | 'disabled' | 'locked' | 'pending';

export const statusNames: Record<UserStatus, string> = { active: '正常', disabled: '已停用', locked: '登录已锁定', pending: '待审批' };
export const statusColors: Record<UserStatus, string> = { active: 'green', disabled: 'default', locked: 'red', pending: 'orange' };

/** A user can be in several states at once (a disabled account may still carry a lock). */
export function statusesOf(user: LedgerUser, pending: readonly Grant[]): UserStatus[] {
  const states: UserStatus[] = [];
  if (pending.some((g) => g.userId === user.id)) states.push('pending');
  if (!user.active) states.push('disabled');
  if (user.locked) states.push('locked');
  if (states.length === 0) states.push('active');
  return states;
}

export const selfReason = (user: LedgerUser, myId: number): string | null => (user.id === myId ? '不能对自己的账户执行此操作' : null);

export function unlockReason(user: LedgerUser): string | null {
  return user.locked ? null : '该账户当前没有登录锁定';
}

export function enableReason(user: LedgerUser, myId: number, pending: readonly Grant[]): string | null {
  if (user.id === myId) return '不能停用或启用自己的账户';
  if (!user.active && pending.some((g) => g.userId === user.id && g.activates)) return '该账户的授权尚待另一名安全管理员审批，批准后自动启用';
  return null;
}

export function decideReason(grant: Grant, me: { userId: number; username: string }): string | null {
  if (grant.requestedBy === me.username) return '授权须由另一名安全管理员审批，申请人不能审批自己的申请';
  if (grant.userId === me.userId) return '不能审批授予自己的权限';
  return null;
}

/** The grants that wait for a second admin: the three admin roles, or a city-wide role that may see full ID numbers. */
export const PRIVILEGED_HINT = '市局管理员、安全管理员、审计员，以及全市辖区的可查看身份证号角色，须由另一名安全管理员审批后生效';
