import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { ELDERCARE_PAGE_SIZE, useQueue } from '../../api/eldercare.js';
import type { ApplicationStatus, PriorityGroup, QueueEntry, QueueFilter } from '../../api/eldercare-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { applicationStatusLabels, priorityGroupLabels } from '../../format/eldercare-labels.js';
import { AllocationButton } from './AllocationButton.js';
import { ApplicationStatusTag, GroupTags } from './WaitlistTags.js';

const columns: TableColumnsType<QueueEntry> = [
  { title: '全市排位', dataIndex: 'position', width: 96, render: (p: number | null) => (p === null ? '—' : <Typography.Text strong>第 {p} 位</Typography.Text>) },
  {
    title: '申请编号',
    dataIndex: 'id',
    width: 96,
    render: (id: number) => (
      <Link to={`/eldercare/waitlist/${id}`} data-testid={`open-application-${id}`}>
        {id}
      </Link>
    ),
  },
  {
    title: '老人',
    dataIndex: 'personId',
    render: (_: number, a) => (
      <Link to={`/eldercare/waitlist/${a.id}`}>
        {a.personName || '姓名未登记'}（{a.age} 岁）
      </Link>
    ),
  },
  { title: '居住地', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} /> },
  { title: '床位类型', dataIndex: 'bedTypeName' },
  { title: '照护等级', dataIndex: 'assessmentLevel', render: (level: number) => `${level} 级` },
  { title: '优先对象', dataIndex: 'groups', render: (groups: QueueEntry['groups']) => <GroupTags groups={groups} /> },
  { title: '申请日期', dataIndex: 'appliedOn', width: 110 },
  { title: '状态', dataIndex: 'status', render: (s: string, a) => <ApplicationStatusTag status={s} name={a.statusName} /> },
];

interface Values {
  status?: ApplicationStatus;
  group?: PriorityGroup;
  division?: string;
}

/** 统筹轮候: the jurisdiction's applicants in the city-wide order, each with their place in the whole city's queue. */
export default function WaitlistPage() {
  const me = useMe();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filter: QueueFilter = { status: (params.get('status') as ApplicationStatus | null) ?? undefined, group: (params.get('group') as PriorityGroup | null) ?? undefined, division: params.get('division') ?? undefined };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const queue = useQueue(filter, page);

  function update(next: Record<string, string | undefined>) {
    const merged = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) merged.set(key, value);
      else merged.delete(key);
    }
    setParams(merged);
  }

  return (
    <Card
      title="保基本床位统筹轮候"
      extra={
        <Space>
          <AllocationButton division={filter.division} />
          {can('eldercare.waitlist.handle') ? (
            <Link to="/eldercare/waitlist/apply">
              <Button type="primary" icon={<PlusOutlined />} data-testid="new-application">
                受理轮候申请
              </Button>
            </Link>
          ) : null}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">全市统一排序：先按优先对象类别，同类别按照护等级由高到低，再按申请日期先后。此处列出您辖区内的申请人及其在全市队列中的位次。</Typography.Paragraph>
      <Form<Values> layout="inline" style={{ marginBottom: 16, rowGap: 8 }} initialValues={filter} onFinish={(v) => update({ status: v.status, group: v.group, division: v.division, page: undefined })}>
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="轮候中" style={{ width: 160 }} options={Object.entries(applicationStatusLabels).map(([value, text]) => ({ value, label: text }))} data-testid="queue-status-filter" />
        </Form.Item>
        <Form.Item name="group" label="优先对象">
          <Select allowClear placeholder="全部" style={{ width: 220 }} options={Object.entries(priorityGroupLabels).map(([value, text]) => ({ value, label: text }))} />
        </Form.Item>
        <Form.Item name="division" label="区划">
          <DivisionPicker root={me.jurisdiction} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="queue-search">
            查询
          </Button>
        </Form.Item>
        <Form.Item>
          <LedgerExportButton path="/eldercare/waitlist/applications/export" query={{ ...filter }} title="保基本床位轮候台账" />
        </Form.Item>
      </Form>
      {queue.error ? (
        <ApiErrorNotice error={queue.error} inline />
      ) : (
        <Table<QueueEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={queue.data?.items}
          loading={queue.isFetching}
          locale={{ emptyText: '本辖区内没有符合条件的轮候申请' }}
          pagination={{ current: page, pageSize: ELDERCARE_PAGE_SIZE, total: queue.data?.total ?? 0, showSizeChanger: false, showTotal: (total) => `共 ${total} 人`, onChange: (p) => update({ page: String(p) }) }}
          data-testid="queue-table"
        />
      )}
    </Card>
  );
}
