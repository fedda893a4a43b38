import { Alert, Breadcrumb, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useCase, useCasePayments } from '../../api/assistance.js';
import type { CaseDetail, CasePayment } from '../../api/assistance-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { CaseStatusTag, DueTag } from '../../components/CaseStatusTag.js';
import { DivisionName } from '../../components/DivisionName.js';
import { PageLoading } from '../../components/PageLoading.js';
import { HouseholdLink, PersonLink } from '../../components/PersonLink.js';
import { assistanceProgrammeLabels, label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';
import { AdjustmentsCard } from './AdjustmentsCard.js';
import { CaseActions } from './CaseActions.js';
import { CaseTimeline } from './CaseTimeline.js';
import { NoticeViewer } from './NoticeViewer.js';
import { formatRuleVersion } from '../../format/parameters.js';

const PAID_STATUSES = ['in_payment', 'suspended', 'stopped', 'completed'];

function Payments({ c }: { c: CaseDetail }) {
  const payments = useCasePayments(c.id, PAID_STATUSES.includes(c.status));
  if (!PAID_STATUSES.includes(c.status)) return null;
  return (
    <Card title="发放记录" size="small">
      {payments.error ? (
        <ApiErrorNotice error={payments.error} inline />
      ) : (
        <Table<CasePayment>
          rowKey={(p) => `${p.month}-${p.runId}`}
          size="small"
          loading={payments.isPending}
          pagination={false}
          dataSource={payments.data}
          locale={{ emptyText: '尚无发放记录（每月发放批次运行后显示）' }}
          columns={[
            { title: '月份', dataIndex: 'month' },
            { title: '金额', dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatFen(fen) },
            { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'paid' ? <Tag color="green">已发放</Tag> : <Tag color="orange">暂停（未发放）</Tag>) },
            { title: '当月标准', dataIndex: 'standardFen', render: (fen: number | null) => formatFen(fen) },
            { title: '规则版本', dataIndex: 'ruleVersion', render: (version: string) => formatRuleVersion(version) },
            { title: '说明', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
          ]}
        />
      )}
    </Card>
  );
}

function Summary({ c }: { c: CaseDetail }) {
  return (
    <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
      <Descriptions.Item label="案件编号">{c.id}</Descriptions.Item>
      <Descriptions.Item label="救助项目">{label(assistanceProgrammeLabels, c.programme)}</Descriptions.Item>
      <Descriptions.Item label="状态">
        <CaseStatusTag status={c.status} />
      </Descriptions.Item>
      <Descriptions.Item label="申请人">
        <PersonLink id={c.applicantPersonId} name={c.applicantName} />
      </Descriptions.Item>
      <Descriptions.Item label="家庭">
        <HouseholdLink id={c.householdId} name={c.householdName ?? `${c.applicantName}所在家庭`} masked={c.householdNameMasked} testId="case-household-link" />
      </Descriptions.Item>
      {c.beneficiaryPersonId ? (
        <Descriptions.Item label="供养对象">
          <PersonLink id={c.beneficiaryPersonId} name={c.beneficiaryName} masked={c.beneficiaryNameMasked} />
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label="受理街镇（户籍地）">
        <DivisionName code={c.streetCode} full />
      </Descriptions.Item>
      <Descriptions.Item label="申请日期">{c.appliedOn}</Descriptions.Item>
      <Descriptions.Item label={c.status === 'in_payment' || c.status === 'suspended' ? '复核日期' : '办结时限'}>
        <DueTag c={c} />
      </Descriptions.Item>
      <Descriptions.Item label="救助金额">{c.amountFen === null ? '—' : `${formatFen(c.amountFen)}${c.programme === 'temporary' ? '（一次性）' : ' / 月'}`}</Descriptions.Item>
      <Descriptions.Item label="发放期间">{c.paymentFrom ? `${c.paymentFrom} 起${c.paymentUntil ? `，至 ${c.paymentUntil} 前` : ''}` : '—'}</Descriptions.Item>
      {c.noticeEndsOn ? <Descriptions.Item label="公示截止">{c.noticeEndsOn}</Descriptions.Item> : null}
      <Descriptions.Item label="收款账户">{c.bankAccount ? `${c.bankAccount.holderName} · ${c.bankAccount.bankName} ${c.bankAccount.accountMasked}` : '—'}</Descriptions.Item>
      <Descriptions.Item label="经济状况核对">
        {c.lastVerificationId ? (
          <Link to={`/assistance/verifications/${c.lastVerificationId}`} data-testid="verification-link">
            查看核对报告 #{c.lastVerificationId}
          </Link>
        ) : (
          '尚未核对'
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 案件详情: the case, the next steps this user may take, its full log, its notices and payments. */
export default function CaseDetailPage() {
  const id = Number(useParams().id);
  const query = useCase(id);
  if (!Number.isInteger(id) || id <= 0) return <ApiErrorNotice error={{ status: 404, message: '案件编号无效' }} />;
  if (query.error) return <ApiErrorNotice error={query.error} />;
  if (!query.data) return <PageLoading />;
  const c = query.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb items={[{ title: <Link to="/assistance">社会救助</Link> }, { title: `案件 ${c.id}` }]} />
      <Card
        title={
          <Space>
            <span data-testid="case-title">
              {c.applicantName} · {label(assistanceProgrammeLabels, c.programme)}
            </span>
            <CaseStatusTag status={c.status} />
            {c.urgent ? <Tag color="red">加急（急难型）</Tag> : null}
          </Space>
        }
        extra={<NoticeViewer c={c} />}
      >
        {c.relativeOfStaff ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="该户家庭成员中有经办人员备案的近亲属：备案人员须回避，不能经办或审批此案件。" /> : null}
        {c.openObjections > 0 ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`有 ${c.openObjections} 条公示异议待处理`} /> : null}
        <Summary c={c} />
      </Card>
      <Card title="办理" size="small">
        <CaseActions c={c} />
      </Card>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <Card title="办理记录" size="small" extra={<Typography.Text type="secondary">共 {c.actions.length} 步，按时间先后</Typography.Text>}>
            <CaseTimeline actions={c.actions} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <Payments c={c} />
            <AdjustmentsCard c={c} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
