import { Card, DatePicker, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useDailyMeals } from '../../api/eldercare-meals.js';
import type { DailyMealRow } from '../../api/eldercare-meals-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen } from '../../format/money.js';
import { today } from '../../format/dates.js';

/** 每日供餐: lunches, dinners, persons and subsidised meals per meal point and day. */
export function DailyMealsCard({ division }: { division: string | undefined }) {
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today().subtract(6, 'day'), today()]);
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const daily = useDailyMeals(from, to, division);
  return (
    <Card title="各助餐点每日供餐" size="small" extra={<DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} disabledDate={(d) => d.isAfter(today(), 'day')} />}>
      {daily.error ? (
        <ApiErrorNotice error={daily.error} inline />
      ) : (
        <Table<DailyMealRow>
          rowKey={(r) => `${r.mealPointId}-${r.servedOn}`}
          size="small"
          loading={daily.isFetching}
          dataSource={daily.data?.items}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: `${from} 至 ${to} 暂无用餐记录` }}
          data-testid="daily-meals-table"
          columns={[
            { title: '日期', dataIndex: 'servedOn', width: 110 },
            { title: '助餐点', dataIndex: 'mealPointName' },
            { title: '午餐', dataIndex: 'lunch', align: 'right' },
            { title: '晚餐', dataIndex: 'dinner', align: 'right' },
            { title: '合计', dataIndex: 'total', align: 'right' },
            { title: '人数', dataIndex: 'persons', align: 'right' },
            { title: '享受补贴', dataIndex: 'subsidised', align: 'right' },
            { title: '补贴金额', dataIndex: 'subsidyFen', align: 'right', render: (fen: number) => formatFen(fen) },
            { title: '个人支付', dataIndex: 'paidFen', align: 'right', render: (fen: number) => formatFen(fen) },
          ]}
        />
      )}
    </Card>
  );
}
