import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import { useAddWorker, useEndWorker, useRosterFigures, useWorkers, type NewWorkerInput } from '../../api/indicators.js';
import type { CommunityWorker } from '../../api/indicators-types.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { PersonPicker } from '../../components/PersonPicker.js';

const EDUCATION_OPTIONS = [
  { value: 'secondary', label: '高中/中专及以下' },
  { value: 'college', label: '大专' },
  { value: 'bachelor', label: '本科' },
  { value: 'postgraduate', label: '研究生' },
];
const CERTIFICATE_OPTIONS = [
  { value: 'none', label: '无' },
  { value: 'assistant', label: '助理社会工作师' },
  { value: 'social_worker', label: '社会工作师' },
  { value: 'senior', label: '高级社会工作师' },
];

interface FormValues {
  personId: number;
  divisionCode: string;
  post: string;
  startOn: Dayjs;
  education: NewWorkerInput['education'];
  certificate: NewWorkerInput['certificate'];
}

function AddWorkerDialog({ root, onClose }: { root: string; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const add = useAddWorker();
  async function submit() {
    const v = await form.validateFields();
    try {
      const saved = await add.mutateAsync({ ...v, startOn: v.startOn.format('YYYY-MM-DD') });
      void message.success(`已登记：${saved.personName}（${saved.committeeName ?? saved.streetName}）`);
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '登记失败，请稍后重试');
    }
  }
  return (
    <Modal open title="登记社区工作者任职" onCancel={onClose} onOk={() => void submit()} okText="登记" confirmLoading={add.isPending} okButtonProps={{ 'data-testid': 'worker-save' }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="同一人的任职期间不得重叠；居村委会须在到岗日期有效。" />
      <Form form={form} layout="vertical" initialValues={{ post: '社区工作者', education: 'bachelor', certificate: 'none', startOn: dayjs() }}>
        <Form.Item name="personId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
          <PersonPicker testId="worker-person" />
        </Form.Item>
        <Form.Item name="divisionCode" label="居（村）委会或街镇" rules={[{ required: true, message: '请选择任职的居村委会' }]}>
          <DivisionPicker root={root} placeholder="请选择" testId="worker-division" />
        </Form.Item>
        <Form.Item name="post" label="岗位" rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="startOn" label="到岗日期" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="education" label="学历" rules={[{ required: true }]}>
          <Select options={EDUCATION_OPTIONS} />
        </Form.Item>
        <Form.Item name="certificate" label="社会工作者职业水平证书" rules={[{ required: true }]}>
          <Select options={CERTIFICATE_OPTIONS} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 社区工作者: the roster of the caller's jurisdiction, its figures and the committees short of the quota. */
export default function RosterPage() {
  const me = useMe();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const [division, setDivision] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const workers = useWorkers(division);
  const figures = useRosterFigures(division);
  const end = useEndWorker();
  const canWrite = can('community.roster.write');
  const f = figures.data;
  function confirmEnd(w: CommunityWorker) {
    const endOn = dayjs().format('YYYY-MM-DD');
    modal.confirm({
      title: `登记 ${w.personName} 离岗`,
      content: `离岗日期（最后在岗日）：${endOn}。`,
      okText: '确认离岗',
      onOk: async () => {
        try {
          await end.mutateAsync({ id: w.id, endOn });
          void message.success('已登记离岗');
        } catch (error) {
          void message.error(isApiError(error) ? error.message : '操作失败');
        }
      },
    });
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row justify="space-between" align="middle">
        <Col>
          <Typography.Title level={3} style={{ margin: 0 }}>
            社区工作者
          </Typography.Title>
          <Typography.Text type="secondary">各街镇、居村委会社区工作者名册：岗位、任职期间、学历与社会工作者职业水平证书；按配备额度查看缺员居村。</Typography.Text>
        </Col>
        <Col>
          <Space>
            <DivisionPicker root={me.jurisdiction} value={division} onChange={setDivision} testId="roster-division" />
            <LedgerExportButton path="/community/workers/export" query={{ division }} title="社区工作者名册" />
            <Button type="primary" onClick={() => setAdding(true)} disabled={!canWrite} title={canWrite ? undefined : '您的角色只能查看名册'} data-testid="worker-add">
              登记任职
            </Button>
          </Space>
        </Col>
      </Row>
      {figures.error ? <ApiErrorNotice error={figures.error} /> : null}
      {f ? (
        <Card>
          <Row gutter={[24, 16]} data-testid="roster-figures">
            <Col xs={12} lg={4}>
              <Statistic title="在岗人数" value={f.headcount} suffix="人" />
            </Col>
            <Col xs={12} lg={5}>
              <Statistic title="持证率（规划目标 ≥20%）" value={f.certifiedPercent} suffix="%" />
            </Col>
            <Col xs={12} lg={4}>
              <Statistic title="平均年龄" value={f.averageAge ?? '—'} suffix={f.averageAge === null ? undefined : '岁'} />
            </Col>
            <Col xs={12} lg={5}>
              <Statistic title="大专及以上学历" value={f.collegeOrAbovePercent} suffix="%" />
            </Col>
            <Col xs={12} lg={6}>
              <Statistic title="配备不足的居村委会" value={f.understaffed.length} suffix="个" />
            </Col>
            <Col span={24}>
              <Typography.Text type="secondary">
                配备额度：每名社区工作者 {f.quota.householdsPerWorker} 户{f.quota.verified ? '' : '（配置值，未核实）'}。{f.quota.source}
              </Typography.Text>
            </Col>
          </Row>
        </Card>
      ) : null}
      {f && f.committees.length > 0 ? (
        <Card title="各居村委会户数与配备" size="small">
          <Table
            size="small"
            rowKey="committeeCode"
            dataSource={f.committees}
            pagination={{ pageSize: 10 }}
            data-testid="roster-staffing"
            columns={[
              { title: '居村委会', dataIndex: 'committeeName' },
              { title: '登记户数', dataIndex: 'households' },
              { title: '在岗人数', dataIndex: 'workers' },
              { title: '户/人', render: (_, c) => c.householdsPerWorker ?? '—' },
              { title: '按额度应配', dataIndex: 'required' },
              { title: '配备', render: (_, c) => (c.understaffed ? <Tag color="red">不足</Tag> : <Tag color="green">达标</Tag>) },
            ]}
          />
        </Card>
      ) : null}
      {workers.error ? <ApiErrorNotice error={workers.error} /> : null}
      <Table
        rowKey="id"
        loading={workers.isLoading}
        dataSource={workers.data?.items ?? []}
        data-testid="roster-table"
        columns={[
          { title: '姓名', dataIndex: 'personName' },
          { title: '街镇', dataIndex: 'streetName' },
          { title: '居村委会', render: (_, w) => w.committeeName ?? '（街镇）' },
          { title: '岗位', dataIndex: 'post' },
          { title: '到岗日期', dataIndex: 'startOn' },
          { title: '学历', dataIndex: 'educationName' },
          { title: '证书', render: (_, w) => (w.certificate === 'none' ? '无' : <Tag color="blue">{w.certificateName}</Tag>) },
          { title: '年龄', dataIndex: 'age' },
          {
            title: '操作',
            render: (_, w) => (
              <Button size="small" disabled={!canWrite} title={canWrite ? undefined : '您的角色只能查看名册'} onClick={() => confirmEnd(w)}>
                登记离岗
              </Button>
            ),
          },
        ]}
      />
      {adding ? <AddWorkerDialog root={division ?? me.jurisdiction} onClose={() => setAdding(false)} /> : null}
    </Space>
  );
}
