import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useHouseholdCases } from '../api/assistance.js';
import type { CaseSummary } from '../api/assistance-types.js';
import { useAuth } from '../auth/AuthContext.js';
import { assistanceProgrammeLabels, label } from '../format/labels.js';
import { formatFen } from '../format/money.js';
import { ApiErrorNotice } from './ApiErrorNotice.js';
import { CaseStatusTag } from './CaseStatusTag.js';
import { PersonLink } from './PersonLink.js';

/** 救助案件: the household's open cases first, then the past ones, each linked to the case. */
export function HouseholdCasesCard({ householdId }: { householdId: number }) {
  const { can } = useAuth();
  const mayRead = can('assistance.read');
  const cases = useHouseholdCases(householdId, mayRead);
  if (!mayRead) return null;
  const rows = [...(cases.data?.items ?? [])].sort((a, b) => Number(b.open) - Number(a.open) || b.id - a.id);
  return (
    <Card title="社会救助案件" extra="在办与既往案件（限本人辖区）">
      {cases.error ? (
        <ApiErrorNotice error={cases.error} inline />
      ) : (
        <Table<CaseSummary>
          rowKey="id"
          size="small"
          loading={cases.isPending}
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: '该家庭没有救助案件' }}
          data-testid="household-cases"
          columns={[
            {
              title: '案件',
              dataIndex: 'id',
              render: (id: number, c) => (
                <Link to={`/assistance/cases/${id}`} data-testid={`household-case-${id}`}>
                  {label(assistanceProgrammeLabels, c.programme)}（{c.appliedOn} 申请）
                </Link>
              ),
            },
            { title: '在办', dataIndex: 'open', render: (open: boolean) => (open ? <Tag color="processing">在办</Tag> : <Tag>已结束</Tag>) },
            { title: '状态', dataIndex: 'status', render: (status: string) => <CaseStatusTag status={status} /> },
            { title: '申请人', dataIndex: 'applicantName', render: (name: string, c) => <PersonLink id={c.applicantPersonId} name={name} /> },
            { title: '月救助金', dataIndex: 'amountFen', render: (fen: number | null) => (fen === null ? '—' : formatFen(fen)) },
            { title: '发放期间', key: 'period', render: (_: unknown, c) => (c.paymentFrom ? `${c.paymentFrom} 至 ${c.paymentUntil ?? '今'}` : '—') },
            { title: '下次复核', dataIndex: 'reviewDue', render: (d: string | null) => d ?? '—' },
          ]}
        />
      )}
    </Card>
  );
}
