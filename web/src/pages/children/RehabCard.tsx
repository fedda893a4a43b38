import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useChildrenFigures, useEnrolRehab, useLeaveRehab, useRehabParticipants, useRehabProviders } from '../../api/children.js';
import type { RehabParticipant, RehabProvider } from '../../api/children-types.js';
import { isApiError } from '../../api/client.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { PersonPicker } from '../../components/PersonPicker.js';

const providerColumns: TableColumnsType<RehabProvider> = [
  { title: '机构', dataIndex: 'name' },
  { title: '类型', dataIndex: 'kindName', width: 120 },
  { title: '街镇', dataIndex: 'divisionName' },
  { title: '开始服务', dataIndex: 'openedOn', width: 110 },
  { title: '在册服务对象', dataIndex: 'participants', width: 120, render: (n: number | string) => String(n) },
];

function EnrolDialog({ providers, onClose }: { providers: RehabProvider[]; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ personId: number; providerId: number; joinedOn: Dayjs }>();
  const enrol = useEnrolRehab();
  async function submit() {
    const v = await form.validateFields();
    try {
      await enrol.mutateAsync({ personId: v.personId, providerId: v.providerId, joinedOn: v.joinedOn.format('YYYY-MM-DD') });
      void message.success('已登记为社区康复服务对象');
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '登记失败，请稍后重试');
    }
  }
  return (
    <Modal open title="登记社区康复服务对象" onCancel={onClose} onOk={() => void submit()} okText="登记" confirmLoading={enrol.isPending} okButtonProps={{ 'data-testid': 'rehab-save' }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="同一人只能在一个机构在册，转机构须先登记退出；加入日期不早于机构开始服务的日期、不晚于今天。" />
      <Form form={form} layout="vertical" initialValues={{ joinedOn: dayjs() }}>
        <Form.Item name="personId" label="服务对象" rules={[{ required: true, message: '请选择人员' }]}>
          <PersonPicker testId="rehab-person" />
        </Form.Item>
        <Form.Item name="providerId" label="康复服务机构" rules={[{ required: true, message: '请选择机构' }]}>
          <Select data-testid="rehab-provider" options={providers.filter((p) => p.closedOn === null).map((p) => ({ value: p.id, label: `${p.name}（${p.divisionName}）` }))} />
        </Form.Item>
        <Form.Item name="joinedOn" label="加入日期" rules={[{ required: true }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LeaveDialog({ participant, onClose }: { participant: RehabParticipant; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ leftOn: Dayjs; reason: string }>();
  const leave = useLeaveRehab();
  async function submit() {
    const v = await form.validateFields();
    try {
      await leave.mutateAsync({ id: participant.id, leftOn: v.leftOn.format('YYYY-MM-DD'), reason: v.reason });
      void message.success('已登记退出');
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '登记失败，请稍后重试');
    }
  }
  return (
    <Modal open title={`登记退出：${participant.personName}`} onCancel={onClose} onOk={() => void submit()} okText="登记退出" confirmLoading={leave.isPending}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`退出日期不早于加入日期 ${participant.joinedOn}、不晚于今天。`} />
      <Form form={form} layout="vertical" initialValues={{ leftOn: dayjs() }}>
        <Form.Item name="leftOn" label="退出日期" rules={[{ required: true }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="reason" label="退出原因" rules={[{ required: true, message: '请填写原因' }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 精神障碍社区康复: coverage (district staff), the providers of the jurisdiction and the persons they serve. */
export function RehabCard() {
  const { can } = useAuth();
  const providers = useRehabProviders();
  const participants = useRehabParticipants();
  const figures = useChildrenFigures(can('children.figures'));
  const [enrolling, setEnrolling] = useState(false);
  const [leaving, setLeaving] = useState<RehabParticipant | null>(null);
  const canHandle = can('disability.handle');
  const coverage = figures.data?.rehab;
  const participantColumns: TableColumnsType<RehabParticipant> = [
    { title: '姓名', dataIndex: 'personName' },
    { title: '机构', dataIndex: 'providerName' },
    { title: '加入日期', dataIndex: 'joinedOn', width: 110 },
    { title: '状态', key: 'state', render: (_: unknown, r) => (r.leftOn ? <Tag>{`${r.leftOn} 退出：${r.leaveReason ?? ''}`}</Tag> : <Tag color="green">在册</Tag>) },
    ...(canHandle
      ? [
          {
            title: '',
            key: 'actions',
            width: 100,
            render: (_: unknown, r: RehabParticipant) =>
              r.leftOn ? null : (
                <Button size="small" onClick={() => setLeaving(r)}>
                  登记退出
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Card
      title="精神障碍社区康复"
      size="small"
      data-testid="rehab"
      extra={
        <Space>
          {canHandle ? (
            <Button type="primary" size="small" onClick={() => setEnrolling(true)} data-testid="rehab-enrol">
              登记服务对象
            </Button>
          ) : null}
          <LedgerExportButton path="/disability/rehab/participants/export" query={{}} title="社区康复服务对象台账" />
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="服务对象姓名脱敏、不显示住址，每次查阅记入审计；街镇覆盖率 = 有康复服务机构且有在册服务对象的街镇数 ÷ 街镇总数。" />
      {coverage ? (
        <Space size="large" style={{ marginBottom: 12 }} data-testid="rehab-coverage">
          <Statistic title="街镇覆盖率" value={coverage.percent ?? '—'} suffix={coverage.percent === null ? undefined : '%'} />
          <Statistic title="目标" value={`≥${coverage.targetPercent}`} suffix="%" />
          <Statistic title="已覆盖街镇" value={`${coverage.covered}/${coverage.streets}`} />
          <Statistic title="在册服务对象" value={String(coverage.participants)} />
          <Tag color={coverage.met ? 'green' : 'orange'}>{coverage.met ? '已达目标' : `未达目标（2024 年底全市超过 ${coverage.baseline2024Percent}%）`}</Tag>
        </Space>
      ) : null}
      {providers.error ? (
        <ApiErrorNotice error={providers.error} inline />
      ) : (
        <Table<RehabProvider>
          rowKey="id"
          size="small"
          columns={providerColumns}
          dataSource={providers.data}
          loading={providers.isFetching}
          data-testid="rehab-providers"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '辖区内暂无登记的康复服务机构' }}
        />
      )}
      {participants.error ? (
        <ApiErrorNotice error={participants.error} inline />
      ) : (
        <Table<RehabParticipant>
          rowKey="id"
          size="small"
          style={{ marginTop: 12 }}
          columns={participantColumns}
          dataSource={participants.data}
          loading={participants.isFetching}
          data-testid="rehab-participants"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无服务对象' }}
        />
      )}
      {enrolling ? <EnrolDialog providers={providers.data ?? []} onClose={() => setEnrolling(false)} /> : null}
      {leaving ? <LeaveDialog participant={leaving} onClose={() => setLeaving(null)} /> : null}
    </Card>
  );
}
