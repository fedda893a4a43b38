import { Col, InputNumber, Row, Space, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useGradingYear } from '../../api/eldercare-supervision.js';
import type { Grading } from '../../api/eldercare-supervision-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { today } from '../../format/dates.js';

/** 等级评定: one year's grades and quality-monitoring scores across the jurisdiction. */
export function GradingsTab({ division, year, onYear }: { division: string | undefined; year: number; onYear(year: number): void }) {
  const gradings = useGradingYear(year, division);
  const data = gradings.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>年度</Typography.Text>
        <InputNumber min={2000} max={today().year()} precision={0} value={year} onChange={(y) => y && onYear(y)} data-testid="gradings-year" />
      </Space>
      {data ? (
        <Row gutter={[24, 16]}>
          <Col xs={12} md={6}>
            <Statistic title="已监测机构" value={data.monitored} suffix="家" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="平均得分" value={data.averageQualityScore ?? '—'} precision={data.averageQualityScore === null ? undefined : 1} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title="已评定等级" value={data.graded} suffix="家" />
          </Col>
        </Row>
      ) : null}
      {gradings.error ? (
        <ApiErrorNotice error={gradings.error} inline />
      ) : (
        <Table<Grading>
          rowKey="facilityId"
          size="middle"
          dataSource={data?.items}
          loading={gradings.isFetching}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: `${year} 年度暂无评定结果` }}
          data-testid="gradings-table"
          columns={[
            { title: '机构', dataIndex: 'facilityName', render: (name: string, g) => <Link to={`/eldercare/facilities/${g.facilityId}`}>{name}</Link> },
            { title: '等级', dataIndex: 'gradeName', render: (n: string | null) => n ?? '—' },
            { title: '质量监测得分', dataIndex: 'qualityScore', align: 'right', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
            { title: '来源', dataIndex: 'source' },
          ]}
        />
      )}
    </Space>
  );
}
