import { App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Progress, Row, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useImportSocialWorkers, useSocialorgFigures, type SocialWorkerFigure } from '../../api/socialorg.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ChartCard } from '../../charts/ChartCard.js';
import { barOption } from '../../charts/options.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { PageLoading } from '../../components/PageLoading.js';
import { districtLabel, orgTypeLabels } from '../../format/socialorg-labels.js';

/** 社会组织统计: organisations by type and district, new and ended by year, the inspection rates, lists, charities. */
export default function FiguresPage() {
  const [year, setYear] = useState(new Date().getFullYear() - 1);
  const figures = useSocialorgFigures(year);
  if (figures.isLoading) return <PageLoading />;
  if (figures.error || !figures.data) return <ApiErrorNotice error={figures.error} />;
  const f = figures.data;
  const districts = [...new Set(f.active.map((a) => a.districtCode))].sort();
  const types = ['social_group', 'social_service', 'foundation'];
  const byDistrict = types.map((t) => ({ name: orgTypeLabels[t], data: districts.map((d) => f.active.filter((a) => a.districtCode === d && a.orgType === t).reduce((n, a) => n + a.count, 0)) }));
  const total = f.active.reduce((n, a) => n + a.count, 0);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="社会组织概况"
        extra={
          <Space>
            年检年度 <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} />
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title="在册社会组织" value={total} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title={`${year} 年度参检率`} value={f.inspection.participationPercent} suffix="%" />
          </Col>
          <Col span={4}>
            <Statistic title="合格率（含基本合格）" value={f.inspection.passPercent} suffix="%" />
          </Col>
          <Col span={4}>
            <Statistic title="慈善组织" value={f.charities} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title="具有公开募捐资格" value={f.fundraisers} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title="名录在册" value={f.lists.map((l) => `${l.list === 'abnormal' ? '异常' : '失信'} ${l.open}`).join(' / ') || '0'} />
          </Col>
        </Row>
      </Card>
      <Card title={`评估、慈善与社会工作（截至 ${f.grading.asOf}）`}>
        <Row gutter={16}>
          <Col span={4}>
            <Statistic title="有效评估等级" value={f.grading.graded} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title={`评估率（目标 ${f.grading.targetPercent}%）`} value={f.grading.evaluationRatePercent} suffix="%" />
          </Col>
          <Col span={4}>
            <Statistic title="3A 以上占比" value={f.grading.threeAPlusPercent} suffix="%" />
          </Col>
          <Col span={4}>
            <Statistic title="5A 级" value={f.grading.fiveA} suffix="家" />
          </Col>
          <Col span={4}>
            <Statistic title="慈善信托备案" value={f.trusts.filed} suffix="单" />
          </Col>
          <Col span={4}>
            <Statistic title={`${year} 年度支出不达标`} value={f.spending.breaches} suffix={`/ ${f.spending.checked} 家`} />
          </Col>
        </Row>
        {f.spending.breachedNames.length ? <Typography.Paragraph type="secondary">年度支出或管理费用不达标：{f.spending.breachedNames.join('、')}</Typography.Paragraph> : null}
      </Card>
      <SocialWorkersCard figures={f.socialWorkers} />
      <ChartCard
        title="各区在册社会组织（按类型）"
        testId="socialorg-district-chart"
        option={barOption(districts.map(districtLabel), byDistrict, '家')}
        sheet={{ name: '各区在册社会组织', columns: ['区', ...types.map((t) => orgTypeLabels[t])], rows: districts.map((d, i) => [districtLabel(d), ...byDistrict.map((s) => s.data[i])]) }}
        empty={districts.length === 0}
      />
      <ChartCard
        title="历年成立与注销"
        option={barOption(
          f.byYear.map((y) => String(y.year)),
          [
            { name: '成立', data: f.byYear.map((y) => y.established) },
            { name: '注销、撤销', data: f.byYear.map((y) => y.ended) },
          ],
          '家',
        )}
        sheet={{ name: '历年成立与注销', columns: ['年度', '成立', '注销、撤销'], rows: f.byYear.map((y) => [y.year, y.established, y.ended]) }}
        empty={f.byYear.length === 0}
      />
    </Space>
  );
}

