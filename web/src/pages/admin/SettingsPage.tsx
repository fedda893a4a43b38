import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAssistanceSettings, useEldercareSettingRows, usePolicyParameters, useRuleParameters } from '../../api/admin.js';
import { useAuth } from '../../auth/AuthContext.js';
import { downloadExcel } from '../../charts/excel.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { assistanceRows, eldercareRows, formatValue, monitoringRows, policyRows, type SettingModule, type SettingRow } from './settings-model.js';
import { SettingEditDialog } from './SettingEditDialog.js';
import { SettingHistoryDrawer } from './SettingHistoryDrawer.js';

const MODULES: { key: SettingModule; title: string; permission: string; hint: string }[] = [
  { key: 'policy', title: '政策参数', permission: 'policy.params.write', hint: '低保标准、收入与财产认定等政策计算所用的标准和系数。' },
  { key: 'assistance', title: '社会救助业务', permission: 'assistance.configure', hint: '临时救助上限、公示期、办理时限、复核间隔与抽查比例。' },
  { key: 'monitoring', title: '预警规则', permission: 'monitoring.configure', hint: '低收入人口动态监测各预警指标的阈值。' },
  { key: 'eldercare', title: '养老服务', permission: 'eldercare.configure', hint: '评估有效期、轮候规则、监管整改期限与信用评价口径。' },
];

function SettingsTable({ rows, loading, error, onEdit, onHistory, testId }: { rows: SettingRow[]; loading: boolean; error: unknown; onEdit: (r: SettingRow) => void; onHistory: (r: SettingRow) => void; testId: string }) {
  if (error) return <ApiErrorNotice error={error} inline />;
  return (
    <Table<SettingRow>
      rowKey="name"
      size="small"
      loading={loading}
      dataSource={rows}
      pagination={false}
      data-testid={testId}
      columns={[
        {
          title: '参数',
          key: 'label',
          render: (_: unknown, r) => (
            <Tooltip title={r.description}>
              <span data-testid={`setting-${r.name}`}>{r.label}</span>
            </Tooltip>
          ),
        },
        { title: '现行值', key: 'value', render: (_: unknown, r) => (r.current ? formatValue(r, r.current.value) : '—') },
        { title: '生效日期', key: 'from', render: (_: unknown, r) => r.current?.from ?? '初始配置' },
        { title: '核实', key: 'verified', render: (_: unknown, r) => (r.current?.verified ? <Tag color="green">已核实</Tag> : <Tag color="orange">参数待核实</Tag>) },
        {
          title: '已排定的新值',
          key: 'upcoming',
          render: (_: unknown, r) =>
            r.upcoming.length === 0 ? (
              <Typography.Text type="secondary">无</Typography.Text>
            ) : (
              <Space direction="vertical" size={0}>
                {r.upcoming.map((v) => (
                  <span key={`${v.from}`} data-testid={`upcoming-${r.name}`}>
                    自 {v.from} 起：{formatValue(r, v.value)}
                  </span>
                ))}
              </Space>
            ),
        },
        {
          title: '操作',
          key: 'actions',
          render: (_: unknown, r) => (
            <Space>
              <Button size="small" type="link" onClick={() => onEdit(r)} data-testid={`edit-${r.name}`}>
                设定新值
              </Button>
              <Button size="small" type="link" onClick={() => onHistory(r)} data-testid={`history-${r.name}`}>
                取值历史
              </Button>
            </Space>
          ),
        },
      ]}
    />
  );
}

/** 参数设置 (市局管理员): every module's dated parameters in one place — value in force, future values, history. */
export default function SettingsPage() {
  const { can } = useAuth();
  const today = dayjs().format('YYYY-MM-DD');
  const policy = usePolicyParameters(can('policy.params.write'));
  const assistance = useAssistanceSettings(can('assistance.configure'));
  const monitoring = useRuleParameters(can('monitoring.configure'));
  const eldercare = useEldercareSettingRows(can('eldercare.configure'));
  const [editing, setEditing] = useState<SettingRow | null>(null);
  const [viewing, setViewing] = useState<SettingRow | null>(null);
  const [search, setSearch] = useSearchParams();

  const data: Record<SettingModule, { rows: SettingRow[]; loading: boolean; error: unknown }> = {
    policy: { rows: policy.data ? policyRows(policy.data.parameters, today) : [], loading: policy.isLoading, error: policy.error },
    assistance: { rows: assistance.data ? assistanceRows(assistance.data, today) : [], loading: assistance.isLoading, error: assistance.error },
    monitoring: { rows: monitoring.data ? monitoringRows(monitoring.data, today) : [], loading: monitoring.isLoading, error: monitoring.error },
    eldercare: { rows: eldercare.data ? eldercareRows(eldercare.data, today) : [], loading: eldercare.isLoading, error: eldercare.error },
  };
  const visible = MODULES.filter((m) => can(m.permission));
  const unverified = visible.reduce((n, m) => n + data[m.key].rows.filter((r) => r.current && !r.current.verified).length, 0);

  function exportAll() {
    const columns = ['参数', '现行值', '生效日期', '核实', '来源或依据', '已排定的新值'];
    void downloadExcel(
      `参数设置-${today}.xlsx`,
      visible.map((m) => ({
        name: m.title,
        columns,
        rows: data[m.key].rows.map((r) => [
          r.label,
          r.current ? formatValue(r, r.current.value) : '',
          r.current?.from ?? '初始配置',
          r.current?.verified ? '已核实' : '参数待核实',
          r.current?.note ?? '',
          r.upcoming.map((v) => `自 ${v.from} 起：${formatValue(r, v.value)}`).join('；'),
        ]),
      })),
    );
  }

  return (
    <Card
      title="参数设置"
      extra={
        <Button icon={<DownloadOutlined />} onClick={exportAll} data-testid="export-settings">
          导出 Excel
        </Button>
      }
    >
      {unverified > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={`有 ${unverified} 项参数待核实`}
          description="这些是未见正式文件的配置值。核实后请设定新值并勾选“已按正式文件核实”；每次设定都记入审计日志，原值保留在取值历史中。"
        />
      )}
      <Tabs
        activeKey={visible.some((m) => m.key === search.get('tab')) ? (search.get('tab') as string) : visible[0]?.key}
        onChange={(tab) => setSearch({ tab }, { replace: true })}
        items={visible.map((m) => ({
          key: m.key,
          label: m.title,
          children: (
            <>
              <Typography.Paragraph type="secondary">{m.hint}</Typography.Paragraph>
              <SettingsTable {...data[m.key]} onEdit={setEditing} onHistory={setViewing} testId={`settings-${m.key}`} />
            </>
          ),
        }))}
      />
      <SettingEditDialog row={editing} today={today} onClose={() => setEditing(null)} />
      <SettingHistoryDrawer row={viewing} onClose={() => setViewing(null)} />
    </Card>
  );
}
