import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import {
  type BurdenReport,
  type BurdenRequest,
  useBurdenEntries,
  useBurdenFigures,
  useBurdenReports,
  useBurdenRequests,
  useCloseBurdenReport,
  useFileBurdenReport,
  useRecordBurdenRequest,
  useReferBurdenReport,
} from '../../api/community-burden.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';

const RULE =
  '按请求当日有效的清单判定：列入“可出具证明”清单的证明予以出具；列入“不得出具证明”清单或不在任何清单内的证明不予出具；列入“协助行政事务准入清单”的事务予以承接，清单外事务不予承接。每一次请求都登记，不予出具、不予承接的件数计入减负监测。';
const outcomeColor: Record<string, string> = { issued: 'green', admitted: 'green', refused: 'red', not_admitted: 'red' };
const statusColor: Record<string, string> = { received: 'orange', referred: 'blue', closed: 'green' };
const notFuture = (d: Dayjs) => d.isAfter(dayjs(), 'day');

interface RequestForm {
  committeeCode?: string;
  requestedOn: Dayjs;
  kind: 'certificate' | 'task';
  entryId?: number | 'none';
  subject?: string;
  requestedBy: string;
}

function RequestDialog({ root, onClose }: { root: string; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RequestForm>();
  const entries = useBurdenEntries();
  const record = useRecordBurdenRequest();
  const kind = Form.useWatch('kind', form) ?? 'certificate';
  const entryId = Form.useWatch('entryId', form);
  const options = (entries.data?.items ?? []).filter((e) => (kind === 'certificate' ? e.kind !== 'task_admitted' : e.kind === 'task_admitted')).map((e) => ({ value: e.id, label: `${e.name}（${e.kindName}${e.example ? '，示例' : ''}）` }));
  const [result, setResult] = useState<BurdenRequest | null>(null);
  async function submit() {
    const v = await form.validateFields();
    try {
      const saved = await record.mutateAsync({
        committeeCode: v.committeeCode ?? '',
        requestedOn: v.requestedOn.format('YYYY-MM-DD'),
        kind: v.kind,
        entryId: v.entryId === 'none' || v.entryId === undefined ? null : v.entryId,
        subject: v.subject,
        requestedBy: v.requestedBy,
      });
      setResult(saved);
      void message.success(`已登记：${saved.outcomeName}`);
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '登记失败，请稍后重试');
    }
  }
  return (
    <Modal open width={640} title="登记向居村委会提出的请求" onCancel={onClose} onOk={() => void submit()} okText="按清单判定并登记" confirmLoading={record.isPending} okButtonProps={{ 'data-testid': 'burden-request-save' }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={RULE} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'certificate', requestedOn: dayjs() }}>
        <Form.Item name="committeeCode" label="居村委会" rules={[{ required: true, message: '请选择居村委会' }]}>
          <DivisionPicker root={root} placeholder="选择居村委会" testId="burden-request-committee" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="kind" label="请求类别">
              <Select
                options={[
                  { value: 'certificate', label: '出具证明' },
                  { value: 'task', label: '协助行政事务' },
                ]}
                onChange={() => form.setFieldValue('entryId', undefined)}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="requestedOn" label="请求日期" rules={[{ required: true }]}>
              <DatePicker allowClear={false} disabledDate={notFuture} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="entryId" label="清单事项" rules={[{ required: true, message: '请选择清单事项，或选“不在清单内”' }]}>
          <Select showSearch optionFilterProp="label" options={[...options, { value: 'none', label: '不在清单内（填写请求内容）' }]} data-testid="burden-request-entry" />
        </Form.Item>
        {entryId === 'none' ? (
          <Form.Item name="subject" label="请求内容" rules={[{ required: true, message: '请填写所请求的内容' }]}>
            <Input maxLength={100} data-testid="burden-request-subject" />
          </Form.Item>
        ) : null}
        <Form.Item name="requestedBy" label="提出请求的单位" rules={[{ required: true, message: '请填写提出请求的单位' }]}>
          <Input maxLength={60} data-testid="burden-request-by" />
        </Form.Item>
      </Form>
      {result ? <Alert type={result.outcome === 'issued' || result.outcome === 'admitted' ? 'success' : 'warning'} showIcon title={`${result.outcomeName}：${result.reason}`} data-testid="burden-request-result" /> : null}
    </Modal>
  );
}

