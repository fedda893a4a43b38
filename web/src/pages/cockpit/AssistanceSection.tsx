import { Col, Row } from 'antd';
import { useAssistanceStats } from '../../api/cockpit.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption, lineOption } from '../../charts/options.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { useDivisionNames } from '../../components/useDivisionNames.js';
import { assistanceProgrammeLabels, label } from '../../format/labels.js';
import { fenToWan } from '../../format/money.js';
import { byDistrict, byProgrammeOverMonths, monthsBetween } from './cockpit-data.js';

const yuan = (fen: number) => Math.round(fen) / 100;

/** Charts of the cockpit are short: key figures and every section should read on one 1440×900 screen. */
export const CHART_HEIGHT = 220;

/**
 * 救助对象与资金: recipients and money by programme over the last twelve months, and by district in the last;
 * a click on a district drills down to it (`onDistrict`, only offered above district level).
 */
export function AssistanceSection({ division, from, to, onDistrict }: { division: string; from: string; to: string; onDistrict?: (districtCode: string) => void }) {
  const stats = useAssistanceStats(division, from, to);
  const rows = stats.data?.rows ?? [];
  const months = monthsBetween(from, to);
  const districts = byDistrict(rows, to);
  const names = useDivisionNames(districts.map((d) => d.districtCode));

  if (stats.error) return <ApiErrorNotice error={stats.error} inline />;
  const money = byProgrammeOverMonths(rows, months, (r) => r.amountFen);
  const households = byProgrammeOverMonths(rows, months, (r) => r.households);
  const programmeName = (p: string) => label(assistanceProgrammeLabels, p);
  const empty = !stats.isPending && rows.length === 0;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <ChartCard
          title="各项目月发放资金（万元）"
          testId="chart-assistance-money"
          empty={empty}
          height={CHART_HEIGHT}
          option={lineOption(
            months,
            money.map((s) => ({ name: programmeName(s.programme), data: s.values.map(fenToWan), stack: 'money' })),
            '万元',
          )}
          sheet={{ name: '救助资金按月按项目', columns: ['项目', ...months.map((m) => `${m}（元）`)], rows: money.map((s) => [programmeName(s.programme), ...s.values.map(yuan)]) }}
        />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          title="各项目月救助户数"
          testId="chart-assistance-households"
          empty={empty}
          height={CHART_HEIGHT}
          option={lineOption(
            months,
            households.map((s) => ({ name: programmeName(s.programme), data: s.values })),
            '户',
          )}
          sheet={{ name: '救助户数按月按项目', columns: ['项目', ...months], rows: households.map((s) => [programmeName(s.programme), ...s.values]) }}
        />
      </Col>
      <Col span={24}>
        <ChartCard
          title={`${to} 各区救助户数与资金${onDistrict ? '（点击区查看该区）' : ''}`}
          testId="chart-assistance-districts"
          empty={districts.length === 0}
          height={CHART_HEIGHT}
          onItemClick={onDistrict ? (i) => districts[i] && onDistrict(districts[i].districtCode) : undefined}
          option={barOption(
            districts.map((d) => names[d.districtCode]),
            [
              { name: '资金（万元）', data: districts.map((d) => fenToWan(d.amountFen)) },
              { name: '户数', data: districts.map((d) => d.households), line: true },
            ],
            '',
          )}
          sheet={{ name: `${to}各区救助户数与资金`, columns: ['区', '户数', '资金（元）'], rows: districts.map((d) => [names[d.districtCode], d.households, yuan(d.amountFen)]) }}
        />
      </Col>
    </Row>
  );
}
