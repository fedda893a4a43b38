import { Col, Row, Statistic } from 'antd';
import { useFuneralFigures } from '../../api/funeral.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption, pieOption } from '../../charts/options.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { deathSourceLabels, subsidyKindLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';
import { CHART_HEIGHT } from './AssistanceSection.js';

/** 殡葬 on the cockpit (the caller's jurisdiction): deaths by month and first source, the 身故一件事 completion, cremations, the eco-burial share against the plan, subsidies. */
export function FuneralSection({ year }: { year: number }) {
  const figures = useFuneralFigures(year);
  if (figures.error) return <ApiErrorNotice error={figures.error} inline />;
  const f = figures.data;
  const months = (f?.deathsByMonth ?? []).map((m) => m.month);
  const sources = (f?.deathsBySource ?? []).map((s) => ({ name: label(deathSourceLabels, s.source), value: s.count }));
  const subsidies = f?.subsidies ?? [];
  const total = f ? f.checklists.complete + f.checklists.open : 0;
  return (
    <>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={5}>
          <Statistic title={`${year} 年死亡登记`} value={(f?.deathsByMonth ?? []).reduce((n, m) => n + m.count, 0)} suffix="人" loading={figures.isPending} />
        </Col>
        <Col xs={12} lg={5}>
          <Statistic title="身故一件事办结" value={f?.checklists.complete ?? 0} suffix={`/ ${total} 件`} loading={figures.isPending} />
        </Col>
        <Col xs={12} lg={5}>
          <Statistic title="死亡至办结平均天数" value={f?.checklists.averageDays ?? '—'} precision={f?.checklists.averageDays === null ? undefined : 1} loading={figures.isPending} />
        </Col>
        <Col xs={12} lg={4}>
          <Statistic title="火化 / 海葬" value={`${f?.cremations ?? 0} / ${f?.seaBurials ?? 0}`} loading={figures.isPending} />
        </Col>
        <Col xs={12} lg={5}>
          <Statistic
            title={`节地生态安葬率（目标 ${f?.ecoBurial.targetPercent ?? 90}%）`}
            value={f?.ecoBurial.percent ?? '—'}
            precision={f?.ecoBurial.percent === null ? undefined : 1}
            suffix={f?.ecoBurial.percent === null ? '' : '%'}
            loading={figures.isPending}
            styles={{ content: { color: f && f.ecoBurial.percent !== null && f.ecoBurial.percent < f.ecoBurial.targetPercent ? '#cf1322' : undefined } }}
          />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <ChartCard
            title={`死亡登记（${year} 年按月）`}
            testId="chart-funeral-months"
            height={CHART_HEIGHT}
            empty={months.length === 0}
            option={barOption(months, [{ name: '死亡登记', data: (f?.deathsByMonth ?? []).map((m) => m.count) }], '人')}
            sheet={{ name: '死亡登记按月', columns: ['月份', '死亡登记'], rows: (f?.deathsByMonth ?? []).map((m) => [m.month, m.count]) }}
          />
        </Col>
        <Col xs={24} xl={7}>
          <ChartCard
            title="首次通报来源"
            testId="chart-funeral-sources"
            height={CHART_HEIGHT}
            empty={sources.every((s) => s.value === 0)}
            option={pieOption(sources, '人')}
            sheet={{ name: '死亡首次通报来源', columns: ['来源', '人数'], rows: sources.map((s) => [s.name, s.value]) }}
          />
        </Col>
        <Col xs={24} xl={7}>
          <ChartCard
            title="殡葬补贴（核准与已发放）"
            testId="chart-funeral-subsidies"
            height={CHART_HEIGHT}
            empty={subsidies.length === 0}
            option={barOption(
              subsidies.map((s) => label(subsidyKindLabels, s.kind)),
              [
                { name: '核准', data: subsidies.map((s) => s.amountFen / 100) },
                { name: '已发放', data: subsidies.map((s) => s.paidFen / 100) },
              ],
              '元',
            )}
            sheet={{ name: '殡葬补贴', columns: ['补贴', '人数', '核准金额（元）', '已发放（元）'], rows: subsidies.map((s) => [label(subsidyKindLabels, s.kind), s.count, s.amountFen / 100, s.paidFen / 100]) }}
          />
        </Col>
      </Row>
    </>
  );
}
