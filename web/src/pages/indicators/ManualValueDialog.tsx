import { Alert, App, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { isApiError } from '../../api/client.js';
import { useEnterIndicatorValue } from '../../api/indicators.js';
import type { IndicatorValue } from '../../api/indicators-types.js';

interface Values {
  month: Dayjs;
  numerator?: number;
  denominator?: number;
  value?: number;
  source: string;
  note?: string;
}

const isShare = (row: IndicatorValue) => row.unit === '%';

/** 填报: a share is entered as numerator and denominator, a count as its value; the same month again is a correction. */
export function ManualValueDialog({ row, onClose }: { row: IndicatorValue; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const enter = useEnterIndicatorValue(row.no);
  async function submit() {
    const v = await form.validateFields();
    try {
      const saved = await enter.mutateAsync({ month: v.month.format('YYYY-MM'), numerator: v.numerator, denominator: v.denominator, value: v.value, source: v.source, note: v.note });
      void message.success(`已填报：${saved.value}${row.unit === '%' ? '%' : ` ${row.unit}`}`);
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '填报失败，请稍后重试');
    }
  }
  return (
    <Modal open title={`填报：${row.name}`} onCancel={onClose} onOk={() => void submit()} okText="保存" confirmLoading={enter.isPending} okButtonProps={{ 'data-testid': 'manual-save' }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={isShare(row) ? '比率指标请填写分子和分母，系统按 分子 ÷ 分母 计算（分子不得大于分母）。同一月份再次填报即为更正，原记录保留。' : `请填写数值（单位：${row.unit}）。同一月份再次填报即为更正，原记录保留。`}
      />
      <Form form={form} layout="vertical" initialValues={{ month: dayjs().subtract(1, 'month') }}>
        <Form.Item name="month" label="所属月份" rules={[{ required: true }]}>
          <DatePicker picker="month" allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'month')} />
        </Form.Item>
        {isShare(row) ? (
          <>
            <Form.Item name="numerator" label="分子" rules={[{ required: true, message: '请填写分子' }]}>
              <InputNumber min={0} style={{ width: '100%' }} data-testid="manual-numerator" />
            </Form.Item>
            <Form.Item name="denominator" label="分母" rules={[{ required: true, message: '请填写分母' }]}>
              <InputNumber min={1} style={{ width: '100%' }} data-testid="manual-denominator" />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="value" label={`数值（${row.unit}）`} rules={[{ required: true, message: '请填写数值' }]}>
            <InputNumber min={0} style={{ width: '100%' }} data-testid="manual-value" />
          </Form.Item>
        )}
        <Form.Item name="source" label="数据来源" rules={[{ required: true, min: 2, message: '请注明数据来源（如统计公报、部门报表）' }]}>
          <Input maxLength={500} data-testid="manual-source" />
        </Form.Item>
        <Form.Item name="note" label="说明（更正时请写明原因）">
          <Input.TextArea maxLength={500} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
