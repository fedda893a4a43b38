import { Alert, Button, Card, Collapse, DatePicker, Descriptions, Form, Radio, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useFacilities } from '../../api/eldercare.js';
import { useRecordMeal } from '../../api/eldercare-meals.js';
import type { MealKind, MealRecorded } from '../../api/eldercare-meals-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { ItemList } from '../../components/ItemList.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { formatFen } from '../../format/money.js';
import { today } from '../../format/dates.js';
import { formatRuleVersion } from '../../format/parameters.js';

interface Values {
  mealPointId?: number;
  personId?: number;
  servedOn?: Dayjs;
  meal?: MealKind;
}

function MealResult({ meal }: { meal: MealRecorded }) {
  return (
    <div style={{ marginTop: 16 }} data-testid="meal-result">
      {meal.replayed ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title="此餐此前已登记：以下为首次登记的记录，不重复计入。" /> : null}
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="用餐">
          {meal.servedOn} {meal.mealName} · {meal.mealPointName}
        </Descriptions.Item>
        <Descriptions.Item label="餐费">{formatFen(meal.priceFen)}</Descriptions.Item>
        <Descriptions.Item label="补贴">
          <span data-testid="meal-subsidy">{formatFen(meal.subsidyFen)}</span>
          {meal.bandName ? <Tag style={{ marginLeft: 8 }}>{meal.bandName}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="本人支付">
          <span data-testid="meal-paid">{formatFen(meal.paidFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="补贴承担区">
          {meal.subsidyDistrictCode ? <DivisionName code={meal.subsidyDistrictCode} /> : '—'}
          {meal.crossDistrict ? (
            <Tag color="orange" style={{ marginLeft: 8 }}>
              跨区结算
            </Tag>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label="规则版本">{formatRuleVersion(meal.ruleVersion)}</Descriptions.Item>
      </Descriptions>
      {meal.reasons.length ? <Collapse size="small" style={{ marginTop: 12 }} items={[{ key: 'reasons', label: `补贴核定理由（${meal.reasons.length} 条）`, children: <ItemList items={meal.reasons} render={(r) => r} /> }]} /> : null}
    </div>
  );
}

/** 登记用餐: the subsidy is decided by the meal pack for the person's household; the hukou district bears it. */
export function MealRecordCard() {
  const [form] = Form.useForm<Values>();
  const points = useFacilities({ kind: 'meal_point' }, 1, 500);
  const record = useRecordMeal();
  return (
    <Card title="登记助餐用餐" size="small">
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ servedOn: today(), meal: 'lunch' }}
        onFinish={(v) => record.mutate({ mealPointId: v.mealPointId ?? 0, personId: v.personId ?? 0, servedOn: (v.servedOn ?? today()).format('YYYY-MM-DD'), meal: v.meal ?? 'lunch' })}
      >
        <Form.Item name="mealPointId" label="助餐点" rules={[{ required: true, message: '请选择助餐点' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={points.isPending}
            options={(points.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（每餐 ${formatFen(p.mealPriceFen)}）` }))}
            notFoundContent="辖区内没有助餐点"
            data-testid="meal-point"
          />
        </Form.Item>
        <Form.Item name="personId" label="老人" rules={[{ required: true, message: '请选择老人（输入姓名或身份证号码查找）' }]}>
          <PersonPicker testId="meal-person" />
        </Form.Item>
        <Form.Item name="servedOn" label="用餐日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(today(), 'day')} />
        </Form.Item>
        <Form.Item name="meal" label="餐次">
          <Radio.Group
            options={[
              { value: 'lunch', label: '午餐' },
              { value: 'dinner', label: '晚餐' },
            ]}
          />
        </Form.Item>
        {record.error ? (
          <div style={{ marginBottom: 16 }}>
            <ApiErrorNotice error={record.error} inline />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="meal-submit">
          登记
        </Button>
      </Form>
      {record.data && !record.isPending ? <MealResult meal={record.data} /> : null}
    </Card>
  );
}
