import { EyeOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { revealLead, useLead, useLeadStep, type LeadStep } from '../../api/monitoring.js';
import type { ContactChannel, LeadDetail, LeadOutcome } from '../../api/monitoring-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ActionLog } from '../../components/ActionLog.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { ItemList } from '../../components/ItemList.js';
import { PageLoading } from '../../components/PageLoading.js';
import { UNMASK_PURPOSE_OPTIONS } from '../../components/RevealIdNumber.js';
import { formatDateTime, today } from '../../format/dates.js';
import { contactChannelLabels, label, leadActionLabels, leadOutcomeLabels } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

const required = (message: string) => [{ required: true, whitespace: true, message }];

function ContactForm({ pending, onSubmit }: { pending: boolean; onSubmit(step: LeadStep): void }) {
  return (
    <Form<{ contactedOn: Dayjs; channel: ContactChannel; note: string }>
      layout="vertical"
      initialValues={{ contactedOn: today(), channel: 'visit' }}
      onFinish={(v) => onSubmit({ step: 'contact', body: { contactedOn: v.contactedOn.format('YYYY-MM-DD'), channel: v.channel, note: v.note.trim() } })}
    >
      <Form.Item name="contactedOn" label="联系日期" rules={[{ required: true }]}>
        <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day')} />
      </Form.Item>
      <Form.Item name="channel" label="联系方式">
        <Radio.Group options={Object.entries(contactChannelLabels).map(([value, text]) => ({ value, label: text }))} />
      </Form.Item>
      <Form.Item name="note" label="联系情况" rules={required('请填写联系情况')}>
        <Input.TextArea rows={3} maxLength={2000} placeholder="告知政策、了解意愿" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending}>
        登记联系
      </Button>
    </Form>
  );
}

function OutcomeForm({ pending, onSubmit }: { pending: boolean; onSubmit(step: LeadStep): void }) {
  return (
    <Form<{ outcome: LeadOutcome; reason: string; caseId?: number }>
      layout="vertical"
      initialValues={{ outcome: 'applied' }}
      onFinish={(v) => onSubmit({ step: 'outcome', body: { outcome: v.outcome, reason: v.reason.trim(), caseId: v.caseId ?? undefined } })}
    >
      <Form.Item name="outcome" label="结果">
        <Radio.Group options={Object.entries(leadOutcomeLabels).map(([value, text]) => ({ value, label: text }))} />
      </Form.Item>
      <Form.Item name="caseId" label="救助案件号（已申请时）">
        <InputNumber min={1} precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="reason" label="结果说明" rules={required('请填写结果说明')}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending}>
        登记结果
      </Button>
    </Form>
  );
}

function NextSteps({ lead }: { lead: LeadDetail }) {
  const { message } = App.useApp();
  const step = useLeadStep(lead.id);
  const submit = (s: LeadStep) => step.mutate(s, { onSuccess: (d) => void message.success(`已登记，线索状态：${d.statusName}`) });
  const tabs = [];
  if (lead.status === 'contacted') tabs.push({ key: 'outcome', label: '登记结果', children: <OutcomeForm pending={step.isPending} onSubmit={submit} /> });
  if (lead.status === 'found' || lead.status === 'contacted') tabs.push({ key: 'contact', label: '登记联系', children: <ContactForm pending={step.isPending} onSubmit={submit} /> });
  if (tabs.length === 0) return <Typography.Text type="secondary">线索已有结果：{lead.statusName}</Typography.Text>;
  return (
    <>
      <Tabs key={lead.status} items={tabs} />
      {step.error ? <ApiErrorNotice error={step.error} inline /> : null}
    </>
  );
}

