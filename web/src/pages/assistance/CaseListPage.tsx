import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { Link, useSearchParams } from 'react-router-dom';
import { useCases } from '../../api/assistance.js';
import type { AssistanceProgramme, CaseFilter, CaseStatus, CaseSummary } from '../../api/assistance-types.js';
import { useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { CaseStatusTag, DueTag } from '../../components/CaseStatusTag.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { assistanceProgrammeLabels, caseStatusLabels, label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

const columns: TableColumnsType<CaseSummary> = [
  { title: '案件编号', dataIndex: 'id', width: 96, render: (id: number) => <Link to={`/assistance/cases/${id}`}>{id}</Link> },
  {
    title: '申请人',
    dataIndex: 'applicantName',
    render: (name: string, c) => (
      <Space size={4}>
        <Link to={`/assistance/cases/${c.id}`}>{name}</Link>
        {c.urgent ? (
          <Tooltip title="急难型临时救助：请加急办理，作出决定前排在列表最前">
            <Tag color="red" data-testid="case-urgent">
              加急
            </Tag>
          </Tooltip>
        ) : null}
        {c.relativeOfStaff ? (
          <Tooltip title="家庭成员中有经办人员备案的近亲属">
            <Tag color="magenta">近亲属备案</Tag>
          </Tooltip>
        ) : null}
      </Space>
    ),
  },
  { title: '救助项目', dataIndex: 'programme', render: (p: string) => label(assistanceProgrammeLabels, p) },
  { title: '受理街镇', dataIndex: 'streetCode', render: (code: string) => <DivisionName code={code} /> },
  { title: '申请日期', dataIndex: 'appliedOn', width: 110 },
  { title: '状态', dataIndex: 'status', render: (status: string) => <CaseStatusTag status={status} /> },
  { title: '救助金额', dataIndex: 'amountFen', align: 'right', render: (fen: number | null, c) => (fen === null ? '—' : `${formatFen(fen)}${c.programme === 'temporary' ? '' : '/月'}`) },
  { title: '时限 / 复核日期', key: 'due', render: (_: unknown, c) => <DueTag c={c} /> },
];

const OVERDUE_OPTIONS = [
  { value: 'true', label: '仅逾期' },
  { value: 'false', label: '未逾期' },
];

interface FilterForm {
  status?: CaseStatus;
  programme?: AssistanceProgramme;
  division?: string;
  overdue?: 'true' | 'false';
}

function filterFrom(params: URLSearchParams): CaseFilter {
  const overdue = params.get('overdue');
  return {
    status: (params.get('status') as CaseStatus | null) ?? undefined,
    programme: (params.get('programme') as AssistanceProgramme | null) ?? undefined,
    division: params.get('division') ?? undefined,
    overdue: overdue === 'true' ? true : overdue === 'false' ? false : undefined,
  };
}

/** One filter's pages: keyset cursors kept as a stack, so 上一页 returns without counting. */
function CaseResults({ filter }: { filter: CaseFilter }) {
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const page = cursors.length;
  const result = useCases(filter, cursors[page - 1]);
  if (result.error) return <ApiErrorNotice error={result.error} inline />;
  const nextCursor = result.data?.nextCursor ?? null;
  return (
    <>
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={result.data?.items}
        loading={result.isFetching}
        pagination={false}
        rowClassName={(c) => (c.overdue ? 'row-overdue' : '')}
        locale={{ emptyText: '本辖区内没有符合条件的救助案件' }}
        data-testid="case-table"
      />
      <Space style={{ marginTop: 16, width: '100%', justifyContent: 'flex-end' }}>
        <Typography.Text type="secondary">第 {page} 页</Typography.Text>
        <Button disabled={page === 1 || result.isFetching} onClick={() => setCursors((stack) => stack.slice(0, -1))}>
          上一页
        </Button>
        <Button disabled={nextCursor === null || result.isFetching} onClick={() => nextCursor !== null && setCursors((stack) => [...stack, nextCursor])} data-testid="case-next-page">
          下一页
        </Button>
      </Space>
    </>
  );
}

/** 救助案件: the jurisdiction's cases, newest first, by status, programme, division and time limit. */
export default function CaseListPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const [form] = Form.useForm<FilterForm>();

  function search(values: FilterForm) {
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value) next.set(key, String(value));
    setParams(next);
  }

  return (
    <Card title="救助案件" extra={<Typography.Text type="secondary">仅显示您辖区内的案件；逾期：超过办结时限或复核日期</Typography.Text>}>
      <Form form={form} layout="inline" style={{ marginBottom: 16, rowGap: 8 }} initialValues={{ ...filter, overdue: filter.overdue === undefined ? undefined : String(filter.overdue) }} onFinish={search}>
        <Form.Item name="status" label="状态">
          <Select allowClear placeholder="全部" style={{ width: 170 }} options={Object.entries(caseStatusLabels).map(([value, text]) => ({ value, label: text }))} data-testid="case-status-filter" />
        </Form.Item>
        <Form.Item name="programme" label="项目">
          <Select allowClear placeholder="全部" style={{ width: 200 }} options={Object.entries(assistanceProgrammeLabels).map(([value, text]) => ({ value, label: text }))} />
        </Form.Item>
        <Form.Item name="division" label="区划">
          <DivisionPicker root={me.jurisdiction} />
        </Form.Item>
        <Form.Item name="overdue" label="时限">
          <Select allowClear placeholder="全部" style={{ width: 110 }} options={OVERDUE_OPTIONS} data-testid="case-overdue-filter" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="case-search">
            查询
          </Button>
        </Form.Item>
        <Form.Item>
          <LedgerExportButton path="/assistance/cases/export" query={{ ...filter }} title="救助案件台账" />
        </Form.Item>
      </Form>
      <CaseResults key={params.toString()} filter={filter} />
    </Card>
  );
}
