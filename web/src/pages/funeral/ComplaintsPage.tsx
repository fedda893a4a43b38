import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useUnits } from '../../api/funeral.js';
import { useAnswerComplaint, useComplaints, useRecordComplaint, type Complaint } from '../../api/funeral-supervision.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { complaintChannelLabels, complaintStatusLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';

const CATEGORIES = ['收费价格', '服务质量', '捆绑销售', '骨灰存放', '墓穴销售', '殡葬用品', '其他'];
const STATUS_COLOR: Record<string, string> = { open: 'blue', overdue: 'red', on_time: 'green', late: 'orange' };
const day = (d: Dayjs) => d.format('YYYY-MM-DD');

function RecordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const units = useUnits();
  const record = useRecordComplaint();
  const [form] = Form.useForm<{ channel: Complaint['channel']; ticket?: string; receivedOn: Dayjs; unitId?: number; category: string; summary: string; complainant?: string }>();
  return (
    <Modal open={open} width={640} title="登记殡葬服务投诉" okText="登记" cancelText="取消" confirmLoading={record.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">办结时限自受理日起按 15 个工作日计算（法定节假日和调休按全市工作日历）；同一热线工单号只登记一次。</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ channel: 'hotline', receivedOn: dayjs() }}
        onFinish={(v) => void record.mutateAsync({ ...v, receivedOn: day(v.receivedOn), divisionCode: me.jurisdiction }).then(onClose, () => undefined)}
      >
        <Space wrap>
          <Form.Item name="channel" label="渠道">
            <Select style={{ width: 140 }} options={Object.entries(complaintChannelLabels).map(([value, text]) => ({ value, label: text }))} />
          </Form.Item>
          <Form.Item name="ticket" label="工单号">
            <Input style={{ width: 180 }} data-testid="complaint-ticket" />
          </Form.Item>
          <Form.Item name="receivedOn" label="受理日期" rules={[{ required: true, message: '请选择受理日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="unitId" label="被投诉单位">
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 240 }} options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="category" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
            <Select style={{ width: 140 }} options={CATEGORIES.map((c) => ({ value: c, label: c }))} data-testid="complaint-category" />
          </Form.Item>
          <Form.Item name="complainant" label="投诉人">
            <Input style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label="投诉内容" rules={[{ required: true, message: '请填写投诉内容' }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="complaint-summary" />
        </Form.Item>
      </Form>
      <ApiErrorNotice error={record.error} />
    </Modal>
  );
}

function AnswerDialog({ complaint, onClose }: { complaint: Complaint | null; onClose: () => void }) {
  const answer = useAnswerComplaint();
  const [form] = Form.useForm<{ answeredOn: Dayjs; answer: string }>();
  return (
    <Modal open={complaint !== null} title="投诉办结" okText="办结" cancelText="取消" confirmLoading={answer.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {complaint?.summary}（办结时限 {complaint?.deadline}，晚于时限办结计为超期办结）
      </Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ answeredOn: dayjs() }} onFinish={(v) => complaint && void answer.mutateAsync({ id: complaint.id, answeredOn: day(v.answeredOn), answer: v.answer }).then(onClose, () => undefined)}>
        <Form.Item name="answeredOn" label="办结日期" rules={[{ required: true, message: '请选择办结日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="answer" label="办理结果" rules={[{ required: true, message: '请填写办理结果' }]}>
          <Input.TextArea rows={3} data-testid="complaint-answer" />
        </Form.Item>
      </Form>
      <ApiErrorNotice error={answer.error} />
    </Modal>
  );
}

/** 殡葬投诉: hotline and other complaints, overdue first, each with its working-day deadline; the on-time rate. */
export default function ComplaintsPage() {
  const { can } = useAuth();
  const complaints = useComplaints();
  const [recording, setRecording] = useState(false);
  const [answering, setAnswering] = useState<Complaint | null>(null);
  const columns: TableColumnsType<Complaint> = [
    { title: '受理日期', dataIndex: 'receivedOn' },
    { title: '渠道', dataIndex: 'channel', render: (c: string) => label(complaintChannelLabels, c) },
    { title: '工单号', dataIndex: 'ticket', render: (t: string | null) => t ?? '—' },
    { title: '被投诉单位', dataIndex: 'unitName', render: (n: string | null) => n ?? '—' },
    { title: '类别', dataIndex: 'category' },
    { title: '投诉内容', dataIndex: 'summary' },
    { title: '办结时限', dataIndex: 'deadline' },
    { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]}>{label(complaintStatusLabels, s)}</Tag> },
    { title: '办理结果', dataIndex: 'answer', render: (a: string | null, c) => (a ? `${c.answeredOn}：${a}` : '—') },
    {
      title: '',
      key: 'act',
      render: (_: unknown, c) =>
        !c.answeredOn && can('funeral.record') ? (
          <Button size="small" onClick={() => setAnswering(c)} data-testid={`answer-${c.id}`}>
            办结
          </Button>
        ) : null,
    },
  ];
  const rate = complaints.data?.onTimeRate;
  return (
    <Card
      title="殡葬服务投诉"
      extra={
        <Space>
          <LedgerExportButton path="/funeral/complaints/export" query={{}} title="殡葬服务投诉办理台账" />
          {can('funeral.record') ? (
            <Button type="primary" onClick={() => setRecording(true)} data-testid="record-complaint">
              登记投诉
            </Button>
          ) : null}
        </Space>
      }
    >
      <Space size="large" style={{ marginBottom: 12 }}>
        <Statistic title="按期办结率" value={rate === null || rate === undefined ? '—' : Math.round(rate * 1000) / 10} suffix={rate === null || rate === undefined ? '' : '%'} />
        <Statistic title="超期未办结" value={(complaints.data?.items ?? []).filter((c) => c.status === 'overdue').length} suffix="件" />
        <Statistic title="办理中" value={(complaints.data?.items ?? []).filter((c) => c.status === 'open').length} suffix="件" />
      </Space>
      <Typography.Paragraph type="secondary">超期未办结的投诉排在最前；按期办结率 = 按期办结的投诉 ÷ 已办结的投诉。</Typography.Paragraph>
      <ApiErrorNotice error={complaints.error} />
      <Table<Complaint>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={complaints.data?.items ?? []}
        loading={complaints.isLoading}
        rowClassName={(c) => (c.status === 'overdue' ? 'row-overdue' : '')}
        locale={{ emptyText: '暂无投诉' }}
        data-testid="complaints"
      />
      <RecordDialog open={recording} onClose={() => setRecording(false)} />
      <AnswerDialog complaint={answering} onClose={() => setAnswering(null)} />
    </Card>
  );
}
