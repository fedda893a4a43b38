import { App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApiKeys, useCreateKey, useRevokeKey, type ApiKey } from '../../api/socialorg-supervision.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';

/** 部门接口密钥: issued to other departments' systems, shown once, revocable; each call is logged. */
export default function KeysPage() {
  const { message } = App.useApp();
  const keys = useApiKeys();
  const create = useCreateKey();
  const revoke = useRevokeKey();
  const [shown, setShown] = useState<string | null>(null);
  return (
    <Card title="部门接口密钥">
      <Typography.Paragraph type="secondary">其他部门的系统凭密钥只读查询社会组织状态和变更事件；每个密钥每分钟最多600次，每次调用均有记录。密钥只在发放时显示一次，平台只保存其摘要；停用立即生效。</Typography.Paragraph>
      <Form
        layout="inline"
        onFinish={async (values: { department: string; label: string }) => {
          const made = await create.mutateAsync(values);
          setShown(made.key);
        }}
        style={{ marginBottom: 16 }}
      >
        <Form.Item name="department" label="使用部门" rules={[{ required: true, message: '必填' }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="label" label="用途" rules={[{ required: true, message: '必填' }]}>
          <Input style={{ width: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="key-create">
          发放密钥
        </Button>
      </Form>
      {create.error ? <ApiErrorNotice error={create.error} inline /> : null}
      {revoke.error ? <ApiErrorNotice error={revoke.error} inline /> : null}
      <Modal open={shown !== null} title="请立即复制并交给使用部门" onOk={() => setShown(null)} onCancel={() => setShown(null)} okText="已复制" cancelButtonProps={{ style: { display: 'none' } }}>
        <Typography.Paragraph copyable data-testid="key-shown">
          {shown}
        </Typography.Paragraph>
        <Typography.Text type="warning">关闭后不能再查看此密钥。</Typography.Text>
      </Modal>
      <Table<ApiKey>
        rowKey="id"
        size="middle"
        dataSource={keys.data}
        loading={keys.isFetching}
        locale={{ emptyText: '还没有发放密钥' }}
        data-testid="keys-table"
        columns={[
          { title: '使用部门', dataIndex: 'department' },
          { title: '用途', dataIndex: 'label' },
          { title: '密钥前缀', dataIndex: 'prefix' },
          { title: '发放时间', dataIndex: 'createdAt', render: (t: string) => new Date(t).toLocaleString('zh-CN') },
          { title: '调用次数', dataIndex: 'uses' },
          { title: '最近调用', dataIndex: 'lastUsedAt', render: (t: string | null) => (t ? new Date(t).toLocaleString('zh-CN') : '未调用') },
          {
            title: '状态',
            key: 'state',
            render: (_: unknown, k) =>
              k.revokedAt ? (
                <Tag>已于 {k.revokedAt.slice(0, 10)} 停用</Tag>
              ) : (
                <Popconfirm title="停用后该部门立即无法调用，确定？" okText="停用" cancelText="取消" onConfirm={async () => void message.success(`已停用：${(await revoke.mutateAsync(k.id)).department}`)}>
                  <Button size="small" danger>
                    停用
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
