import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, Input, Popover, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuditLog, useAuditSubjects, verifyAuditChain, type AuditFilter } from '../api/audit.js';
import type { AuditRow, ChainVerification } from '../api/types.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../components/LedgerExportButton.js';
import { formatDateTime } from '../format/dates.js';
import { auditActionLabels, auditResultLabels, denialReasonLabels, entityTypeLabels, label, roleLabels } from '../format/labels.js';

const resultColors: Record<string, string> = { ok: 'green', denied: 'red', error: 'orange' };

const reasonOf = (detail: unknown): string | null => (detail && typeof detail === 'object' && 'reason' in detail && typeof detail.reason === 'string' ? detail.reason : null);

const FILTER_KEYS = ['result', 'actor', 'action', 'entityType', 'entityId', 'fromDate', 'toDate', 'personId'] as const;

function filterFrom(params: URLSearchParams): AuditFilter {
  const filter: Record<string, string | number> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filter[key] = key === 'personId' ? Number(value) : value;
  }
  return filter as AuditFilter;
}

const linkTo = (filter: AuditFilter) => `/audit?${new URLSearchParams(Object.entries(filter).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]]))).toString()}`;

/** The object as words, linked to every entry on it (a person: every read of their data). */
function ObjectLink({ row }: { row: AuditRow }) {
  if (!row.entityType) return null;
  const kind = label(entityTypeLabels, row.entityType);
  // A batch read's id names the list it was shown in (a reference), not a record number: no 第…号 then.
  const name = row.entityLabel ?? (row.entityId && /^\d+$/.test(row.entityId) ? `第 ${row.entityId} 号` : '本次显示的名单');
  if (!row.entityId) return <>{kind}</>;
  const to = row.entityType === 'person' ? linkTo({ personId: Number(row.entityId) }) : linkTo({ entityType: row.entityType, entityId: row.entityId });
  return (
    <>
      {kind}
      <Tooltip title={row.entityType === 'person' ? '查看谁读取过此人的信息' : '查看此对象的全部访问记录'}>
        <Link to={to} data-testid="audit-object-link">
          「{name}」
        </Link>
      </Tooltip>
      {row.entityLabel ? <Typography.Text type="secondary">（编号 {row.entityId}）</Typography.Text> : null}
    </>
  );
}

/** One entry as a sentence: 张三（街道经办人）查看人员「王小明」，用途：入户核查。 */
function Sentence({ row }: { row: AuditRow }) {
  const who = row.actorDisplayName ?? row.actorUsername;
  const reason = reasonOf(row.detail);
  const list = row.detail && typeof row.detail === 'object' && 'list' in row.detail && typeof row.detail.list === 'string' ? row.detail.list : null;
  const rows = row.detail && typeof row.detail === 'object' && 'rows' in row.detail && typeof row.detail.rows === 'number' ? row.detail.rows : null;
  return (
    <span data-testid="audit-sentence">
      {who ? (
        <Tooltip title={`登录名 ${row.actorUsername ?? '—'}`}>
          <Link to={linkTo({ actor: row.actorUsername ?? '' })}>{who}</Link>
        </Tooltip>
      ) : (
        '系统'
      )}
      {row.actorRole ? `（${label(roleLabels, row.actorRole)}）` : ''}
      {label(auditActionLabels, row.action)}
      {list ? `「${list}」${rows === null ? '' : `共 ${rows} 条`}` : <ObjectLink row={row} />}
      {row.purpose ? `，用途：${row.purpose}` : ''}
      {row.result !== 'ok' ? `——${label(auditResultLabels, row.result)}${reason ? `：${label(denialReasonLabels, reason)}` : ''}` : ''}。
    </span>
  );
}

