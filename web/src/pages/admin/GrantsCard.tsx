import { App, Button, Card, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import type { Grant } from '../../api/admin-types.js';
import { isApiError } from '../../api/client.js';
import { useDecideGrant } from '../../api/admin.js';
import { useMe } from '../../auth/AuthContext.js';
import { DivisionName } from '../../components/DivisionName.js';
import { roleLabels } from '../../format/labels.js';
import { decideReason } from './user-rules.js';

/** 双人审批: privileged grants wait here for a security admin other than the one who asked. */
export function GrantsCard({ grants, names }: { grants: Grant[]; names: Record<number, string> }) {
  const me = useMe();
  const { message } = App.useApp();
  const decide = useDecideGrant();
  const act = (grant: Grant, approve: boolean) =>
    decide.mutateAsync({ id: grant.id, approve }).then(
      () => void message.success(approve ? '已批准，授权已生效' : '已驳回'),
      (error: unknown) => void message.error(isApiError(error) ? error.message : '操作未能完成，请重试'),
    );
  return (
    <Card title={`待审批的特权授权（${grants.length}）`} size="small" data-testid="pending-grants">
      <Table<Grant>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={grants}
        locale={{ emptyText: '没有待审批的授权' }}
        columns={[
          { title: '用户', key: 'user', render: (_: unknown, g) => `${names[g.userId] ?? g.username}（${g.username}）` },
          { title: '授予角色', key: 'role', render: (_: unknown, g) => roleLabels[g.role] ?? g.role },
          { title: '辖区', key: 'jurisdiction', render: (_: unknown, g) => <DivisionName code={g.jurisdiction} full /> },
          { title: '类型', key: 'kind', render: (_: unknown, g) => (g.activates ? '新建账户' : '变更角色或辖区') },
          { title: '申请人', dataIndex: 'requestedBy' },
          { title: '申请时间', key: 'at', render: (_: unknown, g) => new Date(g.requestedAt).toLocaleString('zh-CN') },
          {
            title: '审批',
            key: 'decide',
            render: (_: unknown, g) => {
              const reason = decideReason(g, me);
              if (reason)
                return (
                  <Tooltip title={reason}>
                    <Typography.Text type="secondary">须另一名安全管理员审批</Typography.Text>
                  </Tooltip>
                );
              return (
                <Space>
                  <Popconfirm title="批准这项授权？批准后立即生效，该用户须重新登录。" okText="批准" cancelText="取消" onConfirm={() => act(g, true)}>
                    <Button size="small" type="primary" data-testid={`approve-grant-${g.id}`}>
                      批准
                    </Button>
                  </Popconfirm>
                  <Popconfirm title="驳回这项授权？" okText="驳回" cancelText="取消" onConfirm={() => act(g, false)}>
                    <Button size="small" danger data-testid={`reject-grant-${g.id}`}>
                      驳回
                    </Button>
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
