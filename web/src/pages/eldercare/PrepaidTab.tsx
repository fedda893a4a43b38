import { DatePicker, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { usePrepaidRisks } from '../../api/eldercare-supervision.js';
import type { PrepaidReport } from '../../api/eldercare-supervision-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen } from '../../format/money.js';
import { today } from '../../format/dates.js';

const money = (fen: number) => formatFen(fen);

/** 预收费风险: facilities whose escrowed prepaid fees fall below the required share in a month. */
export function PrepaidTab({ division }: { division: string | undefined }) {
  const [month, setMonth] = useState(today().format('YYYY-MM'));
  const risks = usePrepaidRisks(month, division);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Text>月份</Typography.Text>
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => v && setMonth(v.format('YYYY-MM'))} disabledDate={(d) => d.isAfter(today(), 'month')} />
        {risks.data ? (
          <Typography.Text type="secondary">
            当月已报送 {risks.data.reported} 家，存在风险 {risks.data.atRisk.length} 家
          </Typography.Text>
        ) : null}
      </Space>
      {risks.error ? (
        <ApiErrorNotice error={risks.error} inline />
      ) : (
        <Table<PrepaidReport>
          rowKey="facilityId"
          size="middle"
          dataSource={risks.data?.atRisk}
          loading={risks.isFetching}
          pagination={false}
          locale={{ emptyText: `${month} 没有预收费资金风险` }}
          data-testid="prepaid-table"
          columns={[
            { title: '机构', dataIndex: 'facilityName', render: (name: string, r) => <Link to={`/eldercare/facilities/${r.facilityId}`}>{name}</Link> },
            { title: '预收余额', dataIndex: 'balanceFen', align: 'right', render: money },
            { title: '存管资金', dataIndex: 'escrowFen', align: 'right', render: money },
            { title: '应存管', dataIndex: 'requiredEscrowFen', align: 'right', render: (fen: number, r) => `${money(fen)}（${r.escrowPercent}%）` },
            { title: '缺口', dataIndex: 'shortfallFen', align: 'right', render: (fen: number) => <Typography.Text type="danger">{money(fen)}</Typography.Text> },
            { title: '风险', dataIndex: 'riskReason', render: (r: string | null) => r ?? '—' },
          ]}
        />
      )}
    </Space>
  );
}