const columns: TableColumnsType<AuditRow> = [
  { title: '时间', dataIndex: 'at', width: 160, render: (at: string) => formatDateTime(at) },
  { title: '经过', key: 'sentence', render: (_: unknown, row) => <Sentence row={row} /> },
  {
    title: '结果',
    dataIndex: 'result',
    width: 90,
    render: (result: string) => <Tag color={resultColors[result]}>{label(auditResultLabels, result)}</Tag>,
  },
  { title: '来源', dataIndex: 'sourceIp', width: 130, render: (ip: string | null | undefined, row) => (ip ? <Tooltip title={`请求编号 ${row.requestId ?? '—'}；${row.userAgent ?? ''}`}>{ip}</Tooltip> : '—') },
  {
    title: '记录',
    key: 'record',
    width: 120,
    render: (_: unknown, row) => (
      <Popover
        title={`第 ${row.id} 条记录`}
        content={
          <div style={{ maxWidth: 480 }}>
            <Typography.Paragraph copyable={{ text: row.hash }} style={{ marginBottom: 8 }}>
              哈希 {row.hash.slice(0, 16)}…
            </Typography.Paragraph>
            {row.detail ? <pre style={{ maxHeight: 320, overflow: 'auto', margin: 0 }}>{JSON.stringify(row.detail, null, 2)}</pre> : null}
          </div>
        }
      >
        <Button size="small" type="link">
          第 {row.id} 条
        </Button>
      </Popover>
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

/** "Who read this person's data": find the person by name or ID number, then every entry that read them. */
function PersonPicker({ value, onChange }: { value?: number; onChange?: (personId: number | undefined) => void }) {
  const [q, setQ] = useState('');
  const subjects = useAuditSubjects(q);
  return (
    <Select<number>
      allowClear
      showSearch={{ filterOption: false, onSearch: (text) => setQ(text.trim()) }}
      value={value}
      onChange={(personId) => onChange?.(personId)}
      placeholder="输入姓名或身份证号查找"
      style={{ width: 260 }}
      loading={subjects.isFetching}
      notFoundContent={q ? (subjects.isFetching ? '查找中…' : '未找到此人') : '请输入姓名或身份证号'}
      options={(subjects.data ?? []).map((s) => ({ value: s.personId, label: `${s.name}（${s.idNumberMasked}）` }))}
      data-testid="audit-person-filter"
    />
  );
}

interface FilterValues {
  result?: AuditFilter['result'];
  actor?: string;
  action?: string;
  entityType?: string;
  personId?: number;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

const optionsOf = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([value, text]) => ({ value, label: text }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));

/** 审计日志: every access to personal data and every refusal, newest first; the chain check proves nothing was removed or altered. */
export default function AuditLogPage() {
  const [params, setParams] = useSearchParams();
  const filter = filterFrom(params);
  const log = useAuditLog(filter);
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  const chain = useChainCheck();

  function search(values: FilterValues) {
    const { dates, ...rest } = values;
    const next: AuditFilter = { ...rest, entityId: rest.entityType === filter.entityType ? filter.entityId : undefined, fromDate: dates?.[0]?.format('YYYY-MM-DD'), toDate: dates?.[1]?.format('YYYY-MM-DD') };
    setParams(new URLSearchParams(Object.entries(next).flatMap(([k, v]) => (v === undefined || v === '' || v === null ? [] : [[k, String(v)]]))));
  }

  return (
    <Card title="审计日志" extra={chain.button}>
      {chain.verdict ? <div style={{ marginBottom: 16 }}>{chain.verdict}</div> : null}
      <Form<FilterValues>
        key={params.toString()}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        initialValues={{ ...filter, dates: filter.fromDate || filter.toDate ? [filter.fromDate ? dayjs(filter.fromDate) : null, filter.toDate ? dayjs(filter.toDate) : null] : null }}
        onFinish={search}
      >
        <Form.Item name="personId" label="被查看人" tooltip="列出读取过此人信息的全部记录：直接查看此人，或查看其家庭、案件、申请">
          <PersonPicker />
        </Form.Item>
        <Form.Item name="action" label="操作">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部" style={{ width: 200 }} options={optionsOf(auditActionLabels)} data-testid="audit-action-filter" />
        </Form.Item>
        <Form.Item name="entityType" label="对象类型">
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部" style={{ width: 160 }} options={optionsOf(entityTypeLabels)} data-testid="audit-entity-filter" />
        </Form.Item>
        <Form.Item name="dates" label="日期">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="result" label="结果">
          <Select allowClear placeholder="全部" style={{ width: 100 }} options={Object.entries(auditResultLabels).map(([value, text]) => ({ value, label: text }))} data-testid="audit-result-filter" />
        </Form.Item>
        <Form.Item name="actor" label="操作人登录名">
          <Input allowClear placeholder="登录名" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-search">
              筛选
            </Button>
            <LedgerExportButton path="/audit/export" query={{ ...filter }} title="审计日志台账" example="例如：个人信息保护合规检查" />
          </Space>
        </Form.Item>
      </Form>
      {filter.entityId ? (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title={`只显示${label(entityTypeLabels, filter.entityType)}第 ${filter.entityId} 号的记录`}
          action={
            <Link to={linkTo({ ...filter, entityId: undefined, entityType: undefined })}>
              <Button size="small">显示全部</Button>
            </Link>
          }
        />
      ) : null}
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
