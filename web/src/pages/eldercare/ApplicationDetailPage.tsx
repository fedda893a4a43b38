import { Breadcrumb, Card, Descriptions, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useApplication } from '../../api/eldercare.js';
import type { ApplicationDetail } from '../../api/eldercare-types.js';
import { ActionLog } from '../../components/ActionLog.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { PageLoading } from '../../components/PageLoading.js';
import { PersonLink } from '../../components/PersonLink.js';
import { applicationLogLabels } from '../../format/eldercare-labels.js';
import { label } from '../../format/labels.js';
import { OffersCard } from './OffersCard.js';
import { PositionCard } from './PositionCard.js';
import { ApplicationStatusTag, GroupTags } from './WaitlistTags.js';

function Districts({ a }: { a: ApplicationDetail }) {
  if (a.acceptAnyDistrict) return <>同意跨区分配（任一区）</>;
  const codes = a.preferredDistricts.length ? a.preferredDistricts : [a.districtCode];
  return (
    <Space size={4} wrap>
      {codes.map((code, i) => (
        <span key={code}>
          <DivisionName code={code} />
          {i < codes.length - 1 ? '、' : ''}
        </span>
      ))}
      {a.preferredDistricts.length ? null : <Typography.Text type="secondary">（本人居住区）</Typography.Text>}
    </Space>
  );
}

function Summary({ a }: { a: ApplicationDetail }) {
  return (
    <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
      <Descriptions.Item label="申请编号">{a.id}</Descriptions.Item>
      <Descriptions.Item label="老人">
        <PersonLink id={a.personId} name={a.personName} testId="application-person" />（{a.age} 岁）
      </Descriptions.Item>
      <Descriptions.Item label="居住地">
        <DivisionName code={a.divisionCode} full />
      </Descriptions.Item>
      <Descriptions.Item label="床位类型">{a.bedTypeName}</Descriptions.Item>
      <Descriptions.Item label="照护等级">
        {a.assessmentLevel} 级{a.assessmentValidUntil ? `（评估有效期至 ${a.assessmentValidUntil}）` : ''}
      </Descriptions.Item>
      <Descriptions.Item label="优先对象">
        <GroupTags groups={a.groups} />
      </Descriptions.Item>
      <Descriptions.Item label="申请日期">{a.appliedOn}</Descriptions.Item>
      <Descriptions.Item label="意向区域">
        <Districts a={a} />
      </Descriptions.Item>
      <Descriptions.Item label="放弃床位次数">{a.declines}</Descriptions.Item>
      {a.admittedOn ? <Descriptions.Item label="入住日期">{a.admittedOn}</Descriptions.Item> : null}
      {a.closedReason ? <Descriptions.Item label="结束原因">{a.closedReason}</Descriptions.Item> : null}
    </Descriptions>
  );
}

/** 轮候申请详情: the applicant, why they stand where they stand, the beds offered to them and the application's log. */
export default function ApplicationDetailPage() {
  const id = Number(useParams().id);
  const query = useApplication(id);
  if (!Number.isInteger(id) || id <= 0) return <ApiErrorNotice error={{ status: 404, message: '申请编号无效' }} />;
  if (query.error) return <ApiErrorNotice error={query.error} />;
  if (!query.data) return <PageLoading />;
  const a = query.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/eldercare/waitlist">统筹轮候</Link> }, { title: `申请 ${a.id}` }]} />
      <Card
        title={
          <Space>
            <span data-testid="application-title">
              轮候申请 {a.id} · {a.bedTypeName}
            </span>
            <ApplicationStatusTag status={a.status} name={a.statusName} />
          </Space>
        }
      >
        <Summary a={a} />
      </Card>
      <PositionCard application={a} />
      <OffersCard application={a} />
      <Card title="办理记录" size="small">
        <ActionLog testId="application-log" items={a.log.map((l, i) => ({ key: i, title: label(applicationLogLabels, l.action), at: l.at, actorUsername: l.actorUser ? `用户 ${l.actorUser}` : null, reason: l.reason }))} />
      </Card>
    </Space>
  );
}
