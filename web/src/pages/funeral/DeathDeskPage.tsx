import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useDeaths, useReportDeath } from '../../api/funeral.js';
import type { Death } from '../../api/funeral-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { deathSourceLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';

function progress(d: Death) {
  const done = d.checklist.filter((i) => i.status === 'done').length;
  const overdue = d.checklist.filter((i) => i.status === 'overdue').length;
  if (d.completedAt) return <Tag color="green">已办结</Tag>;
  return (
    <Space size={4}>
      <Tag color={overdue ? 'red' : 'blue'}>
        {done}/{d.checklist.length} 项已办
      </Tag>
      {overdue ? <Tag color="red">{overdue} 项超期</Tag> : null}
    </Space>
  );
}

const columns: TableColumnsType<Death> = [
  { title: '逝者', dataIndex: 'name', render: (name: string, d) => <Link to={`/funeral/deaths/${d.id}`}>{name}</Link> },
  { title: '死亡日期', dataIndex: 'deathDate' },
  { title: '首次通报', dataIndex: 'source', render: (s: string) => label(deathSourceLabels, s) },
  { title: '居住地', dataIndex: 'residenceDivision', render: (code: string) => <DivisionName code={code} full /> },
  { title: '事项进度', key: 'progress', render: (_: unknown, d) => progress(d) },
];

interface NoticeValues {
  idNumber: string;
  name?: string;
  source: 'hospital' | 'police' | 'caseworker' | 'collection';
  proofNumber?: string;
  deathDate: Dayjs;
  note?: string;
}

function RecordDeathDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const report = useReportDeath();
  const navigate = useNavigate();
  const [form] = Form.useForm<NoticeValues>();
  const source = Form.useWatch('source', form);
  async function submit(v: NoticeValues) {
    const death = await report.mutateAsync({
      idNumber: v.idNumber.trim(),
      name: v.name?.trim() || undefined,
      source: v.source,
      proofNumber: v.proofNumber?.trim() || undefined,
      deathDate: v.deathDate.format('YYYY-MM-DD'),
      divisionCode: me.jurisdiction,
      note: v.note?.trim() || undefined,
    });
    onClose();
    navigate(`/funeral/deaths/${death.id}`);
  }
  return (
    <Modal open={open} title="登记死亡通报" okText="登记" cancelText="取消" onCancel={onClose} onOk={() => form.submit()} confirmLoading={report.isPending} destroyOnHidden>
      <Typography.Paragraph type="secondary">按身份证号码匹配人口库：首次通报即登记死亡并通知救助、津贴、养老等业务办理；同一逝者的后续通报只附证明，死亡日期不一致的转人工核实，不会重复登记。</Typography.Paragraph>
      <Form<NoticeValues> form={form} layout="vertical" onFinish={(v) => void submit(v).catch(() => undefined)} initialValues={{ source: 'caseworker' }}>
        <Form.Item name="idNumber" label="逝者身份证号码" rules={[{ required: true, message: '请填写身份证号码' }]}>
          <Input maxLength={18} data-testid="death-id-number" />
        </Form.Item>
        <Form.Item name="name" label="姓名（人口库中无此人时必填）">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="source" label="通报来源" rules={[{ required: true }]}>
          <Select options={['caseworker', 'hospital', 'police', 'collection'].map((value) => ({ value, label: deathSourceLabels[value] }))} data-testid="death-source" />
        </Form.Item>
        <Form.Item name="proofNumber" label={source === 'police' ? '死亡确认编号' : '居民死亡医学证明编号'} rules={[{ required: source === 'hospital' || source === 'police', message: '医院和公安通报须填写证明编号' }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="deathDate" label="死亡日期" rules={[{ required: true, message: '请选择死亡日期' }]}>
          <DatePicker style={{ width: '100%' }} data-testid="death-date" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
        <ApiErrorNotice error={report.error} />
      </Form>
    </Modal>
  );
}

/** 身故一件事工作台: the jurisdiction's deaths, overdue checklists first. */
export default function DeathDeskPage() {
  const { can } = useAuth();
  const [status, setStatus] = useState<'open' | 'complete' | 'all'>('open');
  const [recording, setRecording] = useState(false);
  const deaths = useDeaths(status);
  return (
    <Card
      title="身故一件事"
      extra={
        <Space>
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={[
              { value: 'open', label: '办理中' },
              { value: 'complete', label: '已办结' },
              { value: 'all', label: '全部' },
            ]}
          />
          {can('funeral.record') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="record-death">
              登记死亡通报
            </Button>
          ) : null}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">一次登记，各业务自动办理：救助停发、津贴停发、养老退床；超期未答复的事项排在最前。</Typography.Paragraph>
      <ApiErrorNotice error={deaths.error} />
      <Table<Death> rowKey="id" columns={columns} dataSource={deaths.data?.items ?? []} loading={deaths.isLoading} pagination={{ pageSize: 20 }} data-testid="death-desk" />
      <RecordDeathDialog open={recording} onClose={() => setRecording(false)} />
    </Card>
  );
}
