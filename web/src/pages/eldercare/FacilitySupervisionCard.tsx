import { Card, Space, Table, Tag, Typography } from 'antd';
import { useFacilityGradings, useFacilityPrepaid } from '../../api/eldercare-supervision.js';
import type { Grading, PrepaidReport } from '../../api/eldercare-supervision-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen } from '../../format/money.js';

const money = (fen: number) => formatFen(fen);

/** 等级评定与预收费: the facility's yearly gradings and monthly prepaid-fee reports, newest first. */
export function FacilitySupervisionCard({ facilityId }: { facilityId: number }) {
  const gradings = useFacilityGradings(facilityId);
  const prepaid = useFacilityPrepaid(facilityId);
  return (
    <Card title="等级评定与预收费" size="small">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text strong>年度等级评定与服务质量监测</Typography.Text>
        {gradings.error ? (
          <ApiErrorNotice error={gradings.error} inline />
        ) : (
          <Table<Grading>
            rowKey="year"
            size="small"
            pagination={false}
            dataSource={gradings.data}
            loading={gradings.isFetching}
            locale={{ emptyText: '暂无等级评定记录' }}
            data-testid="facility-gradings"
            columns={[
              { title: '年度', dataIndex: 'year' },
              { title: '等级', dataIndex: 'gradeName', render: (g: string | null) => g ?? '—' },
              { title: '质量监测得分', dataIndex: 'qualityScore', align: 'right', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
              { title: '来源', dataIndex: 'source' },
            ]}
          />
        )}
        <Typography.Text strong>预收费月报</Typography.Text>
        {prepaid.error ? (
          <ApiErrorNotice error={prepaid.error} inline />
        ) : (
          <Table<PrepaidReport>
            rowKey="month"
            size="small"
            pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false }}
            dataSource={prepaid.data}
            loading={prepaid.isFetching}
            locale={{ emptyText: '暂无预收费月报' }}
            data-testid="facility-prepaid"
            columns={[
              { title: '月份', dataIndex: 'month' },
              { title: '本月收取', dataIndex: 'collectedFen', align: 'right', render: money },
              { title: '本月退还', dataIndex: 'refundedFen', align: 'right', render: money },
              { title: '月末余额', dataIndex: 'balanceFen', align: 'right', render: money },
              { title: '存管资金', dataIndex: 'escrowFen', align: 'right', render: money },
              { title: '应存管', dataIndex: 'requiredEscrowFen', align: 'right', render: (fen: number, r) => `${money(fen)}（${r.escrowPercent}%）` },
              { title: '风险', dataIndex: 'atRisk', render: (risk: boolean, r) => (risk ? <Tag color="red">{r.riskReason ?? '存管不足'}</Tag> : <Tag color="green">正常</Tag>) },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}