function ReportDialog({ root, onClose }: { root: string; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ committeeCode?: string; reportedOn: Dayjs; pushedBy: string; content: string }>();
  const file = useFileBurdenReport();
  async function submit() {
    const v = await form.validateFields();
    try {
      await file.mutateAsync({ committeeCode: v.committeeCode ?? '', reportedOn: v.reportedOn.format('YYYY-MM-DD'), pushedBy: v.pushedBy, content: v.content });
      void message.success('举报已登记');
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '登记失败，请稍后重试');
    }
  }
  return (
    <Modal open width={600} title="登记违规摊派举报" onCancel={onClose} onOk={() => void submit()} okText="登记" confirmLoading={file.isPending} okButtonProps={{ 'data-testid': 'burden-report-save' }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="居村委会反映的清单外摊派（报表、台账、考核、挂牌、证明等）。登记后由区民政局移送主管单位，办结时填写办理结果。" />
      <Form form={form} layout="vertical" initialValues={{ reportedOn: dayjs() }}>
        <Form.Item name="committeeCode" label="居村委会" rules={[{ required: true, message: '请选择居村委会' }]}>
          <DivisionPicker root={root} placeholder="选择居村委会" testId="burden-report-committee" />
        </Form.Item>
        <Form.Item name="reportedOn" label="举报日期" rules={[{ required: true }]}>
          <DatePicker allowClear={false} disabledDate={notFuture} />
        </Form.Item>
        <Form.Item name="pushedBy" label="摊派单位" rules={[{ required: true, message: '请填写摊派单位' }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="content" label="举报内容" rules={[{ required: true, message: '请填写举报内容' }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MoveDialog({ report, step, onClose }: { report: BurdenReport; step: 'refer' | 'close'; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text: string; on: Dayjs }>();
  const refer = useReferBurdenReport();
  const close = useCloseBurdenReport();
  async function submit() {
    const v = await form.validateFields();
    try {
      if (step === 'refer') await refer.mutateAsync({ id: report.id, referredTo: v.text, referredOn: v.on.format('YYYY-MM-DD') });
      else await close.mutateAsync({ id: report.id, result: v.text, closedOn: v.on.format('YYYY-MM-DD') });
      void message.success(step === 'refer' ? '已移送' : '已办结');
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '保存失败，请稍后重试');
    }
  }
  return (
    <Modal open title={step === 'refer' ? '移送举报' : '举报办结'} onCancel={onClose} onOk={() => void submit()} okText={step === 'refer' ? '移送' : '办结'} confirmLoading={refer.isPending || close.isPending}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={step === 'refer' ? '移送日期不早于举报日期；已移送或已办结的举报不能再移送。' : '办结日期不早于举报（或移送）日期；未经移送、经核实不属实的举报也可直接办结，结果中写明。'}
      />
      <Typography.Paragraph>
        {report.committeeName}：{report.content}（{report.pushedBy}）
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }}>
        <Form.Item name="text" label={step === 'refer' ? '移送单位' : '办理结果'} rules={[{ required: true, message: step === 'refer' ? '请填写移送单位' : '请填写办理结果' }]}>
          {step === 'refer' ? <Input maxLength={60} /> : <Input.TextArea rows={3} maxLength={1000} />}
        </Form.Item>
        <Form.Item name="on" label={step === 'refer' ? '移送日期' : '办结日期'} rules={[{ required: true }]}>
          <DatePicker allowClear={false} disabledDate={notFuture} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 减负: the lists, requests made of committees decided against them, reports referred and closed, monitoring points. */
export default function BurdenPage() {
  const me = useMe();
  const { can } = useAuth();
  const [division, setDivision] = useState<string | undefined>(undefined);
  const [month, setMonth] = useState(dayjs());
  const [dialog, setDialog] = useState<'request' | 'report' | null>(null);
  const [moving, setMoving] = useState<{ report: BurdenReport; step: 'refer' | 'close' } | null>(null);
  const m = month.format('YYYY-MM');
  const reads = can('community.read');
  const figures = useBurdenFigures(m, division);
  const entries = useBurdenEntries();
  const requests = useBurdenRequests(m, division, reads);
  const reports = useBurdenReports(division, reads);
  const canRecord = can('community.burden.record');
  const canManage = can('community.burden.manage');
  const f = figures.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row justify="space-between" align="middle">
        <Col>
          <Typography.Title level={3} style={{ margin: 0 }}>
            居村减负
          </Typography.Title>
          <Typography.Text type="secondary">证明事项清单与协助行政事务准入清单；向居村委会提出的请求按清单判定；违规摊派举报的移送与办结；减负监测点。</Typography.Text>
        </Col>
        <Col>
          <Space wrap>
            <DivisionPicker root={me.jurisdiction} value={division} onChange={setDivision} testId="burden-division" />
            <DatePicker picker="month" allowClear={false} value={month} onChange={(d) => d && setMonth(d)} disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
            {reads ? <LedgerExportButton path="/community/burden/requests/export" query={{ month: m, division }} title="居村委会证明与协助事务请求台账" personal={false} /> : null}
            <Button onClick={() => setDialog('report')} disabled={!canRecord} title={canRecord ? undefined : '由街镇、区工作人员登记'} data-testid="burden-report">
              登记举报
            </Button>
            <Button type="primary" onClick={() => setDialog('request')} disabled={!canRecord} title={canRecord ? undefined : '由街镇、区工作人员登记'} data-testid="burden-request">
              登记请求
            </Button>
          </Space>
        </Col>
      </Row>
      <Alert type="info" showIcon title={RULE} />
      {figures.error ? <ApiErrorNotice error={figures.error} /> : null}
      {f ? (
        <Card size="small" title={`${f.month} 减负监测`} data-testid="burden-figures">
          <Row gutter={24} style={{ marginBottom: 12 }}>
            <Col>
              <Statistic title="请求件数" value={f.total.requests} suffix="件" />
            </Col>
            <Col>
              <Statistic title="不予出具、不予承接" value={f.total.refused} suffix="件" />
            </Col>
            <Col>
              <Statistic title="违规摊派举报" value={f.total.reports} suffix="件" />
            </Col>
            <Col>
              <Statistic title="已移送" value={f.total.referred} suffix="件" />
            </Col>
            <Col>
              <Statistic title="已办结" value={f.total.closed} suffix="件" />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary">统计口径：{f.rule}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="committeeCode"
            dataSource={f.points}
            pagination={{ pageSize: 10 }}
            data-testid="burden-points"
            locale={{ emptyText: '本辖区尚未设立减负监测点' }}
            columns={[
              { title: '监测点（居村委会）', dataIndex: 'committeeName' },
              { title: '设立日期', dataIndex: 'since' },
              { title: '请求', dataIndex: 'requests' },
              { title: '不予出具、不予承接', dataIndex: 'refused' },
              { title: '举报', dataIndex: 'reports' },
              { title: '已移送', dataIndex: 'referred' },
              { title: '已办结', dataIndex: 'closed' },
            ]}
          />
        </Card>
      ) : null}
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'entries',
              label: '清单',
              children: (
                <>
                  <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="正式清单尚未导入：标“示例”的事项仅为演示，不是官方清单内容。" />
                  {entries.error ? <ApiErrorNotice error={entries.error} /> : null}
                  <Table
                    size="small"
                    rowKey="id"
                    loading={entries.isLoading}
                    dataSource={entries.data?.items ?? []}
                    pagination={{ pageSize: 10 }}
                    data-testid="burden-entries"
                    columns={[
                      { title: '清单', render: (_, e) => <Tag color={e.kind === 'certificate_forbidden' ? 'red' : e.kind === 'certificate_allowed' ? 'green' : 'blue'}>{e.kindName}</Tag> },
                      {
                        title: '事项',
                        render: (_, e) =>
                          e.example ? (
                            <Space>
                              {e.name}
                              <Tag>示例</Tag>
                            </Space>
                          ) : (
                            e.name
                          ),
                      },
                      { title: '依据', dataIndex: 'source' },
                      { title: '生效日期', dataIndex: 'validFrom' },
                      { title: '失效日期', render: (_, e) => e.validTo ?? '—' },
                    ]}
                  />
                </>
              ),
            },
            ...(reads
              ? [
                  {
                    key: 'requests',
                    label: '请求登记',
                    children: (
                      <Table
                        size="small"
                        rowKey="id"
                        loading={requests.isLoading}
                        dataSource={requests.data?.items ?? []}
                        pagination={{ pageSize: 10 }}
                        data-testid="burden-requests"
                        columns={[
                          { title: '日期', dataIndex: 'requestedOn' },
                          { title: '居村委会', dataIndex: 'committeeName' },
                          { title: '类别', render: (_: unknown, r: BurdenRequest) => (r.kind === 'certificate' ? '出具证明' : '协助事务') },
                          { title: '请求内容', dataIndex: 'subject' },
                          { title: '提出单位', dataIndex: 'requestedBy' },
                          { title: '结果', render: (_: unknown, r: BurdenRequest) => <Tag color={outcomeColor[r.outcome]}>{r.outcomeName}</Tag> },
                          { title: '依据', dataIndex: 'reason' },
                        ]}
                      />
                    ),
                  },
                  {
                    key: 'reports',
                    label: '举报和移送',
                    children: (
                      <Table
                        size="small"
                        rowKey="id"
                        loading={reports.isLoading}
                        dataSource={reports.data?.items ?? []}
                        pagination={{ pageSize: 10 }}
                        data-testid="burden-reports"
                        columns={[
                          { title: '举报日期', dataIndex: 'reportedOn' },
                          { title: '居村委会', dataIndex: 'committeeName' },
                          { title: '摊派单位', dataIndex: 'pushedBy' },
                          { title: '内容', dataIndex: 'content' },
                          { title: '状态', render: (_: unknown, r: BurdenReport) => <Tag color={statusColor[r.status]}>{r.statusName}</Tag> },
                          { title: '移送', render: (_: unknown, r: BurdenReport) => (r.referredTo ? `${r.referredTo}（${r.referredOn}）` : '—') },
                          { title: '办理结果', render: (_: unknown, r: BurdenReport) => (r.result ? `${r.result}（${r.closedOn}）` : '—') },
                          {
                            title: '操作',
                            render: (_: unknown, r: BurdenReport) =>
                              r.status === 'closed' ? null : (
                                <Space>
                                  {r.status === 'received' ? (
                                    <Button size="small" disabled={!canManage} title={canManage ? undefined : '由区民政局移送'} onClick={() => setMoving({ report: r, step: 'refer' })}>
                                      移送
                                    </Button>
                                  ) : null}
                                  <Button size="small" disabled={!canManage} title={canManage ? undefined : '由区民政局办结'} onClick={() => setMoving({ report: r, step: 'close' })}>
                                    办结
                                  </Button>
                                </Space>
                              ),
                          },
                        ]}
                      />
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {dialog === 'request' ? <RequestDialog root={me.jurisdiction} onClose={() => setDialog(null)} /> : null}
      {dialog === 'report' ? <ReportDialog root={me.jurisdiction} onClose={() => setDialog(null)} /> : null}
      {moving ? <MoveDialog report={moving.report} step={moving.step} onClose={() => setMoving(null)} /> : null}
    </Space>
  );
}
