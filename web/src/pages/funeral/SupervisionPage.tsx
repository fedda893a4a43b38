import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useUnits } from '../../api/funeral.js';
import { useActOnFinding, useDraw, useFuneralFindings, useInspections, useRecordInspection, useSanction, type Finding, type Inspection } from '../../api/funeral-supervision.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { findingCategoryLabels, findingStatusLabels, inspectionKindLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, label: text }));
const day = (d: Dayjs | undefined | null) => (d ? d.format('YYYY-MM-DD') : '');

/** 双随机: the district picks how many open units and names the inspector pool; the draw is random and public. */
function DrawDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const draw = useDraw();
  const [form] = Form.useForm<{ count: number; inspectors: string; plannedOn: Dayjs }>();
  return (
    <Modal open={open} title="双随机抽查" okText="随机抽取" cancelText="取消" confirmLoading={draw.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">在本辖区正常经营的殡葬服务单位中随机抽取，每个单位从检查人员名录中随机抽两名检查人员；抽查结果连同抽取编号公开，检查后逐项登记问题并限期整改。</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ count: 2, plannedOn: dayjs().add(7, 'day') }}
        onFinish={(v) => void draw.mutateAsync({ divisionCode: me.jurisdiction, count: v.count, plannedOn: day(v.plannedOn), inspectors: v.inspectors.split(/[，,、\s]+/).filter(Boolean) }).then(onClose, () => undefined)}
      >
        <Form.Item name="count" label="抽取单位数" rules={[{ required: true, message: '请填写抽取单位数' }]}>
          <InputNumber min={1} max={200} />
        </Form.Item>
        <Form.Item name="inspectors" label="检查人员名录（用逗号或顿号分隔，至少两人）" rules={[{ required: true, message: '请填写检查人员' }]}>
          <Input.TextArea rows={2} placeholder="例如：张明、李芳、王强" data-testid="draw-inspectors" />
        </Form.Item>
        <Form.Item name="plannedOn" label="计划检查日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker />
        </Form.Item>
      </Form>
      <ApiErrorNotice error={draw.error} />
    </Modal>
  );
}

interface FindingRow {
  category?: string;
  description?: string;
}

/** The result of an inspection: a planned (drawn) one or a unit picked by hand, with any findings. */
function InspectionDialog({ planned, open, onClose }: { planned: Inspection | null; open: boolean; onClose: () => void }) {
  const units = useUnits();
  const record = useRecordInspection();
  const [form] = Form.useForm<{ unitId?: number; inspectedOn: Dayjs; inspectors?: string; summary: string; findings?: FindingRow[] }>();
  return (
    <Modal open={open} width={720} title={planned ? `登记检查结果：${planned.unitName}` : '登记检查'} okText="保存" cancelText="取消" confirmLoading={record.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">每个问题按类别登记，整改期限默认为检查日起 30 日（可指定）；逾期未整改的问题由系统标为逾期并排在最前。</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ inspectedOn: dayjs(), findings: [] }}
        onFinish={(v) =>
          void record
            .mutateAsync({
              ...(planned ? { inspectionId: planned.id } : { unitId: v.unitId, kind: 'routine' as const }),
              inspectedOn: day(v.inspectedOn),
              inspectors: v.inspectors,
              summary: v.summary,
              findings: (v.findings ?? []).filter((f) => f.category && f.description).map((f) => ({ category: f.category as Finding['category'], description: String(f.description) })),
            })
            .then(onClose, () => undefined)
        }
      >
        {planned ? null : (
          <Form.Item name="unitId" label="被检查单位" rules={[{ required: true, message: '请选择单位' }]}>
            <Select showSearch optionFilterProp="label" options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
        )}
        <Space>
          <Form.Item name="inspectedOn" label="检查日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="inspectors" label="检查人员">
            <Input style={{ width: 260 }} placeholder={planned?.inspectors} />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label="检查情况" rules={[{ required: true, message: '请填写检查情况' }]}>
          <Input.TextArea rows={2} data-testid="inspection-summary" />
        </Form.Item>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'category']} rules={[{ required: true, message: '请选择类别' }]}>
                    <Select style={{ width: 130 }} placeholder="问题类别" options={options(findingCategoryLabels)} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'description']} rules={[{ required: true, message: '请描述问题' }]}>
                    <Input style={{ width: 440 }} placeholder="问题情况" />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} data-testid="add-finding">
                添加发现的问题
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      <ApiErrorNotice error={record.error} />
    </Modal>
  );
}

const ACTION_TEXT = { rectify: '登记整改完成', verify: '复核通过销号', reopen: '复核未通过', extend: '延长整改期限' } as const;
type Act = keyof typeof ACTION_TEXT;

