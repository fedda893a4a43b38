import { Button, Card, Progress, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { usePaymentRuns } from '../api/assistance.js';
import { useBatchReceipt, useDiscoveryRun } from '../api/monitoring.js';
import { isRunning, useScreenRun } from '../api/screening.js';
import { useSimulation } from '../api/simulation.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { formatDateTime } from '../format/dates.js';
import { pageOf, simulationQuery, useForgetJob, useMyJobs, type Job } from '../jobs/jobs-api.js';
import { requestOf, scenarioFromParams } from './policy/simulation-scenario.js';

const kindLabels: Record<string, string> = { screen: '政策筛查', simulation: '政策模拟', 'payment-run': '发放批次', import: '数据导入', discovery: '政策找人' };

function ScreenStatus({ job }: { job: Job }) {
  const run = useScreenRun(Number(job.ref.runId));
  if (run.error) return <Tag>无法读取</Tag>;
  if (!run.data) return <Tag>读取中</Tag>;
  if (isRunning(run.data)) return <Progress percent={run.data.progressPercent} size="small" status="active" style={{ width: 160 }} />;
  return run.data.status === 'done' ? <Tag color="green">已完成</Tag> : <Tag color="red">失败</Tag>;
}

function DiscoveryStatus({ job }: { job: Job }) {
  const run = useDiscoveryRun(Number(job.ref.runId));
  if (run.error) return <Tag>无法读取</Tag>;
  if (!run.data) return <Tag>读取中</Tag>;
  if (run.data.status === 'running') return <Tag color="processing">{run.data.householdsTotal === null ? '读取筛查结果' : `已核查 ${run.data.householdsDone} / ${run.data.householdsTotal} 户`}</Tag>;
  return run.data.status === 'done' ? <Tag color="green">已完成（线索 {run.data.leadsFound} 条）</Tag> : <Tag color="red">失败</Tag>;
}

function PaymentStatus({ job }: { job: Job }) {
  const runs = usePaymentRuns(String(job.ref.district));
  const run = runs.data?.find((r) => r.month === job.ref.month);
  if (runs.error) return <Tag>无法读取</Tag>;
  if (!run) return <Tag>{runs.isPending ? '读取中' : '未开始'}</Tag>;
  return run.status === 'completed' ? <Tag color="green">已完成</Tag> : <Tag color="processing">进行中</Tag>;
}

function ImportStatus({ job }: { job: Job }) {
  const receipt = useBatchReceipt(String(job.ref.source), String(job.ref.batchId));
  if (receipt.data) return receipt.data.status === 'done' ? <Tag color="green">已完成（拒收 {receipt.data.rejected} 行）</Tag> : <Tag color="processing">接收中</Tag>;
  return <Tag color="processing">接收中</Tag>;
}

/** A simulation's answer lives in this tab's cache; after a reload it is computed again when opened. */
function SimulationStatus({ job }: { job: Job }) {
  const scenario = scenarioFromParams(new URLSearchParams(simulationQuery(job.ref)));
  const simulation = useSimulation(scenario ? requestOf(scenario) : null, { watchOnly: true });
  if (simulation.fetchStatus === 'fetching') return <Tag color="processing">测算中</Tag>;
  if (simulation.data) return <Tag color="green">已完成</Tag>;
  if (simulation.error) return <Tag color="red">失败</Tag>;
  return <Tag>打开即重新测算</Tag>;
}

function JobStatus({ job }: { job: Job }) {
  switch (job.kind) {
    case 'screen':
      return <ScreenStatus job={job} />;
    case 'payment-run':
      return <PaymentStatus job={job} />;
    case 'discovery':
      return <DiscoveryStatus job={job} />;
    case 'import':
      return <ImportStatus job={job} />;
    default:
      return <SimulationStatus job={job} />;
  }
}

/** 任务中心: the long jobs this user started, in any browser (kept by the server), with their live state; each opens its own page. */
export default function JobsPage() {
  const jobs = useMyJobs();
  const forget = useForgetJob();
  const columns: TableColumnsType<Job> = [
    { title: '任务', dataIndex: 'title', render: (title: string, job) => <Link to={pageOf(job)}>{title}</Link> },
    { title: '类型', dataIndex: 'kind', render: (kind: string) => <Tag>{kindLabels[kind] ?? kind}</Tag> },
    { title: '开始时间', dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at) },
    { title: '状态', key: 'status', render: (_: unknown, job) => <JobStatus job={job} /> },
    {
      title: '',
      key: 'actions',
      render: (_: unknown, job) => (
        <Space>
          <Link to={pageOf(job)}>打开</Link>
          <Button size="small" type="link" loading={forget.isPending && forget.variables === job.id} onClick={() => forget.mutate(job.id)}>
            移出列表
          </Button>
        </Space>
      ),
    },
  ];
  const rows = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card title="任务中心" extra={<Typography.Text type="secondary">筛查、测算、发放与导入在服务器上运行，离开页面不会中断；换一台电脑登录也能看到</Typography.Text>}>
      {jobs.error ? <ApiErrorNotice error={jobs.error} inline /> : null}
      <Table<Job> rowKey="id" size="middle" columns={columns} dataSource={rows} loading={jobs.isPending} pagination={false} locale={{ emptyText: '您还没有发起过长时间任务' }} data-testid="jobs-table" />
      {jobs.hasNextPage ? (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button loading={jobs.isFetchingNextPage} onClick={() => void jobs.fetchNextPage()}>
            加载更多
          </Button>
        </div>
      ) : null}
    </Card>
  );
}
