import { Drawer, Table, Tag, Typography } from 'antd';
import { formatValue, type DatedValue, type SettingRow } from './settings-model.js';

function stateOf(row: SettingRow, v: DatedValue): { text: string; color: string } {
  if (v.replaced) return { text: '已被同日新值替代', color: 'default' };
  if (v === row.current) return { text: '现行', color: 'green' };
  if (row.upcoming.includes(v)) return { text: '待生效', color: 'blue' };
  return { text: '已失效', color: 'default' };
}

/** Every value the parameter ever had or is set to have, oldest first: what applied when. */
export function SettingHistoryDrawer({ row, onClose }: { row: SettingRow | null; onClose: () => void }) {
  return (
    <Drawer open={row !== null} onClose={onClose} title={row ? `取值历史：${row.label}` : ''} size="large" destroyOnHidden>
      {row && (
        <>
          <Typography.Paragraph type="secondary">{row.description}</Typography.Paragraph>
          <Table<DatedValue>
            rowKey={(v) => `${v.from ?? 'initial'}|${v.at ?? ''}|${row.history.indexOf(v)}`}
            size="small"
            pagination={false}
            dataSource={row.history}
            data-testid="setting-history"
            columns={[
              { title: '生效日期', key: 'from', render: (_: unknown, v) => v.from ?? '初始配置' },
              { title: '数值', key: 'value', render: (_: unknown, v) => formatValue(row, v.value) },
              { title: '状态', key: 'state', render: (_: unknown, v) => <Tag color={stateOf(row, v).color}>{stateOf(row, v).text}</Tag> },
              { title: '核实', key: 'verified', render: (_: unknown, v) => (v.verified ? <Tag color="green">已核实</Tag> : <Tag color="orange">参数待核实</Tag>) },
              { title: '来源或依据', key: 'note', render: (_: unknown, v) => <Typography.Text type="secondary">{v.note}</Typography.Text> },
              { title: '设定人', key: 'by', render: (_: unknown, v) => v.by ?? '系统预置' },
              { title: '设定时间', key: 'at', render: (_: unknown, v) => (v.at ? new Date(v.at).toLocaleString('zh-CN') : '—') },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
