import { UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Progress, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, isApiError } from '../../api/client.js';
import { useBatchReceipt } from '../../api/monitoring.js';
import type { BatchReceipt } from '../../api/monitoring-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { findJob, rememberJob } from '../../jobs/job-store.js';
import { ElapsedSince } from '../../jobs/ElapsedSince.js';
import { SHANGHAI } from '../../format/dates.js';

export const SOURCE_LABELS: Record<string, string> = {
  hr: '人社局（工资、失业）',
  medical_insurance: '医保局（医疗费用、住院）',
  disabled_federation: '残联（残疾证）',
  public_security: '公安局（死亡、迁移、失联报案、遣送出境、亲子关系）',
  housing: '房管局（房产）',
  water: '供水企业（智能水表）',
  education: '教委（教育支出）',
  civil_affairs: '民政（儿童福利）',
  justice: '司法局（服刑在押、强制隔离戒毒、释放）',
  court: '人民法院（宣告失踪、撤销监护资格）',
  health: '卫健委（重病）',
};

const jobKey = (source: string, batchId: string) => `import:${source}:${batchId}`;

/** Received in one request that may last minutes for a large file; the receipt page polls, so it may be left. */
function send(source: string, batchId: string, content: string, contentType: string): Promise<BatchReceipt> {
  return api<BatchReceipt>(`/monitoring/exchange/${source}/batches/${encodeURIComponent(batchId)}`, { rawBody: { content, contentType } });
}

/** Steps finished of the receiving workflow, with the line counts known so far (the server records them as it goes). */
function ImportProgress({ receipt }: { receipt: BatchReceipt }) {
  return (
    <div style={{ marginBottom: 12 }} data-testid="import-progress">
      <Progress percent={Math.floor((receipt.stepsDone / receipt.stepsTotal) * 100)} status="active" />
      <Typography.Text>
        第 {Math.min(receipt.stepsDone + 1, receipt.stepsTotal)} / {receipt.stepsTotal} 步{receipt.currentStep ? `：${receipt.currentStep}` : ''}
        {receipt.rows ? `；共 ${receipt.rows} 行，可接收 ${receipt.accepted} 行，拒收 ${receipt.rejected} 行` : ''}
      </Typography.Text>
    </div>
  );
}

function Receipt({ source, batchId }: { source: string; batchId: string }) {
  const receipt = useBatchReceipt(source, batchId);
  const job = findJob(jobKey(source, batchId));
  const waiting = receipt.data?.status === 'receiving' || (isApiError(receipt.error) && receipt.error.status === 404 && !!job);
  if (waiting) {
    return (
      <Card title={`批次 ${batchId}`} data-testid="import-receiving">
        {receipt.data ? <ImportProgress receipt={receipt.data} /> : null}
        <Space>
          <Spin />
          <span>
            正在接收与校验{job?.ref.lines ? `（文件共 ${job.ref.lines} 行）` : ''}，已用时 {job ? <ElapsedSince since={job.startedAt} /> : '—'}。可以离开本页，稍后在“任务中心”查看回执。
          </span>
        </Space>
      </Card>
    );
  }
  if (receipt.error) return <ApiErrorNotice error={receipt.error} inline />;
  if (!receipt.data) return <Card loading />;
  const r = receipt.data;
  return (
    <Card title={`批次回执：${SOURCE_LABELS[r.source] ?? r.source} · ${r.batchId}`} extra={<Tag color="green">已完成</Tag>} data-testid="import-receipt">
      {r.replayed ? <Alert type="info" showIcon title="该批次此前已收到，本次未作任何变更" style={{ marginBottom: 12 }} /> : null}
      <Descriptions size="small" bordered column={{ xs: 1, md: 4 }}>
        <Descriptions.Item label="数据行">{r.rows}</Descriptions.Item>
        <Descriptions.Item label="接收">{r.accepted}</Descriptions.Item>
        <Descriptions.Item label="拒收">{r.rejected ? <Typography.Text type="danger">{r.rejected}</Typography.Text> : 0}</Descriptions.Item>
        <Descriptions.Item label="记录事实">{r.factsRecorded}</Descriptions.Item>
        <Descriptions.Item label="人员变更">{r.personChanges}</Descriptions.Item>
        <Descriptions.Item label="触发预警">{r.warningsRaised}</Descriptions.Item>
        <Descriptions.Item label="发现线索">{r.leadsFound}</Descriptions.Item>
        <Descriptions.Item label="免申即享">{r.grantsMade}</Descriptions.Item>
      </Descriptions>
      {r.errors.length ? (
        <Table
          rowKey={(e) => `${e.row}-${e.field}`}
          size="small"
          style={{ marginTop: 16 }}
          dataSource={r.errors}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '行号', dataIndex: 'row', width: 80 },
            { title: '字段', dataIndex: 'field', width: 160 },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      ) : null}
    </Card>
  );
}

/** 部门数据导入: a department's CSV or NDJSON file into the exchange, with its receipt (row errors listed). */
export default function ImportPage() {
  const { source, batchId } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function upload(values: { source: string; batchId: string }) {
    if (!file) return;
    setError(null);
    const content = await file.text();
    const contentType = /\.(nd)?jsonl?$/i.test(file.name) ? 'application/x-ndjson' : 'text/csv';
    const lines = content.split('\n').filter((line) => line.trim()).length;
    rememberJob(
      {
        key: jobKey(values.source, values.batchId),
        kind: 'import',
        title: `数据导入 ${SOURCE_LABELS[values.source] ?? values.source} · ${file.name}`,
        url: `/monitoring/imports/${values.source}/${encodeURIComponent(values.batchId)}`,
        ref: { source: values.source, batchId: values.batchId, lines },
      },
      true,
    );
    navigate(`/monitoring/imports/${values.source}/${encodeURIComponent(values.batchId)}`);
    send(values.source, values.batchId, content, contentType)
      .catch((failure: unknown) => setError(failure))
      .finally(() => void queryClient.invalidateQueries({ queryKey: ['monitoring', 'receipt', values.source, values.batchId] }));
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="部门数据导入" extra={<Typography.Text type="secondary">同一批次号重发不会重复入库；错误行逐行报告，其余行照常接收</Typography.Text>}>
        <Form layout="inline" initialValues={{ source: source ?? 'hr', batchId: `web-${dayjs().tz(SHANGHAI).format('YYYYMMDD-HHmmss')}` }} onFinish={(v: { source: string; batchId: string }) => void upload(v)} style={{ rowGap: 8 }}>
          <Form.Item name="source" label="来源部门" rules={[{ required: true }]}>
            <Select style={{ width: 220 }} options={Object.entries(SOURCE_LABELS).map(([value, text]) => ({ value, label: text }))} />
          </Form.Item>
          <Form.Item name="batchId" label="批次号" rules={[{ required: true }, { pattern: /^[\w.:-]{1,100}$/, message: '字母、数字及 . : - _' }]}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label="文件（CSV 或 NDJSON）" required>
            <input type="file" accept=".csv,.ndjson,.jsonl,text/csv" onChange={(event) => setFile(event.target.files?.[0] ?? null)} data-testid="import-file" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<UploadOutlined />} disabled={!file} data-testid="import-submit">
              上传
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {error ? <ApiErrorNotice error={error} inline /> : null}
      {source && batchId ? <Receipt key={`${source}/${batchId}`} source={source} batchId={batchId} /> : null}
    </Space>
  );
}
