import { Table } from 'antd';
import type { BedType, Facility } from '../../api/eldercare-types.js';
import { bedTypeLabels, bedTypes } from '../../format/eldercare-labels.js';
import { label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

interface Row {
  bedType: BedType | 'total';
  licensed: number;
  basicGuarantee: number;
  occupied: number;
  offered: number;
  free: number;
  monthlyPriceFen: number | null;
  basicGuaranteePriceFen: number | null;
}

/** Beds by type: licensed, of them basic-guarantee (allocated by the pooled waitlist), occupied, offered, free; and the monthly prices. */
export function FacilityBeds({ facility }: { facility: Facility }) {
  const price = (t: BedType) => facility.prices.find((p) => p.bedType === t);
  const rows: Row[] = [
    ...bedTypes()
      .filter((t) => facility.beds[t].licensed > 0 || price(t))
      .map((t) => ({ bedType: t, ...facility.beds[t], monthlyPriceFen: price(t)?.monthlyPriceFen ?? null, basicGuaranteePriceFen: price(t)?.basicGuaranteePriceFen ?? null })),
    { bedType: 'total' as const, ...facility.totalBeds, monthlyPriceFen: null, basicGuaranteePriceFen: null },
  ];
  return (
    <Table<Row>
      rowKey="bedType"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="facility-beds"
      columns={[
        { title: '床位类型', dataIndex: 'bedType', render: (t: string) => (t === 'total' ? <strong>合计</strong> : label(bedTypeLabels, t)) },
        { title: '核定床位', dataIndex: 'licensed', align: 'right' },
        { title: '其中保基本', dataIndex: 'basicGuarantee', align: 'right' },
        { title: '已入住', dataIndex: 'occupied', align: 'right' },
        { title: '已通知待答复', dataIndex: 'offered', align: 'right' },
        { title: '空余', dataIndex: 'free', align: 'right' },
        { title: '收费标准（月）', dataIndex: 'monthlyPriceFen', align: 'right', render: (fen: number | null, r) => (r.bedType === 'total' ? '' : formatFen(fen)) },
        { title: '保基本床位收费（月）', dataIndex: 'basicGuaranteePriceFen', align: 'right', render: (fen: number | null, r) => (r.bedType === 'total' ? '' : formatFen(fen)) },
      ]}
    />
  );
}
