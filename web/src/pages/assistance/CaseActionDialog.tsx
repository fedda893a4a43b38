import { Alert, DatePicker, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { CaseActionRequest } from '../../api/assistance.js';
import type { CaseDetail } from '../../api/assistance-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen, parseYuan } from '../../format/money.js';
import { lastVerifiedAmount, openObjections, proposedAmount, type OfferedAction } from './case-actions.js';
import { today } from '../../format/dates.js';

interface Values {
  note?: string;
  reason?: string;
  findings?: string;
  visitedOn?: Dayjs;
  amountYuan?: string;
  objection?: string;
  receivedOn?: Dayjs;
  objectionSeq?: number;
  upheld?: boolean;
  reasons?: string;
  effectiveMonth?: Dayjs;
  message?: string;
  dueOn?: Dayjs;
  summary?: string;
  confirmed?: boolean;
  backPayFrom?: Dayjs;
}

const required = (message: string) => [{ required: true, whitespace: true, message }];
const yuanRule = { validator: (_: unknown, value?: string) => (!value || (parseYuan(value) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error('请输入大于 0 的金额（元，最多两位小数）'))) };
const noFuture = (day: Dayjs) => day.isAfter(today(), 'day');

/** The request body of each action, from the form (src/assistance/routes.ts). */
function requestOf(action: OfferedAction['action'], v: Values): CaseActionRequest {
  const trimmed = (text?: string) => text?.trim() || undefined;
  const amount = v.amountYuan ? (parseYuan(v.amountYuan) ?? undefined) : undefined;
  switch (action) {
    case 'record_visit':
      return { action, body: { visitedOn: v.visitedOn?.format('YYYY-MM-DD'), findings: v.findings?.trim(), proposedAmountFen: amount } };
    case 'record_objection':
      return { action, body: { objection: v.objection?.trim(), receivedOn: v.receivedOn?.format('YYYY-MM-DD') } };
    case 'resolve_objection':
      return { action, objectionSeq: v.objectionSeq, body: { finding: v.findings?.trim(), upheld: v.upheld === true } };
    case 'record_review':
      return { action, body: { findings: v.findings?.trim() } };
    case 'request_material':
      return { action, body: { message: v.message?.trim(), dueOn: v.dueOn?.format('YYYY-MM-DD') } };
    case 'approve':
      return { action, body: { amountFen: amount, note: trimmed(v.note) } };
    case 'reject':
      return {
        action,
        body: {
          reasons: (v.reasons ?? '')
            .split('\n')
            .map((r) => r.trim())
            .filter(Boolean),
        },
      };
    case 'stop':
      return { action, body: { reason: v.reason?.trim(), effectiveMonth: v.effectiveMonth?.format('YYYY-MM') } };
    case 'decline':
    case 'withdraw':
    case 'suspend':
      return { action, body: { reason: v.reason?.trim() } };
    case 'resume':
      return { action, body: { note: trimmed(v.note), backPayFrom: v.backPayFrom?.format('YYYY-MM') } };
    case 'file_paperwork':
      return { action, body: { summary: v.summary?.trim() } };
    case 'review_emergency':
      return { action, body: { confirmed: v.confirmed !== false, note: v.note?.trim() } };
    default:
      return { action, body: { note: trimmed(v.note) } };
  }
}

function Fields({ spec, c }: { spec: OfferedAction; c: CaseDetail }) {
  const temporary = c.programme === 'temporary';
  switch (spec.action) {
    case 'verify':
      return <Typography.Paragraph>将汇集家庭成员的收入、财产、支出等各部门事实，按现行政策规则计算，并保存可复现的核对报告。</Typography.Paragraph>;
    case 'start_notice':
      return <Typography.Paragraph>在社区公示栏和网站公示申请人家庭情况，公示期按配置（默认 7 天）。公示期满且异议处理完毕后方可审批。</Typography.Paragraph>;
    case 'record_visit':
      return (
        <>
          <Form.Item name="visitedOn" label="入户日期" initialValue={today()} rules={[{ required: true, message: '请选择入户日期' }]}>
            <DatePicker disabledDate={noFuture} allowClear={false} />
          </Form.Item>
          <Form.Item name="findings" label="入户调查情况" rules={required('请填写入户调查情况')}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="家庭人口、居住、收入与财产的实际情况" data-testid="visit-findings" />
          </Form.Item>
          {temporary ? (
            <Form.Item name="amountYuan" label="拟救助金额（元）" rules={[{ required: true, message: '临时救助须提出救助金额' }, yuanRule]}>
              <Input inputMode="decimal" placeholder="如 2000" />
            </Form.Item>
          ) : null}
        </>
      );
    case 'record_objection':
      return (
        <>
          <Form.Item name="objection" label="异议内容" rules={required('请填写异议内容')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="receivedOn" label="收到日期">
            <DatePicker disabledDate={noFuture} />
          </Form.Item>
        </>
      );
    case 'resolve_objection':
      return (
        <>
          <Form.Item name="objectionSeq" label="异议" rules={[{ required: true, message: '请选择要处理的异议' }]}>
            <Select options={openObjections(c).map((o) => ({ value: o.seq, label: `${o.onDate}：${o.text}` }))} />
          </Form.Item>
          <Form.Item name="findings" label="核实情况" rules={required('请填写核实情况')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="upheld" label="核实结论" initialValue={false}>
            <Radio.Group
              options={[
                { value: false, label: '异议不成立' },
                { value: true, label: '异议成立' },
              ]}
            />
          </Form.Item>
        </>
      );
    case 'request_material':
      return (
        <>
          <Typography.Paragraph>申请人会在居民端“我的申请”和“消息”中看到这项要求，并可在线上传。只要求政府部门数据中没有的材料（两个免于提交）。</Typography.Paragraph>
          <Form.Item name="message" label="需要补充的材料" rules={required('请写明需要补充的材料')}>
            <Input.TextArea rows={3} maxLength={2000} placeholder="如：请上传近三个月的医疗费用发票" data-testid="material-message" />
          </Form.Item>
          <Form.Item name="dueOn" label="提交期限（可不填）">
            <DatePicker disabledDate={(day) => day.isBefore(today(), 'day')} />
          </Form.Item>
        </>
      );
    case 'record_review':
      return (
        <Form.Item name="findings" label="复核情况" rules={required('请填写复核情况')} extra="复核须在最近一次批准或复核之后重新进行经济状况核对。">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      );
    case 'approve': {
      const verified = lastVerifiedAmount(c);
      const proposed = proposedAmount(c);
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={temporary ? `经办人提出的临时救助金额：${formatFen(proposed)}` : `救助金额由政策规则计算：最近一次核对为每月 ${formatFen(verified)}`}
            description={temporary ? '批准金额可低于但不得高于提出金额和单次上限。' : '批准后按月发放，每月金额按当月标准和家庭情况自动核定。'}
          />
          {temporary ? (
            <Form.Item name="amountYuan" label="批准金额（元）" rules={[yuanRule]} extra="不填则按提出金额批准">
              <Input inputMode="decimal" />
            </Form.Item>
          ) : null}
          <Form.Item name="note" label="审批意见">
            <Input.TextArea rows={2} maxLength={2000} placeholder="如：符合条件，同意批准" />
          </Form.Item>
        </>
      );
    }
    case 'reject':
      return (
        <Form.Item name="reasons" label="不予批准的理由" rules={required('请写明不予批准的理由')} extra="每行一条；理由将写入不予批准决定书，并告知申请人行政复议与诉讼的权利。">
          <Input.TextArea rows={4} maxLength={2000} data-testid="reject-reasons" />
        </Form.Item>
      );
    case 'stop':
      return (
        <>
          <Form.Item name="reason" label="终止理由" rules={required('请填写终止理由')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="effectiveMonth" label="自何月起终止" initialValue={today().add(1, 'month')} extra="该月及以后已发放的金额将列为应退回。">
            <DatePicker picker="month" allowClear={false} />
          </Form.Item>
        </>
      );
    case 'resume':
      return (
        <>
          <Form.Item name="note" label="恢复意见">
            <Input.TextArea rows={2} maxLength={2000} placeholder="如：重新核对仍符合条件，恢复发放" />
          </Form.Item>
          <Form.Item name="backPayFrom" label="自何月起补发（可不填）" extra="填写后，自该月起至最近一次已发放月份，逐月按当月政策和家庭当月情况计算应发金额，与实际已发之差随下月救助金补发一次；不填则只从下次发放起恢复。">
            <DatePicker picker="month" data-testid="back-pay-from" disabledDate={(day: Dayjs) => day.isAfter(today(), 'month') || (c.paymentFrom !== null && day.format('YYYY-MM') < c.paymentFrom)} />
          </Form.Item>
        </>
      );
    case 'file_paperwork':
      return (
        <Form.Item name="summary" label="补办的材料" rules={required('请写明补办的材料')} extra={`先行救助发放后须在配置的期限内补齐手续（本案期限 ${c.dueOn ?? '—'}），逾期补办将记为逾期。`}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="如：申请书、身份证明、困难情况说明" data-testid="paperwork-summary" />
        </Form.Item>
      );
    case 'review_emergency':
      return (
        <>
          <Typography.Paragraph>先行救助由街镇当场决定并发放；区民政局在手续补齐后审核。发放人不得审核本案。认定不当的，发放金额列为应追回。</Typography.Paragraph>
          <Form.Item name="confirmed" label="审核结论" initialValue={true}>
            <Radio.Group
              options={[
                { value: true, label: '先行救助适当' },
                { value: false, label: '先行救助不当' },
              ]}
            />
          </Form.Item>
          <Form.Item name="note" label="审核意见" rules={required('请填写审核意见')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </>
      );
    case 'decline':
    case 'withdraw':
    case 'suspend':
      return (
        <Form.Item name="reason" label={spec.action === 'suspend' ? '暂停理由' : '理由'} rules={required('请填写理由')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name="note" label="备注">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      );
  }
}

/** One action's form; the server's refusal (wrong status, four eyes, stale verification) is shown in it. */
export function CaseActionDialog({ spec, c, pending, error, onSubmit, onClose }: { spec: OfferedAction; c: CaseDetail; pending: boolean; error: unknown; onSubmit(request: CaseActionRequest): void; onClose(): void }) {
  const [form] = Form.useForm<Values>();
  const [submitted, setSubmitted] = useState(false);
  return (
    <Modal
      open
      title={`${spec.label} · 案件 ${c.id}（${c.applicantName}）`}
      okText={`确认${spec.label}`}
      okButtonProps={{ danger: spec.danger }}
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setSubmitted(true);
          onSubmit(requestOf(spec.action, values));
        }}
      >
        <Fields spec={spec} c={c} />
      </Form>
      {submitted && error ? <ApiErrorNotice error={error} inline /> : null}
    </Modal>
  );
}