function FindingActionDialog({ finding, action, onClose }: { finding: Finding | null; action: Act | null; onClose: () => void }) {
  const act = useActOnFinding();
  const [form] = Form.useForm<{ on: Dayjs; deadline?: Dayjs; note: string }>();
  const needsDeadline = action === 'reopen' || action === 'extend';
  return (
    <Modal
      open={finding !== null && action !== null}
      title={action ? `${ACTION_TEXT[action]}：${finding?.unitName ?? ''}` : ''}
      okText="确认"
      cancelText="取消"
      confirmLoading={act.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{finding?.description}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ on: dayjs() }}
        onFinish={(v) => finding && action && void act.mutateAsync({ id: finding.id, action, on: day(v.on), note: v.note, ...(v.deadline ? { deadline: day(v.deadline) } : {}) }).then(onClose, () => undefined)}
      >
        <Form.Item name="on" label="办理日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {needsDeadline ? (
          <Form.Item name="deadline" label="新的整改期限" rules={[{ required: true, message: '请选择新的整改期限' }]}>
            <DatePicker />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label="说明" rules={[{ required: true, message: '请填写说明' }]}>
          <Input.TextArea rows={2} data-testid="finding-note" />
        </Form.Item>
      </Form>
      <ApiErrorNotice error={act.error} />
    </Modal>
  );
}

function SanctionDialog({ finding, onClose }: { finding: Finding | null; onClose: () => void }) {
  const sanction = useSanction();
  const [form] = Form.useForm<{ kind: 'summons' | 'ban'; decidedOn: Dayjs; untilOn?: Dayjs; reason: string }>();
  const kind = Form.useWatch('kind', form);
  return (
    <Modal open={finding !== null} title={`约谈或禁止承接业务：${finding?.unitName ?? ''}`} okText="确认" cancelText="取消" confirmLoading={sanction.isPending} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="禁止承接业务的单位在殡葬服务单位名录中显示为暂停，直至禁止期限届满。" />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'summons', decidedOn: dayjs() }}
        onFinish={(v) =>
          finding && void sanction.mutateAsync({ unitId: finding.unitId, findingId: finding.id, kind: v.kind, decidedOn: day(v.decidedOn), reason: v.reason, ...(v.untilOn ? { untilOn: day(v.untilOn) } : {}) }).then(onClose, () => undefined)
        }
      >
        <Form.Item name="kind" label="处置">
          <Select
            options={[
              { value: 'summons', label: '约谈' },
              { value: 'ban', label: '禁止承接业务' },
            ]}
          />
        </Form.Item>
        <Form.Item name="decidedOn" label="决定日期">
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {kind === 'ban' ? (
          <Form.Item name="untilOn" label="禁止至" rules={[{ required: true, message: '请选择禁止期限' }]}>
            <DatePicker />
          </Form.Item>
        ) : null}
        <Form.Item name="reason" label="理由" rules={[{ required: true, message: '请填写理由' }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
      <ApiErrorNotice error={sanction.error} />
    </Modal>
  );
}

function findingTag(f: Finding) {
  const color = f.status === 'verified' ? 'green' : f.status === 'rectified' ? 'blue' : f.status === 'reopened' ? 'orange' : 'default';
  return (
    <Space size={4}>
      <Tag color={color}>{label(findingStatusLabels, f.status)}</Tag>
      {f.overdue && f.status !== 'verified' ? <Tag color="red">逾期</Tag> : null}
    </Space>
  );
}

