import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { recordAssessment } from '../../api/eldercare.js';
import type { Assessment } from '../../api/eldercare-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PersonLink } from '../../components/PersonLink.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { today } from '../../format/dates.js';

interface Values {
  personId?: number;
  level?: number;
  cognitiveImpairment?: boolean;
  assessor?: string;
  assessedOn?: Dayjs;
}

const LEVELS = [0, 1, 2, 3, 4, 5, 6].map((level) => ({ value: level, label: level === 0 ? '0 级（未达等级）' : `${'零一二三四五六'[level]}级${level >= 2 ? '（可享长期照护服务）' : ''}` }));

/** 录入评估结论: the conclusion of the unified needs assessment, as the assessment station reports it. */
export function AssessmentForm() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const record = useMutation({
    mutationFn: recordAssessment,
    onSuccess: (a: Assessment) => {
      void message.success(`已录入：${a.personName} ${a.levelText}，有效期至 ${a.validUntil}`);
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'expiring'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'person-assessments', a.personId] });
      form.resetFields();
    },
  });
  const last = record.data;
  return (
    <Card title="录入老年照护统一需求评估结论" size="small">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ assessedOn: today(), cognitiveImpairment: false }}
        onFinish={(v) => record.mutate({ personId: v.personId ?? 0, level: v.level ?? 0, cognitiveImpairment: !!v.cognitiveImpairment, assessor: (v.assessor ?? '').trim(), assessedOn: (v.assessedOn ?? today()).format('YYYY-MM-DD') })}
      >
        <Form.Item name="personId" label="老人" rules={[{ required: true, message: '请选择老人（输入姓名或身份证号码查找）' }]}>
          <PersonPicker testId="assess-person" />
        </Form.Item>
        <Form.Item name="level" label="照护等级" rules={[{ required: true, message: '请选择照护等级' }]}>
          <Select style={{ width: 260 }} options={LEVELS} data-testid="assess-level" />
        </Form.Item>
        <Form.Item name="cognitiveImpairment" valuePropName="checked">
          <Checkbox>存在认知障碍</Checkbox>
        </Form.Item>
        <Form.Item name="assessor" label="评估机构及评估员" rules={[{ required: true, whitespace: true, message: '请填写评估机构及评估员' }]}>
          <Input maxLength={200} data-testid="assess-assessor" />
        </Form.Item>
        <Form.Item name="assessedOn" label="评估日期" rules={[{ required: true, message: '请选择评估日期' }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day')} />
        </Form.Item>
        {record.error ? (
          <div style={{ marginBottom: 16 }}>
            <ApiErrorNotice error={record.error} inline />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="assess-submit">
          录入
        </Button>
      </Form>
      {last && !record.isPending ? (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          title={
            <>
              最近录入：
              <PersonLink id={last.personId} name={last.personName} masked={last.personNameMasked} />，{last.levelText}
              {last.qualifiesForLongTermCare ? '（可享长期照护服务）' : ''}，有效期至 {last.validUntil}
            </>
          }
        />
      ) : null}
    </Card>
  );
}
