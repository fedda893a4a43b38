import { DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Layout, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { apiUrl } from '../../api/client.js';
import { SOCIALORG_PAGE_SIZE, usePublicBulk, usePublicSearch, type PublicFilter } from '../../api/socialorg.js';
import type { PublicOrganisation } from '../../api/socialorg-types.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { orgTypeLabels, SHANGHAI_DISTRICT_OPTIONS } from '../../format/socialorg-labels.js';

/** 社会组织信息公开查询 (no login): search, a page per organisation, and the result as CSV. */
export default function PublicSocialorgPage() {
  const [params, setParams] = useSearchParams();
  const filter: PublicFilter = {
    q: params.get('q') ?? undefined,
    orgType: params.get('orgType') ?? undefined,
    districtCode: params.get('districtCode') ?? undefined,
    list: params.get('list') ?? undefined,
    charity: params.get('charity') === '1' ? true : undefined,
    grade: params.get('grade') ? Number(params.get('grade')) : undefined,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const result = usePublicSearch(filter, page);
  function update(v: { q?: string; orgType?: string; districtCode?: string; list?: string; charity?: string; grade?: number }) {
    const next = new URLSearchParams();
    for (const [k, value] of Object.entries(v)) if (value) next.set(k, String(value).trim());
    setParams(next);
  }
  return (
    <Layout style={{ minHeight: '100vh', padding: 24 }}>
      <Typography.Title level={3}>上海市社会组织信息公开查询</Typography.Title>
      <Typography.Paragraph type="secondary">由市、区民政局（社会组织登记管理机关）公布：登记事项、年度检查、财务概况、等级与信用名录。已注销、撤销的组织保留其终止日期与原因。</Typography.Paragraph>
      <Card>
        <Form layout="inline" style={{ marginBottom: 16, rowGap: 8 }} initialValues={{ ...filter, charity: filter.charity ? '1' : undefined }} onFinish={update}>
          <Form.Item name="q" label="名称">
            <Input allowClear maxLength={50} style={{ width: 220 }} placeholder="名称中的字词" data-testid="public-q" />
          </Form.Item>
          <Form.Item name="orgType" label="类型">
            <Select allowClear placeholder="全部" style={{ width: 140 }} options={Object.entries(orgTypeLabels).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="districtCode" label="所在区">
            <Select allowClear placeholder="全部" style={{ width: 120 }} options={SHANGHAI_DISTRICT_OPTIONS} />
          </Form.Item>
          <Form.Item name="list" label="信用名录">
            <Select
              allowClear
              placeholder="不限"
              style={{ width: 160 }}
              options={[
                { value: 'abnormal', label: '活动异常名录' },
                { value: 'serious', label: '严重违法失信名单' },
              ]}
            />
          </Form.Item>
          <Form.Item name="grade" label="评估等级">
            <Select allowClear placeholder="不限" style={{ width: 100 }} options={[5, 4, 3, 2, 1].map((g) => ({ value: g, label: `${g}A` }))} data-testid="public-grade" />
          </Form.Item>
          <Form.Item name="charity" label="慈善组织">
            <Select allowClear placeholder="不限" style={{ width: 100 }} options={[{ value: '1', label: '是' }]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="public-search">
                查询
              </Button>
              <Button icon={<DownloadOutlined />} href={apiUrl('/public/socialorg/export.csv', { ...filter })} data-testid="public-csv">
                下载 CSV
              </Button>
            </Space>
          </Form.Item>
        </Form>
        {result.error ? <ApiErrorNotice error={result.error} inline /> : null}
        <Table<PublicOrganisation>
          rowKey="creditCode"
          size="middle"
          loading={result.isFetching}
          dataSource={result.data?.items}
          locale={{ emptyText: '没有符合条件的社会组织' }}
          data-testid="public-table"
          pagination={{
            current: page,
            pageSize: SOCIALORG_PAGE_SIZE,
            total: result.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (t) => <span data-testid="public-total">共 {t} 家</span>,
            onChange: (p) => setParams((prev) => ({ ...Object.fromEntries(prev), page: String(p) })),
          }}
          columns={[
            { title: '名称', dataIndex: 'name', render: (n: string, o) => <Link to={`/public/socialorg/${o.creditCode}`}>{n}</Link> },
            { title: '统一社会信用代码', dataIndex: 'creditCode' },
            { title: '类型', dataIndex: 'typeName' },
            { title: '所在区', dataIndex: 'districtName' },
            { title: '状态', dataIndex: 'statusName', render: (s: string, o) => (o.endedOn ? <Tag>{`${s}（${o.endedOn}）`}</Tag> : <Tag color="green">{s}</Tag>) },
            { title: '成立登记', dataIndex: 'registeredOn' },
            { title: '评估等级', dataIndex: 'grade', render: (g: string | null) => (g ? <Tag color="gold">{g}</Tag> : '') },
            { title: '慈善', key: 'c', render: (_: unknown, o) => (o.publicFundraising ? '慈善组织·公开募捐' : o.charity ? '慈善组织' : '') },
            {
              title: '信用名录',
              dataIndex: 'lists',
              render: (l: string[]) =>
                l.map((x) => (
                  <Tag key={x} color="red">
                    {x}
                  </Tag>
                )),
            },
          ]}
        />
      </Card>
      <BulkCard />
    </Layout>
  );
}

const FILE_NAMES: Record<string, string> = {
  'organisations.csv.gz': '全量（CSV）',
  'organisations.json.gz': '全量（JSON）',
  'changes.csv.gz': '当日变更（CSV）',
  'changes.json.gz': '当日变更（JSON）',
};

/** 每日批量下载: the latest day's files with row counts and checksums, the field description and the change record. */
function BulkCard() {
  const bulk = usePublicBulk();
  const m = bulk.data;
  return (
    <Card title="每日批量下载" style={{ marginTop: 16 }} data-testid="public-bulk">
      <Typography.Paragraph type="secondary">每日生成一次，内容与查询页面一致（登记事项、年度检查、财务概况、评估等级、信用名录、行政处罚），不含个人信息。文件为压缩格式；可用清单中的校验值核对下载是否完整。</Typography.Paragraph>
      {bulk.error ? <ApiErrorNotice error={bulk.error} inline /> : null}
      {m ? (
        <>
          <Typography.Paragraph>
            {m.day} 生成：共 {m.organisations} 家，较上次（{m.previousDay ?? '首次生成'}）有变化 {m.changed} 家。
            <a href={apiUrl(`/public/socialorg/bulk/${m.day}/manifest.json`)}>清单</a>　<a href={apiUrl('/public/socialorg/bulk/schema.json')}>字段说明</a>　<a href={apiUrl('/public/socialorg/bulk/changelog.json')}>格式变更记录</a>
          </Typography.Paragraph>
          <Table
            rowKey="name"
            size="small"
            pagination={false}
            dataSource={m.files}
            columns={[
              { title: '文件', dataIndex: 'name', render: (n: string, f) => <a href={apiUrl(f.url.replace(/^\/api\/v1/, ''))}>{FILE_NAMES[n] ?? n}</a> },
              { title: '行数', dataIndex: 'rows', align: 'right' },
              { title: '大小（字节）', dataIndex: 'bytes', align: 'right' },
              { title: '校验值', dataIndex: 'sha256', render: (h: string) => <Typography.Text code>{h}</Typography.Text> },
            ]}
          />
        </>
      ) : bulk.isLoading ? null : (
        <Typography.Paragraph>尚未生成批量文件。</Typography.Paragraph>
      )}
    </Card>
  );
}
