import { Col, Row, Statistic } from 'antd';
import { useFigures } from '../../api/marriage.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption, lineOption } from '../../charts/options.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { CHART_HEIGHT } from './AssistanceSection.js';

/**
 * 婚姻登记 on the cockpit: marriages and divorces by month, 全国通办 share, first-marriage age, cooling-off outcomes —
 * for the city with a chart of the 16 districts (click one to drill down), or for the chosen district's office.
 */
export function MarriageSection({ year, division, onDistrict }: { year: number; division: string; onDistrict?: (districtCode: string) => void }) {
  const city = division.replace(/0+$/, '').length <= 2;
  const figures = useFigures(year, city ? undefined : division);
  if (figures.error) return <ApiErrorNotice error={figures.error} inline />;
  const f = figures.data;
  const scope = f?.office ? f.office.name : '全市';
  // The year by district (office): marriages and divorces, in the offices' order.
  const districts = [...new Map((f?.byMonth ?? []).filter((r) => r.districtCode).map((r) => [r.districtCode as string, r.officeName])).entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = (code: string, key: 'marriages' | 'divorcesAgreement' | 'divorcesCourt') => (f?.byMonth ?? []).filter((r) => r.districtCode === code).reduce((n, r) => n + r[key], 0);
  const byDistrict = [
    { name: '结婚登记', data: districts.map(([code]) => total(code, 'marriages')) },
    { name: '协议离婚', data: districts.map(([code]) => total(code, 'divorcesAgreement')), stack: 'divorce' },
    { name: '诉讼离婚', data: districts.map(([code]) => total(code, 'divorcesCourt')), stack: 'divorce' },
  ];
  const months = [...new Set((f?.byMonth ?? []).map((r) => r.month))].sort();
  const sum = (month: string, key: 'marriages' | 'divorcesAgreement' | 'divorcesCourt') => (f?.byMonth ?? []).filter((r) => r.month === month).reduce((n, r) => n + r[key], 0);
  const series = [
    { name: '结婚登记', data: months.map((m) => sum(m, 'marriages')) },
    { name: '协议离婚', data: months.map((m) => sum(m, 'divorcesAgreement')) },
    { name: '诉讼离婚', data: months.map((m) => sum(m, 'divorcesCourt')) },
  ];
  const c = f?.coolingOff;
  const outcomes = c
    ? [
        { name: '撤回', value: c.withdrawn },
        { name: '视为撤回', value: c.deemedWithdrawn },
        { name: '登记离婚', value: c.registered },
      ]
    : [];
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Statistic title={`${year} 年结婚登记`} value={series[0].data.reduce((a, b) => a + b, 0)} suffix="对" loading={figures.isPending} />
        </Col>
        <Col xs={12} lg={6}>
          <Statistic title={`${year} 年离婚（协议＋诉讼）`} value={series[1].data.reduce((a, b) => a + b, 0) + series[2].data.reduce((a, b) => a + b, 0)} suffix="对" loading={figures.isPending} />
        </Col>
        <Col xs={12} lg={6}>
          <Statistic title="全国通办（双方均非本市户籍）占比" value={f?.nationwideShare.percent ?? 0} precision={1} suffix="%" loading={figures.isPending} />
        </Col>
        <Col xs={12} lg={6}>
          <Statistic
            title="平均初婚年龄（男 / 女）"
            value={f?.meanAgeFirstMarriage.men !== null && f?.meanAgeFirstMarriage.men !== undefined ? `${f.meanAgeFirstMarriage.men.toFixed(1)} / ${f.meanAgeFirstMarriage.women?.toFixed(1) ?? '—'}` : '—'}
            suffix="岁"
            loading={figures.isPending}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <ChartCard
            title={`结婚、离婚登记（${scope}，${year} 年按月）`}
            testId="chart-marriage-months"
            height={CHART_HEIGHT}
            empty={months.length === 0}
            option={lineOption(months, series, '对')}
            sheet={{ name: '婚姻登记按月', columns: ['月份', ...series.map((s) => s.name)], rows: months.map((m, i) => [m, ...series.map((s) => s.data[i])]) }}
          />
        </Col>
        <Col xs={24} xl={10}>
          <ChartCard
            title={`离婚冷静期结果（${scope}）`}
            testId="chart-marriage-cooling-off"
            height={CHART_HEIGHT}
            empty={outcomes.every((o) => o.value === 0)}
            option={barOption(
              outcomes.map((o) => o.name),
              [{ name: '申请数', data: outcomes.map((o) => o.value) }],
              '件',
            )}
            sheet={{ name: '离婚冷静期结果', columns: ['结果', '申请数'], rows: outcomes.map((o) => [o.name, o.value]) }}
          />
        </Col>
        {city ? (
          <Col xs={24}>
            <ChartCard
              title={`各区婚姻登记（${year} 年）${onDistrict ? '（点击区查看该区）' : ''}`}
              testId="chart-marriage-districts"
              height={CHART_HEIGHT}
              empty={districts.length === 0}
              option={barOption(
                districts.map(([, name]) => name.replace('婚姻登记处', '')),
                byDistrict,
                '对',
              )}
              onItemClick={onDistrict ? (i) => districts[i] && onDistrict(districts[i][0]) : undefined}
              sheet={{ name: '各区婚姻登记', columns: ['登记机关', ...byDistrict.map((s) => s.name)], rows: districts.map(([, name], i) => [name, ...byDistrict.map((s) => s.data[i])]) }}
            />
          </Col>
        ) : null}
      </Row>
    </>
  );
}