/** 持证社会工作者: the latest imported figure against the plan's target, the series, and the city bureau's import. */
function SocialWorkersCard({ figures }: { figures: { latest: SocialWorkerFigure | null; targetPeople: number; targetSource: string; progressPercent: number | null; series: SocialWorkerFigure[] } }) {
  const { can } = useAuth();
  const { message } = App.useApp();
  const upload = useImportSocialWorkers();
  const [form] = Form.useForm<SocialWorkerFigure>();
  const latest = figures.latest;
  return (
    <Card title="持证社会工作者" data-testid="social-workers">
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={latest ? `截至 ${latest.asOf}` : '尚未导入'} value={latest ? latest.certified : '—'} suffix={latest ? '人' : undefined} />
        </Col>
        <Col span={6}>
          <Statistic title="其中高级社会工作师" value={latest?.senior ?? '—'} suffix={latest?.senior !== null && latest ? '人' : undefined} />
        </Col>
        <Col span={12}>
          <Typography.Text>规划目标 ≥{figures.targetPeople.toLocaleString('zh-CN')} 人</Typography.Text>
          <Progress percent={Math.min(100, figures.progressPercent ?? 0)} format={() => (figures.progressPercent === null ? '—' : `${figures.progressPercent}%`)} />
          <Typography.Text type="secondary">{figures.targetSource}</Typography.Text>
        </Col>
      </Row>
      <Table<SocialWorkerFigure>
        rowKey="asOf"
        size="small"
        style={{ marginTop: 12 }}
        pagination={false}
        dataSource={[...figures.series].reverse()}
        locale={{ emptyText: '尚未导入持证社会工作者人数' }}
        columns={[
          { title: '截至日期', dataIndex: 'asOf' },
          { title: '持证社会工作者（人）', dataIndex: 'certified', align: 'right' },
          { title: '其中高级社会工作师（人）', dataIndex: 'senior', align: 'right', render: (n: number | null) => n ?? '' },
          { title: '来源', dataIndex: 'source' },
          { title: '已核实', dataIndex: 'verified', render: (v: boolean) => (v ? '是' : '否') },
        ]}
      />
      {can('socialorg.configure') ? (
        <>
          <Typography.Paragraph style={{ marginTop: 12 }}>按截至日期导入全市人数并注明来源；同一日期再次导入即为更正，不会重复计数。</Typography.Paragraph>
          {upload.error ? <ApiErrorNotice error={upload.error} inline /> : null}
          <Form<SocialWorkerFigure>
            form={form}
            layout="inline"
            initialValues={{ verified: false }}
            onFinish={async (values) => {
              await upload.mutateAsync([{ ...values, senior: values.senior ?? null }]);
              void message.success(`已导入截至 ${values.asOf} 的人数`);
              form.resetFields();
            }}
          >
            <Form.Item name="asOf" label="截至日期" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: '格式如 2024-12-31' }]}>
              <Input style={{ width: 130 }} placeholder="2024-12-31" data-testid="sw-as-of" />
            </Form.Item>
            <Form.Item name="certified" label="持证人数" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={0} precision={0} data-testid="sw-certified" />
            </Form.Item>
            <Form.Item name="senior" label="其中高级">
              <InputNumber min={0} precision={0} />
            </Form.Item>
            <Form.Item name="source" label="来源" rules={[{ required: true, message: '须注明来源' }]}>
              <Input style={{ width: 260 }} data-testid="sw-source" />
            </Form.Item>
            <Form.Item name="verified" valuePropName="checked">
              <Checkbox>已核实</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={upload.isPending} data-testid="sw-import">
              导入
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}
