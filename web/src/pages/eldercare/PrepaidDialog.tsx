import { App, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useFacilities } from '../../api/eldercare.js';
import { useRecordPrepaid } from '../../api/eldercare-supervision.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen } from '../../format/money.js';
import { fenOf, yuanRule } from './money-field.js';
import { today } from '../../format/dates.js';

interface Values {
  facilityId?: number;
  month?: Dayjs;
  collected?: string;
  refunded?: string;
  balance?: string;
  escrow?: string;
}

const AMOUNTS: { name: keyof Values & ('collected' | 'refunded' | 'balance' | 'escrow'); label: string }[] = [
  { name: 'collected', label: '本月收取' },
  { name: 'refunded', label: '本月退还' },
  { name: 'balance', label: '月末预收费余额' },
  { name: 'escrow', label: '月末存管资金' },
];

/** 录入预收费月报: a facility's prepaid fees for a month in yuan (sent in fen); the server checks the escrow share. */
export function PrepaidDialog({ onClose }: { onClose(): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const facilities = useFacilities({ kind: 'institution' }, 1, 500);
  const record = useRecordPrepaid();
  function submit(v: Values) {
    const fen = (text?: string) => fenOf(text) ?? 0;
    record.mutate(
      { facilityId: v.facilityId ?? 0, month: (v.month ?? today()).format('YYYY-MM'), input: { collectedFen: fen(v.collected), refundedFen: fen(v.refunded), balanceFen: fen(v.balance), escrowFen: fen(v.escrow) } },
      {
        onSuccess: (r) => {
          if (r.atRisk) void message.warning(`已录入 ${r.facilityName} ${r.month} 月报：存管资金不足，缺口 ${formatFen(r.shortfallFen)}`);
          else void message.success(`已录入 ${r.facilityName} ${r.month} 月报`);
          onClose();
        },
      },
    );
  }
  return (
    <Modal open width={640} title="录入预收费月报" okText="录入" cancelText="取消" confirmLoading={record.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={{ month: today().subtract(1, 'month') }} onFinish={submit}>
        <Form.Item name="facilityId" label="养老机构" rules={[{ required: true, message: '请选择机构' }]}>
          <Select showSearch optionFilterProp="label" loading={facilities.isPending} options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} data-testid="prepaid-facility" />
        </Form.Item>
        <Form.Item name="month" label="月份" rules={[{ required: true, message: '请选择月份' }]}>
          <DatePicker picker="month" allowClear={false} disabledDate={(d) => d.isAfter(today(), 'month')} data-testid="prepaid-month" />
        </Form.Item>
        <Space wrap>
          {AMOUNTS.map((a) => (
            <Form.Item key={a.name} name={a.name} label={`${a.label}（元）`} rules={[{ required: true, whitespace: true, message: `请填写${a.label}` }, yuanRule(a.label)]}>
              <Input suffix="元" style={{ width: 200 }} data-testid={`prepaid-${a.name}`} />
            </Form.Item>
          ))}
        </Space>
      </Form>
      {record.error ? <ApiErrorNotice error={record.error} inline /> : null}
    </Modal>
  );
}
