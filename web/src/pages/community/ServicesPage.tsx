import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import { type CaseReceipt, type NamedFigures, useImportCases, useRecordCase, useServiceFigures, useServiceItems, useServicePoints } from '../../api/community-services.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';

const CHANNELS = [
  { value: 'window', label: '窗口' },
  { value: 'online', label: '网上' },
  { value: 'terminal', label: '自助终端' },
  { value: 'virtual', label: '远程虚拟窗口' },
];
const RATINGS = [
  { value: 5, label: '非常满意' },
  { value: 4, label: '满意' },
  { value: 3, label: '基本满意' },
  { value: 2, label: '不满意' },
  { value: 1, label: '非常不满意' },
];
const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
const days = (v: number | null) => (v === null ? '—' : `${v} 个工作日`);

function ImportDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ batchId: string; content: string }>();
  const importCases = useImportCases();
  const [result, setResult] = useState<CaseReceipt | null>(null);
  async function submit() {
    const v = await form.validateFields();
    const content = v.content.trim();
    setResult(await importCases.mutateAsync({ batchId: v.batchId.trim(), format: content.startsWith('{') ? 'ndjson' : 'csv', content }));
  }
  return (
    <Modal open width={760} title="导入一网通办办件" onCancel={onClose} onOk={() => void submit()} okText="核对并导入" confirmLoading={importCases.isPending} okButtonProps={{ 'data-testid': 'cases-import-save' }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="首行为表头：办件编号,事项编码,受理点编码,渠道,受理日期,办结日期,评价（未办结的办结日期留空）。逐行核对事项目录、受理点（须在本辖区、当日启用）、渠道、日期（不晚于今天，办结不早于受理）；有错误的行列出行号，其余照常导入。同一批次号重复发送不重复入库；已收到过的办件编号跳过。用时按工作日（含调休上班日）计算。"
      />
      <Form form={form} layout="vertical" initialValues={{ batchId: `${dayjs().format('YYYYMMDD')}-1` }}>
        <Form.Item name="batchId" label="批次号" rules={[{ required: true, message: '请填写批次号' }]}>
          <Input maxLength={100} data-testid="cases-import-batch" />
        </Form.Item>
        <Form.Item name="content" label="办件数据（CSV）" rules={[{ required: true, message: '请粘贴办件数据' }]}>
          <Input.TextArea rows={6} placeholder={'办件编号,事项编码,受理点编码,渠道,受理日期,办结日期,评价'} data-testid="cases-import-text" />
        </Form.Item>
      </Form>
      {importCases.error ? <ApiErrorNotice error={importCases.error} /> : null}
      {result ? (
        <div data-testid="cases-import-result">
          <Typography.Paragraph>
            {result.alreadyReceived ? '该批次此前已收到，以下为首次导入结果。' : null}共 {result.rows} 行：入库 {result.accepted}，已收到过跳过 {result.duplicates}，错误 {result.rejected}。
          </Typography.Paragraph>
          {result.errors.length > 0 ? (
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.field}`}
              pagination={{ pageSize: 8 }}
              dataSource={result.errors}
              columns={[
                { title: '行号', dataIndex: 'row' },
                { title: '字段', dataIndex: 'field' },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}

interface KeyForm {
  caseNo: string;
  itemCode: string;
  pointCode: string;
  channel: string;
  receivedOn: Dayjs;
  finishedOn?: Dayjs | null;
  rating?: number;
}

function KeyDialog({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<KeyForm>();
  const record = useRecordCase();
  const items = useServiceItems();
  const points = useServicePoints();
  async function submit() {
    const v = await form.validateFields();
    try {
      await record.mutateAsync({
        caseNo: v.caseNo.trim(),
        itemCode: v.itemCode,
        pointCode: v.pointCode,
        channel: v.channel,
        receivedOn: v.receivedOn.format('YYYY-MM-DD'),
        finishedOn: v.finishedOn ? v.finishedOn.format('YYYY-MM-DD') : null,
        rating: v.rating ?? null,
      });
      void message.success('办件已登记');
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '登记失败，请稍后重试');
    }
  }
  return (
    <Modal open width={640} title="窗口登记办件" onCancel={onClose} onOk={() => void submit()} okText="登记" confirmLoading={record.isPending} okButtonProps={{ 'data-testid': 'case-key-save' }}>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title="受理点须在您的辖区内；办理渠道须为该事项开通的渠道；受理、办结日期不晚于今天。办结后按工作日计算用时并与承诺时限比较。" />
      <Form form={form} layout="vertical" initialValues={{ channel: 'window', receivedOn: dayjs() }}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="caseNo" label="办件编号" rules={[{ required: true, message: '请填写办件编号' }]}>
              <Input maxLength={40} data-testid="case-key-no" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="channel" label="渠道" rules={[{ required: true }]}>
              <Select options={CHANNELS} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="itemCode" label="事项" rules={[{ required: true, message: '请选择事项' }]}>
          <Select showSearch optionFilterProp="label" options={(items.data?.items ?? []).map((i) => ({ value: i.code, label: i.name }))} data-testid="case-key-item" />
        </Form.Item>
        <Form.Item name="pointCode" label="受理点" rules={[{ required: true, message: '请选择受理点' }]}>
          <Select showSearch optionFilterProp="label" options={(points.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.name}（${p.streetName}）` }))} data-testid="case-key-point" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="receivedOn" label="受理日期" rules={[{ required: true }]}>
              <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="finishedOn" label="办结日期（未办结不填）">
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="rating" label="评价">
              <Select allowClear options={RATINGS} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

const figureColumns = (first: string, withLimit = false) => [
  { title: first, dataIndex: 'name' },
  ...(withLimit ? [{ title: '承诺时限', render: (_: unknown, r: NamedFigures) => days(r.limitDays ?? null) }] : []),
  { title: '办结件数', dataIndex: 'volume' },
  { title: '用时中位数', render: (_: unknown, r: NamedFigures) => days(r.medianDays) },
  { title: '用时P90', render: (_: unknown, r: NamedFigures) => days(r.p90Days) },
  { title: '时限内办结率', render: (_: unknown, r: NamedFigures) => pct(r.withinLimitPercent) },
  { title: '差评件数', dataIndex: 'bad' },
  { title: '好评率', render: (_: unknown, r: NamedFigures) => pct(r.goodPercent) },
];

/** 社区事务受理: processing times per item, point and district; the catalogue; the points; 办件 import and keying. */
export default function ServicesPage() {
  const me = useMe();
  const { can } = useAuth();
  const [division, setDivision] = useState<string | undefined>(undefined);
  const [month, setMonth] = useState(dayjs().subtract(1, 'month'));
  const [dialog, setDialog] = useState<'import' | 'key' | null>(null);
  const m = month.format('YYYY-MM');
  const figures = useServiceFigures(m, division);
  const items = useServiceItems();
  const points = useServicePoints(division);
  const f = figures.data;
  const canImport = can('community.services.manage');
  const canKey = can('community.services.record');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row justify="space-between" align="middle">
        <Col>
          <Typography.Title level={3} style={{ margin: 0 }}>
            社区事务受理
          </Typography.Title>
          <Typography.Text type="secondary">受理中心、分中心、自助终端与远程虚拟窗口的办件时效：按事项、受理点和区统计用时、时限内办结率与好差评。</Typography.Text>
        </Col>
        <Col>
          <Space wrap>
            <DivisionPicker root={me.jurisdiction} value={division} onChange={setDivision} testId="services-division" />
            <DatePicker picker="month" allowClear={false} value={month} onChange={(d) => d && setMonth(d)} disabledDate={(d) => d.isAfter(dayjs(), 'month')} data-testid="services-month" />
            <LedgerExportButton path="/community/service-cases/figures/export" query={{ month: m, division }} title="社区事务受理办件时效统计" personal={false} />
            <Button onClick={() => setDialog('key')} disabled={!canKey} title={canKey ? undefined : '由街镇、区工作人员在窗口登记'} data-testid="services-key">
              窗口登记办件
            </Button>
            <Button type="primary" onClick={() => setDialog('import')} disabled={!canImport} title={canImport ? undefined : '由市、区民政局导入'} data-testid="services-import">
              导入办件
            </Button>
          </Space>
        </Col>
      </Row>
      {f ? <Alert type="info" showIcon title={`统计口径：${f.rule}`} /> : null}
      {figures.error ? <ApiErrorNotice error={figures.error} /> : null}
      {f ? (
        <Card size="small" title={`${f.month} 办结办件`} data-testid="services-total">
          <Row gutter={24}>
            <Col>
              <Statistic title="办结件数" value={f.total.volume} suffix="件" />
            </Col>
            <Col>
              <Statistic title="用时中位数" value={f.total.medianDays ?? '—'} suffix={f.total.medianDays === null ? undefined : '个工作日'} />
            </Col>
            <Col>
              <Statistic title="用时P90" value={f.total.p90Days ?? '—'} suffix={f.total.p90Days === null ? undefined : '个工作日'} />
            </Col>
            <Col>
              <Statistic title="时限内办结率" value={pct(f.total.withinLimitPercent)} />
            </Col>
            <Col>
              <Statistic title="好评率" value={pct(f.total.goodPercent)} />
            </Col>
            <Col>
              <Statistic title="差评" value={f.total.bad} suffix="件" />
            </Col>
          </Row>
        </Card>
      ) : null}
      <Card size="small">
        <Tabs
          items={[
            { key: 'item', label: '按事项', children: <Table size="small" rowKey="code" dataSource={f?.byItem ?? []} columns={figureColumns('事项', true)} pagination={{ pageSize: 10 }} data-testid="services-by-item" /> },
            { key: 'point', label: '按受理点', children: <Table size="small" rowKey="code" dataSource={f?.byPoint ?? []} columns={figureColumns('受理点')} pagination={{ pageSize: 10 }} data-testid="services-by-point" /> },
            { key: 'district', label: '按区', children: <Table size="small" rowKey="code" dataSource={f?.byDistrict ?? []} columns={figureColumns('区')} pagination={false} data-testid="services-by-district" /> },
          ]}
        />
      </Card>
      <Card size="small" title="受理事项目录">
        {items.error ? <ApiErrorNotice error={items.error} /> : null}
        <Table
          size="small"
          rowKey="code"
          loading={items.isLoading}
          dataSource={items.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          data-testid="services-catalogue"
          columns={[
            { title: '事项编码', dataIndex: 'code' },
            { title: '事项名称', dataIndex: 'name' },
            { title: '实施部门', dataIndex: 'department' },
            { title: '办理渠道', render: (_, i) => i.channelNames.join('、') },
            { title: '全市通办', render: (_, i) => (i.citywide ? <Tag color="green">全市通办</Tag> : '—') },
            { title: '两个免于提交', render: (_, i) => (i.exemptSubmission ? <Tag color="blue">免于提交</Tag> : '—') },
            { title: '承诺时限', render: (_, i) => days(i.limitDays) },
            { title: '依据', dataIndex: 'source' },
          ]}
        />
      </Card>
      <Card size="small" title="受理点">
        {points.error ? <ApiErrorNotice error={points.error} /> : null}
        <Table
          size="small"
          rowKey="code"
          loading={points.isLoading}
          dataSource={points.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          data-testid="services-points"
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '类型', render: (_, p) => <Tag>{p.kindName}</Tag> },
            { title: '所在街镇', dataIndex: 'streetName' },
            { title: '编码', dataIndex: 'code' },
            { title: '启用日期', dataIndex: 'openedOn' },
          ]}
        />
      </Card>
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'key' ? <KeyDialog onClose={() => setDialog(null)} /> : null}
    </Space>
  );
}
