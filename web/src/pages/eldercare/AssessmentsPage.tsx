import { Card, Col, Row, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useExpiringAssessments } from '../../api/eldercare.js';
import type { Assessment } from '../../api/eldercare-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { DivisionName } from '../../components/DivisionName.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { PersonLink } from '../../components/PersonLink.js';
import { assessmentStateColors, assessmentStateLabels } from '../../format/eldercare-labels.js';
import { label } from '../../format/labels.js';
import { AssessmentForm } from './AssessmentForm.js';

type State = 'expiring' | 'expired' | 'all';
const STATES: { value: State; label: string }[] = [
  { value: 'expiring', label: '即将到期' },
  { value: 'expired', label: '已到期' },
  { value: 'all', label: '全部' },
];

function columns(): TableColumnsType<Assessment> {
  return [
    { title: '老人', dataIndex: 'personName', render: (_: string, a) => <PersonLink id={a.personId} name={a.personName} masked={a.personNameMasked} /> },
    { title: '居住地', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} /> },
    { title: '照护等级', dataIndex: 'levelText' },
    { title: '认知障碍', dataIndex: 'cognitiveImpairment', render: (yes: boolean) => (yes ? '是' : '否') },
    { title: '评估机构', dataIndex: 'assessor' },
    { title: '评估日期', dataIndex: 'assessedOn', width: 110 },
    { title: '有效期至', dataIndex: 'validUntil', width: 110 },
    {
      title: '到期',
      dataIndex: 'state',
      render: (state: string, a) => (
        <Tag color={assessmentStateColors[state]} data-testid="assessment-state">
          {label(assessmentStateLabels, state)}
          {state === 'expired' ? `（已过 ${-a.daysLeft} 天）` : state === 'expiring' ? `（${a.daysLeft} 天后）` : ''}
        </Tag>
      ),
    },
  ];
}

/** 评估: record a conclusion (assessors' roles) and the reminder list of assessments expiring or expired. */
export default function AssessmentsPage() {
  const me = useMe();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') as State | null) ?? 'expiring';
  const division = params.get('division') ?? undefined;
  const list = useExpiringAssessments({ state, division });
  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const notice = list.data ? `提前 ${list.data.noticeDays} 天提醒；截至 ${list.data.on}` : '';
  return (
    <Row gutter={[24, 24]}>
      {can('eldercare.assess') ? (
        <Col xs={24} xl={8}>
          <AssessmentForm />
        </Col>
      ) : null}
      <Col xs={24} xl={can('eldercare.assess') ? 16 : 24}>
        <Card
          title="评估到期提醒"
          size="small"
          extra={
            <Space wrap>
              <Segmented options={STATES} value={state} onChange={(v) => set('state', String(v))} data-testid="assessment-state-filter" />
              <DivisionPicker root={me.jurisdiction} value={division} onChange={(code) => set('division', code)} />
              <LedgerExportButton path="/eldercare/assessments/expiring/export" query={{ state, division }} title="评估到期台账" />
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">每位老人最近一次评估；到期后须重新评估，否则轮候时床位将依次分配给后面的申请人。{notice}</Typography.Paragraph>
          {list.error ? (
            <ApiErrorNotice error={list.error} inline />
          ) : (
            <Table<Assessment>
              rowKey="id"
              size="small"
              columns={columns()}
              dataSource={list.data?.items}
              loading={list.isFetching}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 人` }}
              locale={{ emptyText: state === 'expired' ? '没有已到期的评估' : '没有即将到期的评估' }}
              data-testid="expiring-table"
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
