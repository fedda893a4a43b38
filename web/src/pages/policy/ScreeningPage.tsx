import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Progress, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { isRunning, startScreen, useScreenRun, type ScreenRun, type ScreenTimings } from '../../api/screening.js';
import { useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { formatDateTime, today } from '../../format/dates.js';
import { label, programmeLabels, screenPhaseLabels } from '../../format/labels.js';
import { isWithin } from '../../format/divisions.js';
import { DiscoveryPanel } from './DiscoveryPanel.js';
import { ScreenDrill } from './ScreenDrill.js';
import { formatFen } from '../../format/money.js';
import { formatRuleVersion } from '../../format/parameters.js';

const statusTags: Record<string, { color: string; text: string }> = {
  queued: { color: 'default', text: '排队中' },
  running: { color: 'processing', text: '进行中' },
  done: { color: 'success', text: '已完成' },
  failed: { color: 'error', text: '失败' },
};

/** Where the run's population came from, in the words of the bureau's staff. */
function sourceText(t: ScreenTimings): string {
  if (t.derivedFrom) return `由 ${t.derivedFrom.month} 月度快照推导（重新汇总 ${t.derivedFrom.changedHouseholds} 户期间有变动的家庭）`;
  return t.parts.some((p) => p.source === 'registry') ? '汇总人口库' : '本月快照';
}

function RunView({ run, jurisdiction }: { run: ScreenRun; jurisdiction: string }) {
  const tag = statusTags[run.status] ?? { color: 'default', text: run.status };
  return (
    <Card
      title={`筛查任务 #${run.id}`}
      extra={
        <Tag color={tag.color} data-testid="screen-status">
          {tag.text}
        </Tag>
      }
      data-testid="screen-run"
    >
      <Progress percent={run.status === 'done' ? 100 : run.progressPercent} status={run.status === 'failed' ? 'exception' : isRunning(run) ? 'active' : 'success'} />
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label="月份">{run.month}</Descriptions.Item>
        <Descriptions.Item label="范围">
          <DivisionName code={run.divisionCode} full />
        </Descriptions.Item>
        <Descriptions.Item label="阶段">{label(screenPhaseLabels, run.phase)}</Descriptions.Item>
        <Descriptions.Item label="家庭数">{run.households ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="人数">{run.persons ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="发起人">{run.startedBy ?? '系统'}</Descriptions.Item>
        <Descriptions.Item label="创建时间">{formatDateTime(run.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="完成时间">{run.finishedAt ? formatDateTime(run.finishedAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label="规则版本">{formatRuleVersion(run.ruleVersion)}</Descriptions.Item>
        {run.timings ? (
          <Descriptions.Item label="数据来源" span={2}>
            <span data-testid="screen-source">{sourceText(run.timings)}</span> · 用时 {(run.timings.totalMs / 1000).toFixed(1)} 秒
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {run.error ? <Alert type="error" showIcon title={run.error} /> : null}
      {isRunning(run) ? <Typography.Text type="secondary">筛查在服务器后台进行，可以离开本页；任务编号已记入“任务中心”，随时回来查看进度。</Typography.Text> : null}
      {run.status === 'done' ? (
        <Table
          rowKey={(s) => `${s.district}-${s.programme}`}
          size="small"
          style={{ marginTop: 16 }}
          pagination={false}
          dataSource={run.summaries}
          columns={[
            { title: '区', dataIndex: 'district', render: (code: string) => <DivisionName code={`${code.slice(0, 6)}000000`} /> },
            { title: '项目', dataIndex: 'programme', render: (p: string) => label(programmeLabels, p) },
            { title: '符合条件户数', dataIndex: 'households', align: 'right' },
            { title: '人数', dataIndex: 'persons', align: 'right' },
            { title: '月金额合计', dataIndex: 'monthlyAmountFen', align: 'right', render: (fen: number) => formatFen(fen) },
          ]}
          data-testid="screen-summaries"
        />
      ) : null}
      {run.status === 'done' ? <ScreenDrill runId={run.id} root={isWithin(run.divisionCode, jurisdiction) ? run.divisionCode : jurisdiction} /> : null}
    </Card>
  );
}

/** 政策找人筛查: every programme over every household of the jurisdiction for a month, as a background job. */
export default function ScreeningPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const runId = Number(params.get('run')) || null;
  const run = useScreenRun(runId);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function start(values: { month: Dayjs; division?: string }) {
    setStarting(true);
    setError(null);
    try {
      const month = values.month.format('YYYY-MM');
      const started = await startScreen(month, values.division);
      setParams({ run: String(started.runId) });
    } catch (failure) {
      setError(failure);
    } finally {
      setStarting(false);
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="全人口政策筛查" extra={<Typography.Text type="secondary">找出符合条件而未申请的家庭（政策找人）</Typography.Text>}>
        <Form layout="inline" initialValues={{ month: today() }} onFinish={(v: { month: Dayjs; division?: string }) => void start(v)} style={{ rowGap: 8 }}>
          <Form.Item name="month" label="月份" rules={[{ required: true }]}>
            <DatePicker picker="month" allowClear={false} />
          </Form.Item>
          <Form.Item name="division" label="范围">
            <DivisionPicker root={me.jurisdiction} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={starting} data-testid="screen-start">
              发起筛查
            </Button>
          </Form.Item>
        </Form>
        {error ? (
          <div style={{ marginTop: 12 }}>
            <ApiErrorNotice error={error} inline />
          </div>
        ) : null}
      </Card>
      {runId === null ? null : run.error ? <ApiErrorNotice error={run.error} inline /> : run.data ? <RunView run={run.data} jurisdiction={me.jurisdiction} /> : <Card loading />}
      <DiscoveryPanel />
    </Space>
  );
}
