import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Popover, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useAuditLog, verifyAuditChain, type AuditFilter } from '../api/audit.js';
import type { AuditRow, ChainVerification } from '../api/types.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { formatDateTime } from '../format/dates.js';
import { auditActionLabels, auditResultLabels, denialReasonLabels, entityTypeLabels, label, roleLabels } from '../format/labels.js';

const resultColors: Record<string, string> = { ok: 'green', denied: 'red', error: 'orange' };

const reasonOf = (detail: unknown): string | null => (detail && typeof detail === 'object' && 'reason' in detail && typeof detail.reason === 'string' ? detail.reason : null);

const columns: TableColumnsType<AuditRow> = [
  { title: '编号', dataIndex: 'id', width: 80 },
  { title: '时间', dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
  { title: '操作人', dataIndex: 'actorUsername', render: (username: string | null, row) => (username ? <Tooltip title={label(roleLabels, row.actorRole)}>{username}</Tooltip> : '—') },
  { title: '操作', dataIndex: 'action', render: (action: string) => <Tooltip title={action}>{label(auditActionLabels, action)}</Tooltip> },
  { title: '对象', key: 'entity', render: (_: unknown, row) => (row.entityType ? `${label(entityTypeLabels, row.entityType)} ${row.entityId ?? ''}` : '—') },
  { title: '用途', dataIndex: 'purpose', render: (purpose: string | null) => purpose ?? '—' },
  { title: '来源', dataIndex: 'sourceIp', width: 130, render: (ip: string | null | undefined, row) => (ip ? <Tooltip title={`请求编号 ${row.requestId ?? '—'}；${row.userAgent ?? ''}`}>{ip}</Tooltip> : '—') },
  {
    title: '结果',
    dataIndex: 'result',
    render: (result: string, row) => {
      const reason = reasonOf(row.detail);
      return (
        <Space size={4}>
          <Tag color={resultColors[result]}>{label(auditResultLabels, result)}</Tag>
          {reason && result !== 'ok' ? <Typography.Text type="secondary">{label(denialReasonLabels, reason)}</Typography.Text> : null}
        </Space>
      );
    },
  },
  {
    title: '详情',
    key: 'detail',
    render: (_: unknown, row) =>
      row.detail ? (
        <Popover content={<pre style={{ maxWidth: 480, maxHeight: 320, overflow: 'auto', margin: 0 }}>{JSON.stringify(row.detail, null, 2)}</pre>} title="详情">
          <Button size="small" type="link">
            查看
          </Button>
        </Popover>
      ) : (
        '—'
      ),
  },
  {
    title: '哈希',
    dataIndex: 'hash',
    render: (hash: string) => (
      <Typography.Text code copyable={{ text: hash }}>
        {hash.slice(0, 10)}…
      </Typography.Text>
    ),
  },
];

/** The verify button sits in the card header; its verdict goes in the body where there is room for it. */
function useChainCheck() {
  const [checking, setChecking] = useState(false);
  const [outcome, setOutcome] = useState<ChainVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function verify() {
    setChecking(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await verifyAuditChain());
    } catch (failure) {
      setError(failure);
    } finally {
      setChecking(false);
    }
  }
  const button = (
    <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void verify()} data-testid="verify-chain">
      校验哈希链
    </Button>
  );
  const verdict = error ? (
    <ApiErrorNotice error={error} inline />
  ) : outcome?.ok ? (
    <Alert type="success" showIcon closable title={`哈希链完整：全部 ${outcome.entries} 条记录未被篡改`} data-testid="chain-ok" />
  ) : outcome ? (
    <Alert type="error" showIcon title={`哈希链在第 ${outcome.brokenAt?.id ?? '?'} 条记录处断开，日志可能被篡改或删除`} description={outcome.brokenAt?.reason} data-testid="chain-broken" />
  ) : null;
  return { button, verdict };
}

/** 审计日志: every access to personal data and every refusal, newest first; the chain check proves nothing was removed or altered. */
export default function AuditLogPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useAuditLog(filter);
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  const chain = useChainCheck();

  return (
    <Card title="审计日志" extra={chain.button}>
      {chain.verdict ? <div style={{ marginBottom: 16 }}>{chain.verdict}</div> : null}
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={(values: AuditFilter) => setFilter(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as AuditFilter)}>
        <Form.Item name="result" label="结果">
          <Select allowClear placeholder="全部" style={{ width: 120 }} options={Object.entries(auditResultLabels).map(([value, text]) => ({ value, label: text }))} data-testid="audit-result-filter" />
        </Form.Item>
        <Form.Item name="actor" label="操作人">
          <Input allowClear placeholder="用户名" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="entityType" label="对象类型">
          <Input allowClear placeholder="如 person、household" style={{ width: 160 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            筛选
          </Button>
        </Form.Item>
      </Form>
      {log.error ? (
        <ApiErrorNotice error={log.error} inline />
      ) : (
        <>
          <Table<AuditRow>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={rows}
            loading={log.isFetching && !log.isFetchingNextPage}
            pagination={false}
            rowClassName={(row) => (row.result === 'denied' ? 'audit-denied' : '')}
            data-testid="audit-table"
          />
          <Space style={{ marginTop: 16 }}>
            <Typography.Text type="secondary">已显示 {rows.length} 条</Typography.Text>
            {log.hasNextPage ? (
              <Button loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                加载更早的记录
              </Button>
            ) : null}
          </Space>
        </>
      )}
    </Card>
  );
}
