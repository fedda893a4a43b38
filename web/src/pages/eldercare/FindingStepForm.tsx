import { Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { FindingStep } from '../../api/eldercare-supervision-types.js';
import { today } from '../../format/dates.js';

export type StepName = FindingStep['step'];

export const STEP_LABELS: Record<StepName, string> = { rectify: '登记整改完成', verify: '复核通过销号', reopen: '复核未通过', extend: '延长整改期限' };

interface Values {
  date?: Dayjs;
  text?: string;
  evidence?: string;
}

function toStep(step: StepName, v: Values): FindingStep {
  const date = v.date?.format('YYYY-MM-DD');
  const text = (v.text ?? '').trim();
  switch (step) {
    case 'rectify':
      return { step, body: { rectifiedOn: date ?? today().format('YYYY-MM-DD'), measures: text, evidence: v.evidence?.trim() || null } };
    case 'verify':
      return { step, body: { verifiedOn: date ?? today().format('YYYY-MM-DD'), note: text } };
    case 'reopen':
      return { step, body: { reason: text, deadline: date ?? null } };
    case 'extend':
      return { step, body: { deadline: date ?? '', reason: text } };
  }
}

const DATE_LABEL: Record<StepName, string> = { rectify: '整改完成日期', verify: '复核日期', reopen: '新的整改期限（不填按规定期限）', extend: '新的整改期限' };
const TEXT_LABEL: Record<StepName, string> = { rectify: '整改措施', verify: '复核意见', reopen: '未通过的原因', extend: '延期理由' };

/** One step of the rectification loop, inline in the finding's drawer. */
export function FindingStepForm({ step, pending, onSubmit, onCancel }: { step: StepName; pending: boolean; onSubmit(step: FindingStep): void; onCancel(): void }) {
  const future = step === 'reopen' || step === 'extend';
  return (
    <Form<Values> layout="vertical" initialValues={{ date: future ? undefined : today() }} onFinish={(v) => onSubmit(toStep(step, v))}>
      <Form.Item name="date" label={DATE_LABEL[step]} rules={step === 'reopen' ? [] : [{ required: true, message: '请选择日期' }]}>
        <DatePicker disabledDate={(d) => (future ? d.isBefore(today(), 'day') : d.isAfter(today(), 'day'))} />
      </Form.Item>
      <Form.Item name="text" label={TEXT_LABEL[step]} rules={[{ required: true, whitespace: true, message: `请填写${TEXT_LABEL[step]}` }]}>
        <Input.TextArea rows={3} maxLength={2000} data-testid="finding-step-text" />
      </Form.Item>
      {step === 'rectify' ? (
        <Form.Item name="evidence" label="整改材料（照片、报告等的编号或链接）">
          <Input maxLength={2000} />
        </Form.Item>
      ) : null}
      <Space>
        <Button type="primary" htmlType="submit" loading={pending} data-testid="finding-step-submit">
          {STEP_LABELS[step]}
        </Button>
        <Button onClick={onCancel}>取消</Button>
      </Space>
    </Form>
  );
}
