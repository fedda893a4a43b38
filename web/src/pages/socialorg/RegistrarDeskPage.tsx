import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { SOCIALORG_PAGE_SIZE, useOrganisations, type OrganisationFilter } from '../../api/socialorg.js';
import type { Organisation } from '../../api/socialorg-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { districtLabel, levelLabels, orgTypeLabels, statusLabels } from '../../format/socialorg-labels.js';
import { NameApprovalDialog } from './NameApprovalDialog.js';

const columns: TableColumnsType<Organisation> = [
  { title: '名称', dataIndex: 'name', render: (name: string, o) => <Link to={`/socialorg/organisations/${o.id}`}>{name}</Link> },
  { title: '统一社会信用代码', dataIndex: 'creditCode', render: (c: string | null) => c ?? '—' },
  { title: '类型', dataIndex: 'orgType', render: (t: string) => orgTypeLabels[t] ?? t },
  { title: '层级', dataIndex: 'level', render: (l: string) => levelLabels[l] ?? l },
  { title: '所在区', dataIndex: 'districtCode', render: (c: string) => districtLabel(c) },
  { title: '状态', dataIndex: 'status', render: (s: string, o) => <Tag color={s === 'registered' ? 'green' : o.endedOn ? 'default' : 'blue'}>{statusLabels[s] ?? s}</Tag> },
  { title: '待决定期限', dataIndex: 'pendingDue', render: (d: string | null) => d ?? '—' },
  { title: '成立登记', dataIndex: 'registeredOn', render: (d: string | null) => d ?? '—' },
  { title: '慈善', key: 'charity', render: (_: unknown, o) => (o.fundraisingSince ? <Tag color="gold">慈善·公募</Tag> : o.charitySince ? <Tag color="gold">慈善组织</Tag> : null) },
];

/** 登记台: the registrar's organisations, pending decisions with their clocks, and the name approval that opens a file. */
export default function RegistrarDeskPage() {
  const { can } = useAuth();
  const [approving, setApproving] = useState(false);
  const [params, setParams] = useSearchParams();
  const filter: OrganisationFilter = { q: params.get('q') ?? undefined, orgType: params.get('orgType') ?? undefined, status: params.get('status') ?? undefined, overdue: params.get('overdue') === '1' || undefined };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const list = useOrganisations(filter, page);
  function update(values: { q?: string; orgType?: string; status?: string; overdue?: boolean }) {
    const next = new URLSearchParams();
    if (values.q?.trim()) next.set('q', values.q.trim());
    if (values.orgType) next.set('orgType', values.orgType);
    if (values.status) next.set('status', values.status);
    if (values.overdue) next.set('overdue', '1');
    setParams(next);
  }
  return (
    <Card
      title="社会组织登记"
      extra={
        <Space>
          <Typography.Text type="secondary">社会团体、社会服务机构（民办非企业单位）、基金会</Typography.Text>
          {can('socialorg.register') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setApproving(true)} data-testid="socialorg-new">
              名称核准
            </Button>
          ) : null}
        </Space>
      }
    >
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} initialValues={filter} onFinish={update}>
        <Form.Item name="q" label="名称或代码">
          <Input allowClear maxLength={50} style={{ width: 200 }} data-testid="socialorg-search-q" />
        </Form.Item>
        <Form.Item name="orgType" label="类型">
          <Select allowClear placeholder="全部" style={{ width: 140 }} options={Object.entries(orgTypeLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="全部" style={{ width: 140 }} options={Object.entries(statusLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>仅审查超期</Checkbox>
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
            <LedgerExportButton path="/socialorg/organisations/export" query={{ ...filter }} title="社会组织登记台账" personal={false} />
          </Space>
        </Form.Item>
      </Form>
      {list.error ? (
        <ApiErrorNotice error={list.error} inline />
      ) : (
        <Table<Organisation>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          locale={{ emptyText: '没有符合条件的社会组织' }}
          pagination={{
            current: page,
            pageSize: SOCIALORG_PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => `共 ${t} 家`,
            onChange: (p) => setParams((prev) => ({ ...Object.fromEntries(prev), page: String(p) })),
          }}
          data-testid="socialorg-table"
        />
      )}
      {approving ? <NameApprovalDialog onClose={() => setApproving(false)} /> : null}
    </Card>
  );
}
