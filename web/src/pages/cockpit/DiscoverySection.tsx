import { Col, Row, Segmented } from 'antd';
import { useState } from 'react';
import type { MonitoringDashboard } from '../../api/monitoring-types.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption, funnelOption } from '../../charts/options.js';
import { CHART_HEIGHT } from './AssistanceSection.js';

const ALL = '__all__';
const STAGES = [
  { key: 'found', name: '发现' },
  { key: 'contacted', name: '已联系' },
  { key: 'applied', name: '已申请' },
  { key: 'approved', name: '已获批' },
] as const;

/** 政策找人 (found → contacted → applied → approved) and 免申即享 (granted without application). */
export function DiscoverySection({ dashboard }: { dashboard: MonitoringDashboard }) {
  const [programme, setProgramme] = useState(ALL);
  const rows = dashboard.funnel.filter((f) => programme === ALL || f.programme === programme);
  const stages = STAGES.map((s) => ({ name: s.name, value: rows.reduce((n, f) => n + f[s.key], 0) }));
  const grants = dashboard.grants;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <ChartCard
          title="政策找人漏斗"
          testId="chart-funnel"
          height={CHART_HEIGHT}
          empty={stages[0].value === 0}
          extra={
            dashboard.funnel.length > 1 ? (
              <Segmented
                size="small"
                style={{ marginRight: 8 }}
                value={programme}
                onChange={(v) => setProgramme(String(v))}
                options={[{ value: ALL, label: '全部' }, ...dashboard.funnel.map((f) => ({ value: f.programme, label: f.name }))]}
              />
            ) : null
          }
          option={funnelOption(stages)}
          sheet={{ name: '政策找人漏斗', columns: ['项目', ...STAGES.map((s) => s.name)], rows: dashboard.funnel.map((f) => [f.name, ...STAGES.map((s) => f[s.key])]) }}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          title={`免申即享（${dashboard.month}）`}
          testId="chart-grants"
          height={CHART_HEIGHT}
          empty={grants.every((g) => g.active + g.grantedThisMonth + g.stoppedThisMonth === 0)}
          option={barOption(
            grants.map((g) => g.name),
            [
              { name: '在享人数', data: grants.map((g) => g.active) },
              { name: '本月新增', data: grants.map((g) => g.grantedThisMonth) },
              { name: '本月停发', data: grants.map((g) => g.stoppedThisMonth) },
            ],
            '人',
          )}
          sheet={{
            name: `免申即享${dashboard.month}`,
            columns: ['项目', '在享人数', '本月新增', '本月停发', '本月发放人数', '本月发放金额（元）'],
            rows: grants.map((g) => [g.name, g.active, g.grantedThisMonth, g.stoppedThisMonth, g.paidThisMonth, Math.round(g.paidFenThisMonth) / 100]),
          }}
        />
      </Col>
    </Row>
  );
}