/** 殡葬监管: 双随机 inspections, findings on the rectification loop (overdue first), summons and bans. */
export default function SupervisionPage() {
  const { can } = useAuth();
  const manage = can('funeral.units.manage');
  const inspections = useInspections();
  const [status, setStatus] = useState<'open' | 'closed' | undefined>('open');
  const findings = useFuneralFindings(status);
  const [drawing, setDrawing] = useState(false);
  const [inspecting, setInspecting] = useState<{ planned: Inspection | null } | null>(null);
  const [acting, setActing] = useState<{ finding: Finding; action: Act } | null>(null);
  const [sanctioning, setSanctioning] = useState<Finding | null>(null);

  const inspectionColumns: TableColumnsType<Inspection> = [
    { title: '单位', dataIndex: 'unitName' },
    { title: '所在地', dataIndex: 'divisionCode', render: (c: string) => <DivisionName code={c} /> },
    { title: '方式', dataIndex: 'kind', render: (k: string) => label(inspectionKindLabels, k) },
    { title: '计划日期', dataIndex: 'plannedOn' },
    { title: '检查日期', dataIndex: 'inspectedOn', render: (d: string | null) => d ?? '—' },
    { title: '检查人员', dataIndex: 'inspectors' },
    { title: '抽取编号', dataIndex: 'drawReference', render: (r: string | null) => r ?? '—' },
    { title: '检查情况', dataIndex: 'summary', render: (s: string) => s || '—' },
    {
      title: '',
      key: 'act',
      render: (_: unknown, i) =>
        i.status === 'planned' && manage ? (
          <Button size="small" onClick={() => setInspecting({ planned: i })} data-testid={`inspect-${i.id}`}>
            登记检查结果
          </Button>
        ) : i.status === 'planned' ? (
          <Tag>待检查</Tag>
        ) : (
          <Tag color="green">已检查</Tag>
        ),
    },
  ];
  const findingColumns: TableColumnsType<Finding> = [
    { title: '单位', dataIndex: 'unitName' },
    { title: '类别', dataIndex: 'category', render: (c: string) => label(findingCategoryLabels, c) },
    { title: '问题情况', dataIndex: 'description' },
    { title: '整改期限', dataIndex: 'deadline' },
    { title: '状态', key: 'status', render: (_: unknown, f) => findingTag(f) },
    {
      title: '',
      key: 'act',
      render: (_: unknown, f) =>
        manage && f.status !== 'verified' ? (
          <Space size={4} wrap>
            {f.status === 'rectified' ? (
              <>
                <Button size="small" onClick={() => setActing({ finding: f, action: 'verify' })}>
                  复核销号
                </Button>
                <Button size="small" onClick={() => setActing({ finding: f, action: 'reopen' })}>
                  复核未通过
                </Button>
              </>
            ) : (
              <>
                <Button size="small" onClick={() => setActing({ finding: f, action: 'rectify' })} data-testid={`rectify-${f.id}`}>
                  整改完成
                </Button>
                <Button size="small" onClick={() => setActing({ finding: f, action: 'extend' })}>
                  延期
                </Button>
              </>
            )}
            <Button size="small" danger onClick={() => setSanctioning(f)}>
              约谈 / 禁业
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <Card title="殡葬服务单位监管">
      <Typography.Paragraph type="secondary">
        “双随机、一公开”：随机抽取检查对象和检查人员，抽查结果公开。检查发现的问题按服务合同、内部管理、骨灰存放、殡葬用品、广告宣传、明码标价分类，限期整改（默认 30 日），整改后复核销号；逾期未整改的排在最前，可约谈或禁止承接业务。
      </Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'findings',
            label: '问题整改',
            children: (
              <>
                <Space style={{ marginBottom: 12 }} wrap>
                  <Select
                    style={{ width: 160 }}
                    value={status ?? 'all'}
                    onChange={(v: string) => setStatus(v === 'all' ? undefined : (v as 'open' | 'closed'))}
                    options={[
                      { value: 'open', label: '未销号' },
                      { value: 'closed', label: '已销号' },
                      { value: 'all', label: '全部' },
                    ]}
                    data-testid="finding-status"
                  />
                  <LedgerExportButton path="/funeral/supervision/findings/export" query={{}} title="殡葬服务单位检查整改台账" personal={false} />
                </Space>
                <ApiErrorNotice error={findings.error} />
                <Table<Finding>
                  rowKey="id"
                  size="middle"
                  columns={findingColumns}
                  dataSource={findings.data?.items ?? []}
                  loading={findings.isLoading}
                  rowClassName={(f) => (f.overdue && f.status !== 'verified' ? 'row-overdue' : '')}
                  locale={{ emptyText: '没有符合条件的问题' }}
                  data-testid="funeral-findings"
                />
              </>
            ),
          },
          {
            key: 'inspections',
            label: '检查任务',
            children: (
              <>
                {manage ? (
                  <Space style={{ marginBottom: 12 }}>
                    <Button type="primary" onClick={() => setDrawing(true)} data-testid="draw">
                      双随机抽取
                    </Button>
                    <Button onClick={() => setInspecting({ planned: null })}>登记日常检查</Button>
                  </Space>
                ) : null}
                <ApiErrorNotice error={inspections.error} />
                <Table<Inspection> rowKey="id" size="middle" columns={inspectionColumns} dataSource={inspections.data?.items ?? []} loading={inspections.isLoading} locale={{ emptyText: '暂无检查任务' }} data-testid="funeral-inspections" />
              </>
            ),
          },
        ]}
      />
      <DrawDialog open={drawing} onClose={() => setDrawing(false)} />
      <InspectionDialog open={inspecting !== null} planned={inspecting?.planned ?? null} onClose={() => setInspecting(null)} />
      <FindingActionDialog finding={acting?.finding ?? null} action={acting?.action ?? null} onClose={() => setActing(null)} />
      <SanctionDialog finding={sanctioning} onClose={() => setSanctioning(null)} />
    </Card>
  );
}
