import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, DatePicker, Form, Input, Select, Space } from 'antd';
import { useMutation } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { applyForBed } from '../../api/eldercare.js';
import type { ApplicationInput, BedType, DeclarableGroup } from '../../api/eldercare-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { useDivision } from '../../components/DivisionName.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { usePerson } from '../../api/registry.js';
import { bedTypeLabels, declarableGroupLabels } from '../../format/eldercare-labels.js';
import { PersonAssessmentHint } from './PersonAssessmentHint.js';
import { today } from '../../format/dates.js';

const CITY = '310000000000';

interface Values {
  personId?: number;
  bedType: BedType;
  preferredDistricts?: string[];
  acceptAnyDistrict?: boolean;
  declaredGroups?: { group?: DeclarableGroup; evidence?: string }[];
  appliedOn?: Dayjs;
}

function toInput(v: Values): ApplicationInput {
  return {
    personId: v.personId ?? 0,
    bedType: v.bedType,
    acceptAnyDistrict: !!v.acceptAnyDistrict,
    preferredDistricts: v.acceptAnyDistrict ? [] : (v.preferredDistricts ?? []),
    declaredGroups: (v.declaredGroups ?? []).filter((g) => g.group && g.evidence?.trim()).map((g) => ({ group: g.group as DeclarableGroup, evidence: (g.evidence ?? '').trim() })),
    appliedOn: v.appliedOn?.format('YYYY-MM-DD'),
  };
}

/** 受理轮候申请: the person, the bed type, where they would go, and the groups only the applicant can declare (with evidence). */
export default function ApplyForBedPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const personId = Form.useWatch('personId', form) ?? null;
  const anyDistrict = Form.useWatch('acceptAnyDistrict', form);
  const city = useDivision(CITY);
  const districts = (city.data?.children ?? []).filter((d) => d.level === 'district').map((d) => ({ value: d.code, label: d.name }));
  const submit = useMutation({ mutationFn: applyForBed, onSuccess: (detail) => navigate(`/eldercare/waitlist/${detail.id}`) });
  const initialPerson = Number(params.get('personId')) || undefined;
  // A link from the person's page brings the id: the picker shows that person by name.
  const linked = usePerson(initialPerson ?? Number.NaN);

  return (
    <Card title="受理保基本床位轮候申请" style={{ maxWidth: 860 }}>
      <Form<Values> form={form} layout="vertical" initialValues={{ personId: initialPerson, bedType: 'nursing', acceptAnyDistrict: false, appliedOn: today() }} onFinish={(v) => submit.mutate(toInput(v))}>
        <Form.Item name="personId" label="老人" rules={[{ required: true, message: '请选择老人（输入姓名或身份证号码查找）' }]} extra="输入姓名或身份证号码，在本辖区人口库中查找；申请人须持有效的老年照护统一需求评估结论。">
          <PersonPicker testId="apply-person" initialPerson={linked.data ?? null} />
        </Form.Item>
        <div style={{ marginBottom: 16 }}>
          <PersonAssessmentHint personId={typeof personId === 'number' ? personId : null} />
        </div>
        <Form.Item name="bedType" label="床位类型" rules={[{ required: true }]}>
          <Select style={{ width: 260 }} options={Object.entries(bedTypeLabels).map(([value, text]) => ({ value, label: text }))} data-testid="apply-bed-type" />
        </Form.Item>
        <Form.Item name="acceptAnyDistrict" valuePropName="checked">
          <Checkbox data-testid="apply-any-district">同意跨区分配（任一区的保基本床位空出时均可通知）</Checkbox>
        </Form.Item>
        <Form.Item name="preferredDistricts" label="意向区" extra="不选则为本人居住区" hidden={!!anyDistrict}>
          <Select mode="multiple" allowClear placeholder="本人居住区" options={districts} loading={city.isPending} maxCount={16} style={{ maxWidth: 560 }} data-testid="apply-districts" />
        </Form.Item>
        <Form.List name="declaredGroups">
          {(fields, { add, remove }) => (
            <Form.Item label="申报的优先对象类别" extra="特困、低保低收入、残疾、高龄由系统根据人口库与救助记录认定，无需申报；以下类别须提供证明材料，由经办人核验。">
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex', marginBottom: 8 }}>
                  <Form.Item name={[field.name, 'group']} rules={[{ required: true, message: '请选择类别' }]} noStyle>
                    <Select placeholder="类别" style={{ width: 240 }} options={Object.entries(declarableGroupLabels).map(([value, text]) => ({ value, label: text }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'evidence']} rules={[{ required: true, whitespace: true, message: '请填写证明材料' }]} noStyle>
                    <Input placeholder="证明材料（如扶助证编号）" maxLength={200} style={{ width: 320 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} />
                </Space>
              ))}
              {fields.length < 2 ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  添加类别
                </Button>
              ) : null}
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="appliedOn" label="申请日期">
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day')} />
        </Form.Item>
        {submit.error ? (
          <div style={{ marginBottom: 16 }}>
            <ApiErrorNotice error={submit.error} inline />
          </div>
        ) : null}
        <Space>
          <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="apply-submit">
            提交申请
          </Button>
          <Button onClick={() => navigate('/eldercare/waitlist')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
