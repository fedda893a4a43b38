import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { reproduceVerification, useCase, useVerification } from '../../api/assistance.js';
import type { Reproduction } from '../../api/assistance-types.js';
import type { PolicyMemberFacts } from '../../api/policy-types.js';
import { useHousehold } from '../../api/registry.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PersonLink } from '../../components/PersonLink.js';
import { EvaluationResults } from '../../components/EvaluationResults.js';
import { FactsTable } from '../../components/FactsTable.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatDateTime } from '../../format/dates.js';
import { assistanceProgrammeLabels, label, laborCapacityLabels } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';
import { formatRuleVersion } from '../../format/parameters.js';

/** The button sits in the card header; its verdict goes in the body where there is room for it. */
function useReproduce(id: number) {
  const [result, setResult] = useState<Reproduction | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  async function run() {
    setRunning(true);
    setError(null);
    try {
      setResult(await reproduceVerification(id));
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(false);
    }
  }
  const button = (
    <Button icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void run()} data-testid="reproduce">
      用报告记录的输入与参数重新计算
    </Button>
  );
  const verdict = error ? (
    <ApiErrorNotice error={error} inline />
  ) : result?.identical ? (
    <Alert type="success" showIcon title="结论可复现：重新计算的结论、金额与理由与报告完全一致" data-testid="reproduce-ok" />
  ) : result ? (
    <Alert type="error" showIcon title="重新计算的结果与报告不一致，请联系系统管理员核查规则版本与参数" data-testid="reproduce-differs" />
  ) : null;
  return { button, verdict };
}

/** 核对报告: what the engine read (each member's figures, every fact with its source), what it concluded and why. */
export default function VerificationPage() {
  const id = Number(useParams().id);
  const report = useVerification(id);
  const reproduce = useReproduce(id);
  const caseQuery = useCase(report.data?.caseId ?? 0);
  const household = useHousehold(caseQuery.data?.householdId ?? Number.NaN);
  if (report.error) return <ApiErrorNotice error={report.error} />;
  if (!report.data) return <PageLoading />;
  const v = report.data;
  const names: Record<string, string> = Object.fromEntries((household.data?.members ?? []).map((m) => [String(m.id), m.name]));
  const facts = v.request.household;
  const programme = caseQuery.data?.programme;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/assistance">社会救助</Link> }, { title: <Link to={`/assistance/cases/${v.caseId}`}>案件 {v.caseId}</Link> }, { title: `核对报告 ${v.id}` }]} />
      <Card title={<span data-testid="verification-title">家庭经济状况核对报告 #{v.id}</span>} extra={reproduce.button}>
        {reproduce.verdict ? <div style={{ marginBottom: 16 }}>{reproduce.verdict}</div> : null}
        <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered>
          <Descriptions.Item label="案件">
            <Link to={`/assistance/cases/${v.caseId}`}>{v.caseId}</Link>
            {programme ? `（${label(assistanceProgrammeLabels, programme)}）` : null}
          </Descriptions.Item>
          <Descriptions.Item label="核对月份">{v.month}</Descriptions.Item>
          <Descriptions.Item label="结论">
            <span data-testid="verification-conclusion">{v.eligible ? <Tag color="green">符合条件</Tag> : <Tag color="red">不符合条件</Tag>}</span>
          </Descriptions.Item>
          <Descriptions.Item label="月救助金额">{formatFen(v.monthlyAmountFen)}</Descriptions.Item>
          <Descriptions.Item label="规则版本">{formatRuleVersion(v.ruleVersion)}</Descriptions.Item>
          <Descriptions.Item label="核对时间">{formatDateTime(v.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="核对所用的家庭数据" extra="各成员当月的收入、财产等，由各部门推送的事实汇总">
        <Table<PolicyMemberFacts>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={facts.members}
          columns={[
            // A member who has since left the household is not among today's members: still a link, never a bare number.
            { title: '成员', dataIndex: 'id', render: (memberId: string) => <PersonLink id={Number(memberId)} name={names[memberId] ?? (household.isPending ? '…' : '（已迁出的成员）')} /> },
            { title: '出生日期', dataIndex: 'birthDate' },
            { title: '本市户籍', dataIndex: 'hukouShanghai', render: (yes: boolean) => (yes ? '是' : '否') },
            { title: '劳动能力', dataIndex: 'laborCapacity', render: (capacity: string) => label(laborCapacityLabels, capacity) },
            { title: '残疾', dataIndex: 'disability', render: (d: PolicyMemberFacts['disability']) => (d ? `${d.category} ${d.grade} 级` : '—') },
            { title: '月收入', dataIndex: 'monthlyIncomeFen', align: 'right', render: (fen: number) => formatFen(fen) },
            { title: '货币财产', dataIndex: 'monetaryAssetsFen', align: 'right', render: (fen: number) => formatFen(fen) },
            { title: '机动车', dataIndex: 'ownsVehicle', render: (yes: boolean) => (yes ? '有' : '无') },
          ]}
          data-testid="verification-members"
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          近 12 个月刚性支出：{formatFen(facts.rigidExpensesLast12MonthsFen)}；法定赡养（抚养、扶养）人：{facts.hasLegalSupporter ? '有' : '无'}
        </Typography.Paragraph>
      </Card>
      <Card title="核对结论与理由" data-testid="verification-results">
        <EvaluationResults response={v.response} memberNames={names} open={programme ? [programme] : []} />
      </Card>
      <Card title="所读取的事实" extra="来源、有效期与更正历史">
        <FactsTable facts={v.facts} loading={false} />
      </Card>
    </Space>
  );
}
