import { Card, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useSubsidies } from '../../api/children.js';
import type { Subsidy } from '../../api/children-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { RehabCard } from './RehabCard.js';

const STATUS: Record<string, [string, string]> = { applied: ['待审批', 'blue'], approved: ['发放中', 'green'], refused: ['不予批准', 'default'], suspended: ['暂停（残疾人证注销）', 'orange'], stopped: ['已停发', 'default'] };

const columns: TableColumnsType<Subsidy> = [
  { title: '姓名', dataIndex: 'personName' },
  { title: '补贴', dataIndex: 'kindName' },
  { title: '户籍地', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} /> },
  { title: '申请日期', dataIndex: 'appliedOn', width: 110 },
  { title: '起发月份', dataIndex: 'fromMonth', render: (m: string | null) => m ?? '—' },
  {
    title: '状态',
    dataIndex: 'status',
    render: (s: string, r) => (
      <Tag color={STATUS[s]?.[1]}>
        {STATUS[s]?.[0] ?? s}
        {r.statusReason ? `：${r.statusReason}` : ''}
      </Tag>
    ),
  },
];

/** 残疾人福利: the 两项补贴 ledger (names masked) and 精神障碍社区康复. */
export default function DisabilityPage() {
  const list = useSubsidies();
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title="两项补贴（困难残疾人生活补贴、重度残疾人护理补贴）" size="small" extra={<LedgerExportButton path="/disability/subsidies/export" query={{}} title="两项补贴台账" />}>
        {list.error ? (
          <ApiErrorNotice error={list.error} inline />
        ) : (
          <Table<Subsidy> rowKey="id" size="small" columns={columns} dataSource={list.data} loading={list.isFetching} data-testid="subsidies" pagination={{ pageSize: 20, hideOnSinglePage: true }} />
        )}
      </Card>
      <RehabCard />
    </Space>
  );
}
