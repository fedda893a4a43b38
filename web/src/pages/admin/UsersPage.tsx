import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { LedgerUser } from '../../api/admin-types.js';
import { isApiError } from '../../api/client.js';
import { useAssignRole, useCreateUser, usePendingGrants, useUsers } from '../../api/admin.js';
import { useMe } from '../../auth/AuthContext.js';
import { downloadExcel } from '../../charts/excel.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { useDivisionNames } from '../../components/useDivisionNames.js';
import { isWithin } from '../../format/divisions.js';
import { roleLabels } from '../../format/labels.js';
import { GrantsCard } from './GrantsCard.js';
import { InitialPassword, UserActions } from './UserActions.js';
import { UserFormDialog, type UserFormValues } from './UserFormDialog.js';
import { statusColors, statusesOf, statusNames, type UserStatus } from './user-rules.js';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('zh-CN') : '从未登录');

/** 最近登录 filters: dormant accounts are the ones a security review asks about. */
type LastSeen = 'never' | 'dormant' | 'recent';
const DAY = 86_400_000;
const lastSeenNames: Record<LastSeen, string> = { recent: '7 天内登录过', dormant: '超过 90 天未登录', never: '从未登录' };
function lastSeenIs(u: LedgerUser, filter: LastSeen, now: number): boolean {
  const at = u.lastLoginAt ? new Date(u.lastLoginAt).getTime() : null;
  if (filter === 'never') return at === null;
  if (filter === 'recent') return at !== null && now - at <= 7 * DAY;
  return at === null || now - at > 90 * DAY;
}

/** 用户管理 (安全管理员): the staff ledger, new accounts, roles and jurisdictions, locks, sessions, and grants for a second admin. */
export default function UsersPage() {
  const me = useMe();
  const { message, modal } = App.useApp();
  const users = useUsers();
  const grants = usePendingGrants();
  const create = useCreateUser();
  const assign = useAssignRole();
  const [text, setText] = useState('');
  const [role, setRole] = useState<string>();
  const [division, setDivision] = useState<string>();
  const [status, setStatus] = useState<UserStatus>();
  const [lastSeen, setLastSeen] = useState<LastSeen>();
  const [dialog, setDialog] = useState<{ user?: LedgerUser } | null>(null);
  const pending = grants.data ?? [];

  const rows = useMemo(() => {
    const q = text.trim().toLowerCase();
    return (users.data ?? []).filter(
      (u) =>
        (!q || u.displayName.toLowerCase().includes(q) || u.username.includes(q)) &&
        (!role || u.role === role) &&
        (!division || isWithin(u.jurisdiction, division)) &&
        (!status || statusesOf(u, pending).includes(status)) &&
        (!lastSeen || lastSeenIs(u, lastSeen, Date.now())),
    );
  }, [users.data, text, role, division, status, lastSeen, pending]);
  const divisionNames = useDivisionNames([...new Set(rows.map((u) => u.jurisdiction))]);
  const names = Object.fromEntries((users.data ?? []).map((u) => [u.id, u.displayName]));

  const failed = (error: unknown) => void message.error(isApiError(error) ? error.message : '操作未能完成，请重试');
  async function submit(values: UserFormValues) {
    const assignment = { role: values.role, jurisdiction: values.jurisdiction, organisationId: values.role === 'institution_staff' ? (values.organisationId ?? null) : null };
    const editing = dialog?.user;
    if (editing) {
      await assign.mutateAsync({ id: editing.id, ...assignment }).then((outcome) => {
        setDialog(null);
        void message.success(outcome.applied ? `已修改 ${editing.displayName} 的角色与辖区，其会话已结束` : '这是特权授权，已提交，须另一名安全管理员审批后生效');
      }, failed);
      return;
    }
    await create.mutateAsync({ username: values.username, displayName: values.displayName.trim(), ...assignment }).then((created) => {
      setDialog(null);
      modal.success({
        title: `已创建用户 ${created.user.displayName}`,
        content: (
          <div>
            {created.pendingGrantId !== null && <p>这是特权授权：账户须另一名安全管理员审批后才启用。</p>}
            <p>初始密码只显示这一次：</p>
            <InitialPassword password={created.initialPassword} />
          </div>
        ),
        okText: '我已记下',
      });
    }, failed);
  }

  function exportLedger() {
    const sheetRows = rows.map((u) => [
      u.displayName,
      u.username,
      roleLabels[u.role] ?? u.role,
      divisionNames[u.jurisdiction] ?? u.jurisdiction,
      u.organisationId,
      statusesOf(u, pending)
        .map((s) => statusNames[s])
        .join('、'),
      u.mfaEnabled ? '已绑定' : '未绑定',
      when(u.lastLoginAt),
    ]);
    void downloadExcel(`用户台账-${new Date().toISOString().slice(0, 10)}.xlsx`, [{ name: '用户台账', columns: ['姓名', '登录名', '角色', '辖区', '所属机构编号', '状态', '动态口令', '最近登录'], rows: sheetRows }]);
  }

  if (users.error) return <ApiErrorNotice error={users.error} />;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title="用户管理"
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} onClick={exportLedger} disabled={rows.length === 0} data-testid="export-users">
              导出 Excel
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({})} data-testid="new-user">
              新建用户
            </Button>
          </Space>
        }
      >
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder="姓名或登录名" onChange={(e) => setText(e.target.value)} style={{ width: 200 }} data-testid="user-search" />
          <Select allowClear placeholder="全部角色" value={role} onChange={setRole} style={{ width: 180 }} options={Object.entries(roleLabels).map(([value, label]) => ({ value, label }))} />
          <DivisionPicker root={me.jurisdiction} value={division} onChange={setDivision} placeholder="全部辖区" testId="user-division" />
          <Select<UserStatus> allowClear placeholder="全部状态" value={status} onChange={setStatus} style={{ width: 140 }} options={Object.entries(statusNames).map(([value, label]) => ({ value: value as UserStatus, label }))} />
          <Select<LastSeen> allowClear placeholder="最近登录" value={lastSeen} onChange={setLastSeen} style={{ width: 170 }} options={Object.entries(lastSeenNames).map(([value, label]) => ({ value: value as LastSeen, label }))} />
        </Space>
        <Table<LedgerUser>
          rowKey="id"
          size="small"
          loading={users.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 人` }}
          data-testid="user-table"
          columns={[
            { title: '姓名', dataIndex: 'displayName' },
            { title: '登录名', dataIndex: 'username' },
            { title: '角色', key: 'role', render: (_: unknown, u) => roleLabels[u.role] ?? u.role },
            { title: '辖区', key: 'jurisdiction', render: (_: unknown, u) => <DivisionName code={u.jurisdiction} full /> },
            {
              title: '状态',
              key: 'status',
              render: (_: unknown, u) =>
                statusesOf(u, pending).map((s) => (
                  <Tag key={s} color={statusColors[s]} data-testid={`status-${u.username}-${s}`}>
                    {statusNames[s]}
                  </Tag>
                )),
            },
            { title: '最近登录', key: 'lastLoginAt', render: (_: unknown, u) => when(u.lastLoginAt) },
            { title: '操作', key: 'actions', render: (_: unknown, u) => <UserActions user={u} myId={me.userId} pending={pending} onEditRole={() => setDialog({ user: u })} /> },
          ]}
        />
      </Card>
      <GrantsCard grants={pending} names={names} />
      <UserFormDialog open={dialog !== null} user={dialog?.user} busy={create.isPending || assign.isPending} onCancel={() => setDialog(null)} onSubmit={(v) => void submit(v)} />
    </Space>
  );
}
