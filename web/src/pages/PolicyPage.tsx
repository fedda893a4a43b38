import { Button, Card, Form, Space, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useHousehold } from '../api/registry.js';
import { ApiErrorNotice } from '../components/ApiErrorNotice.js';
import { HouseholdLink } from '../components/PersonLink.js';
import { HouseholdPicker } from '../components/PersonPicker.js';
import { PolicyEligibilityCard } from '../components/PolicyEligibilityCard.js';

function HouseholdEligibility({ householdId }: { householdId: number }) {
  const household = useHousehold(householdId);
  if (household.error) return <ApiErrorNotice error={household.error} inline />;
  if (!household.data) return null;
  const memberNames = Object.fromEntries(household.data.members.map((m) => [String(m.id), m.name]));
  const head = household.data.members.find((m) => m.relation === 'head');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        家庭：
        <HouseholdLink id={householdId} name={head ? `${head.name}户` : null} />（{household.data.members.length} 人）
      </Typography.Text>
      <PolicyEligibilityCard householdId={householdId} memberNames={memberNames} />
    </Space>
  );
}

/** 政策计算: one household, one month, every programme with its reasons (测算 and 筛查 are the sibling tabs). */
export default function PolicyPage() {
  const [params, setParams] = useSearchParams();
  const householdId = Number(params.get('household'));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="政策计算">
        <Typography.Paragraph type="secondary">
          按上海市政策规则计算一户家庭在某月可享受的低保、低收入、支出型贫困、特困供养、老年综合津贴、孤儿基本生活费，每项给出比较的数值、所用标准及其生效日期。也可在家庭详情页直接计算。
        </Typography.Paragraph>
        <Form layout="inline" initialValues={{ household: householdId || undefined }} onFinish={(values: { household?: number }) => setParams(values.household ? { household: String(values.household) } : {})}>
          <Form.Item name="household" label="家庭" rules={[{ required: true, message: '请选择家庭（输入家庭成员姓名或身份证号码查找）' }]} style={{ minWidth: 360 }}>
            <HouseholdPicker testId="policy-household" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              计算
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {Number.isInteger(householdId) && householdId > 0 ? <HouseholdEligibility key={householdId} householdId={householdId} /> : null}
    </Space>
  );
}
