import { Card, Col, InputNumber, Row, Space, Statistic } from 'antd';
import { useState } from 'react';
import { useSocialorgFigures } from '../../api/socialorg.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption } from '../../charts/options.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PageLoading } from '../../components/PageLoading.js';
import { districtLabel, orgTypeLabels } from '../../format/socialorg-labels.js';

/** 社会组织统计: organisations by type and district, new and ended by year, the inspection rates, lists, charities. */
export default function FiguresPage() {
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const figures = useSocialorgFigures(year);
  if (figures.isLoading) return <PageLoading />;
  if (figures.error || !figures.data) return <ApiErrorNotice error={figures.error} />;
  const f = figures.data;
  const districts = [...new Set(f.active.map((a) => a.districtCode))].sort();
  const types = ['social_group', 'social_service', 'foundation'];
  const byDistrict = types.map((t) => ({ name: orgTypeLabels[t], data: districts.map((d) => f.active.filter((a) => a.districtCode === d && a.orgType === t).reduce((n, a) => n + a.count, 0)) }));
  const total = f.active.reduce((n, a) => n + a.count, 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="社会组织概况"
        extra={
          <Space>
            年检年度 <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} />
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title="在册社会组织" value={total} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title={`${year} 年度参检率`} value={f.inspection.participationPercent} suffix="%" />
          </Col>
          <Col span={4}>
            <Statistic title="合格率（含基本合格）" value={f.inspection.passPercent} suffix="%" />
          </Col>
          <Col span={4}>
            <Statistic title="慈善组织" value={f.charities} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title="具有公开募捐资格" value={f.fundraisers} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title="名录在册" value={f.lists.map((l) => `${l.list === 'abnormal' ? '异常' : '失信'} ${l.open}`).join(' / ') || '0'} />
          </Col>
        </Row>
      </Card>
      <ChartCard
        title="各区在册社会组织（按类型）"
        testId="socialorg-district-chart"
        option={barOption(districts.map(districtLabel), byDistrict, '家')}
        sheet={{ name: '各区在册社会组织', columns: ['区', ...types.map((t) => orgTypeLabels[t])], rows: districts.map((d, i) => [districtLabel(d), ...byDistrict.map((s) => s.data[i])]) }}
        empty={districts.length === 0}
      />
      <ChartCard
        title="历年成立与注销"
        option={barOption(
          f.byYear.map((y) => String(y.year)),
          [
            { name: '成立', data: f.byYear.map((y) => y.established) },
            { name: '注销、撤销', data: f.byYear.map((y) => y.ended) },
          ],
          '家',
        )}
        sheet={{ name: '历年成立与注销', columns: ['年度', '成立', '注销、撤销'], rows: f.byYear.map((y) => [y.year, y.established, y.ended]) }}
        empty={f.byYear.length === 0}
      />
    </Space>
  );
}
