import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useParams } from 'react-router-dom';
import { useChildCase, useDecideCase, useRecheckCase, useRecordVisit, useReviewCase } from '../../api/children.js';
import type { ChildCaseDetail } from '../../api/children-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';

const CATEGORY_NAMES: Record<string, string> = { orphan: '孤儿', de_facto: '事实无人抚养儿童', guardianship: '困境儿童（监护缺失或不当）', poverty: '困境儿童（家庭贫困）', disability: '困境儿童（自身残疾或重病）' };
const ACTIONS: Record<string, string> = {
  report: '发现报告',
  event: '数据事件',
  visit: '入户走访',
  review: '督导复核',
  decision: '区级认定',
  plan: '一人一策',
  guardian: '监护变更',
  situation: '情形登记',
  reassess: '释放后重新评估',
  recheck: '年度复核',
  exit: '结案',
};

/** A phone-friendly visit form: the date (today by default, never in the future) and what was seen. */
function VisitForm({ c }: { c: ChildCaseDetail }) {
  const visit = useRecordVisit(c.id);
  const [form] = Form.useForm<{ visitedOn: Dayjs; note: string }>();
  const closed = c.status === 'closed';
  return (
    <Card title="记录走访" size="small">
      <Form form={form} layout="vertical" initialValues={{ visitedOn: dayjs() }} onFinish={(v) => visit.mutate({ visitedOn: v.visitedOn.format('YYYY-MM-DD'), note: v.note }, { onSuccess: () => form.resetFields(['note']) })}>
        <Form.Item name="visitedOn" label="走访日期" rules={[{ required: true }]} extra={`不能早于报告日期 ${c.reportedOn}，不能晚于今天`}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(c.reportedOn), 'day')} inputReadOnly />
        </Form.Item>
        <Form.Item name="note" label="走访情况" rules={[{ required: true, message: '请填写走访情况' }]}>
          <Input.TextArea rows={3} data-testid="visit-note" />
        </Form.Item>
        {visit.error ? <ApiErrorNotice error={visit.error} inline /> : null}
        <Button type="primary" htmlType="submit" block loading={visit.isPending} disabled={closed} data-testid="visit-submit">
          {closed ? '案件已结案，不能记录走访' : '保存走访记录'}
        </Button>
      </Form>
    </Card>
  );
}

function Decide({ c }: { c: ChildCaseDetail }) {
  const decide = useDecideCase(c.id);
  const review = useReviewCase(c.id);
  const { can } = useAuth();
  const passing = c.assessment.filter((a) => a.passed);
  return (
    <Card title="复核与认定" size="small">
      {can('children.review') ? (
        <Button disabled={c.status !== 'visited'} loading={review.isPending} onClick={() => review.mutate({ note: '督导复核', suggested: passing[0]?.category ?? null })} title={c.status !== 'visited' ? '须在儿童主任走访后复核' : undefined}>
          {c.status === 'visited' ? '复核通过，提交区级认定' : '复核（须先走访）'}
        </Button>
      ) : null}
      {can('children.decide') ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          {c.status !== 'reviewed' ? <Typography.Text type="secondary">须经儿童督导员复核后认定</Typography.Text> : null}
          {c.assessment.map((a) => (
            <Button
              key={a.category}
              disabled={c.status !== 'reviewed' || !a.passed}
              onClick={() => decide.mutate({ category: a.category })}
              title={
                a.passed
                  ? undefined
                  : a.conditions
                      .filter((x) => !x.met)
                      .map((x) => x.text)
                      .join('；')
              }
              data-testid={`decide-${a.category}`}
            >
              认定为
              {a.category === 'de_facto'
                ? '事实无人抚养儿童'
                : a.category === 'orphan'
                  ? '孤儿'
                  : a.category === 'guardianship'
                    ? '困境儿童（监护缺失或不当）'
                    : a.category === 'poverty'
                      ? '困境儿童（家庭贫困）'
                      : '困境儿童（自身残疾或重病）'}
              {a.passed ? '' : '（条件不满足）'}
            </Button>
          ))}
          {decide.error ? <ApiErrorNotice error={decide.error} inline /> : null}
        </Space>
      ) : null}
    </Card>
  );
}

