import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import type { ApplicationDetail } from '../../api/eldercare-types.js';
import { ItemList } from '../../components/ItemList.js';

/** 为什么排第 N 位: the place in the city's queue, who is ahead and why, line by line as the server explains it. */
export function PositionCard({ application }: { application: ApplicationDetail }) {
  const p = application.position;
  const title = p ? `为什么排第 ${p.position} 位` : '排位说明';
  return (
    <Card title={title} size="small" data-testid="position-card">
      {application.blockers.map((b) => (
        <Alert key={b} type="warning" showIcon style={{ marginBottom: 12 }} title={b} data-testid="application-blocker" />
      ))}
      {p ? (
        <Row gutter={[24, 16]} style={{ marginBottom: 8 }}>
          <Col xs={12} md={6}>
            <Statistic title="全市排位" value={p.position} suffix={`/ ${p.waitingTotal} 人`} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="更优先类别" value={p.aheadByGroup.reduce((n, g) => n + g.count, 0)} suffix="人" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="同类别等级更高" value={p.aheadSameGroupHigherLevel} suffix="人" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="同类别同等级更早申请" value={p.aheadSameGroupSameLevelEarlier} suffix="人" />
          </Col>
        </Row>
      ) : null}
      <ItemList items={application.explanation} testId="application-explanation" render={(line) => <Typography.Text>{line}</Typography.Text>} />
    </Card>
  );
}
