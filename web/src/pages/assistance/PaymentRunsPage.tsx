import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Alert, Button, Card, DatePicker, Form, Popconfirm, Progress, Select, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { startPaymentRun, usePaymentRuns } from '../../api/assistance.js';
import type { PaymentRun } from '../../api/assistance-types.js';
import { downloadFile } from '../../api/download.js';
import { useMe } from '../../auth/AuthContext.js';
import { StepUpDialog } from '../../auth/StepUpDialog.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName, useDivision } from '../../components/DivisionName.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { codeLevel } from '../../format/divisions.js';
import { formatFen } from '../../format/money.js';
import { findJob, rememberJob } from '../../jobs/job-store.js';
import { ElapsedSince } from '../../jobs/ElapsedSince.js';
import { today } from '../../format/dates.js';

const jobKey = (district: string, month: string) => `payment-run:${district}:${month}`;

function ExportButtons({ run }: { run: PaymentRun }) {
  const { message } = App.useApp();
  const [format, setFormat] = useState<'csv' | 'xlsx' | null>(null);
  async function save(chosen: 'csv' | 'xlsx', purpose: string) {
    const file = await downloadFile(`/assistance/payment-runs/${run.runId}/export`, { format: chosen, purpose }, `代发文件-${run.districtCode}-${run.month}.${chosen}`);
    const count = file.headers.get('x-line-count');
    const total = file.headers.get('x-total-fen');
    void message.success(`已导出 ${count ?? '?'} 笔，合计 ${total ? formatFen(Number(total)) : '—'}，与发放台账核对一致`);
  }
  if (run.status !== 'completed') return <Typography.Text type="secondary">完成后可导出</Typography.Text>;
  return (
    <Space>
      <Button size="small" icon={<DownloadOutlined />} onClick={() => setFormat('csv')} data-testid={`export-csv-${run.month}`}>
        CSV
      </Button>
      <Button size="small" icon={<DownloadOutlined />} onClick={() => setFormat('xlsx')} data-testid={`export-xlsx-${run.month}`}>
        Excel
      </Button>
      <StepUpDialog open={format !== null} title={`导出银行代发文件（${format === 'xlsx' ? 'Excel' : 'CSV'}）`} onClose={() => setFormat(null)} run={(purpose) => save(format ?? 'csv', purpose)} />
    </Space>
  );
}

const columns: TableColumnsType<PaymentRun> = [
  { title: '批次', dataIndex: 'runId', width: 80 },
  { title: '月份', dataIndex: 'month' },
  {
    title: '状态',
    dataIndex: 'status',
    render: (status: string, run) => {
      if (status === 'completed') return <Tag color="green">已完成</Tag>;
      const started = findJob(jobKey(run.districtCode, run.month))?.startedAt;
      return (
        <Space size={6} data-testid="run-running">
          {run.casesTotal ? <Progress percent={Math.floor((run.casesDone / run.casesTotal) * 100)} size="small" status="active" style={{ width: 120 }} /> : <Spin size="small" />}
          <span data-testid="run-progress">
            进行中{run.casesTotal !== null ? `（已处理 ${run.casesDone} / ${run.casesTotal} 笔）` : ''}
            {started ? (
              <>
                ，已用时 <ElapsedSince since={started} />
              </>
            ) : null}
          </span>
        </Space>
      );
    },
  },
  { title: '发放笔数', dataIndex: 'paidCount', align: 'right' },
  { title: '发放金额', dataIndex: 'paidTotalFen', align: 'right', render: (fen: number) => formatFen(fen) },
  { title: '暂停发放', dataIndex: 'withheldCount', align: 'right', render: (n: number) => (n ? <Tag color="orange">{n} 笔</Tag> : 0) },
  { title: '银行代发文件', key: 'export', render: (_: unknown, run) => <ExportButtons run={run} /> },
  {
    title: '发放台账',
    key: 'ledger',
    // Every row of the run, paid and withheld with the reason: what the bank file is reconciled against.
    render: (_: unknown, run) => (
      <LedgerExportButton
        path={`/assistance/payment-runs/${run.runId}/ledger/export`}
        query={{}}
        title={`救助金发放台账（${run.month}）`}
        example="例如：月度发放核对、审计抽查"
        disabledReason={run.status === 'completed' ? undefined : '批次运行完成后可导出发放台账'}
      />
    ),
  },
];