function RevealContact({ lead, onRevealed }: { lead: LeadDetail; onRevealed(detail: LeadDetail): void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ purpose: string; purposeRef?: string }>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function reveal({ purpose, purposeRef }: { purpose: string; purposeRef?: string }) {
    setPending(true);
    setError(null);
    try {
      onRevealed(await revealLead(lead.id, purpose, purposeRef?.trim() || undefined));
      setOpen(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }
  return (
    <>
      <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="lead-reveal">
        显示完整姓名和住址
      </Button>
      {open ? (
        <Modal open title="查看户主姓名和住址" okText="确认查看" cancelText="取消" confirmLoading={pending} onOk={() => form.submit()} onCancel={() => setOpen(false)}>
          <Typography.Paragraph type="secondary">须选择用途，可填写依据编号。用途、查看人和时间记入审计日志。</Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={(values) => void reveal(values)}>
            <Form.Item name="purpose" label="用途" rules={[{ required: true, message: '请选择查看用途' }]}>
              <Select placeholder="请选择用途" options={UNMASK_PURPOSE_OPTIONS} />
            </Form.Item>
            <Form.Item name="purposeRef" label="依据编号（可选）" rules={[{ max: 64, message: '不超过64个字' }]}>
              <Input maxLength={64} />
            </Form.Item>
          </Form>
          {error ? <ApiErrorNotice error={error} inline /> : null}
        </Modal>
      ) : null}
    </>
  );
}

function ProgrammeList({ lead }: { lead: LeadDetail }) {
  return (
    <Table
      size="small"
      pagination={false}
      rowKey={(p) => `${p.programme}-${p.personId ?? 0}`}
      dataSource={lead.programmes}
      data-testid="lead-programmes"
      columns={[
        { title: '项目', dataIndex: 'programmeName', width: 110 },
        { title: '对象', dataIndex: 'personId', width: 90, render: (id: number | null) => (id ? <Link to={`/registry/persons/${id}`}>该户成员</Link> : '全户') },
        { title: '测算月金额', dataIndex: 'amountFen', width: 110, align: 'right', render: (fen: number | null) => formatFen(fen) },
        {
          title: '申请情况',
          dataIndex: 'caseId',
          width: 130,
          render: (caseId: number | null, p) =>
            caseId ? (
              <Link to={`/assistance/cases/${caseId}`} data-testid="lead-case-link">
                已申请（{p.caseStatusName}）
              </Link>
            ) : (
              '未申请'
            ),
        },
      ]}
      expandable={{ expandedRowRender: (p) => <ItemList items={p.reasons} render={(reason) => reason} />, rowExpandable: (p) => p.reasons.length > 0 }}
    />
  );
}

/** 政策找人线索: whom to visit and where, why the household seems to qualify, and the advisor's contact and its result. */
export function LeadDrawer({ id, onClose }: { id: number | null; onClose(): void }) {
  const { can } = useAuth();
  const query = useLead(id);
  const [revealed, setRevealed] = useState<LeadDetail | null>(null);
  const lead = revealed && revealed.id === id ? { ...(query.data ?? revealed), household: revealed.household } : query.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={720} title={lead ? `线索 ${lead.id} · ${lead.household.headName ? `${lead.household.headName} 户` : '家庭'}` : '线索'} destroyOnHidden>
      {query.error ? (
        <ApiErrorNotice error={query.error} inline />
      ) : !lead ? (
        <PageLoading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="lead-drawer">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="户主">
              <Link to={`/registry/households/${lead.householdId}`} data-testid="lead-drawer-name">
                {lead.household.headName ?? '无在册成员'}
              </Link>
              {lead.household.masked && can('pii.reveal') ? <RevealContact lead={lead} onRevealed={setRevealed} /> : null}
            </Descriptions.Item>
            <Descriptions.Item label="状态">{lead.statusName}</Descriptions.Item>
            <Descriptions.Item label="住址" span={2}>
              <span data-testid="lead-drawer-address">{lead.household.address ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="居委会" span={2}>
              <DivisionName code={lead.divisionCode} full />
            </Descriptions.Item>
            <Descriptions.Item label="测算月份">{lead.month}</Descriptions.Item>
            <Descriptions.Item label="测算月金额">{formatFen(lead.amountFen)}</Descriptions.Item>
            <Descriptions.Item label="发现时间">{formatDateTime(lead.foundAt)}</Descriptions.Item>
            <Descriptions.Item label="救助申请">
              {lead.caseId ? (
                <Link to={`/assistance/cases/${lead.caseId}`} data-testid="lead-applied-case">
                  已申请，查看案件
                </Link>
              ) : (
                '尚未申请'
              )}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>符合条件的项目（点开看理由）</Typography.Title>
            <ProgrammeList lead={lead} />
          </div>
          {can('monitoring.handle') ? (
            <div>
              <Typography.Title level={5}>登记跟进</Typography.Title>
              <NextSteps lead={lead} />
            </div>
          ) : null}
          <div>
            <Typography.Title level={5}>跟进记录</Typography.Title>
            <ActionLog
              items={lead.actions.map((a) => ({
                key: a.seq,
                title: label(leadActionLabels, a.action),
                at: a.at,
                actorUsername: a.actorUsername,
                reason: a.reason,
                details: typeof a.payload.channel === 'string' ? `${label(contactChannelLabels, a.payload.channel)}联系` : typeof a.payload.outcome === 'string' ? label(leadOutcomeLabels, a.payload.outcome) : null,
              }))}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}
