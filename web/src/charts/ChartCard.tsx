import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty } from 'antd';
import { useState, type ReactNode } from 'react';
import { EChart } from './EChart.js';
import type { ChartOption } from './echarts.js';
import { downloadExcel, type SheetData } from './excel.js';

/**
 * A chart with its numbers one click away: the same rows the chart draws, as an Excel sheet.
 * `empty` replaces the chart when there is nothing to draw (an empty canvas reads as a fault).
 */
export function ChartCard({
  title,
  option,
  sheet,
  height,
  extra,
  empty,
  testId,
  onItemClick,
}: {
  title: ReactNode;
  option: ChartOption;
  sheet: SheetData;
  height?: number;
  extra?: ReactNode;
  empty?: boolean;
  testId?: string;
  /** A click on a bar or slice (drill-down), by its index in the data. */
  onItemClick?: (dataIndex: number) => void;
}) {
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  async function save() {
    setSaving(true);
    try {
      await downloadExcel(`${sheet.name}.xlsx`, [sheet]);
    } catch {
      void message.error('生成 Excel 文件失败，请重试');
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card
      title={title}
      size="small"
      extra={
        <>
          {extra}
          <Button size="small" icon={<DownloadOutlined />} loading={saving} disabled={empty} onClick={() => void save()} data-testid={testId ? `${testId}-excel` : undefined}>
            下载 Excel
          </Button>
        </>
      }
      data-testid={testId}
    >
      {empty ? <Empty description="暂无数据" style={{ padding: '48px 0' }} /> : <EChart option={option} height={height} onItemClick={onItemClick} />}
    </Card>
  );
}
