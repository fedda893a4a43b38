import { Alert, Card, Table, Tag, Typography } from 'antd';
import { useEldercareSettings, type EldercareSetting, type EldercareSettingValue } from '../../api/eldercare.js';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/AuthContext.js';
import { priorityGroupLabels } from '../../format/eldercare-labels.js';

const UNITS: Record<string, string> = { months: '个月', days: '天', level: '级', count: '', percent: '%', beds: '张', groups: '' };

function valueText(setting: EldercareSetting, v: EldercareSettingValue): string {
  if (Array.isArray(v.value)) return v.value.map((g, i) => `${i + 1}. ${priorityGroupLabels[String(g)] ?? String(g)}`).join('　');
  if (setting.unit === 'fen') return `${(Number(v.value) / 100).toFixed(2)} 元`;
  return `${String(v.value)}${UNITS[setting.unit] ?? ''}`;
}

/** 参数: every elderly-care number in force, with its date, source and whether it is verified (待核实 = a configured value). */
export default function SettingsPage() {
  const settings = useEldercareSettings();
  const { can } = useAuth();
  if (settings.error) return <Alert type="error" showIcon title="参数加载失败" description={String(settings.error.message)} />;
  return (
    <Card
      title="养老服务参数"
      extra={
        can('eldercare.configure') ? (
          <Link to="/admin/settings?tab=eldercare" data-testid="edit-eldercare-settings">
            在“参数设置”中设定新值、查看取值历史
          </Link>
        ) : (
          <Typography.Text type="secondary">参数由市局管理员设定，自生效日期起适用</Typography.Text>
        )
      }
    >
      <Table<EldercareSetting>
        rowKey="name"
        loading={settings.isLoading}
        dataSource={settings.data ?? []}
        pagination={false}
        size="small"
        data-testid="eldercare-settings"
        columns={[
          { title: '参数', dataIndex: 'label', render: (label: string, s) => <span title={s.description}>{label}</span> },
          { title: '现行值', key: 'value', render: (_: unknown, s) => valueText(s, s.current) },
          { title: '生效日期', key: 'from', render: (_: unknown, s) => s.current.from },
          { title: '核实', key: 'verified', render: (_: unknown, s) => (s.current.verified ? <Tag color="green">已核实</Tag> : <Tag color="orange">待核实（配置值）</Tag>) },
          { title: '来源或理由', key: 'source', render: (_: unknown, s) => <Typography.Text type="secondary">{s.current.source}</Typography.Text> },
        ]}
      />
    </Card>
  );
}
