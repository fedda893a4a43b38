import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Layout, Select, Space, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { apiUrl } from '../../api/client.js';
import { type OpenCell, useOpenDataIndex, useOpenDataTable } from '../../api/community-divisions.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';

const show = (v: OpenCell, kind: string) => {
  if (v === '<5') return <Tag data-testid="hidden-cell">&lt;5</Tag>;
  if (v === null) return '—';
  return kind === 'money' ? v.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : v.toLocaleString('zh-CN');
};

/** 民政公开数据 (no login): the months the city publishes, a table per dataset by district, CSV download. */
export default function PublicOpenDataPage() {
  const [params, setParams] = useSearchParams();
  const index = useOpenDataIndex();
  const months = index.data?.months ?? [];
  const month = params.get('month') ?? months[0]?.month;
  const datasets = months.find((m) => m.month === month)?.datasets ?? [];
  const dataset = params.get('dataset') ?? datasets[0]?.dataset;
  const table = useOpenDataTable(month, dataset);
  const t = table.data;
  return (
    <Layout style={{ minHeight: '100vh', padding: 24 }}>
      <Typography.Title level={3}>上海市民政公开数据</Typography.Title>
      <Typography.Paragraph type="secondary">按区、按月公布的汇总数据，由市民政局在月份结束后发布。为保护个人信息，少于 5 人（户）的数字显示为“&lt;5”，并同时隐去另一处数字，使其无法由合计推算；儿童数据只按区公布。</Typography.Paragraph>
      {index.error ? <ApiErrorNotice error={index.error} /> : null}
      {index.data && months.length === 0 ? <Empty description="尚未发布公开数据" /> : null}
      {months.length > 0 ? (
        <Card>
          <Space wrap style={{ marginBottom: 16 }}>
            <span>月份</span>
            <Select style={{ width: 120 }} value={month} onChange={(m) => setParams({ month: m })} options={months.map((m) => ({ value: m.month, label: m.month }))} data-testid="open-month" />
            <span>数据集</span>
            <Select style={{ width: 320 }} value={dataset} onChange={(d) => setParams({ month: month ?? '', dataset: d })} options={datasets.map((d) => ({ value: d.dataset, label: d.title }))} data-testid="open-dataset" />
            {month && dataset ? (
              <Button icon={<DownloadOutlined />} href={apiUrl(`/public/open-data/${month}/${dataset}?format=csv`)} data-testid="open-csv">
                下载 CSV
              </Button>
            ) : null}
          </Space>
          {table.error ? <ApiErrorNotice error={table.error} /> : null}
          {t ? (
            <>
              <Typography.Title level={5}>{t.title}</Typography.Title>
              <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t.note} />
              <Table
                size="small"
                rowKey="districtCode"
                pagination={false}
                data-testid="open-table"
                dataSource={[...t.rows, { districtCode: 'city', districtName: '全市合计', cells: t.total }]}
                columns={[{ title: '区', dataIndex: 'districtName' }, ...t.columns.map((c) => ({ title: c.name, key: c.key, render: (_: unknown, r: { cells: Record<string, OpenCell> }) => show(r.cells[c.key] ?? null, c.kind) }))]}
              />
            </>
          ) : null}
        </Card>
      ) : null}
    </Layout>
  );
}
