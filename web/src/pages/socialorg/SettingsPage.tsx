import { Card, Table, Tag } from 'antd';
import { useSocialorgSettings } from '../../api/socialorg.js';
import type { SocialorgSetting } from '../../api/socialorg-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen } from '../../format/money.js';

interface SpendingBand {
  foundation: boolean;
  fundraising: boolean;
  minNetAssetsFen: number;
  base: 'income' | 'net_assets';
  minSpendPercent: number;
  maxManagementPercent: number;
  minIncomePercent: number;
}

/** One band of 慈善组织年度支出标准 in words: who, from which net assets, spending floor and management cap. */
function band(b: SpendingBand): string {
  const who = `${b.foundation ? '基金会' : '社会团体、社会服务机构'}${b.fundraising ? '（具有公开募捐资格）' : '（不具有公开募捐资格）'}`;
  const from = b.minNetAssetsFen > 0 ? `上年末净资产 ${formatFen(b.minNetAssetsFen)} 以上` : '';
  const spend = `慈善活动支出不低于${b.base === 'income' ? '上年总收入' : '上年末净资产'}的 ${b.minSpendPercent}%`;
  const income = b.minIncomePercent > 0 ? `且不低于上年总收入的 ${b.minIncomePercent}%` : '';
  return `${who}${from}：${spend}${income}，管理费用不超过当年总支出的 ${b.maxManagementPercent}%`;
}

function show(s: SocialorgSetting): string {
  const v = s.current.value;
  if (s.unit === 'fen' && typeof v === 'number') return formatFen(v);
  if (s.unit === 'days') return `${String(v)} 日`;
  if (s.unit === 'months') return `${String(v)} 个月`;
  if (s.unit === 'people') return `${String(v)} 人`;
  if (s.unit === 'percent') return `${String(v)}%`;
  if (Array.isArray(v) && s.unit !== 'spending-bands') return v.join('、');
  if (s.unit === 'form-words' && v && typeof v === 'object')
    return Object.values(v as Record<string, string[]>)
      .map((w) => w.join('、'))
      .join('；');
  if (s.unit === 'switch') return v ? '开启' : '关闭';
  if (s.unit === 'spending-bands' && Array.isArray(v)) return (v as SpendingBand[]).map(band).join('；');
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
