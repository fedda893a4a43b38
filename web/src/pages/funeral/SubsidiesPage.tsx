import { Button, Card, DatePicker, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useBankFile, useSubsidies } from '../../api/funeral.js';
import type { Subsidy } from '../../api/funeral-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { subsidyKindLabels } from '../../format/funeral-labels.js';
import { label } from '../../format/labels.js';
import { formatFen } from '../../format/money.js';

const columns: TableColumnsType<Subsidy> = [
  { title: '逝者', dataIndex: 'deceasedName', render: (n: string, s) => <Link to={`/funeral/deaths/${s.deathId}`}>{n}</Link> },
  { title: '补贴', dataIndex: 'kind', render: (k: string) => label(subsidyKindLabels, k) },
  { title: '金额', dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
  { title: '依据', dataIndex: 'grounds' },
  { title: '承办人', dataIndex: 'organiserName' },
  { title: '银行卡', dataIndex: 'bankAccountMasked' },
  { title: '发放日', dataIndex: 'payableOn' },
  { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'paid' ? <Tag color="green">已发放</Tag> : <Tag color="blue">待发放</Tag>) },
];

/** 殡葬补贴台账 and the bank file of the subsidies due. */
export default function SubsidiesPage() {
  const { can } = useAuth();
  const subsidies = useSubsidies();
  const bank = useBankFile();
  const [dueBy, setDueBy] = useState<Dayjs>(dayjs());
  async function download() {
    const file = await bank.mutateAsync(dueBy.format('YYYY-MM-DD'));
    const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `殡葬补贴发放-${dueBy.format('YYYY-MM-DD')}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Card
      title="殡葬补贴"
      extra={
        can('funeral.pay') ? (
          <Space>
            <Typography.Text type="secondary">到期日</Typography.Text>
            <DatePicker value={dueBy} onChange={(d) => d && setDueBy(d)} allowClear={false} />
            <Button onClick={() => void download().catch(() => undefined)} loading={bank.isPending}>
              生成打卡发放文件
            </Button>
          </Space>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">基本殡葬服务补贴按实结算最高 980 元；海葬补贴 4,600 元（仪式后 60 个工作日打卡发放）；每位逝者每类补贴一次。发放文件只含到期未发的补贴，生成后标记为已发放。</Typography.Paragraph>
      <ApiErrorNotice error={subsidies.error ?? bank.error} />
      <Table<Subsidy> rowKey="id" columns={columns} dataSource={subsidies.data?.items ?? []} loading={subsidies.isLoading} data-testid="subsidy-ledger" />
    </Card>
  );
}
