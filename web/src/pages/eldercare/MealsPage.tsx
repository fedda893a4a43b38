import { Col, Row, Space } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { DailyMealsCard } from './DailyMealsCard.js';
import { MealRecordCard } from './MealRecordCard.js';
import { MealSettlementCard } from './MealSettlementCard.js';

/** 助餐: record a meal (street and district staff), the monthly settlement between districts, daily counts. */
export default function MealsPage() {
  const me = useMe();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const division = params.get('division') ?? undefined;
  // Street and district staff, and a meal point's own staff (the server checks it is theirs).
  const mayRecord = can('eldercare.meals.record') || can('eldercare.operate');
  return (
    <Row gutter={[24, 24]}>
      {mayRecord ? (
        <Col xs={24} xl={8}>
          <MealRecordCard />
        </Col>
      ) : null}
      <Col xs={24} xl={mayRecord ? 16 : 24}>
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <DivisionPicker root={me.jurisdiction} value={division} onChange={(code) => setParams(code ? { division: code } : {})} />
          <MealSettlementCard division={division} />
          <DailyMealsCard division={division} />
        </Space>
      </Col>
    </Row>
  );
}
