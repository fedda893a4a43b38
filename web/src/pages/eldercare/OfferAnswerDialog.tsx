import { Alert, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import type { OfferAnswer } from '../../api/eldercare.js';
import type { Offer } from '../../api/eldercare-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { today } from '../../format/dates.js';

export type AnswerKind = OfferAnswer['answer'];

const TITLES: Record<AnswerKind, string> = { accept: '接受床位并办理入住', decline: '放弃床位', withdraw: '撤回轮候申请' };

/** Accepting admits the person; declining (with a reason) passes the bed to the next in line; withdrawing leaves the queue. */
export function OfferAnswerDialog({ kind, offer, pending, error, onSubmit, onClose }: { kind: AnswerKind; offer: Offer | null; pending: boolean; error: unknown; onSubmit(answer: OfferAnswer): void; onClose(): void }) {
  const [form] = Form.useForm<{ reason?: string; admittedOn?: Dayjs }>();
  function submit(v: { reason?: string; admittedOn?: Dayjs }) {
    if (kind === 'accept' && offer) onSubmit({ answer: 'accept', offerId: offer.id, admittedOn: v.admittedOn?.format('YYYY-MM-DD') });
    else if (kind === 'decline' && offer) onSubmit({ answer: 'decline', offerId: offer.id, reason: (v.reason ?? '').trim() });
    else onSubmit({ answer: 'withdraw', reason: (v.reason ?? '').trim() });
  }
  return (
    <Modal
      open
      title={offer ? `${TITLES[kind]} · ${offer.facilityName}` : TITLES[kind]}
      okText={`确认${TITLES[kind]}`}
      okButtonProps={{ danger: kind !== 'accept', 'data-testid': 'answer-submit' }}
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ admittedOn: today() }} onFinish={submit}>
        {kind === 'accept' ? (
          <Form.Item name="admittedOn" label="入住日期" rules={[{ required: true, message: '请选择入住日期' }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
        ) : (
          <>
            {kind === 'decline' ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title="放弃后床位立即通知下一位轮候老人；本人回到队列原位，累计放弃达到上限将移出轮候。" /> : null}
            <Form.Item name="reason" label={kind === 'decline' ? '放弃原因' : '撤回原因'} rules={[{ required: true, whitespace: true, message: '请填写原因' }]}>
              <Input.TextArea rows={3} maxLength={2000} data-testid="answer-reason" />
            </Form.Item>
          </>
        )}
      </Form>
      {error ? <ApiErrorNotice error={error} inline /> : null}
    </Modal>
  );
}
