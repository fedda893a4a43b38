import { App, Button, DatePicker, Descriptions, Drawer, Form, Input, Radio, Select, Space, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { HouseholdLink, PersonLink } from '../../components/PersonLink.js';
import { useWarning, useWarningStep, type WarningStep } from '../../api/monitoring.js';
import type { HandleOutcome, WarningDetail } from '../../api/monitoring-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ActionLog } from '../../components/ActionLog.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { ItemList } from '../../components/ItemList.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatDateTime, formatInstantDate, today } from '../../format/dates.js';
import { handleOutcomeLabels, label, warningActionLabels, warningLevelColors } from '../../format/labels.js';
import { untilDeadline } from './worklist.js';

const required = (message: string) => [{ required: true, whitespace: true, message }];

function VisitForm({ w, pending, onSubmit }: { w: WarningDetail; pending: boolean; onSubmit(step: WarningStep): void }) {
  const raised = dayjs(formatInstantDate(w.raisedAt));
  return (
    <Form<{ visitedOn: Dayjs; findings: string; photoRefs?: string[] }>
      layout="vertical"
      initialValues={{ visitedOn: today() }}
      onFinish={(v) => onSubmit({ step: 'visit', body: { visitedOn: v.visitedOn.format('YYYY-MM-DD'), findings: v.findings.trim(), photoRefs: v.photoRefs?.length ? v.photoRefs : undefined } })}
    >
      <Form.Item name="visitedOn" label="核实日期" rules={[{ required: true, message: '请选择核实日期' }]}>
        <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day') || d.isBefore(raised, 'day')} />
      </Form.Item>
      <Form.Item name="findings" label="核实情况" rules={required('请填写上门核实的情况')}>
        <Input.TextArea rows={4} maxLength={2000} showCount placeholder="上门见到的人和情况、家庭困难的实际程度" data-testid="warning-findings" />
      </Form.Item>
      <Form.Item name="photoRefs" label="照片（文档库引用，可选）">
        <Select mode="tags" placeholder="输入照片编号后回车" open={false} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending} data-testid="warning-visit-submit">
        登记上门核实
      </Button>
    </Form>
  );
}

function HandleForm({ pending, onSubmit }: { pending: boolean; onSubmit(step: WarningStep): void }) {
  const [form] = Form.useForm<{ outcome: HandleOutcome; reason: string; reference?: string }>();
  const outcome = Form.useWatch('outcome', form);
  return (
    <Form form={form} layout="vertical" initialValues={{ outcome: 'referred_case' }} onFinish={(v) => onSubmit({ step: 'handle', body: { outcome: v.outcome, reason: v.reason.trim(), reference: v.reference?.trim() || undefined } })}>
      <Form.Item name="outcome" label="处置结果" rules={[{ required: true }]}>
        <Radio.Group options={Object.entries(handleOutcomeLabels).map(([value, text]) => ({ value, label: text }))} data-testid="warning-outcome" />
      </Form.Item>
      {outcome !== 'no_action' ? (
        <Form.Item name="reference" label="转介去向" rules={required('请填写救助案件号或服务机构')}>
          <Input maxLength={200} placeholder={outcome === 'referred_case' ? '救助案件号，如 1024' : '服务机构名称'} />
        </Form.Item>
      ) : null}
      <Form.Item name="reason" label="处置理由" rules={required('请填写处置理由')}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="warning-reason" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending} data-testid="warning-handle-submit">
        登记处置
      </Button>
    </Form>
  );
}

function CloseForm({ pending, onSubmit }: { pending: boolean; onSubmit(step: WarningStep): void }) {
  return (
    <Form<{ note?: string }> layout="vertical" onFinish={(v) => onSubmit({ step: 'close', body: { note: v.note?.trim() || undefined } })}>
      <Form.Item name="note" label="办结说明">
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending} data-testid="warning-close-submit">
        办结
      </Button>
    </Form>
  );
}

