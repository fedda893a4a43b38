import { Alert, App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { isApiError } from '../../api/client.js';
import { useWriteSetting, type SettingWrite } from '../../api/admin.js';
import { priorityGroupLabels } from '../../format/eldercare-labels.js';
import { assistanceProgrammeLabels } from '../../format/labels.js';
import { formatValue, type SettingRow } from './settings-model.js';
import { entryOf, wireValue, type ValueEntry } from './value-input.js';

interface FormValues extends ValueEntry {
  from: Dayjs;
  verified: boolean;
  note: string;
}

function ValueFields({ row }: { row: SettingRow }) {
  switch (row.kind) {
    case 'fen':
      return (
        <Form.Item name="yuan" label="新值" rules={[{ required: true, message: '请填写金额' }]}>
          <Input suffix="元" style={{ width: 220 }} data-testid="setting-value" />
        </Form.Item>
      );
    case 'fenBySize':
      return (
        <Form.List name="yuanBySize">
          {(fields) => (
            <Form.Item label="新值（按家庭人数）">
              <Space wrap>
                {fields.map((field, i) => (
                  <Form.Item key={field.key} name={field.name} noStyle>
                    <Input prefix={`${i + 1}${i === fields.length - 1 ? '人及以上' : '人'}`} suffix="元" style={{ width: 200 }} data-testid={`setting-value-${i}`} />
                  </Form.Item>
                ))}
              </Space>
            </Form.Item>
          )}
        </Form.List>
      );
    case 'multiplier':
      return (
        <Form.Item name="number" label="新值" rules={[{ required: true, message: '请填写倍数' }]}>
          <InputNumber min={0} step={0.001} precision={3} suffix="倍" style={{ width: 200 }} data-testid="setting-value" />
        </Form.Item>
      );
    case 'groups':
      return (
        <Form.Item name="groups" label="新的优先顺序（按先后依次选择）" rules={[{ required: true, message: '请依次选择优先对象类别' }]}>
          <Select mode="multiple" options={Object.entries(priorityGroupLabels).map(([value, label]) => ({ value, label }))} data-testid="setting-value" />
        </Form.Item>
      );
    case 'monthsByProgramme':
      return (
        <Form.Item label="新值">
          <Space wrap>
            {Object.keys((row.current?.value ?? {}) as Record<string, number>).map((p) => (
              <Form.Item key={p} name={['byProgramme', p]} noStyle>
                <InputNumber min={row.min} max={row.max} precision={0} prefix={assistanceProgrammeLabels[p] ?? p} suffix="个月" style={{ width: 220 }} />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
      );
    default:
      return (
        <Form.Item name="number" label="新值" rules={[{ required: true, message: '请填写数值' }]} extra={`${row.min}–${row.max}${row.suffix ? ` ${row.suffix}` : ''}`}>
          <InputNumber min={row.min} max={row.max} precision={0} suffix={row.suffix || undefined} style={{ width: 200 }} data-testid="setting-value" />
        </Form.Item>
      );
  }
}

function writeOf(row: SettingRow, from: string, value: unknown, verified: boolean, note: string): SettingWrite {
  if (row.module === 'policy') return { module: 'policy', name: row.name, body: { from, value: value as number | number[], verified, note } };
  if (row.module === 'assistance') return { module: 'assistance', name: row.name, body: { from, value, verified, note } };
  if (row.module === 'monitoring') return { module: 'monitoring', name: row.name, body: { from, value: value as number, verified, note } };
  return { module: 'eldercare', name: row.name, body: { from, value, verified, source: note } };
}

/** A new value from a day on: until that day the value in force stays; the old one remains in the history. */
export function SettingEditDialog({ row, today, onClose }: { row: SettingRow | null; today: string; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const write = useWriteSetting();
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!row) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({ ...entryOf(row, row.current?.value), from: dayjs(today).add(1, 'day'), verified: false, note: '' });
  }, [row, form, today]);
  if (!row) return null;

  async function submit(values: FormValues) {
    if (!row) return;
    const parsed = wireValue(row, values, Object.keys(priorityGroupLabels));
    if ('problem' in parsed) return setProblem(parsed.problem);
    const from = values.from.format('YYYY-MM-DD');
    setProblem(null);
    await write.mutateAsync(writeOf(row, from, parsed.value, values.verified, values.note.trim())).then(
      (result) => {
        onClose();
        const warnings = (result as { warnings?: { message: string }[] } | undefined)?.warnings ?? [];
        if (warnings.length) modal.warning({ title: '已保存，但请注意', content: warnings.map((w) => w.message).join('；'), okText: '知道了' });
        else void message.success(from > today ? `已设定：自 ${from} 起为 ${formatValue(row, parsed.value)}，此前仍按现行值` : `已设定：自 ${from} 起为 ${formatValue(row, parsed.value)}`);
      },
      (error: unknown) => setProblem(isApiError(error) ? error.message : '保存未能完成，请重试'),
    );
  }

  return (
    <Modal open title={`设定新值：${row.label}`} okText="保存" cancelText="取消" confirmLoading={write.isPending} onCancel={onClose} onOk={() => void form.validateFields().then(submit, () => undefined)} width={640} destroyOnHidden>
      <Typography.Paragraph type="secondary">{row.description}</Typography.Paragraph>
      <Typography.Paragraph>
        现行值：{row.current ? formatValue(row, row.current.value) : '—'}
        {row.current?.from ? `（自 ${row.current.from} 起）` : '（初始配置）'}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" data-testid="setting-form">
        <ValueFields row={row} />
        <Form.Item
          name="from"
          label="生效日期"
          rules={[{ required: true, message: '请选择生效日期' }]}
          extra={row.noPastDates ? '可选今天或将来的日期；已作出的决定按当时的配置，不能追溯。生效前仍按现行值。' : '可选将来的日期，生效前仍按现行值；已作出的决定保留当时所用的值。'}
        >
          <DatePicker allowClear={false} disabledDate={row.noPastDates ? (d) => d.format('YYYY-MM-DD') < today : undefined} data-testid="setting-from" />
        </Form.Item>
        <Form.Item
          name="note"
          label="来源或调整依据"
          rules={[
            { required: true, whitespace: true, message: '请注明数值来源或调整依据' },
            { max: 500, message: '不超过 500 字' },
          ]}
        >
          <Input.TextArea rows={2} placeholder="如：沪民规〔2025〕X 号，自 7 月 1 日起调整" data-testid="setting-note" />
        </Form.Item>
        <Form.Item name="verified" valuePropName="checked">
          <Checkbox data-testid="setting-verified">已按正式文件核实（不勾选则显示为“参数待核实”）</Checkbox>
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon title={problem} data-testid="setting-problem" />}
    </Modal>
  );
}
