import { Alert, Card, Col, Row, Segmented, Space, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import type { Figures, SimulationReport } from '../../api/simulation.js';
import type { UsedParameter } from '../../api/policy-types.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption } from '../../charts/options.js';
import { label, programmeLabels } from '../../format/labels.js';
import { fenToWan, formatFen, formatWan } from '../../format/money.js';
import { formatParameter } from '../../format/parameters.js';
import { formatChange } from '../../format/percent.js';

type DistrictRow = { district: string; name: string } & Figures;

const yuan = (fen: number) => Math.round(fen) / 100;

function Overview({ total, unit }: { total: Figures; unit: 'household' | 'person' }) {
  const cards = [
    { title: '覆盖户数', b: total.baselineHouseholds, s: total.scenarioHouseholds, note: `新增 ${total.newlyEligibleHouseholds} 户，退出 ${total.noLongerEligibleHouseholds} 户` },
    { title: '覆盖人数', b: total.baselinePersons, s: total.scenarioPersons, note: `新增 ${total.newlyEligiblePersons} 人，退出 ${total.noLongerEligiblePersons} 人` },
  ];
  return (
    <Row gutter={[16, 16]} data-testid="sim-overview">
      {cards.map((c) => (
        <Col key={c.title} xs={12} lg={6}>
          <Statistic
            title={`${c.title}（首月）`}
            value={c.s}
            suffix={
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                基线 {c.b}（{formatChange(c.b, c.s)}）
              </Typography.Text>
            }
          />
          <Typography.Text type="secondary">{c.note}</Typography.Text>
        </Col>
      ))}
      <Col xs={12} lg={6}>
        <Statistic title="首月资金" value={formatWan(total.scenarioMonthlyCostFen)} />
        <Typography.Text type="secondary">
          基线 {formatWan(total.baselineMonthlyCostFen)}（{formatChange(total.baselineMonthlyCostFen, total.scenarioMonthlyCostFen)}）
        </Typography.Text>
      </Col>
      <Col xs={12} lg={6}>
        <Statistic title="12 个月资金" value={formatWan(total.scenarioYearlyCostFen)} />
        <Typography.Text type="secondary">
          增加 {formatWan(total.scenarioYearlyCostFen - total.baselineYearlyCostFen)}
          {unit === 'person' ? '（按人计发）' : ''}
        </Typography.Text>
      </Col>
    </Row>
  );
}

const districtColumns: TableColumnsType<DistrictRow> = [
  { title: '区', dataIndex: 'name', fixed: 'left' },
  { title: '基线户数', dataIndex: 'baselineHouseholds', align: 'right' },
  { title: '调整后户数', dataIndex: 'scenarioHouseholds', align: 'right' },
  { title: '基线人数', dataIndex: 'baselinePersons', align: 'right' },
  { title: '调整后人数', dataIndex: 'scenarioPersons', align: 'right' },
  { title: '新增人数', dataIndex: 'newlyEligiblePersons', align: 'right' },
  { title: '退出人数', dataIndex: 'noLongerEligiblePersons', align: 'right' },
  { title: '基线首月资金', dataIndex: 'baselineMonthlyCostFen', align: 'right', render: (fen: number) => formatFen(fen) },
  { title: '调整后首月资金', dataIndex: 'scenarioMonthlyCostFen', align: 'right', render: (fen: number) => formatFen(fen) },
  { title: '12 个月增加', key: 'yearDiff', align: 'right', render: (_: unknown, r) => formatFen(r.scenarioYearlyCostFen - r.baselineYearlyCostFen) },
];

function ParameterChanges({ baseline, scenario }: { baseline: UsedParameter[]; scenario: UsedParameter[] }) {
  const rows = scenario.map((s) => ({ s, b: baseline.find((p) => p.name === s.name) })).filter(({ s, b }) => !b || JSON.stringify(b.value) !== JSON.stringify(s.value) || b.from !== s.from);
  if (rows.length === 0) return <Typography.Text type="secondary">首月所用参数与基线相同（调整在测算期间内生效）。</Typography.Text>;
  return (
    <Table
      rowKey={(r) => r.s.name}
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '参数', key: 'label', render: (_: unknown, r) => r.s.label },
        { title: '基线', key: 'b', render: (_: unknown, r) => (r.b ? `${formatParameter(r.b)}（${r.b.from} 起）` : '—') },
        { title: '调整后', key: 's', render: (_: unknown, r) => `${formatParameter(r.s)}（${r.s.from} 起）` },
      ]}
    />
  );
}

