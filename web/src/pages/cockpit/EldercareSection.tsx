import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { useEldercareFigures } from '../../api/eldercare.js';
import type { EldercareFigures } from '../../api/eldercare-types.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption } from '../../charts/options.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { useDivisionNames } from '../../components/useDivisionNames.js';
import { CHART_HEIGHT } from './AssistanceSection.js';
import { BED_SERIES, BED_SHEET_COLUMNS, bedSheetRows, waitlistByDistrict, waitTimes } from './eldercare-data.js';

const number = new Intl.NumberFormat('zh-CN');

function Targets({ f }: { f: EldercareFigures }) {
  const { nursingShare, cognitiveBeds } = f.targets;
  const red = { content: { color: '#cf1322' } };
  return (
    <Row gutter={[24, 16]} data-testid="eldercare-targets">
      <Col xs={12} lg={4}>
        <Statistic title="养老机构" value={f.institutions} suffix="家" />
      </Col>
      <Col xs={12} lg={4}>
        <Statistic title="养老床位" value={f.beds.total} suffix="张" />
      </Col>
      <Col xs={12} lg={4}>
        <Statistic title={`护理型床位占比（目标 ${nursingShare.targetPercent}%）`} value={nursingShare.actualPercent} suffix="%" styles={nursingShare.met ? undefined : red} />
      </Col>
      <Col xs={12} lg={4}>
        <Statistic
          title={`认知障碍照护床位（目标 ${number.format(cognitiveBeds.target)} 张${cognitiveBeds.cityWide ? '' : '，全市'}）`}
          value={cognitiveBeds.actual}
          suffix="张"
          styles={cognitiveBeds.met || !cognitiveBeds.cityWide ? undefined : red}
        />
      </Col>
      <Col xs={12} lg={4}>
        <Statistic title="保基本床位轮候" value={f.waitlist.waiting} suffix="人" />
      </Col>
      <Col xs={12} lg={4}>
        <Statistic title="已发床位通知待答复" value={f.waitlist.offered} suffix="人" />
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary">截至 {f.on} 的床位与轮候情况（不随上方所选月份变化）。</Typography.Text>
      </Col>
    </Row>
  );
}

