import { AimOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Progress, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { startDiscovery, useDiscoveryRun } from '../../api/monitoring.js';
import type { DiscoveryProgress } from '../../api/monitoring-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { formatDateTime } from '../../format/dates.js';

const statusTags: Record<DiscoveryProgress['status'], { color: string; text: string }> = {
  running: { color: 'processing', text: '进行中' },
  done: { color: 'success', text: '已完成' },
  failed: { color: 'error', text: '失败' },
};

function RunProgress({ run }: { run: DiscoveryProgress }) {
  const total = run.householdsTotal;
  const percent = run.status === 'done' ? 100 : total ? Math.floor((run.householdsDone / total) * 100) : 0;
  const tag = statusTags[run.status];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="discovery-run">
      <Space>
        <Typography.Text strong>政策找人任务 #{run.runId}</Typography.Text>
        <Tag color={tag.color} data-testid="discovery-status">
          {tag.text}
        </Tag>
      </Space>
      <Progress percent={percent} status={run.status === 'failed' ? 'exception' : run.status === 'running' ? 'active' : 'success'} />
      <Typography.Text data-testid="discovery-counts">
        {total === null ? '正在读取筛查结果…' : `已核查 ${run.householdsDone} / ${total} 户`}，发现线索 {run.leadsFound} 条
      </Typography.Text>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="月份">{run.month}</Descriptions.Item>
        <Descriptions.Item label="范围">
          <DivisionName code={run.divisionCode} full />
        </Descriptions.Item>
        <Descriptions.Item label="开始时间">{formatDateTime(run.startedAt)}</Descriptions.Item>
      </Descriptions>
      {run.error ? <Alert type="error" showIcon title={`政策找人未完成：${run.error}`} /> : null}
      {run.status === 'running' ? <Typography.Text type="secondary">在服务器后台进行，可以离开本页；任务已记入“任务中心”。</Typography.Text> : null}
      {run.status === 'done' ? (
        <Link to="/monitoring?scope=all" data-testid="discovery-leads">
          查看政策找人线索
        </Link>
      ) : null}
    </Space>
  );
}

/**
 * 政策找人 from the screen: every household of the jurisdiction that qualifies for a programme it is not in
 * (and has not applied for) becomes one lead for its community advisor. Runs on the server; the bar shows
 * households examined of the candidates, and the leads found so far.
 */
export function DiscoveryPanel() {
  const { can } = useAuth();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const runId = Number(params.get('discovery')) || null;
  const run = useDiscoveryRun(runId);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const allowed = can('monitoring.discover');

  async function start(values: { month: Dayjs; division?: string }) {
    setStarting(true);
    setError(null);
    try {
      const started = await startDiscovery(values.month.format('YYYY-MM'), values.division);
      setParams((p) => {
        const next = new URLSearchParams(p);
        next.set('discovery', String(started.runId));
        return next;
      });
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  }

  return (
    <Card title="政策找人" extra={<Typography.Text type="secondary">符合条件而未纳入、也未申请的家庭，每户一条线索推送给社区救助顾问</Typography.Text>}>
      <Form layout="inline" initialValues={{ month: dayjs() }} onFinish={(v: { month: Dayjs; division?: string }) => void start(v)} style={{ rowGap: 8 }}>
        <Form.Item name="month" label="月份" rules={[{ required: true }]}>
          <DatePicker picker="month" allowClear={false} />
        </Form.Item>
        <Form.Item name="division" label="范围">
          <DivisionPicker root={me.jurisdiction} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<AimOutlined />} loading={starting} disabled={!allowed} title={allowed ? undefined : '仅市、区民政工作人员可以发起政策找人'} data-testid="discovery-start">
            发起政策找人
          </Button>
        </Form.Item>
      </Form>
      {!allowed ? <Typography.Text type="secondary">仅市、区民政工作人员可以发起政策找人。</Typography.Text> : null}
      {error ? (
        <div style={{ marginTop: 12 }}>
          <ApiErrorNotice error={error} inline />
        </div>
      ) : null}
      {runId === null ? null : <div style={{ marginTop: 16 }}>{run.error ? <ApiErrorNotice error={run.error} inline /> : run.data ? <RunProgress run={run.data} /> : <Card loading />}</div>}
    </Card>
  );
}