/** Cost and coverage by district against the baseline, one programme at a time, each chart downloadable. */
export function SimulationResults({ report, title }: { report: SimulationReport; title: string }) {
  const withPeople = report.programmes.filter((p) => p.total.baselinePersons + p.total.scenarioPersons > 0);
  const [selected, setSelected] = useState(() => (withPeople[0] ?? report.programmes[0])?.programme);
  const programme = report.programmes.find((p) => p.programme === selected) ?? report.programmes[0];
  const rows = useMemo<DistrictRow[]>(
    () => (programme?.districts ?? []).map((d) => ({ ...d, name: report.districtNames[d.district.slice(0, 6)] ?? d.district })).filter((d) => d.baselinePersons + d.scenarioPersons + d.baselineMonthlyCostFen + d.scenarioMonthlyCostFen > 0),
    [programme, report.districtNames],
  );
  if (!programme) return <Alert type="info" showIcon title="没有可测算的项目" />;
  const names = rows.map((r) => r.name);
  const programmeName = label(programmeLabels, programme.programme);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="sim-results">
      {report.warnings.map((w) => (
        <Alert key={`${w.code}-${w.parameter}-${w.from}`} type="warning" showIcon title={w.message} />
      ))}
      <Card
        title={title}
        extra={
          <Typography.Text type="secondary">
            {report.households} 户 / {report.persons} 人 · 数据来源：{report.source === 'snapshot' ? '月度快照' : '人口库'} · 用时 {((report.timings.loadMs + report.timings.simulateMs) / 1000).toFixed(1)} 秒
          </Typography.Text>
        }
      >
        <Segmented
          style={{ marginBottom: 16 }}
          value={programme.programme}
          onChange={(value) => setSelected(String(value))}
          options={report.programmes.map((p) => ({ value: p.programme, label: label(programmeLabels, p.programme) }))}
          data-testid="sim-programme"
        />
        <Overview total={programme.total} unit={programme.unit} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ChartCard
            title={`${programmeName} · 各区首月资金（万元）`}
            testId="sim-cost-chart"
            empty={rows.length === 0}
            option={barOption(
              names,
              [
                { name: '基线', data: rows.map((r) => fenToWan(r.baselineMonthlyCostFen)) },
                { name: '调整后', data: rows.map((r) => fenToWan(r.scenarioMonthlyCostFen)) },
              ],
              '万元',
            )}
            sheet={{
              name: `${programmeName}各区资金测算`,
              columns: ['区', '基线首月资金（元）', '调整后首月资金（元）', '基线12个月资金（元）', '调整后12个月资金（元）'],
              rows: rows.map((r) => [r.name, yuan(r.baselineMonthlyCostFen), yuan(r.scenarioMonthlyCostFen), yuan(r.baselineYearlyCostFen), yuan(r.scenarioYearlyCostFen)]),
            }}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard
            title={`${programmeName} · 各区覆盖人数`}
            testId="sim-coverage-chart"
            empty={rows.length === 0}
            option={barOption(
              names,
              [
                { name: '基线', data: rows.map((r) => r.baselinePersons) },
                { name: '调整后', data: rows.map((r) => r.scenarioPersons) },
                { name: '新增', data: rows.map((r) => r.newlyEligiblePersons), line: true },
              ],
              '人',
            )}
            sheet={{
              name: `${programmeName}各区覆盖测算`,
              columns: ['区', '基线户数', '调整后户数', '基线人数', '调整后人数', '新增人数', '退出人数'],
              rows: rows.map((r) => [r.name, r.baselineHouseholds, r.scenarioHouseholds, r.baselinePersons, r.scenarioPersons, r.newlyEligiblePersons, r.noLongerEligiblePersons]),
            }}
          />
        </Col>
      </Row>
      <Card title="分区明细" size="small">
        <Table<DistrictRow> rowKey="district" size="small" pagination={false} scroll={{ x: 1100 }} columns={districtColumns} dataSource={rows} locale={{ emptyText: '该项目在测算范围内无覆盖对象' }} data-testid="sim-district-table" />
      </Card>
      <Card title="参数对比（测算首月）" size="small">
        <ParameterChanges baseline={report.baselineParameters} scenario={report.scenarioParameters} />
      </Card>
    </Space>
  );
}
