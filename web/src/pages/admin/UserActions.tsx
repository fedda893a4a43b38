import { App, Button, Popconfirm, Space, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import type { Grant, LedgerUser } from '../../api/admin-types.js';
import { isApiError } from '../../api/client.js';
import { useEndSessions, useResetPassword, useSetUserActive, useUnlockUser } from '../../api/admin.js';
import { enableReason, selfReason, unlockReason } from './user-rules.js';

const failed = (error: unknown) => (isApiError(error) ? error.message : '操作未能完成，请重试');

/** A confirmed action, or a disabled button whose tooltip says why the server would refuse. */
function Confirmed({ label, title, reason, onConfirm, testId, danger }: { label: string; title: ReactNode; reason: string | null; onConfirm: () => Promise<unknown>; testId: string; danger?: boolean }) {
  if (reason)
    return (
      <Tooltip title={reason}>
        <Button size="small" disabled data-testid={testId}>
          {label}
        </Button>
      </Tooltip>
    );
  return (
    <Popconfirm title={title} okText="确定" cancelText="取消" onConfirm={onConfirm}>
      <Button size="small" danger={danger} data-testid={testId}>
        {label}
      </Button>
    </Popconfirm>
  );
}

export function UserActions({ user, myId, pending, onEditRole }: { user: LedgerUser; myId: number; pending: readonly Grant[]; onEditRole: () => void }) {
  const { message, modal } = App.useApp();
  const unlock = useUnlockUser();
  const setActive = useSetUserActive();
  const endSessions = useEndSessions();
  const reset = useResetPassword();
  const self = selfReason(user, myId);
  const run = <T,>(promise: Promise<T>, ok: (result: T) => void) => promise.then(ok, (error: unknown) => void message.error(failed(error)));
  return (
    <Space size={4} wrap>
      {self ? (
        <Tooltip title="不能修改自己的角色或辖区">
          <Button size="small" disabled data-testid={`edit-role-${user.username}`}>
            角色与辖区
          </Button>
        </Tooltip>
      ) : (
        <Button size="small" onClick={onEditRole} data-testid={`edit-role-${user.username}`}>
          角色与辖区
        </Button>
      )}
      <Confirmed
        label="解锁"
        title={`解除 ${user.displayName} 的登录锁定？`}
        reason={unlockReason(user)}
        testId={`unlock-${user.username}`}
        onConfirm={() => run(unlock.mutateAsync(user.id), () => void message.success(`已解除 ${user.displayName} 的登录锁定`))}
      />
      <Confirmed
        label={user.active ? '停用' : '启用'}
        danger={user.active}
        title={user.active ? `停用 ${user.displayName} 的账户？其全部会话将立即结束。` : `启用 ${user.displayName} 的账户？`}
        reason={enableReason(user, myId, pending)}
        testId={`${user.active ? 'disable' : 'enable'}-${user.username}`}
        onConfirm={() => run(setActive.mutateAsync({ id: user.id, active: !user.active }), () => void message.success(user.active ? `已停用 ${user.displayName}` : `已启用 ${user.displayName}`))}
      />
      <Confirmed
        label="结束会话"
        title={`结束 ${user.displayName} 的全部会话？其须重新登录。`}
        reason={null}
        testId={`end-sessions-${user.username}`}
        onConfirm={() => run(endSessions.mutateAsync(user.id), (r) => void message.success(`已结束 ${r.ended} 个会话`))}
      />
      <Confirmed
        label="重置密码"
        title={`为 ${user.displayName} 生成新的一次性密码？其全部会话将结束。`}
        reason={self ? '请通过“修改密码”修改自己的密码' : null}
        testId={`reset-password-${user.username}`}
        onConfirm={() =>
          run(reset.mutateAsync(user.id), (r) => {
            modal.info({ title: '新的一次性密码（只显示这一次）', content: <InitialPassword password={r.initialPassword} />, okText: '我已记下' });
          })
        }
      />
    </Space>
  );
}

export function InitialPassword({ password }: { password: string }) {
  return (
    <div>
      <p>请当面或通过安全渠道交给本人；首次登录须修改密码。</p>
      <code data-testid="initial-password" style={{ fontSize: 18 }}>
        {password}
      </code>
    </div>
  );
}
