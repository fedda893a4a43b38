import { Card, Descriptions, Layout, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { usePublicOrganisation } from '../../api/socialorg.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatFen } from '../../format/money.js';

/** One organisation in the public register: registration, events, inspections, finances, list entries. */
export default function PublicOrganisationPage() {
  const code = useParams().code ?? '';
  const detail = usePublicOrganisation(code);
  if (detail.isLoading) return <PageLoading />;
  return (
    <Layout style={{ minHeight: '100vh', padding: 24 }}>
      <Link to="/public/socialorg">← 返回查询</Link>
      {detail.error || !detail.data ? (
        <ApiErrorNotice error={detail.error} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%', marginTop: 12 }}>
          <Card
            title={<span data-testid="public-org-name">{detail.data.organisation.name}</span>}
            extra={detail.data.organisation.lists.map((l) => (
              <Tag key={l} color="red">
                {l}
              </Tag>
            ))}
          >
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="统一社会信用代码">{detail.data.organisation.creditCode}</Descriptions.Item>
              <Descriptions.Item label="类型">{detail.data.organisation.typeName}</Descriptions.Item>
              <Descriptions.Item label="登记层级">{detail.data.organisation.level}</Descriptions.Item>
              <Descriptions.Item label="所在区">{detail.data.organisation.districtName}</Descriptions.Item>
              <Descriptions.Item label="状态">{detail.data.organisation.statusName}</Descriptions.Item>
              <Descriptions.Item label="成立登记日期">{detail.data.organisation.registeredOn}</Descriptions.Item>
              {detail.data.organisation.endedOn ? <Descriptions.Item label="终止">{`${detail.data.organisation.endedOn}（${detail.data.organisation.endReason ?? ''}）`}</Descriptions.Item> : null}
              <Descriptions.Item label="慈善组织">{detail.data.organisation.charity ? '是' : '否'}</Descriptions.Item>
              <Descriptions.Item label="公开募捐资格">{detail.data.organisation.publicFundraising ? '有' : '无'}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title="登记事项">
            <Timeline items={detail.data.events.map((e) => ({ children: `${e.onDate} ${e.event}${e.detail ? `：${e.detail}` : ''}` }))} />
          </Card>
          <Card title="年度检查与财务概况">
            <Table
              rowKey="year"
              size="small"
              pagination={false}
              dataSource={detail.data.inspections.map((i) => ({ ...i, ...detail.data.finances.find((f) => f.year === i.year) }))}
              columns={[
                { title: '年度', dataIndex: 'year' },
                { title: '报送日期', dataIndex: 'filedOn' },
                { title: '结论', dataIndex: 'conclusion', render: (c: string | null) => c ?? '审核中' },
                { title: '收入', dataIndex: 'incomeFen', render: (f: number) => formatFen(f) },
                { title: '支出', dataIndex: 'expenditureFen', render: (f: number) => formatFen(f) },
                { title: '净资产', dataIndex: 'netAssetsFen', render: (f: number) => formatFen(f) },
              ]}
            />
          </Card>
          <Card title="评估等级">
            {detail.data.grades.length === 0 ? <Typography.Text type="secondary">未参加等级评估或评估结果公示中</Typography.Text> : null}
            {detail.data.grades.map((g) => (
              <Typography.Paragraph key={g.evaluatedOn}>
                {g.grade}（{g.evaluatedOn} 评定，有效期至 {g.validUntil}
                {g.expired ? '，已失效' : ''}）
              </Typography.Paragraph>
            ))}
          </Card>
          <Card title="信用名录">
            {detail.data.entries.length === 0 ? <Typography.Text type="secondary">未列入活动异常名录或严重违法失信名单</Typography.Text> : null}
            {detail.data.entries.map((e) => (
              <Typography.Paragraph key={`${e.list}${e.listedOn}`}>
                {e.listedOn} 列入{e.list}：{e.reason}（{e.basis}）{e.removedOn ? `，${e.removedOn} 移出` : ''}
              </Typography.Paragraph>
            ))}
          </Card>
          <Card title="行政处罚">
            <Table
              rowKey="decisionNo"
              size="small"
              pagination={false}
              dataSource={detail.data.penalties}
              locale={{ emptyText: '没有行政处罚记录' }}
              data-testid="public-org-penalties"
              columns={[
                { title: '决定日期', dataIndex: 'decidedOn' },
                { title: '作出部门', dataIndex: 'department' },
                { title: '处罚种类', dataIndex: 'kind' },
                { title: '罚没金额（元）', dataIndex: 'amountFen', align: 'right', render: (f: number) => (f ? formatFen(f) : '') },
                { title: '决定书文号', dataIndex: 'decisionNo' },
                { title: '执行情况', dataIndex: 'carriedOutOn', render: (d: string | null) => (d ? `${d} 执行完毕` : '未执行完毕') },
              ]}
            />
          </Card>
        </Space>
      )}
    </Layout>
  );
}
