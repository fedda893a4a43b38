import { App, Alert, Button, Card, Descriptions, InputNumber, Modal, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useEligibility, useGradeExpiry, useGrades, useRecordGrade, type GradeRow, type GradeState } from '../../api/socialorg-grading.js';
import { useOrganisations, useSocialorgSettings } from '../../api/socialorg.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';

const STATE_COLORS: Record<GradeState, string> = { publicity: 'blue', in_force: 'green', expired: 'default' };

/** 等级评估: the rules and cut-offs, the eligibility of an organisation with every reason, recording a score, the ledger and the expiry run. */
export default function GradingPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [state, setState] = useState<GradeState | 'all'>('in_force');
  const grades = useGrades(state === 'all' ? undefined : state);
  const expiry = useGradeExpiry();
  const settings = useSocialorgSettings();
  const num = (name: string) => settings.data?.find((s) => s.name === name)?.current.value as number | undefined;
  const cutoffs = [5, 4, 3, 2, 1].map((g) => ({ grade: g, min: num(`grading.cutoff${g}A`) }));
  const gradeFor = (score: number) => cutoffs.find((c) => c.min !== undefined && score >= c.min)?.grade ?? null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="评估规则（《社会组织评估管理办法》民政部令第39号）">
        <Descriptions size="small" column={2} bordered>
          <Descriptions.Item label="参评条件">
            取得登记证书满 {num('grading.minYearsRegistered') ?? '—'} 年；上一年度参加年度检查且结论不为不合格，且未连续两年基本合格；未被列入活动异常名录或严重违法失信名单；无有效期内的评估等级
          </Descriptions.Item>
          <Descriptions.Item label="分数线（满分1000分）">{cutoffs.map((c) => `${c.grade}A ≥ ${c.min ?? '—'}`).join('；')}；低于1A分数线的不评定等级</Descriptions.Item>
          <Descriptions.Item label="公示">评估结论公示 {num('grading.publicityDays') ?? '—'} 日，公示期满后对外公开</Descriptions.Item>
          <Descriptions.Item label="有效期">{num('grading.validYears') ?? '—'} 年，期满由“等级到期处理”统一标记为已过期</Descriptions.Item>
        </Descriptions>
      </Card>
      {can('socialorg.supervise') ? <RecordGradeCard gradeFor={gradeFor} /> : null}
      <Card
        title="等级评估台账"
        extra={
          <Space>
            {can('socialorg.supervise') ? (
              <Tooltip title="有效期满（评估日起满5年）的等级标记为已过期；重复执行不会重复处理">
                <Button
                  loading={expiry.isPending}
                  onClick={async () => {
                    const run = await expiry.mutateAsync();
                    void message.success(`已执行：${run.expired} 个等级到期`);
                  }}
                  data-testid="grade-expiry"
                >
                  等级到期处理
                </Button>
              </Tooltip>
            ) : null}
            <LedgerExportButton path="/socialorg/grades/export" query={state === 'all' ? {} : { state }} title="社会组织等级评估台账" personal={false} />
          </Space>
        }
      >
        <Segmented
          value={state}
          onChange={(v) => setState(v as GradeState | 'all')}
          options={[
            { value: 'in_force', label: '有效' },
            { value: 'publicity', label: '公示中' },
            { value: 'expired', label: '已过期' },
            { value: 'all', label: '全部' },
          ]}
          style={{ marginBottom: 16 }}
        />
        {grades.error ? <ApiErrorNotice error={grades.error} inline /> : null}
        {expiry.error ? <ApiErrorNotice error={expiry.error} inline /> : null}
        <Table<GradeRow>
          rowKey="id"
          size="middle"
          loading={grades.isFetching}
          dataSource={grades.data?.pages.flatMap((p) => p.items)}
          pagination={{ pageSize: 20, showTotal: (t) => (grades.hasNextPage ? `已载入 ${t} 条` : `共 ${t} 条`) }}
          locale={{ emptyText: '没有评估记录' }}
          data-testid="grades-table"
          columns={[
            { title: '社会组织', dataIndex: 'organisationName', render: (n: string, g) => <Link to={`/socialorg/organisations/${g.organisationId}`}>{n}</Link> },
            { title: '统一社会信用代码', dataIndex: 'creditCode' },
            { title: '得分', dataIndex: 'score', align: 'right' },
            { title: '等级', dataIndex: 'gradeName', render: (g: string) => <Tag color="gold">{g}</Tag> },
            { title: '评估日期', dataIndex: 'evaluatedOn' },
            { title: '公示截止', dataIndex: 'publicityEnds' },
            { title: '有效期至', dataIndex: 'validUntil' },
            { title: '状态', dataIndex: 'stateName', render: (s: string, g) => <Tag color={STATE_COLORS[g.state]}>{s}</Tag> },
          ]}
        />
        {grades.hasNextPage ? (
          <Button loading={grades.isFetchingNextPage} onClick={() => void grades.fetchNextPage()} style={{ marginTop: 12 }}>
            载入更多
          </Button>
        ) : null}
      </Card>
    </Space>
  );
}

