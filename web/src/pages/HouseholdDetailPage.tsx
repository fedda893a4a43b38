import { Breadcrumb, Card, Descriptions, Space, Table, Tag, type TableColumnsType } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useFacts, useHousehold } from '../api/registry.js';
import type { HouseholdMember } from '../api/types.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { ApplyAssistanceButton } from '../components/ApplyAssistanceButton.js';
import { DivisionName } from '../components/DivisionName.js';
import { FactsTable } from '../components/FactsTable.js';
import { HouseholdCasesCard } from '../components/HouseholdCasesCard.js';
import { PageLoading } from '../components/PageLoading.js';
import { PolicyEligibilityCard } from '../components/PolicyEligibilityCard.js';
import { RevealIdNumber } from '../components/RevealIdNumber.js';
import { ageOn } from '../format/dates.js';
import { label, laborCapacityLabels, relationLabels, sexLabels } from '../format/labels.js';

const memberColumns: TableColumnsType<HouseholdMember> = [
  { title: '姓名', dataIndex: 'name', render: (name: string, m) => <Link to={`/registry/persons/${m.id}`}>{name}</Link> },
  { title: '与户主关系', dataIndex: 'relation', render: (relation: string) => label(relationLabels, relation) },
  { title: '身份证号', dataIndex: 'idNumber', render: (idNumber: string, m) => <RevealIdNumber personId={m.id} masked={idNumber} name={m.name} /> },
  { title: '性别', dataIndex: 'sex', render: (sex: string) => label(sexLabels, sex) },
  { title: '年龄', dataIndex: 'birthDate', render: (birthDate: string, m) => (m.deathDate ? <Tag>已故（{m.deathDate}）</Tag> : `${ageOn(birthDate)}岁`) },
  { title: '劳动能力', dataIndex: 'laborCapacity', render: (capacity: string) => label(laborCapacityLabels, capacity) },
  { title: '残疾', dataIndex: 'disability', render: (_: unknown, m) => (m.disability ? `${m.disability.category} ${m.disability.grade} 级` : '—') },
  { title: '入户日期', dataIndex: 'since' },
  { title: '离户日期', dataIndex: 'until', render: (until: string | null) => until ?? '—' },
];

export default function HouseholdDetailPage() {
  const id = Number(useParams().id);
  const household = useHousehold(id);
  const facts = useFacts('households', id, household.isSuccess);

  if (!Number.isInteger(id)) return <ApiErrorNotice error={{ status: 404, message: '家庭编号无效' }} />;
  if (household.error) return <ApiErrorNotice error={household.error} />;
  if (!household.data) return <PageLoading />;
  const h = household.data;
  const head = h.members.find((m) => m.relation === 'head');
  const title = head ? `${head.name}户` : '家庭（暂无户主）';
  const memberNames = Object.fromEntries(h.members.map((m) => [String(m.id), m.name]));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/registry/persons">人口查询</Link> }, { title }]} />
      <Card title={<span data-testid="household-title">{title}</span>} extra={<ApplyAssistanceButton household={h} />}>
        <Descriptions column={{ xs: 1, md: 3 }} size="small">
          <Descriptions.Item label="家庭编号">{h.id}</Descriptions.Item>
          <Descriptions.Item label="所在区划">
            <DivisionName code={h.divisionCode} full />
          </Descriptions.Item>
          <Descriptions.Item label="地址">{h.address || '—'}</Descriptions.Item>
          <Descriptions.Item label="成员人数">{h.members.filter((m) => !m.until).length} 人</Descriptions.Item>
          {h.asOf ? <Descriptions.Item label="成员截至">{h.asOf}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card title="家庭成员">
        <Table<HouseholdMember> rowKey={(m) => `${m.id}-${m.since}`} size="middle" columns={memberColumns} dataSource={h.members} pagination={false} data-testid="member-table" />
      </Card>
      <HouseholdCasesCard householdId={h.id} />
      <PolicyEligibilityCard householdId={h.id} memberNames={memberNames} />
      <Card title="家庭层面的事实" extra="如刚性支出、法定赡养人等，含来源与更正历史">
        {facts.error ? <ApiErrorNotice error={facts.error} inline /> : <FactsTable facts={facts.data} loading={facts.isPending} />}
      </Card>
    </Space>
  );
}