/** The closed loop's next steps from the status: 上门核实 (again, if needed) → 处置 → 办结. */
function NextSteps({ w }: { w: WarningDetail }) {
  const { message } = App.useApp();
  const step = useWarningStep(w.id);
  const submit = (s: WarningStep) => step.mutate(s, { onSuccess: (d) => void message.success(`已登记，预警状态：${d.statusName}`) });
  const tabs = [];
  if (w.status === 'assigned' || w.status === 'visited') tabs.push({ key: 'visit', label: '上门核实', children: <VisitForm w={w} pending={step.isPending} onSubmit={submit} /> });
  if (w.status === 'visited') tabs.push({ key: 'handle', label: '处置', children: <HandleForm pending={step.isPending} onSubmit={submit} /> });
  if (w.status === 'handled') tabs.push({ key: 'close', label: '办结', children: <CloseForm pending={step.isPending} onSubmit={submit} /> });
  if (tabs.length === 0) return <Typography.Text type="secondary">{w.status === 'new' ? '预警尚未派单，待街镇派给社区救助顾问后办理。' : '预警已办结。'}</Typography.Text>;
  return (
    <>
      <Tabs key={w.status} items={tabs} defaultActiveKey={w.status === 'visited' ? 'handle' : tabs[0].key} />
      {step.error ? <ApiErrorNotice error={step.error} inline /> : null}
    </>
  );
}

export function WarningDrawer({ id, onClose }: { id: number | null; onClose(): void }) {
  const { can } = useAuth();
  const query = useWarning(id);
  const w = query.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={w ? `预警 ${w.id} · ${w.typeName}` : '预警'} destroyOnHidden>
      {query.error ? (
        <ApiErrorNotice error={query.error} inline />
      ) : !w ? (
        <PageLoading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="warning-drawer">
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label="级别">
              <Tag color={warningLevelColors[w.level]}>{w.levelName}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <span data-testid="warning-status">{w.statusName}</span>
              {w.outcomeName ? `（${w.outcomeName}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="居委会" span={2}>
              <DivisionName code={w.divisionCode} full />
            </Descriptions.Item>
            <Descriptions.Item label="家庭">{w.householdId ? <HouseholdLink id={w.householdId} name={w.householdName} masked={w.householdNameMasked} testId="warning-household" /> : '—'}</Descriptions.Item>
            <Descriptions.Item label="人员">{w.personId ? <PersonLink id={w.personId} name={w.personName} masked={w.personNameMasked} testId="warning-person" /> : '—'}</Descriptions.Item>
            <Descriptions.Item label="发出时间">{formatDateTime(w.raisedAt)}</Descriptions.Item>
            <Descriptions.Item label="处置时限">
              {formatDateTime(w.dueAt)} {w.overdue ? <Tag color="red">{untilDeadline(w.dueAt).text}</Tag> : null}
            </Descriptions.Item>
          </Descriptions>
          <div>
            <Typography.Title level={5}>预警理由</Typography.Title>
            <ItemList items={w.reasons} render={(reason) => reason} />
          </div>
          {can('monitoring.handle') ? (
            <div>
              <Typography.Title level={5}>登记办理</Typography.Title>
              <NextSteps w={w} />
            </div>
          ) : null}
          <div>
            <Typography.Title level={5}>办理记录</Typography.Title>
            <ActionLog
              testId="warning-log"
              items={w.actions.map((a) => ({
                key: a.seq,
                title: label(warningActionLabels, a.action),
                at: a.at,
                actorUsername: a.actorUsername,
                reason: a.reason,
                details:
                  typeof a.payload.visitedOn === 'string'
                    ? `核实日期 ${a.payload.visitedOn}`
                    : typeof a.payload.outcome === 'string'
                      ? `${label(handleOutcomeLabels, a.payload.outcome)}${typeof a.payload.reference === 'string' ? `：${a.payload.reference}` : ''}`
                      : null,
                color: a.action === 'escalate' ? 'red' : a.action === 'close' ? 'gray' : 'blue',
              }))}
            />
          </div>
        </Space>
      )}
    </Drawer>
  );
}