/** Pick a registered organisation, read why it may or may not be evaluated, then record the score (the grade it gives is shown first). */
function RecordGradeCard({ gradeFor }: { gradeFor: (score: number) => number | null }) {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [id, setId] = useState<number>();
  const [score, setScore] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const options = useOrganisations({ q: q || undefined, status: 'registered' }, 1);
  const eligibility = useEligibility(id);
  const record = useRecordGrade();
  const name = options.data?.items.find((o) => o.id === id)?.name;
  const grade = score === null ? null : gradeFor(score);
  return (
    <Card title="录入评估结果">
      <Space wrap align="start">
        <Select
          showSearch
          filterOption={false}
          onSearch={setQ}
          value={id}
          onChange={(v) => {
            setId(v);
            setScore(null);
          }}
          placeholder="输入名称查找已登记的社会组织"
          style={{ width: 360 }}
          options={options.data?.items.map((o) => ({ value: o.id, label: o.name }))}
          notFoundContent="没有符合的组织"
          data-testid="grading-org"
        />
        <InputNumber min={0} max={1000} precision={0} value={score} onChange={(v) => setScore(v)} placeholder="得分（0–1000）" style={{ width: 160 }} disabled={!eligibility.data?.eligible} data-testid="grading-score" />
        <Button type="primary" disabled={!eligibility.data?.eligible || score === null || grade === null} onClick={() => setConfirming(true)} data-testid="grading-record">
          记录评估结果
        </Button>
      </Space>
      {id !== undefined && eligibility.data ? (
        eligibility.data.eligible ? (
          <Alert style={{ marginTop: 12 }} type="success" showIcon title="符合参加评估的条件" data-testid="grading-eligible" />
        ) : (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title="暂不能参加评估"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {eligibility.data.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            }
            data-testid="grading-reasons"
          />
        )
      ) : null}
      {eligibility.error ? <ApiErrorNotice error={eligibility.error} inline /> : null}
      {score !== null && eligibility.data?.eligible ? <Typography.Paragraph style={{ marginTop: 8 }}>{grade === null ? '得分低于1A分数线，不评定等级' : `按分数线评定为 ${grade}A`}</Typography.Paragraph> : null}
      <Modal
        destroyOnHidden
        open={confirming}
        title="记录评估结果"
        okText="确认记录"
        cancelText="取消"
        confirmLoading={record.isPending}
        onCancel={() => setConfirming(false)}
        onOk={async () => {
          if (id === undefined || score === null) return;
          const done = await record.mutateAsync({ id, score });
          setConfirming(false);
          setId(undefined);
          setScore(null);
          void message.success(`已记录：${done.gradeName}，公示至 ${done.publicityEnds}，有效期至 ${done.validUntil}`);
        }}
      >
        <Typography.Paragraph>
          {name}：得分 {score}，评定为 {grade}A。评估结论公示期满后对外公开，有效期5年。
        </Typography.Paragraph>
        {record.error ? <ApiErrorNotice error={record.error} inline /> : null}
      </Modal>
    </Card>
  );
}
