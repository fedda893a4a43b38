import { Card, Table, Tag } from 'antd';
import { useSocialorgSettings } from '../../api/socialorg.js';
import type { SocialorgSetting } from '../../api/socialorg-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen } from '../../format/money.js';

function show(s: SocialorgSetting): string {
  const v = s.current.value;
  if (s.unit === 'fen' && typeof v === 'number') return formatFen(v);
  if (s.unit === 'days') return `${String(v)} 日`;
  if (s.unit === 'months') return `${String(v)} 个月`;
  if (Array.isArray(v)) return v.join('、');
  if (s.unit === 'form-words' && v && typeof v === 'object')
    return Object.values(v as Record<string, string[]>)
      .map((w) => w.join('、'))
      .join('；');
  if (s.unit === 'calendar') return '节假日与调休日历';
  return String(v);
}

/** 社会组织参数: every time limit, threshold and word list, its source and whether it is verified. */
export default function SocialorgSettingsPage() {
  const settings = useSocialorgSettings();
  if (settings.error) return <ApiErrorNotice error={settings.error} />;
  return (
    <Card title="社会组织登记管理参数">
      <Table<SocialorgSetting>
        rowKey="name"
        size="small"
        loading={settings.isLoading}
        dataSource={settings.data}
        pagination={false}
        columns={[
          { title: '参数', dataIndex: 'label' },
          { title: '现行值', key: 'v', render: (_: unknown, s) => show(s) },
          { title: '生效日期', key: 'from', render: (_: unknown, s) => s.current.from },
          { title: '核实', key: 'verified', render: (_: unknown, s) => (s.current.verified ? <Tag color="green">已核实</Tag> : <Tag color="orange">配置值，待核实</Tag>) },
          { title: '来源', key: 'source', render: (_: unknown, s) => s.current.source },
        ]}
      />
    </Card>
  );
}
