import { Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useUnits } from '../../api/funeral.js';
import type { Unit } from '../../api/funeral-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionName } from '../../components/DivisionName.js';
import { burialTypeLabels, priceCategoryLabels, unitKindLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

function capacity(u: Unit): string {
  const c = u.capacity as { cremators?: Record<string, number>; coldStorage?: number; halls?: number };
  const parts: string[] = [];
  if (c.cremators)
    parts.push(
      `火化炉 ${Object.entries(c.cremators)
        .map(([k, n]) => `${k === 'flat' ? '平板炉' : '拣灰炉'} ${n}`)
        .join('、')}`,
    );
  if (c.coldStorage) parts.push(`冷藏柜 ${c.coldStorage}`);
  if (c.halls) parts.push(`告别厅 ${c.halls}`);
  for (const p of u.plots) parts.push(`${label(burialTypeLabels, p.burialType)} ${p.total} 穴（空 ${p.free}）`);
  return parts.join('；') || '—';
}

const columns: TableColumnsType<Unit> = [
  { title: '名称', dataIndex: 'name' },
  { title: '类别', dataIndex: 'kind', render: (k: string) => label(unitKindLabels, k) },
  { title: '所在地', dataIndex: 'divisionCode', render: (code: string) => <DivisionName code={code} full /> },
  { title: '殡葬服务证', dataIndex: 'licenceNumber', render: (l: string | null, u) => (l ? `${l}（${u.licenceCheckedYear ?? '未'}年检）` : '—') },
  { title: '服务能力', key: 'capacity', render: (_: unknown, u) => capacity(u) },
  { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'open' ? <Tag color="green">运营中</Tag> : <Tag>{s}</Tag>) },
];

/** 殡葬服务单位: the city's units with capacity and their current prices (明码标价). */
export default function UnitsPage() {
  const [kind, setKind] = useState<string | undefined>();
  const units = useUnits();
  const items = (units.data?.items ?? []).filter((u) => !kind || u.kind === kind);
  return (
    <Card title="殡葬服务单位" extra={<Select allowClear placeholder="全部类别" style={{ width: 200 }} value={kind} onChange={setKind} options={Object.entries(unitKindLabels).map(([value, text]) => ({ value, label: text }))} />}>
      <Typography.Paragraph type="secondary">殡仪馆、公墓、骨灰堂、殡仪服务站、海葬服务机构和代理机构；展开一行查看现行价格（政府定价、政府指导价、市场调节价）。</Typography.Paragraph>
      <ApiErrorNotice error={units.error} />
      <Table<Unit>
        rowKey="id"
        columns={columns}
        dataSource={items}
        loading={units.isLoading}
        data-testid="funeral-units"
        expandable={{
          rowExpandable: (u) => u.prices.length > 0,
          expandedRowRender: (u) => (
            <Space orientation="vertical">
              {u.prices.map((p) => (
                <span key={p.id}>
                  {p.item}：{formatFen(p.priceFen)}（{label(priceCategoryLabels, p.category)}，自 {p.fromDate}）
                </span>
              ))}
            </Space>
          ),
        }}
      />
    </Card>
  );
}
