import { App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { usePlans, usePublishTrust, useTrusts, type Plan, type Trust } from '../../api/socialorg-supervision.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen } from '../../format/money.js';

/** 慈善: 募捐方案 filings with their disclosure clocks, 慈善信托备案 with its publication clock. */
export default function CharityPage() {
  const { can } = useAuth();
  const { message } = App.useApp();
  const plans = usePlans();
  const trusts = useTrusts();
  const publish = usePublishTrust();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title="募捐方案备案">
        <Typography.Paragraph type="secondary">具有公开募捐资格的慈善组织在募捐开始10日前备案募捐方案，网络募捐须在民政部指定平台发布；募捐期超过6个月的每3个月公开一次，结束后3个月内全面公开。</Typography.Paragraph>
        {plans.error ? <ApiErrorNotice error={plans.error} inline /> : null}
        <Table<Plan>
          rowKey="id"
          size="middle"
          loading={plans.isFetching}
          dataSource={plans.data}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }}
          locale={{ emptyText: '没有募捐方案备案' }}
          data-testid="plans-table"
          columns={[
            { title: '慈善组织', dataIndex: 'organisationName', render: (n: string, p) => <Link to={`/socialorg/organisations/${p.organisationId}`}>{n}</Link> },
            { title: '募捐方案', dataIndex: 'title' },
            { title: '平台', dataIndex: 'platform', render: (p: string | null) => p ?? '线下募捐' },
            { title: '目标（元）', dataIndex: 'targetFen', align: 'right', render: (f: number) => formatFen(f) },
            { title: '募捐期间', key: 'period', render: (_: unknown, p) => `${p.startsOn} 至 ${p.endsOn}` },
            { title: '备案日期', dataIndex: 'filedOn' },
            {
              title: '下次信息公开',
              key: 'next',
              render: (_: unknown, p) =>
                p.nextDisclosure ? (
                  <Tag color={p.nextDisclosure.overdue ? 'red' : 'blue'}>
                    {p.nextDisclosure.final ? '全面公开' : '期间公开'} {p.nextDisclosure.due} 前{p.nextDisclosure.overdue ? '（已逾期）' : ''}
                  </Tag>
                ) : (
                  '已全面公开'
                ),
            },
          ]}
        />
      </Card>
      <Card title="慈善信托备案">
        <Typography.Paragraph type="secondary">受托人自信托文件签订之日起7日内备案；民政部门自备案之日起20个工作日内公开备案信息。</Typography.Paragraph>
        {trusts.error ? <ApiErrorNotice error={trusts.error} inline /> : null}
        {publish.error ? <ApiErrorNotice error={publish.error} inline /> : null}
        <Table<Trust>
          rowKey="id"
          size="middle"
          loading={trusts.isFetching}
          dataSource={trusts.data}
          pagination={{ pageSize: 20, showTotal: (t) => `共 ${t} 条` }}
          locale={{ emptyText: '没有慈善信托备案' }}
          data-testid="trusts-table"
          columns={[
            { title: '信托名称', dataIndex: 'name' },
            { title: '受托人', dataIndex: 'trusteeName' },
            { title: '信托财产（元）', dataIndex: 'propertyFen', align: 'right', render: (f: number) => formatFen(f) },
            { title: '签订日期', dataIndex: 'signedOn' },
            {
              title: '备案日期',
              key: 'filed',
              render: (_: unknown, t) =>
                t.filedLateDays ? (
                  <Space>
                    {t.filedOn}
                    <Tag color="orange">逾期 {t.filedLateDays} 日备案</Tag>
                  </Space>
                ) : (
                  t.filedOn
                ),
            },
            {
              title: '信息公开',
              key: 'publish',
              render: (_: unknown, t) =>
                t.publishedOn ? (
                  `${t.publishedOn} 已公开`
                ) : (
                  <Space>
                    <Tag color={t.publishOverdue ? 'red' : 'blue'}>应于 {t.publishDue} 前公开</Tag>
                    {can('socialorg.supervise') ? (
                      <Popconfirm title="今天公开该信托的备案信息？" okText="公开" cancelText="取消" onConfirm={async () => void message.success(`已公开：${(await publish.mutateAsync(t.id)).name}`)}>
                        <Button size="small">公开</Button>
                      </Popconfirm>
                    ) : null}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
