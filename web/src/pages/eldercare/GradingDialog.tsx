import { App, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useFacilities } from '../../api/eldercare.js';
import { useRecordGrading } from '../../api/eldercare-supervision.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { today } from '../../format/dates.js';

interface Values {
  facilityId?: number;
  year?: number;
  grade?: number | null;
  qualityScore?: number | null;
  source?: string;
}

const GRADES = [1, 2, 3, 4, 5].map((g) => ({ value: g, label: `${'一二三四五'[g - 1]}级` }));

/** 录入年度等级评定: a year's grade and/or quality-monitoring score with where it comes from; the same year again corrects it. */
export function GradingDialog({ onClose, onRecorded }: { onClose(): void; onRecorded(year: number): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const facilities = useFacilities({ kind: 'institution' }, 1, 500);
  const record = useRecordGrading();
  const thisYear = today().year();
  function submit(v: Values) {
    // Blanks are left out, not sent as null: the server's body coercion reads a null number as 0.
    const year = v.year ?? thisYear - 1;
    record.mutate(
      { facilityId: v.facilityId ?? 0, year, input: { grade: v.grade ?? undefined, qualityScore: v.qualityScore ?? undefined, source: (v.source ?? '').trim() } },
      {
        onSuccess: (g) => {
          void message.success(g.replayed ? `${g.facilityName} ${g.year} 年度结果未变化` : `已录入 ${g.facilityName} ${g.year} 年度结果`);
          onRecorded(g.year);
        },
      },
    );
  }
  return (
    <Modal open width={640} title="录入年度等级评定与服务质量监测结果" okText="录入" cancelText="取消" confirmLoading={record.isPending} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={{ year: thisYear - 1 }} onFinish={submit}>
        <Form.Item name="facilityId" label="养老机构" rules={[{ required: true, message: '请选择机构' }]}>
          <Select showSearch optionFilterProp="label" loading={facilities.isPending} options={(facilities.data?.items ?? []).map((f) => ({ value: f.id, label: f.name }))} data-testid="grading-facility" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="year" label="年度" rules={[{ required: true, message: '请填写年度' }]}>
            <InputNumber min={2000} max={thisYear} precision={0} style={{ width: 120 }} data-testid="grading-year" />
          </Form.Item>
          <Form.Item name="grade" label="评定等级">
            <Select allowClear placeholder="未评定" style={{ width: 140 }} options={GRADES} data-testid="grading-grade" />
          </Form.Item>
          <Form.Item name="qualityScore" label="质量监测得分（0–100，一位小数）">
            <InputNumber min={0} max={100} step={0.1} precision={1} style={{ width: 160 }} data-testid="grading-score" />
          </Form.Item>
        </Space>
        <Form.Item
          name="source"
          label="结果来源"
          dependencies={['grade', 'qualityScore']}
          rules={[
            { required: true, whitespace: true, message: '请注明来源，如评定批次或发布文件' },
            ({ getFieldValue }) => ({ validator: () => (getFieldValue('grade') != null || getFieldValue('qualityScore') != null ? Promise.resolve() : Promise.reject(new Error('须填写评定等级或服务质量监测得分'))) }),
          ]}
        >
          <Input maxLength={500} data-testid="grading-source" />
        </Form.Item>
      </Form>
      {record.error ? <ApiErrorNotice error={record.error} inline /> : null}
    </Modal>
  );
}
