import { Card, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useMealSettlement } from '../../api/eldercare-meals.js';
import type { Settlement, SettlementRow } from '../../api/eldercare-meals-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { ItemList } from '../../components/ItemList.js';
import { formatFen } from '../../format/money.js';
import { today } from '../../format/dates.js';

type DistrictRow = Settlement['districts'][number];

/** 月度跨区结算: the district of the meal point advances the subsidy, the hukou district bears it; the transfers square it. */
export function MealSettlementCard({ division }: { division: string | undefined }) {
  const [month, setMonth] = useState(today().format('YYYY-MM'));
  const settlement = useMealSettlement(month, division);
  const s = settlement.data;
  return (
    <Card
      title="助餐补贴月度跨区结算"
      size="small"
      extra={<DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(v) => v && setMonth(v.format('YYYY-MM'))} disabledDate={(d) => d.isAfter(today(), 'month')} data-testid="settlement-month" />}
    >
      {settlement.error ? (
        <ApiErrorNotice error={settlement.error} inline />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {s ? (
            <Typography.Text type="secondary">
              {month} 享受补贴 {s.totals.subsidisedMeals} 人次，补贴合计 {formatFen(s.totals.subsidyFen)}，其中跨区 {formatFen(s.totals.crossDistrictFen)}
            </Typography.Text>
          ) : null}
          <Table<SettlementRow>
            rowKey={(r) => `${r.pointDistrictCode}-${r.subsidyDistrictCode}`}
            size="small"
            loading={settlement.isFetching}
            dataSource={s?.rows}
            pagination={false}
            locale={{ emptyText: `${month} 暂无享受补贴的用餐` }}
            data-testid="settlement-table"
            columns={[
              { title: '助餐点所在区（垫付）', dataIndex: 'pointDistrictName' },
              {
                title: '补贴承担区（户籍区）',
                dataIndex: 'subsidyDistrictName',
                render: (name: string, r) =>
                  r.crossDistrict ? (
                    <>
                      {name} <Tag color="orange">跨区</Tag>
                    </>
                  ) : (
                    name
                  ),
              },
              { title: '补贴人次', dataIndex: 'subsidisedMeals', align: 'right' },
              { title: '人数', dataIndex: 'persons', align: 'right' },
              { title: '补贴金额', dataIndex: 'subsidyFen', align: 'right', render: (fen: number) => formatFen(fen) },
            ]}
          />
          {s?.districts.length ? (
            <Table<DistrictRow>
              rowKey="districtCode"
              size="small"
              dataSource={s.districts}
              pagination={false}
              columns={[
                { title: '区', dataIndex: 'districtName' },
                { title: '垫付', dataIndex: 'advancedFen', align: 'right', render: (fen: number) => formatFen(fen) },
                { title: '承担', dataIndex: 'borneFen', align: 'right', render: (fen: number) => formatFen(fen) },
                { title: '应收', dataIndex: 'receivableFen', align: 'right', render: (fen: number) => formatFen(fen) },
                { title: '应付', dataIndex: 'payableFen', align: 'right', render: (fen: number) => formatFen(fen) },
                { title: '净额', dataIndex: 'netFen', align: 'right', render: (fen: number) => formatFen(fen) },
              ]}
            />
          ) : null}
          {s?.transfers.length ? <ItemList items={s.transfers} render={(t) => `${t.fromDistrictName} → ${t.toDistrictName}：划转 ${formatFen(t.amountFen)}`} /> : null}
        </Space>
      )}
    </Card>
  );
}
