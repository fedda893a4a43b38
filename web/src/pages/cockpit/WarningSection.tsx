import { Col, Row } from 'antd';
import type { MonitoringDashboard } from '../../api/monitoring-types.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption, pieOption } from '../../charts/options.js';
import { useDivisionNames } from '../../components/useDivisionNames.js';
import { CHART_HEIGHT } from './AssistanceSection.js';

/** The streets with the most open warnings; a city has over two hundred, a chart reads fifteen. */
const TOP_STREETS = 15;

/** 预警与处置: warnings by type and status, open and overdue by street, and how long handling takes. */
export function WarningSection({ dashboard }: { dashboard: MonitoringDashboard }) {
  const w = dashboard.warnings;
  const streets = [...w.byStreet].sort((a, b) => b.open - a.open || b.overdue - a.overdue).slice(0, TOP_STREETS);
  const names = useDivisionNames(streets.map((s) => s.streetCode));
  const statuses = w.byStatus.filter((s) => s.count > 0);
  const handling = w.handling;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <ChartCard
          title="预警按类型"
          testId="chart-warning-types"
          height={CHART_HEIGHT}
          empty={w.byType.every((t) => t.total === 0)}
          option={barOption(
            w.byType.map((t) => t.name),
            [
              { name: '在办', data: w.byType.map((t) => t.open), stack: 'all' },
              { name: '已处置/办结', data: w.byType.map((t) => t.total - t.open), stack: 'all' },
            ],
            '条',
          )}
          sheet={{ name: '预警按类型', columns: ['预警类型', '在办', '已处置或办结', '合计'], rows: w.byType.map((t) => [t.name, t.open, t.total - t.open, t.total]) }}
        />
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard
          title="预警处置状态"
          testId="chart-warning-status"
          height={CHART_HEIGHT}
          empty={statuses.length === 0}
          option={pieOption(
            statuses.map((s) => ({ name: s.name, value: s.count })),
            '条',
          )}
          sheet={{ name: '预警处置状态', columns: ['状态', '条数'], rows: w.byStatus.map((s) => [s.name, s.count]) }}
        />
      </Col>
      <Col xs={24} xl={14}>
        <ChartCard
          title={`在办与逾期预警最多的街镇（前 ${TOP_STREETS}）`}
          testId="chart-warning-streets"
          empty={streets.length === 0}
          option={barOption(
            streets.map((s) => names[s.streetCode]),
            [
              { name: '在办', data: streets.map((s) => s.open) },
              { name: '逾期', data: streets.map((s) => s.overdue) },
            ],
            '条',
            true,
          )}
          height={Math.max(CHART_HEIGHT, streets.length * 16 + 60)}
          sheet={{ name: '各街镇在办与逾期预警', columns: ['街镇', '区划代码', '在办', '逾期'], rows: [...w.byStreet].sort((a, b) => b.open - a.open).map((s) => [names[s.streetCode] ?? s.streetCode, s.streetCode, s.open, s.overdue]) }}
        />
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard
          title="处置时长（小时，发出至处置）"
          testId="chart-warning-handling"
          empty={handling.length === 0}
          height={CHART_HEIGHT}
          option={barOption(
            handling.map((h) => h.name),
            [
              { name: '中位数', data: handling.map((h) => h.medianHours) },
              { name: '90% 在此之内', data: handling.map((h) => h.p90Hours) },
            ],
            '小时',
          )}
          sheet={{ name: '预警处置时长', columns: ['预警类型', '已处置条数', '中位数（小时）', '90分位（小时）', '超时处置条数'], rows: handling.map((h) => [h.name, h.handled, h.medianHours, h.p90Hours, h.handledLate]) }}
        />
      </Col>
    </Row>
  );
}
