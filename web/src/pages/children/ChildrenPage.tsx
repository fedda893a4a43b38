import { Alert, Card, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { useChildCases, useChildrenFigures } from '../../api/children.js';
import type { ChildCaseItem, ChildrenFigures } from '../../api/children-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { formatFen } from '../../format/money.js';

const ESCALATED: Record<string, string> = { supervisor: '已提醒督导员', district: '已上报区民政局' };

function dueTag(c: ChildCaseItem) {
  if (!c.due) return <Tag>—</Tag>;
  const what = c.due.kind === 'first' ? '首次走访' : '定期走访';
  if (c.due.overdue)
    return (
      <Tag color="red" data-testid="overdue">
        {what}逾期（应于 {c.due.due}）{c.due.escalatedTo ? `，${ESCALATED[c.due.escalatedTo]}` : ''}
      </Tag>
    );
  return <Tag color="blue">{`${what}：${c.due.due} 前`}</Tag>;
}

const columns: TableColumnsType<ChildCaseItem> = [
  { title: '儿童', dataIndex: 'childName', render: (name: string, c) => <Link to={`/children/cases/${c.id}`}>{name}</Link> },
  { title: '年龄', dataIndex: 'age', width: 70 },
  { title: '居委', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} /> },
  { title: '状态', dataIndex: 'statusName' },
  { title: '类别', dataIndex: 'categoryName', render: (name: string | null) => name ?? '未认定' },
  { title: '报告日期', dataIndex: 'reportedOn', width: 110 },
  { title: '走访', key: 'due', render: (_: unknown, c) => dueTag(c) },
  {
    title: '',
    key: 'flags',
    render: (_: unknown, c) => (
      <Space>
        {c.abuse ? <Tag color="volcano">侵害</Tag> : null}
        {c.needsTemporaryCare ? (
          <Tag color="red" data-testid="needs-temporary-care">
            无人照料，须 24 小时内安排临时监护
          </Tag>
        ) : c.noCarer ? (
          <Tag color="orange">无人照料</Tag>
        ) : null}
        {c.review ? <Tag color={c.review.overdue ? 'red' : 'default'}>{c.review.overdue ? `须复核（${c.review.due} 到期）` : `下次复核 ${c.review.due}`}</Tag> : null}
      </Space>
    ),
  },
];

function Figures({ figures }: { figures: ChildrenFigures }) {
  return (
    <Card title="儿童福利与残疾人福利概况" size="small" data-testid="children-figures">
      {figures.suppressed ? <Typography.Paragraph type="secondary">为保护未成年人隐私，小于 5 的数字显示为“&lt;5”。</Typography.Paragraph> : null}
      <Table
        rowKey="districtCode"
        size="small"
        pagination={false}
        dataSource={figures.byDistrict}
        columns={[
          { title: '区', dataIndex: 'districtName' },
          ...figures.categories.map((c) => ({ title: c.name, key: c.category, render: (_: unknown, d: ChildrenFigures['byDistrict'][number]) => String(d.counts[c.category] ?? 0) })),
          { title: '合计', dataIndex: 'total', render: (v: number | string) => String(v) },
        ]}
        locale={{ emptyText: '暂无已认定的儿童' }}
      />
      <Typography.Paragraph style={{ marginTop: 12 }}>
        首次走访 p90：{figures.firstVisit.p90Hours === null ? '—' : `${Math.round(figures.firstVisit.p90Hours)} 小时`}（时限 {figures.firstVisit.slaHours} 小时）；儿童主任覆盖 {figures.directorCoverage.withDirector}/
        {figures.directorCoverage.committees} 个居（村）委；经培训的儿童督导员和儿童主任 {figures.trainedWorkers.count} 人（2025 年目标 ≥{figures.trainedWorkers.target2025}）。
      </Typography.Paragraph>
      {figures.subsidies.map((s) => (
        <Typography.Paragraph key={s.kind}>
          {s.name}：本年 {s.recipients} 人、{formatFen(s.yearFen)}（2024 年全市 {(s.baseline2024.recipients / 10_000).toFixed(2)} 万人、{(s.baseline2024.yearFen / 1e10).toFixed(2)} 亿元）
        </Typography.Paragraph>
      ))}
    </Card>
  );
}

/** 儿童福利: the register (overdue visits first, names masked) and, for the district and leaders, the figures. */
export default function ChildrenPage() {
  const { can } = useAuth();
  const cases = useChildCases(can('children.read'));
  const figures = useChildrenFigures(can('children.figures'));
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {can('children.read') ? (
        <Card title="儿童登记册" size="small" extra={<LedgerExportButton path="/children/cases/export" query={{}} title="儿童登记册" />}>
          <Alert type="info" showIcon message="列表中儿童姓名脱敏、不显示住址；逾期未走访的排在最前。" style={{ marginBottom: 12 }} />
          {cases.error ? (
            <ApiErrorNotice error={cases.error} inline />
          ) : (
            <Table<ChildCaseItem> rowKey="id" size="small" columns={columns} dataSource={cases.data} loading={cases.isFetching} data-testid="children-cases" pagination={{ pageSize: 20, hideOnSinglePage: true }} />
          )}
        </Card>
      ) : null}
      {can('children.figures') ? figures.error ? <ApiErrorNotice error={figures.error} inline /> : figures.data ? <Figures figures={figures.data} /> : null : null}
    </Space>
  );
}