/** 养老服务: beds by type and district, the plan's targets, the waitlist by district and how long people wait. */
function Charts({ f, onDistrict }: { f: EldercareFigures; onDistrict?: (districtCode: string) => void }) {
  const codes = [...new Set([...f.byDistrict.map((d) => d.districtCode), ...f.waitlist.byDistrict.map((d) => d.districtCode)])];
  const names = useDivisionNames(codes);
  const name = (code: string) => names[code] ?? code;
  const districts = f.byDistrict.map((d) => name(d.districtCode));
  const queue = waitlistByDistrict(f);
  const waits = waitTimes(f);
  const { nursingShare, cognitiveBeds } = f.targets;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <ChartCard
          title={`各区养老床位（按类型）${onDistrict ? '（点击区查看该区）' : ''}`}
          testId="chart-eldercare-beds"
          empty={f.byDistrict.length === 0}
          height={CHART_HEIGHT}
          onItemClick={onDistrict ? (i) => f.byDistrict[i] && onDistrict(f.byDistrict[i].districtCode) : undefined}
          option={barOption(
            districts,
            BED_SERIES.map((s) => ({ name: s.name, data: f.byDistrict.map((d) => d[s.key]), stack: 'beds' })),
            '张',
          )}
          sheet={{ name: '各区养老床位按类型', columns: BED_SHEET_COLUMNS, rows: bedSheetRows(f, name) }}
        />
      </Col>
      <Col xs={24} xl={14}>
        <ChartCard
          title={`各区护理型床位占比（目标 ${nursingShare.targetPercent}%${nursingShare.cognitiveCountedAsNursing ? '，含认知障碍照护床位' : ''}）`}
          testId="chart-eldercare-nursing-share"
          height={CHART_HEIGHT}
          empty={f.byDistrict.length === 0}
          option={barOption(
            districts,
            [
              { name: '护理型床位占比', data: f.byDistrict.map((d) => d.nursingSharePercent) },
              { name: `目标 ${nursingShare.targetPercent}%`, data: f.byDistrict.map(() => nursingShare.targetPercent), line: true },
            ],
            '%',
          )}
          sheet={{
            name: '护理型床位占比',
            columns: ['区', '护理型床位占比（%）', '目标（%）', '是否达标'],
            rows: [
              ...f.byDistrict.map((d) => [name(d.districtCode), d.nursingSharePercent, nursingShare.targetPercent, d.nursingSharePercent >= nursingShare.targetPercent ? '达标' : '未达标']),
              ['合计', nursingShare.actualPercent, nursingShare.targetPercent, nursingShare.met ? '达标' : '未达标'],
            ],
          }}
        />
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard
          title={`认知障碍照护床位（目标 ${number.format(cognitiveBeds.target)} 张）`}
          testId="chart-eldercare-cognitive"
          option={barOption(['现有', '规划目标'], [{ name: '认知障碍照护床位', data: [cognitiveBeds.actual, cognitiveBeds.target] }], '张', true)}
          height={200}
          sheet={{
            name: '认知障碍照护床位',
            columns: ['范围', '现有（张）', '目标（张）', '完成率（%）', '说明'],
            rows: [[name(f.scope), cognitiveBeds.actual, cognitiveBeds.target, Math.round((cognitiveBeds.actual * 1000) / Math.max(1, cognitiveBeds.target)) / 10, cognitiveBeds.cityWide ? '全市' : '目标为全市目标，现有为本辖区']],
          }}
        />
        {cognitiveBeds.cityWide ? null : <Alert type="info" showIcon style={{ marginTop: 8 }} title="目标为全市目标，现有数为本辖区床位。" />}
      </Col>
      <Col xs={24} xl={14}>
        <ChartCard
          title="各区保基本床位轮候人数"
          testId="chart-eldercare-waitlist"
          height={CHART_HEIGHT}
          empty={queue.length === 0}
          option={barOption(
            queue.map((d) => name(d.districtCode)),
            [
              { name: '轮候中', data: queue.map((d) => d.waiting), stack: 'queue' },
              { name: '已发通知待答复', data: queue.map((d) => d.offered), stack: 'queue' },
            ],
            '人',
          )}
          sheet={{ name: '各区轮候人数', columns: ['区', '轮候中', '已发通知待答复', '合计'], rows: queue.map((d) => [name(d.districtCode), d.waiting, d.offered, d.waiting + d.offered]) }}
        />
      </Col>
      <Col xs={24} xl={10}>
        <ChartCard
          title="轮候等待时间（天）"
          testId="chart-eldercare-wait-days"
          height={CHART_HEIGHT}
          empty={waits.every((w) => w.median === null)}
          option={barOption(
            waits.map((w) => w.name),
            [
              { name: '中位数', data: waits.map((w) => w.median ?? 0) },
              { name: '90% 在此之内', data: waits.map((w) => w.p90 ?? 0) },
            ],
            '天',
          )}
          sheet={{ name: '轮候等待时间', columns: ['口径', '人数', '中位数（天）', '90分位（天）'], rows: waits.map((w) => [w.name, w.count, w.median, w.p90]) }}
        />
      </Col>
    </Row>
  );
}

export function EldercareSection({ division, onDistrict }: { division: string; onDistrict?: (districtCode: string) => void }) {
  const figures = useEldercareFigures(division);
  if (figures.error) return <ApiErrorNotice error={figures.error} inline />;
  if (!figures.data) return <Card loading variant="borderless" />;
  return (
    <Row gutter={[16, 24]} data-testid="eldercare-section">
      <Col span={24}>
        <Targets f={figures.data} />
      </Col>
      <Col span={24}>
        <Charts f={figures.data} onDistrict={onDistrict} />
      </Col>
    </Row>
  );
}
