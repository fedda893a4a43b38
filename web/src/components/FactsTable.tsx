import { HistoryOutlined } from '@ant-design/icons';
import { Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { Fact } from '../api/types.js';
import { formatDateTime, formatPeriod } from '../format/dates.js';
import { factAttributeLabels, factAttributeValueLabels, factKindLabels, factSourceLabels, label } from '../format/labels.js';
import { formatFen } from '../format/money.js';

const amountKinds: Record<string, string> = { income: '月收入', asset: '余额', expense: '支出' };

/** Booleans as 是/否 and coded values by their label; a structure has no place in a sentence. */
function attributeValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value === null || typeof value === 'object') return '—';
  return label(factAttributeValueLabels, String(value));
}

function factValue(fact: Fact): string {
  const parts: string[] = [];
  if (fact.amountFen !== null) parts.push(`${amountKinds[fact.kind.split('.')[0]] ?? '金额'} ${formatFen(fact.amountFen)}`);
  for (const [key, value] of Object.entries(fact.attributes ?? {})) {
    parts.push(`${label(factAttributeLabels, key)}：${attributeValue(value)}`);
  }
  return parts.join('；') || '—';
}

/** The chain of rows a current fact replaced, newest first: id → the row it superseded → … */
function historyOf(fact: Fact, byId: Map<number, Fact>): Fact[] {
  const chain: Fact[] = [];
  let previous = fact.supersedes === null ? undefined : byId.get(fact.supersedes);
  while (previous && chain.length < 50) {
    chain.push(previous);
    previous = previous.supersedes === null ? undefined : byId.get(previous.supersedes);
  }
  return chain;
}

const baseColumns: TableColumnsType<Fact> = [
  { title: '事项', dataIndex: 'kind', render: (kind: string) => <Tooltip title={kind}>{label(factKindLabels, kind)}</Tooltip> },
  { title: '内容', key: 'value', render: (_: unknown, fact) => factValue(fact) },
  { title: '有效期', key: 'period', render: (_: unknown, fact) => formatPeriod(fact.validFrom, fact.validTo) },
  { title: '来源', dataIndex: 'source', render: (source: string) => <Tag>{label(factSourceLabels, source)}</Tag> },
  { title: '记录时间', dataIndex: 'recordedAt', render: (at: string) => formatDateTime(at) },
];

/** An earlier version shows why it was replaced: the reason the replacing row gives. */
const historyColumns = (byId: Map<number, Fact>): TableColumnsType<Fact> => [
  ...baseColumns,
  { title: '状态', key: 'state', render: () => <Tag>已被更正</Tag> },
  { title: '更正原因', key: 'reason', render: (_: unknown, fact) => (fact.supersededBy ? (byId.get(fact.supersededBy)?.reason ?? '—') : '—') },
];

/**
 * Facts are never overwritten: a correction is a new row naming the one it replaces. The table shows the
 * current rows; a row with corrections expands into the earlier versions, each with its source and date.
 */
export function FactsTable({ facts, loading }: { facts: Fact[] | undefined; loading: boolean }) {
  const all = facts ?? [];
  const byId = new Map(all.map((fact) => [fact.id, fact]));
  const current = all.filter((fact) => fact.supersededBy === null || fact.supersededBy === undefined);
  const columns: TableColumnsType<Fact> = [
    ...baseColumns,
    {
      title: '更正',
      key: 'corrections',
      render: (_: unknown, fact) => {
        const history = historyOf(fact, byId);
        if (history.length === 0) return null;
        return (
          <Tooltip title={fact.reason ? `更正原因：${fact.reason}` : undefined}>
            <Tag icon={<HistoryOutlined />} color="gold" data-testid="fact-corrected">
              已更正 {history.length} 次
            </Tag>
          </Tooltip>
        );
      },
    },
  ];
  return (
    <Table<Fact>
      rowKey="id"
      size="small"
      loading={loading}
      columns={columns}
      dataSource={current}
      pagination={current.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      locale={{ emptyText: '暂无其他部门推送的事实' }}
      expandable={{
        rowExpandable: (fact) => fact.supersedes !== null,
        expandedRowRender: (fact) => (
          <div data-testid="fact-history">
            <Typography.Text type="secondary">历史版本（较新的在前）：</Typography.Text>
            <Table<Fact> rowKey="id" size="small" columns={historyColumns(byId)} dataSource={historyOf(fact, byId)} pagination={false} />
          </div>
        ),
      }}
      data-testid="facts-table"
    />
  );
}
