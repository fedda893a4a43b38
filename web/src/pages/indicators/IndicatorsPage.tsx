import { Alert, Button, Card, Col, DatePicker, Drawer, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useIndicatorDistricts, useIndicatorHistory, useIndicators, useManualEntries } from '../../api/indicators.js';
import type { IndicatorValue } from '../../api/indicators-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption, lineOption } from '../../charts/options.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { ManualValueDialog } from './ManualValueDialog.js';
import { PublishOpenDataButton } from './PublishOpenDataButton.js';

const STATUS_COLOURS: Record<IndicatorValue['status'], string> = { met: 'green', on_track: 'blue', behind: 'orange', no_data: 'default' };

const shown = (v: number | null, unit: string) => (v === null ? '—' : `${v}${unit === '%' ? '%' : ` ${unit}`}`);

function StatusTag({ row }: { row: IndicatorValue }) {
  return (
    <Tag color={row.alarm ? 'red' : STATUS_COLOURS[row.status]} data-testid={`indicator-status-${row.no}`}>
      {row.statusName}
    </Tag>
  );
}

/** One indicator: history since the 2020 baseline against the straight line to the target, and its districts. */
function IndicatorDetail({ row, month }: { row: IndicatorValue; month: string }) {
  const history = useIndicatorHistory(row.no, month);
  const districts = useIndicatorDistricts(row.byDistrict ? row.no : null, month);
  const entries = useManualEntries(row.no);
  const points = history.data?.points ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph>
        <Typography.Text strong>指标定义：</Typography.Text>
        {row.formula}（{row.natureName}；2020 年基准 {row.baseline}，2025 年目标 {row.targetText}，目标为全市目标）
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        取值：{row.originName}。{row.provenance || row.sourceText}
      </Typography.Paragraph>
      {history.error ? <ApiErrorNotice error={history.error} /> : null}
      <ChartCard
        title="逐月历史（虚线为按进度应达值）"
        testId="indicator-history-chart"
        empty={points.every((p) => p.value === null)}
        option={lineOption(
          points.map((p) => p.month),
          [
            { name: row.name, data: points.map((p) => p.value as number) },
            { name: '按进度应达', data: points.map((p) => p.expected) },
          ],
          row.unit,
        )}
        sheet={{ name: `指标${row.no}逐月历史`, columns: ['月份', `数值（${row.unit}）`, '取值方式', '按进度应达'], rows: points.map((p) => [p.month, p.value ?? '', p.origin, p.expected]) }}
      />
      {row.byDistrict && districts.data ? (
        <ChartCard
          title="分区情况（目标为全市目标）"
          testId="indicator-districts-chart"
          empty={districts.data.districts.every((d) => d.value === null)}
          option={barOption(
            districts.data.districts.map((d) => d.divisionName),
            [{ name: row.name, data: districts.data.districts.map((d) => d.value ?? 0) }],
            row.unit,
          )}
          sheet={{ name: `指标${row.no}分区`, columns: ['区', `数值（${row.unit}）`, '分子', '分母'], rows: districts.data.districts.map((d) => [d.divisionName, d.value ?? '', d.numerator ?? '', d.denominator ?? '']) }}
        />
      ) : (
        <Alert type="info" showIcon title="本指标只有全市数值（人工填报或全市统一的政策参数），不分区。" />
      )}
      {entries.data && entries.data.length > 0 ? (
        <Card size="small" title="人工填报记录">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={entries.data}
            columns={[
              { title: '月份', dataIndex: 'month' },
              { title: '数值', dataIndex: 'value' },
              { title: '分子/分母', render: (_, e) => (e.denominator === null ? '—' : `${e.numerator} / ${e.denominator}`) },
              { title: '来源', dataIndex: 'source' },
              { title: '填报人', dataIndex: 'enteredBy' },
              { title: '填报时间', render: (_, e) => dayjs(e.enteredAt).format('YYYY-MM-DD HH:mm') },
              { title: '状态', render: (_, e) => (e.supersededBy === null ? <Tag color="green">现行</Tag> : <Tag>已被更正</Tag>) },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}

/** 规划指标: the 15 main indicators of the 十四五 plan, progress to target, drill-down, history and Excel. */
export default function IndicatorsPage() {
  const { can } = useAuth();
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [open, setOpen] = useState<IndicatorValue | null>(null);
  const [entering, setEntering] = useState<IndicatorValue | null>(null);
  const list = useIndicators(month);
  const shownMonth = list.data?.month ?? month;
  const rows = list.data?.items ?? [];
  const counts = { met: rows.filter((r) => r.status === 'met').length, behind: rows.filter((r) => r.status === 'behind').length, alarms: rows.filter((r) => r.alarm).length };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row justify="space-between" align="middle">
        <Col>
          <Typography.Title level={3} style={{ margin: 0 }}>
            “十四五”规划主要指标
          </Typography.Title>
          <Typography.Text type="secondary">上海市民政事业发展“十四五”规划 15 项主要指标；目标为全市目标，进度按 2020 年基准到 2025 年目标直线推进判断。</Typography.Text>
        </Col>
        <Col>
          <Space>
            <DatePicker
              picker="month"
              allowClear={false}
              value={shownMonth ? dayjs(`${shownMonth}-01`) : undefined}
              disabledDate={(d) => d.isAfter(dayjs(), 'month')}
              onChange={(value) => value && setMonth(value.format('YYYY-MM'))}
              data-testid="indicators-month"
            />
            <LedgerExportButton path="/indicators/export" query={{ month: shownMonth }} title="十四五规划主要指标完成情况" personal={false} />
            {can('indicators.enter') ? <PublishOpenDataButton /> : null}
          </Space>
        </Col>
      </Row>
      {list.error ? <ApiErrorNotice error={list.error} /> : null}
      {rows.length > 0 ? (
        <Alert
          type={counts.alarms > 0 ? 'warning' : 'info'}
          showIcon
          data-testid="indicators-summary"
          title={`${shownMonth}：已达标 ${counts.met} 项，进度滞后 ${counts.behind} 项${counts.alarms > 0 ? `，其中约束性指标滞后 ${counts.alarms} 项（红色）` : ''}。`}
        />
      ) : null}
      <Table
        rowKey="no"
        loading={list.isLoading}
        dataSource={rows}
        pagination={false}
        data-testid="indicators-table"
        onRow={(row) => ({ onClick: () => setOpen(row), style: { cursor: 'pointer' } })}
        columns={[
          { title: '序号', dataIndex: 'no', width: 60 },
          {
            title: '指标',
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Typography.Text>{r.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.unit} · {r.natureName}
                </Typography.Text>
              </Space>
            ),
          },
          { title: '2020 基准', dataIndex: 'baseline', width: 90 },
          { title: '2025 目标', dataIndex: 'targetText', width: 100 },
          {
            title: '本期值',
            width: 140,
            render: (_, r) => (
              <Typography.Text type={r.alarm ? 'danger' : undefined} strong data-testid={`indicator-value-${r.no}`}>
                {shown(r.value, r.unit)}
              </Typography.Text>
            ),
          },
          { title: '按进度应达', width: 100, render: (_, r) => shown(r.expected, r.unit) },
          { title: '状态', width: 110, render: (_, r) => <StatusTag row={r} /> },
          {
            title: '取值',
            width: 180,
            render: (_, r) => (
              <Tooltip title={r.provenance || r.sourceText}>
                <Space size={4}>
                  <Tag color={r.origin === 'manual' ? 'gold' : r.origin === 'frozen' ? 'purple' : r.origin === 'computed' ? 'cyan' : 'default'}>{r.originName}</Tag>
                  {r.valueMonth && r.valueMonth !== r.month ? <Typography.Text type="secondary">{r.valueMonth}</Typography.Text> : null}
                </Space>
              </Tooltip>
            ),
          },
          ...(can('indicators.enter')
            ? [
                {
                  title: '填报',
                  width: 90,
                  render: (_: unknown, r: IndicatorValue) => (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        setEntering(r);
                      }}
                      data-testid={`indicator-enter-${r.no}`}
                    >
                      填报
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={760} title={open ? `${open.no}. ${open.name}` : ''} destroyOnHidden>
        {open && shownMonth ? <IndicatorDetail row={open} month={shownMonth} /> : null}
      </Drawer>
      {entering ? <ManualValueDialog row={entering} onClose={() => setEntering(null)} /> : null}
    </Space>
  );
}
