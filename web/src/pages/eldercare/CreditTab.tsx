import { Col, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useCreditRatings } from '../../api/eldercare-supervision.js';
import type { CreditEntry, CreditRating } from '../../api/eldercare-supervision-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { creditRatingColors } from '../../format/eldercare-labels.js';

const RATINGS: CreditRating[] = ['A', 'B', 'C', 'D'];

/** 信用评价: each facility's A–D rating from its findings, overdue rectifications and grading, worst first. */
export function CreditTab({ division }: { division: string | undefined }) {
  const [rating, setRating] = useState<CreditRating | undefined>();
  const credit = useCreditRatings(division, rating);
  if (credit.error) return <ApiErrorNotice error={credit.error} inline />;
  const counts = credit.data?.counts;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[24, 16]}>
        {RATINGS.map((r) => (
          <Col key={r} xs={12} md={6}>
            <Statistic title={`${r} 级`} value={counts?.[r] ?? 0} suffix="家" loading={credit.isPending} />
          </Col>
        ))}
      </Row>
      <Space>
        <Typography.Text>评价等级</Typography.Text>
        <Select allowClear placeholder="全部" style={{ width: 120 }} value={rating} onChange={setRating} options={RATINGS.map((r) => ({ value: r, label: `${r} 级` }))} />
        {credit.data ? <Typography.Text type="secondary">评价日 {credit.data.on}</Typography.Text> : null}
      </Space>
      <Table<CreditEntry>
        rowKey="facilityId"
        size="middle"
        dataSource={credit.data?.items}
        loading={credit.isFetching}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无信用评价' }}
        data-testid="credit-table"
        columns={[
          { title: '机构', dataIndex: 'facilityName', render: (name: string, c) => <Link to={`/eldercare/facilities/${c.facilityId}`}>{name}</Link> },
          { title: '所在街镇', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} /> },
          { title: '得分', dataIndex: 'score', align: 'right' },
          {
            title: '评价',
            dataIndex: 'rating',
            render: (r: string, c) =>
              c.cappedBy ? (
                <Tooltip title={`等级封顶：${c.cappedBy}`}>
                  <Tag color={creditRatingColors[r]}>{c.ratingName}</Tag>
                </Tooltip>
              ) : (
                <Tag color={creditRatingColors[r]}>{c.ratingName}</Tag>
              ),
          },
          { title: '近一年问题（一般/较大/重大）', key: 'findings', render: (_: unknown, c) => `${c.inputs.findings.minor} / ${c.inputs.findings.major} / ${c.inputs.findings.critical}` },
          { title: '逾期整改', key: 'overdue', align: 'right', render: (_: unknown, c) => (c.inputs.overdue ? <Typography.Text type="danger">{c.inputs.overdue}</Typography.Text> : 0) },
        ]}
      />
    </Space>
  );
}