/** A city-level payer picks the district; a district officer pays their own. */
function useDistricts(jurisdiction: string) {
  const root = useDivision(codeLevel(jurisdiction) === 'district' ? null : jurisdiction);
  if (codeLevel(jurisdiction) === 'district') return [jurisdiction];
  return (root.data?.children ?? []).filter((d) => d.level === 'district').map((d) => d.code);
}

/**
 * 发放批次: the monthly payment run of a district and its bank file. A run is one long request; the page
 * may be left while it runs — the run list is polled and shows it running until it completes.
 */
export default function PaymentRunsPage() {
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const districts = useDistricts(me.jurisdiction);
  const district = params.get('district') ?? (districts.length === 1 ? districts[0] : undefined);
  const [month, setMonth] = useState<Dayjs>(() => dayjs(params.get('month') ?? today().format('YYYY-MM')));
  const runs = usePaymentRuns(district);
  const [starting, setStarting] = useState(false);

  function start() {
    if (!district) return;
    const m = month.format('YYYY-MM');
    rememberJob({ key: jobKey(district, m), kind: 'payment-run', title: `救助金发放 ${m}`, url: `/assistance/payments?district=${district}&month=${m}`, ref: { district, month: m } }, true);
    setParams({ district, month: m });
    setStarting(true);
    const refresh = () => void queryClient.invalidateQueries({ queryKey: ['assistance', 'payment-runs', district] });
    // The server records the run as running at once; show it while the request is still going.
    setTimeout(refresh, 800);
    startPaymentRun(district, m)
      .then((run) => void message.success(`${run.month} 发放完成：${run.paidCount} 笔，合计 ${formatFen(run.paidTotalFen)}${run.withheldCount ? `；${run.withheldCount} 笔暂停发放` : ''}`))
      .catch((error: unknown) => void message.error(error instanceof Error ? error.message : '发放批次运行失败'))
      .finally(() => {
        setStarting(false);
        refresh();
      });
  }

  return (
    <Card title="月度发放批次" extra={<Typography.Text type="secondary">按政策规则逐户核定当月金额；同一月份重复运行或中断后重跑不会重复发放</Typography.Text>}>
      <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label="区">
          {districts.length === 1 ? (
            <DivisionName code={districts[0]} />
          ) : (
            <Select style={{ width: 180 }} placeholder="选择区" value={district} onChange={(code: string) => setParams({ district: code })} options={districts.map((code) => ({ value: code, label: <DivisionName code={code} /> }))} />
          )}
        </Form.Item>
        <Form.Item label="发放月份">
          <DatePicker picker="month" allowClear={false} value={month} onChange={(value) => value && setMonth(value)} data-testid="run-month" />
        </Form.Item>
        <Form.Item>
          <Popconfirm title={`运行 ${month.format('YYYY年M月')} 发放？`} description="将核定本区在册救助对象当月金额并写入发放台账。" okText="运行" cancelText="取消" onConfirm={start} disabled={!district}>
            <Button type="primary" icon={<PlayCircleOutlined />} loading={starting} disabled={!district} data-testid="start-run">
              运行发放
            </Button>
          </Popconfirm>
        </Form.Item>
      </Form>
      {!district ? (
        <Alert type="info" showIcon title="请选择区" />
      ) : runs.error ? (
        <ApiErrorNotice error={runs.error} inline />
      ) : (
        <Table<PaymentRun>
          rowKey="runId"
          size="middle"
          columns={columns}
          dataSource={runs.data}
          loading={runs.isPending}
          pagination={false}
          rowClassName={(run) => (run.month === params.get('month') ? 'ant-table-row-selected' : '')}
          locale={{ emptyText: '本区尚无发放批次' }}
          data-testid="run-table"
        />
      )}
    </Card>
  );
}
