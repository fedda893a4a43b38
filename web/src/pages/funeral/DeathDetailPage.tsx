import { CheckOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { apiUrl } from '../../api/client.js';
import { useApplySubsidy, useCremation, useDeath, useRecordCremation, useSubsidies, useTickItem, useUnits } from '../../api/funeral.js';
import { useIntake, useRecordIntake } from '../../api/funeral-supervision.js';
import type { ChecklistItem, Death, Subsidy } from '../../api/funeral-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { basicItemLabels, deathSourceLabels, groundLabels, noticeStatusLabels, subsidyKindLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

const statusTag = (i: ChecklistItem) => (i.status === 'done' ? <Tag color="green">已办</Tag> : i.status === 'overdue' ? <Tag color="red">超期未答复</Tag> : <Tag color="blue">{i.kind === 'auto' ? '等待业务系统答复' : '待办'}</Tag>);

function TickDialog({ death, item, onClose }: { death: Death; item: ChecklistItem | null; onClose: () => void }) {
  const tick = useTickItem(death.id);
  const [note, setNote] = useState('');
  return (
    <Modal
      open={item !== null}
      title={`办结：${item?.label ?? ''}`}
      okText="确认办结"
      cancelText="取消"
      okButtonProps={{ disabled: !note.trim(), title: note.trim() ? undefined : '请先填写办理说明' }}
      confirmLoading={tick.isPending}
      onCancel={onClose}
      onOk={() => item && void tick.mutateAsync({ item: item.key, note }).then(onClose, () => undefined)}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">写明何时、在何处办结（如：2025-03-20 家属在浦东社保中心申领丧葬补助金）。</Typography.Paragraph>
      <Input.TextArea rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="tick-note" />
      <ApiErrorNotice error={tick.error} />
    </Modal>
  );
}

interface CremationValues {
  unitId: number;
  collectedOn: string;
  crematedOn: string;
  certificateNumber?: string;
  storageDays: number;
  transport: number;
  storage: number;
  cremation: number;
  ash_storage: number;
  collectionAddress?: string;
  familySigner?: string;
  ashes?: 'pickup' | 'stored';
  ashesOn?: string;
  ashesUntil?: string;
  transportCertificate?: string;
  transportDestination?: string;
}

function CremationCard({ death }: { death: Death }) {
  const { can } = useAuth();
  const cremation = useCremation(death.id);
  const units = useUnits();
  const record = useRecordCremation(death.id);
  const homes = (units.data?.items ?? []).filter((u) => u.kind === 'funeral_home');
  if (cremation.data) {
    const c = cremation.data;
    return (
      <Card title="接运与火化" size="small">
        <Descriptions
          size="small"
          column={3}
          items={[
            { label: '殡仪馆', children: c.unitName },
            { label: '接运日期', children: c.collectedOn },
            { label: '火化日期', children: c.crematedOn ?? '未火化' },
            { label: '炉型', children: c.furnace === 'flat' ? '平板炉' : '拣灰炉' },
            { label: '火化证明', children: c.certificateNumber ?? '—' },
            { label: '接运地址', children: c.collectionAddress ?? '—' },
            { label: '接运单签字家属', children: c.familySigner ?? '—' },
            {
              label: '骨灰',
              children: c.ashes ? (c.ashes.disposition === 'pickup' ? `${c.ashes.on} 已领取` : `${c.ashes.on} 起寄存至 ${c.ashes.until ?? '—'}`) : c.ashesDueBy ? `未领取（应于 ${c.ashesDueBy} 前领取或办理寄存）` : '—',
            },
            { label: '跨省运输证明', children: c.transport ? `${c.transport.certificateNumber}（运往${c.transport.destination}）` : '无' },
            {
              label: '四项基本服务费用',
              children:
                Object.entries(c.costFen)
                  .map(([k, v]) => `${label(basicItemLabels, k)} ${formatFen(v as number)}`)
                  .join('；') || '—',
            },
          ]}
        />
      </Card>
    );
  }
  if (!can('funeral.record')) return null;
  return (
    <Card title="登记接运与火化" size="small">
      <Typography.Paragraph type="secondary">遗体接运单须由家属签字；骨灰应于火化后 15 日内领取，或办理寄存（寄存期限不超过 1 年）；跨省运送遗体或骨灰须登记运输证明编号和目的地。</Typography.Paragraph>
      <Form
        layout="inline"
        style={{ rowGap: 8 }}
        onFinish={(v: CremationValues) =>
          void record
            .mutateAsync({
              unitId: v.unitId,
              collectedOn: v.collectedOn,
              crematedOn: v.crematedOn,
              furnace: 'flat',
              certificateNumber: v.certificateNumber,
              storageDays: v.storageDays,
              costFen: { transport: Math.round(v.transport * 100), storage: Math.round(v.storage * 100), cremation: Math.round(v.cremation * 100), ash_storage: Math.round(v.ash_storage * 100) },
              collectionAddress: v.collectionAddress || undefined,
              familySigner: v.familySigner || undefined,
              ...(v.ashes && v.ashesOn ? { ashes: { disposition: v.ashes, on: v.ashesOn, ...(v.ashes === 'stored' && v.ashesUntil ? { until: v.ashesUntil } : {}) } } : {}),
              ...(v.transportCertificate ? { transport: { certificateNumber: v.transportCertificate, destination: v.transportDestination ?? '' } } : {}),
            })
            .catch(() => undefined)
        }
        initialValues={{ collectedOn: death.deathDate, crematedOn: death.deathDate, storageDays: 3, transport: 0, storage: 0, cremation: 0, ash_storage: 0 }}
      >
        <Form.Item name="unitId" label="殡仪馆" rules={[{ required: true, message: '请选择殡仪馆' }]}>
          <Select style={{ width: 200 }} options={homes.map((h) => ({ value: h.id, label: h.name }))} data-testid="cremation-home" />
        </Form.Item>
        <Form.Item name="collectedOn" label="接运日期">
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="crematedOn" label="火化日期（平板炉）">
          <Input style={{ width: 120 }} data-testid="cremated-on" />
        </Form.Item>
        <Form.Item name="certificateNumber" label="火化证明编号">
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="storageDays" label="冷藏天数">
          <InputNumber min={0} max={365} />
        </Form.Item>
        {(['transport', 'storage', 'cremation', 'ash_storage'] as const).map((k) => (
          <Form.Item key={k} name={k} label={`${basicItemLabels[k]}（元）`}>
            <InputNumber min={0} precision={2} data-testid={`cost-${k}`} />
          </Form.Item>
        ))}
        <Form.Item name="collectionAddress" label="接运地址">
          <Input style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="familySigner" label="接运单签字家属">
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="ashes" label="骨灰">
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder="尚未领取"
            options={[
              { value: 'pickup', label: '已领取' },
              { value: 'stored', label: '寄存' },
            ]}
          />
        </Form.Item>
        <Form.Item name="ashesOn" label="领取或寄存日期">
          <Input style={{ width: 120 }} placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="ashesUntil" label="寄存至（不超过 1 年）">
          <Input style={{ width: 120 }} placeholder="YYYY-MM-DD" />
        </Form.Item>
        <Form.Item name="transportCertificate" label="跨省运输证明编号">
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="transportDestination" label="运往">
          <Input style={{ width: 120 }} placeholder="如：江苏省南通市" />
        </Form.Item>
        <Button htmlType="submit" loading={record.isPending} data-testid="record-cremation">
          登记
        </Button>
      </Form>
      <ApiErrorNotice error={record.error} />
    </Card>
  );
}

/** 八必问: the configured intake questions, each asked and its answer written down, all at once. */
function IntakeCard({ death }: { death: Death }) {
  const { can } = useAuth();
  const intake = useIntake(death.id);
  const record = useRecordIntake(death.id);
  const units = useUnits();
  const questions = intake.data?.questions ?? [];
  if (intake.error) return <ApiErrorNotice error={intake.error} />;
  const done = intake.data?.intake;
  return (
    <Card title="“八必问”承接问询" size="small" data-testid="intake">
      {done ? (
        <Descriptions size="small" column={1} items={done.answers.map((a) => ({ key: a.key, label: a.question, children: a.answer }))} />
      ) : can('funeral.record') ? (
        <Form
          layout="vertical"
          onFinish={(v: Record<string, string> & { unitId?: number }) => {
            const { unitId, ...answers } = v;
            void record.mutateAsync({ ...(unitId ? { unitId } : {}), answers }).catch(() => undefined);
          }}
        >
          <Typography.Paragraph type="secondary">殡葬服务单位承接前须逐项问询并记录家属的回答，全部填写后才能保存；保存后不再修改。</Typography.Paragraph>
          <Form.Item name="unitId" label="承接单位">
            <Select allowClear style={{ width: 240 }} options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          {questions.map((q, i) => (
            <Form.Item key={q.key} name={q.key} label={`${i + 1}. ${q.question}`} rules={[{ required: true, whitespace: true, message: '请记录问询结果' }]}>
              <Input maxLength={500} data-testid={`intake-${q.key}`} />
            </Form.Item>
          ))}
          <Button htmlType="submit" loading={record.isPending} data-testid="record-intake">
            保存问询记录
          </Button>
          <ApiErrorNotice error={record.error} />
        </Form>
      ) : (
        <Typography.Text type="secondary">尚未登记</Typography.Text>
      )}
    </Card>
  );
}

const subsidyColumns: TableColumnsType<Subsidy> = [
  { title: '补贴', dataIndex: 'kind', render: (k: string) => label(subsidyKindLabels, k) },
  { title: '金额', dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
  { title: '依据', dataIndex: 'grounds' },
  { title: '计算', dataIndex: 'rule' },
  { title: '承办人', dataIndex: 'organiserName' },
  { title: '发放日', dataIndex: 'payableOn' },
  { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'paid' ? <Tag color="green">已发放</Tag> : <Tag color="blue">已核准待发放</Tag>) },
];

function SubsidyCard({ death }: { death: Death }) {
  const { can } = useAuth();
  const subsidies = useSubsidies(death.id);
  const apply = useApplySubsidy();
  const cremation = useCremation(death.id);
  const hasBasic = (subsidies.data?.items ?? []).some((s) => s.kind === 'basic');
  const why = !death.shanghaiHukou ? '限本市户籍逝者' : hasBasic ? '该逝者已享受基本殡葬服务补贴（每位逝者一次）' : !cremation.data?.crematedOn ? '须先登记本市火化记录' : undefined;
  return (
    <Card title="殡葬补贴" size="small">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="基本殡葬服务补贴：本市户籍的低保、特困、因病支出型贫困、重点优抚、定期定量补助对象或未享受社保丧葬费补贴的逝者，在本市火化的，遗体接运、冷藏（5 天内）、平板炉火化、骨灰寄存（1 年内）四项按实补贴，最高 980 元；每位逝者一次。救助对象身份由救助案件自动认定。"
      />
      <Table<Subsidy> rowKey="id" size="small" columns={subsidyColumns} dataSource={subsidies.data?.items ?? []} pagination={false} data-testid="death-subsidies" />
      {can('funeral.record') ? (
        <Form
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={(v: { organiserName: string; bankAccount: string; ground?: 'youfu' | 'regular_relief' | 'no_insurance_grant'; groundProof?: string }) =>
            void apply.mutateAsync({ deathId: death.id, kind: 'basic', ...v }).catch(() => undefined)
          }
        >
          <Form.Item name="organiserName" label="丧事承办人" rules={[{ required: true, message: '请填写承办人' }]}>
            <Input style={{ width: 120 }} data-testid="organiser-name" />
          </Form.Item>
          <Form.Item name="bankAccount" label="银行卡号" rules={[{ required: true, message: '请填写银行卡号' }]}>
            <Input style={{ width: 200 }} data-testid="bank-account" />
          </Form.Item>
          <Form.Item name="ground" label="非救助对象的依据">
            <Select allowClear style={{ width: 220 }} options={Object.entries(groundLabels).map(([value, text]) => ({ value, label: text }))} />
          </Form.Item>
          <Form.Item name="groundProof" label="证明材料">
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" disabled={why !== undefined} title={why} loading={apply.isPending} data-testid="apply-subsidy">
            申请基本殡葬服务补贴
          </Button>
          {why ? <Typography.Text type="secondary">{why}</Typography.Text> : null}
        </Form>
      ) : null}
      <ApiErrorNotice error={apply.error} />
    </Card>
  );
}

/** One death: the notices, each module's answer with amounts, the manual items, the organiser's notice, cremation and subsidy. */
export default function DeathDetailPage() {
  const id = Number(useParams().id);
  const { can } = useAuth();
  const death = useDeath(id);
  const [ticking, setTicking] = useState<ChecklistItem | null>(null);
  if (death.error) return <ApiErrorNotice error={death.error} />;
  const d = death.data;
  if (!d) return <Card loading />;
  const columns: TableColumnsType<ChecklistItem> = [
    { title: '事项', dataIndex: 'label' },
    { title: '办理方式', dataIndex: 'kind', render: (k: string) => (k === 'auto' ? '业务系统自动办理' : '窗口或家属办理后勾选') },
    { title: '状态', key: 'status', render: (_: unknown, i) => statusTag(i) },
    { title: '办理结果', dataIndex: 'answer', render: (a: string | null) => a ?? '—' },
    { title: '应追回', dataIndex: 'recoverFen', align: 'right', render: (f: number) => (f ? formatFen(f) : '—') },
    {
      title: '',
      key: 'act',
      render: (_: unknown, i) =>
        i.kind === 'manual' && i.status !== 'done' && can('funeral.record') ? (
          <Button size="small" icon={<CheckOutlined />} onClick={() => setTicking(i)} data-testid={`tick-${i.key}`}>
            办结
          </Button>
        ) : null,
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={`${d.name}（${d.deathDate} 死亡）`}
        extra={
          <Space>
            <Button icon={<PrinterOutlined />} href={apiUrl(`/funeral/deaths/${d.id}/notice`, { format: 'html' })} target="_blank" data-testid="print-notice">
              打印告知书
            </Button>
            <Button href={apiUrl(`/funeral/deaths/${d.id}/notice`, { format: 'pdf' })}>下载 PDF</Button>
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={3}
          items={[
            { label: '首次通报', children: label(deathSourceLabels, d.source) },
            { label: '户籍地', children: <DivisionName code={d.hukouDivision} full /> },
            { label: '居住地', children: <DivisionName code={d.residenceDivision} full /> },
            { label: '一件事状态', children: d.completedAt ? <Tag color="green">已办结</Tag> : <Tag color="blue">办理中</Tag> },
            { label: '应追回合计', children: d.recoverFen ? formatFen(d.recoverFen) : '无' },
            { label: '本市户籍', children: d.shanghaiHukou ? '是' : '否' },
          ]}
        />
      </Card>
      <Card title="事项清单" size="small">
        <Table<ChecklistItem> rowKey="key" size="small" columns={columns} dataSource={d.checklist} pagination={false} data-testid="checklist" />
      </Card>
      <Card title="死亡通报" size="small">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={d.notices}
          columns={[
            { title: '来源', dataIndex: 'source', render: (s: string) => label(deathSourceLabels, s) },
            { title: '证明编号', dataIndex: 'proofNumber', render: (p: string | null) => p ?? '—' },
            { title: '死亡日期', dataIndex: 'deathDate' },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={s === 'review' ? 'orange' : 'default'}>{label(noticeStatusLabels, s)}</Tag> },
            { title: '说明', dataIndex: 'note', render: (n: string | null) => n ?? '' },
          ]}
        />
      </Card>
      <CremationCard death={d} />
      <SubsidyCard death={d} />
      <IntakeCard death={d} />
      <TickDialog death={d} item={ticking} onClose={() => setTicking(null)} />
    </Space>
  );
}
