import { Breadcrumb, Card, Descriptions, Space, Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useFacts, usePerson } from '../api/registry.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { DivisionName } from '../components/DivisionName.js';
import { FactsTable } from '../components/FactsTable.js';
import { PageLoading } from '../components/PageLoading.js';
import { RevealIdNumber } from '../components/RevealIdNumber.js';
import { ageOn } from '../format/dates.js';
import { label, laborCapacityLabels, sexLabels } from '../format/labels.js';

export default function PersonDetailPage() {
  const id = Number(useParams().id);
  const person = usePerson(id);
  const facts = useFacts('persons', id, person.isSuccess);

  if (!Number.isInteger(id)) return <ApiErrorNotice error={{ status: 404, message: '人员编号无效' }} />;
  if (person.error) return <ApiErrorNotice error={person.error} />;
  if (!person.data) return <PageLoading />;
  const p = person.data;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/registry/persons">人口查询</Link> }, { title: p.name }]} />
      <Card
        title={
          <Space>
            <span data-testid="person-name">{p.name}</span>
            {p.deathDate ? <Tag>已故</Tag> : null}
            {p.hukouDivision !== p.residenceDivision ? <Tag color="orange">人户分离</Tag> : null}
          </Space>
        }
        extra={
          p.householdId ? (
            <Link to={`/registry/households/${p.householdId}`} data-testid="person-household-link">
              查看所在家庭
            </Link>
          ) : (
            <span>未登记家庭</span>
          )
        }
      >
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} bordered size="small">
          <Descriptions.Item label="身份证号">
            <RevealIdNumber personId={p.id} masked={p.idNumber} name={p.name} />
          </Descriptions.Item>
          <Descriptions.Item label="性别">{label(sexLabels, p.sex)}</Descriptions.Item>
          <Descriptions.Item label="出生日期">
            {p.birthDate}
            {p.deathDate ? null : `（${ageOn(p.birthDate)}岁）`}
          </Descriptions.Item>
          <Descriptions.Item label="户籍地">
            <DivisionName code={p.hukouDivision} full />
          </Descriptions.Item>
          <Descriptions.Item label="居住地">
            <DivisionName code={p.residenceDivision} full />
          </Descriptions.Item>
          <Descriptions.Item label="劳动能力">{label(laborCapacityLabels, p.laborCapacity)}</Descriptions.Item>
          <Descriptions.Item label="残疾">{p.disability ? `${p.disability.category}残疾 ${p.disability.grade} 级` : '无'}</Descriptions.Item>
          <Descriptions.Item label="死亡日期">{p.deathDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="人员编号">{p.id}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="各部门推送的事实" extra="收入、财产、支出等，含来源、日期与更正历史">
        {facts.error ? <ApiErrorNotice error={facts.error} inline /> : <FactsTable facts={facts.data} loading={facts.isPending} />}
      </Card>
    </Space>
  );
}