/** 复核 of a decided case: the rule is read again today; the answer says whether the case goes on or closes. */
function Recheck({ c }: { c: ChildCaseDetail }) {
  const recheck = useRecheckCase(c.id);
  const { can } = useAuth();
  if (!c.review || !can('children.decide')) return null;
  const outcome = recheck.data;
  return (
    <Card title="复核" size="small" data-testid="recheck">
      <Typography.Paragraph>
        {c.review.overdue ? `复核已到期（${c.review.due}）。` : `下次复核日期：${c.review.due}。`}
        按「{c.categoryName}」的认定条件重新核对：仍符合则一年后再复核；不再符合则结案，基本生活费发放至上月。
      </Typography.Paragraph>
      <Button loading={recheck.isPending} onClick={() => recheck.mutate({ note: c.review?.overdue ? '到期复核' : '提前复核' })}>
        开始复核
      </Button>
      {outcome ? (
        <Alert
          style={{ marginTop: 8 }}
          type={outcome.passed ? 'success' : 'warning'}
          showIcon
          message={outcome.passed ? `仍符合条件，下次复核 ${outcome.nextReviewOn}` : '不再符合条件，案件已结案'}
          description={outcome.conditions
            .filter((x) => !x.met)
            .map((x) => x.text)
            .join('；')}
        />
      ) : null}
      {recheck.error ? <ApiErrorNotice error={recheck.error} inline /> : null}
    </Card>
  );
}

/** A child's case: the person, the rules' explanations, the allowance, the timeline, visits and guardians. */
export default function ChildCasePage() {
  const id = Number(useParams().id);
  const c = useChildCase(id);
  const { can } = useAuth();
  if (c.error) return <ApiErrorNotice error={c.error} />;
  if (!c.data) return null;
  const d = c.data;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={16}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={`${d.childName}（${d.age} 岁）`} size="small" extra={<Tag>{d.statusName}</Tag>} data-testid="child-case">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label="性别">{d.sex}</Descriptions.Item>
              <Descriptions.Item label="身份证号">{d.idNumberMasked}</Descriptions.Item>
              <Descriptions.Item label="居委">
                <DivisionName code={d.divisionCode} />
              </Descriptions.Item>
              <Descriptions.Item label="类别">{d.categoryName ?? '未认定'}</Descriptions.Item>
              {d.parents.map((p) => (
                <Descriptions.Item key={p.role} label={p.role}>
                  {p.name}
                  {p.deathDate ? `（${p.deathDate} 死亡）` : ''}
                  {p.disability ? `，${p.disability}` : ''}
                </Descriptions.Item>
              ))}
            </Descriptions>
            {d.due?.overdue ? <Alert type="error" showIcon message={`走访已逾期（应于 ${d.due.due} 前）`} /> : null}
            {d.needsTemporaryCare ? <Alert type="error" showIcon message="无人照料：须在 24 小时内应急处置，登记临时监护（未成年人保护机构临时照料）或其他监护" /> : null}
          </Card>
          <Recheck c={d} />
          <Card title="基本生活费" size="small">
            <Typography.Paragraph data-testid="allowance-explanation">{d.allowance.explanation}</Typography.Paragraph>
          </Card>
          <Card title="认定条件" size="small">
            {d.assessment.map((a) => (
              <div key={a.category} style={{ marginBottom: 8 }}>
                <Typography.Text strong>
                  {a.passed ? '✔ 符合' : '✘ 不符合'}「{CATEGORY_NAMES[a.category]}」：
                </Typography.Text>
                {a.conditions.map((x) => (
                  <Tag key={x.text} color={x.met ? 'green' : 'default'} style={{ whiteSpace: 'normal' }}>
                    {x.text}
                  </Tag>
                ))}
              </div>
            ))}
          </Card>
          <Card title="办理经过" size="small">
            <Timeline items={d.timeline.map((t) => ({ children: `${t.onDate} ${ACTIONS[t.kind] ?? t.kind}` }))} />
          </Card>
          <Card title="走访记录" size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={d.visits}
              columns={[
                { title: '日期', dataIndex: 'visitedOn' },
                { title: '走访人', dataIndex: 'visitedBy' },
                { title: '情况', dataIndex: 'note' },
              ]}
              locale={{ emptyText: '尚未走访' }}
              data-testid="visits"
            />
          </Card>
          <Card title="监护情况" size="small">
            <Table
              rowKey={(g) => `${g.kind}-${g.from}`}
              size="small"
              pagination={false}
              dataSource={d.guardians}
              columns={[
                { title: '方式', dataIndex: 'kindName' },
                { title: '监护人', dataIndex: 'guardianName', render: (n: string | null) => n ?? '民政部门' },
                { title: '起', dataIndex: 'from' },
                { title: '止', dataIndex: 'to', render: (t: string | null) => t ?? '至今' },
              ]}
              locale={{ emptyText: '未登记' }}
            />
          </Card>
        </Space>
      </Col>
      <Col xs={24} lg={8}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {can('children.visit') ? <VisitForm c={d} /> : null}
          {can('children.review') || can('children.decide') ? <Decide c={d} /> : null}
        </Space>
      </Col>
    </Row>
  );
}
