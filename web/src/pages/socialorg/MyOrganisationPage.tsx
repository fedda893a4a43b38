import { App, Button, Card, Descriptions, Form, InputNumber, Result, Space, Table, Typography } from 'antd';
import { isApiError } from '../../api/client.js';
import { useFileReport, useMyOrganisation } from '../../api/socialorg.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PageLoading } from '../../components/PageLoading.js';
import { formatFen } from '../../format/money.js';
import { conclusionLabels, orgTypeLabels, statusLabels } from '../../format/socialorg-labels.js';

interface Values {
  year: number;
  income: number;
  expenditure: number;
  netAssets: number;
  charitable?: number;
  management?: number;
}

/** 本组织: an organisation's staff see its registration and file its annual report (年度工作报告). */
export default function MyOrganisationPage() {
  const { message } = App.useApp();
  const mine = useMyOrganisation();
  const file = useFileReport();
  if (mine.isLoading) return <PageLoading />;
  // Staff of an institution that is not a registered social organisation (e.g. a care home's company): nothing to file.
  if (isApiError(mine.error) && mine.error.code === 'SOCIALORG_NOT_YOUR_ORGANISATION')
    return <Result status="info" title="您所在的机构不是在册的社会组织" subTitle="年度工作报告由在民政部门登记的社会团体、社会服务机构和基金会报送；如机构已登记，请联系登记管理机关核对账号所属机构。" />;
  if (mine.error || !mine.data) return <ApiErrorNotice error={mine.error} />;
  const { organisation: o, reports, entries } = mine.data;
  const lastYear = new Date().getFullYear() - 1;
  const filed = reports.some((r) => r.year === lastYear);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={o.name}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="统一社会信用代码">{o.creditCode}</Descriptions.Item>
          <Descriptions.Item label="类型">{orgTypeLabels[o.orgType]}</Descriptions.Item>
          <Descriptions.Item label="状态">{statusLabels[o.status]}</Descriptions.Item>
        </Descriptions>
        {entries.some((e) => !e.removedOn) ? (
          <Typography.Text type="danger">
            本组织在{' '}
            {entries
              .filter((e) => !e.removedOn)
              .map((e) => e.listName)
              .join('、')}{' '}
            中，补报或整改后可申请移出。
          </Typography.Text>
        ) : null}
      </Card>
      <Card title="报送年度工作报告">
        <Typography.Paragraph type="secondary">上一年度6月30日前登记的社会组织须报送年度工作报告：社会团体、社会服务机构于5月31日前，基金会于3月31日前（双重管理的先经业务主管单位初审）。逾期未报的列入活动异常名录。</Typography.Paragraph>
        <Form<Values>
          layout="inline"
          initialValues={{ year: lastYear }}
          onFinish={async (v) => {
            const r = await file.mutateAsync({
              year: v.year,
              incomeFen: Math.round(v.income * 100),
              expenditureFen: Math.round(v.expenditure * 100),
              netAssetsFen: Math.round(v.netAssets * 100),
              charitableSpendingFen: Math.round((v.charitable ?? 0) * 100),
              managementCostFen: Math.round((v.management ?? 0) * 100),
            });
            void message.success(`${r.year} 年度工作报告已报送${r.late ? `（已逾期，截止日为 ${r.deadline}）` : ''}`);
          }}
        >
          <Form.Item name="year" label="年度" rules={[{ required: true }]}>
            <InputNumber min={2000} max={lastYear} />
          </Form.Item>
          <Form.Item name="income" label="收入（元）" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={0} precision={2} data-testid="report-income" />
          </Form.Item>
          <Form.Item name="expenditure" label="支出（元）" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber min={0} precision={2} data-testid="report-expenditure" />
          </Form.Item>
          <Form.Item name="netAssets" label="净资产（元）" rules={[{ required: true, message: '请填写' }]}>
            <InputNumber precision={2} data-testid="report-net-assets" />
          </Form.Item>
          {o.charitySince ? (
            <>
              <Form.Item name="charitable" label="慈善活动支出（元）">
                <InputNumber min={0} precision={2} />
              </Form.Item>
              <Form.Item name="management" label="管理费用（元）">
                <InputNumber min={0} precision={2} />
              </Form.Item>
            </>
          ) : null}
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={file.isPending} disabled={filed} title={filed ? `${lastYear} 年度报告已报送` : undefined} data-testid="report-file">
              报送
            </Button>
          </Form.Item>
        </Form>
        {file.error ? <ApiErrorNotice error={file.error} inline /> : null}
      </Card>
      <Card title="历年报告">
        <Table
          rowKey="year"
          size="small"
          pagination={false}
          dataSource={reports}
          columns={[
            { title: '年度', dataIndex: 'year' },
            { title: '报送日期', dataIndex: 'filedOn' },
            { title: '收入', dataIndex: 'incomeFen', render: (f: number) => formatFen(f) },
            { title: '支出', dataIndex: 'expenditureFen', render: (f: number) => formatFen(f) },
            { title: '结论', dataIndex: 'conclusion', render: (c: string | null) => (c ? conclusionLabels[c] : '待审') },
          ]}
        />
      </Card>
    </Space>
  );
}
