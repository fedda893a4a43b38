import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { enterJudgement, importRecords, useReviews } from '../../api/marriage.js';
import type { ImportReport, Judgement } from '../../api/marriage-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';

const reviewKinds: Record<string, string> = { name_match: '同名同出生日期的无证号历史档案', kinship_inferred: '推定亲属关系', duplicate_open: '同一身份证号码两段未解除婚姻' };

function JudgementCard() {
  const [done, setDone] = useState<Judgement | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <Card title="登记法院判决">
      <Typography.Paragraph type="secondary">判决离婚自生效之日婚姻终止（无冷静期）；婚姻无效（《民法典》第1051条）或被撤销（第1052、1053条）的自始无效，档案备注，结婚证作废，当事人恢复登记前的状态。</Typography.Paragraph>
      <Form
        layout="vertical"
        onFinish={async (v) => {
          setError(null);
          try {
            setDone(await enterJudgement({ marriageId: v.marriageId, kind: v.kind, court: v.court, caseNumber: v.caseNumber, effectiveOn: v.effectiveOn.format('YYYY-MM-DD') }));
          } catch (e) {
            setError(e);
          }
        }}
      >
        <Space wrap>
          <Form.Item name="marriageId" label="婚姻档案编号" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="kind" label="判决类型" rules={[{ required: true, message: '请选择' }]}>
            <Select
              style={{ width: 160 }}
              options={[
                { value: 'divorce', label: '判决（调解）离婚' },
                { value: 'void', label: '婚姻无效' },
                { value: 'annulment', label: '撤销婚姻' },
              ]}
            />
          </Form.Item>
          <Form.Item name="court" label="法院" rules={[{ required: true, message: '请填写' }]}>
            <Input style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="caseNumber" label="案号" rules={[{ required: true, message: '请填写' }]}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="effectiveOn" label="生效日期" rules={[{ required: true, message: '请选择' }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit">
          登记判决
        </Button>
      </Form>
      {error ? <ApiErrorNotice error={error} inline /> : null}
      {done ? <Alert style={{ marginTop: 12 }} type="success" showIcon message={`已登记：${done.annotation}（${done.article}）`} /> : null}
    </Card>
  );
}

function ImportCard() {
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card title="导入历史婚姻登记档案">
      <Typography.Paragraph type="secondary">
        NDJSON（每行一条）或带表头的 CSV；字段：husbandName、husbandIdNumber、husbandBirthDate、wifeName、wifeIdNumber、wifeBirthDate、registeredOn、officeCode、certificateNumber、endedOn、endReason。15 位旧身份证号自动升为 18
        位；同一批次号重复提交不会重复导入；有误的行逐行报告，其余照常导入。
      </Typography.Paragraph>
      <Form
        layout="vertical"
        initialValues={{ provenance: 'backfilled', format: 'ndjson' }}
        onFinish={async (v) => {
          setBusy(true);
          setError(null);
          try {
            setReport(await importRecords(v));
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Space wrap>
          <Form.Item name="batchId" label="批次号" rules={[{ required: true, message: '请填写' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="source" label="来源" rules={[{ required: true, message: '请填写' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="provenance" label="性质">
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'backfilled', label: '补录' },
                { value: 'imported', label: '导入' },
              ]}
            />
          </Form.Item>
          <Form.Item name="format" label="格式">
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'ndjson', label: 'NDJSON' },
                { value: 'csv', label: 'CSV' },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item name="content" label="内容" rules={[{ required: true, message: '请粘贴内容' }]}>
          <Input.TextArea rows={6} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          导入
        </Button>
      </Form>
      {error ? <ApiErrorNotice error={error} inline /> : null}
      {report ? (
        <>
          <Alert
            style={{ marginTop: 12 }}
            type={report.rejected ? 'warning' : 'success'}
            showIcon
            message={`${report.replayed ? '该批次已导入过，未重复导入。' : ''}共 ${report.rows} 行：导入 ${report.accepted} 行，有误 ${report.rejected} 行，重复婚姻待核查 ${report.conflicting} 处`}
          />
          {report.errors.length ? (
            <Table
              size="small"
              rowKey="row"
              pagination={false}
              dataSource={report.errors}
              columns={[
                { title: '行', dataIndex: 'row', width: 70 },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </Card>
  );
}

function ReviewsCard() {
  const reviews = useReviews();
  return (
    <Card title="待人工核查">
      {reviews.error ? (
        <ApiErrorNotice error={reviews.error} inline />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={reviews.data}
          locale={{ emptyText: '没有待核查事项' }}
          columns={[
            { title: '类别', dataIndex: 'kind', render: (k: string) => reviewKinds[k] ?? k },
            { title: '内容', dataIndex: 'detail', render: (d: Record<string, unknown>) => <Typography.Text style={{ fontSize: 12 }}>{JSON.stringify(d.applicant ?? d.reason ?? d.message ?? '')}</Typography.Text> },
            { title: '发现时间', dataIndex: 'createdAt', render: (t: string) => t.slice(0, 10) },
          ]}
        />
      )}
    </Card>
  );
}

/** 判决与历史档案: court judgements, historical imports and the review queue. */
export default function RecordsPage() {
  const { can } = useAuth();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {can('marriage.register') ? <JudgementCard /> : null}
      <ImportCard />
      {can('marriage.read') ? <ReviewsCard /> : null}
    </Space>
  );
}
