import { App, Button, Card, InputNumber, Popconfirm, Segmented, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAnnualRun, useCreditRun, useEntries, useRemoveEntry } from '../../api/socialorg.js';
import type { Entry } from '../../api/socialorg-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';

/** 信用名录: the 活动异常名录 and 严重违法失信名单 of the registrar's organisations, the runs, removal after verification. */
export default function ListsPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const [list, setList] = useState<'abnormal' | 'serious'>('abnormal');
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const entries = useEntries(list, true);
  const annual = useAnnualRun();
  const credit = useCreditRun();
  const remove = useRemoveEntry();
  return (
    <Card
      title="社会组织信用名录"
      extra={
        <Space>
          <LedgerExportButton path="/socialorg/list-entries/export" query={{ list, open: true }} title="社会组织信用名录台账" personal={false} />
        </Space>
      }
    >
      {can('socialorg.supervise') ? (
        <Space wrap style={{ marginBottom: 16 }}>
          <Typography.Text>年报年度</Typography.Text>
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} />
          <Tooltip title="各类型年报截止日次日起可执行：应报未报的列入活动异常名录（民政部令第60号）；重复执行不会重复列入">
            <Button
              loading={annual.isPending}
              onClick={async () => {
                const run = await annual.mutateAsync(year);
                void message.success(`已执行：新列入 ${run.types.reduce((n, t) => n + t.listed, 0)} 家（${run.types.map((t) => `${t.deadline}${t.due ? '' : ' 未到期'}`).join('，')}）`);
              }}
              data-testid="run-annual"
            >
              年报逾期列入
            </Button>
          </Tooltip>
          <Tooltip title="列入活动异常名录满2年的转入严重违法失信名单；无需整改的满6个月自动移出">
            <Button
              loading={credit.isPending}
              onClick={async () => {
                const run = await credit.mutateAsync();
                void message.success(`已执行：转入严重违法失信名单 ${run.escalated} 家，自动移出 ${run.autoRemoved} 条，公开募捐资格闲置列入异常名录 ${run.idle} 家`);
              }}
            >
              名录日常处理
            </Button>
          </Tooltip>
        </Space>
      ) : null}
      <Segmented
        value={list}
        onChange={(v) => setList(v as 'abnormal' | 'serious')}
        options={[
          { value: 'abnormal', label: '活动异常名录' },
          { value: 'serious', label: '严重违法失信名单' },
        ]}
        style={{ marginBottom: 16 }}
      />
      {entries.error ? <ApiErrorNotice error={entries.error} inline /> : null}
      {remove.error ? <ApiErrorNotice error={remove.error} inline /> : null}
      <Table<Entry>
        rowKey="id"
        size="middle"
        loading={entries.isFetching}
        dataSource={entries.data?.pages.flatMap((p) => p.items)}
        pagination={{ pageSize: 20, showTotal: (t) => (entries.hasNextPage ? `已载入 ${t} 条` : `共 ${t} 条`) }}
        locale={{ emptyText: '名录中没有在册的组织' }}
        data-testid="entries-table"
        columns={[
          { title: '社会组织', dataIndex: 'organisationName', render: (n: string, e) => <Link to={`/socialorg/organisations/${e.organisationId}`}>{n}</Link> },
          { title: '统一社会信用代码', dataIndex: 'creditCode' },
          { title: '事由', dataIndex: 'evidence' },
          { title: '依据', dataIndex: 'basis', ellipsis: true },
          { title: '列入日期', dataIndex: 'listedOn' },
          {
            title: '',
            key: 'remove',
            render: (_: unknown, e) =>
              can('socialorg.supervise') ? (
                <Popconfirm
                  title="核实已履行义务或已整改后移出？"
                  okText="移出"
                  cancelText="取消"
                  onConfirm={async () => {
                    const done = await remove.mutateAsync({ id: e.id, reason: '经核实已履行义务，申请移出' });
                    void message.success(`已移出（办理时限至 ${done.removalDue}）`);
                  }}
                >
                  <Button size="small">核实后移出</Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      {entries.hasNextPage ? (
        <Button loading={entries.isFetchingNextPage} onClick={() => void entries.fetchNextPage()} style={{ marginTop: 12 }}>
          载入更多
        </Button>
      ) : null}
    </Card>
  );
}
