import { Card, Col, InputNumber, Progress, Row, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useFuneralFigures } from '../../api/funeral.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { deathSourceLabels, subsidyKindLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

/** 殡葬统计: deaths by month, source and district; cremations; the eco-burial share against the plan; subsidies. */
export default function FuneralFiguresPage() {
  const [year, setYear] = useState(new Date().getFullYear());
  const figures = useFuneralFigures(year);
  const f = figures.data;
  return (
    <Card
      title="殡葬统计"
      extra={
        <Space>
          <span>年度</span>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
        </Space>
      }
    >
      <ApiErrorNotice error={figures.error} />
      {f ? (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            <Col span={4}>
              <Statistic title="死亡登记" value={f.deathsByMonth.reduce((n, m) => n + m.count, 0)} />
            </Col>
            <Col span={4}>
              <Statistic title="火化" value={f.cremations} />
            </Col>
            <Col span={4}>
              <Statistic title="海葬" value={f.seaBurials} />
            </Col>
            <Col span={4}>
              <Statistic title="一件事已办结" value={f.checklists.complete} suffix={`/ ${f.checklists.complete + f.checklists.open}`} />
            </Col>
            <Col span={4}>
              <Statistic title="平均办结天数" value={f.checklists.averageDays ?? '—'} />
            </Col>
            <Col span={4}>
              <div>节地生态安葬率（目标 {f.ecoBurial.targetPercent}%）</div>
              <Progress percent={f.ecoBurial.percent ?? 0} status={f.ecoBurial.percent !== null && f.ecoBurial.percent >= f.ecoBurial.targetPercent ? 'success' : 'normal'} />
              <div style={{ fontSize: 12 }}>
                经营性公墓新开墓区小型墓 {f.ecoBurial.small} / 全部安葬 {f.ecoBurial.total}
              </div>
            </Col>
          </Row>
          <Row gutter={16}>
            <Col span={8}>
              <Table
                size="small"
                rowKey="month"
                pagination={false}
                dataSource={f.deathsByMonth}
                columns={[
                  { title: '月份', dataIndex: 'month' },
                  { title: '死亡', dataIndex: 'count', align: 'right' },
                ]}
              />
            </Col>
            <Col span={8}>
              <Table
                size="small"
                rowKey="source"
                pagination={false}
                dataSource={f.deathsBySource}
                columns={[
                  { title: '首次通报来源', dataIndex: 'source', render: (s: string) => label(deathSourceLabels, s) },
                  { title: '死亡', dataIndex: 'count', align: 'right' },
                ]}
              />
            </Col>
            <Col span={8}>
              <Table
                size="small"
                rowKey="district"
                pagination={false}
                dataSource={f.deathsByDistrict}
                columns={[
                  { title: '区', dataIndex: 'district', render: (c: string) => <DivisionName code={c} /> },
                  { title: '死亡', dataIndex: 'count', align: 'right' },
                ]}
              />
            </Col>
          </Row>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            rowKey="kind"
            pagination={false}
            dataSource={f.subsidies}
            columns={[
              { title: '补贴', dataIndex: 'kind', render: (k: string) => label(subsidyKindLabels, k) },
              { title: '人数', dataIndex: 'count', align: 'right' },
              { title: '核准金额', dataIndex: 'amountFen', align: 'right', render: (v: number) => formatFen(v) },
              { title: '已发放', dataIndex: 'paidFen', align: 'right', render: (v: number) => formatFen(v) },
            ]}
          />
        </>
      ) : null}
    </Card>
  );
}
