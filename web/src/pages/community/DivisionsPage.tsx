import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import { type ImportOutcome, type OrderInput, useDivisionCounts, useDivisionOrders, useImportList, useIssueOrder } from '../../api/community-divisions.js';
import { useAuth, useMe } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { DivisionPicker } from '../../components/DivisionPicker.js';

const KINDS = [
  { value: 'establish', label: '设立（新设街道或居村委会）' },
  { value: 'split', label: '拆分（从一个居村委会分出新的居村委会）' },
  { value: 'merge', label: '合并（几个居村委会并入一个）' },
  { value: 'transfer', label: '调整隶属（居村委会划入另一街镇，启用新代码）' },
];

interface OrderForm {
  kind: OrderInput['kind'];
  approvalNumber: string;
  reason: string;
  effectiveOn: Dayjs;
  from?: string;
  sources?: string;
  targetCode?: string;
  targetName?: string;
  householdIds?: string;
  closeSource?: boolean;
}

const codes = (text: string | undefined) => (text ?? '').split(/[\s,，、]+/).filter(Boolean);

function OrderDialog({ onClose }: { onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OrderForm>();
  const kind = Form.useWatch('kind', form);
  const issue = useIssueOrder();
  async function submit() {
    const v = await form.validateFields();
    const target = v.targetCode ? { code: v.targetCode.trim(), name: v.targetName?.trim() || undefined } : undefined;
    const input: OrderInput = { kind: v.kind, approvalNumber: v.approvalNumber, reason: v.reason, effectiveOn: v.effectiveOn.format('YYYY-MM-DD') };
    if (v.kind === 'establish' || v.kind === 'merge' || v.kind === 'transfer') input.target = target;
    if (v.kind === 'split' || v.kind === 'transfer') input.from = v.from?.trim();
    if (v.kind === 'merge') input.sources = codes(v.sources);
    if (v.kind === 'split' && target) {
      input.into = [{ ...target, householdIds: codes(v.householdIds).map(Number) }];
      input.closeSource = Boolean(v.closeSource);
    }
    try {
      const done = await issue.mutateAsync(input);
      const moved = done.moved.reduce((n, m) => n + m.households, 0);
      void message.success(`已登记${done.kindName}：迁移 ${moved} 户`);
      onClose();
    } catch (error) {
      void message.error(isApiError(error) ? error.message : '登记失败，请稍后重试');
    }
  }
  return (
    <Modal open width={640} title="登记区划变更令" onCancel={onClose} onOk={() => void submit()} okText="登记并迁移" confirmLoading={issue.isPending} okButtonProps={{ 'data-testid': 'order-save' }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="变更令须有批准文号和理由；生效日期不晚于今天，且须晚于所涉区划的设立日期。登记后，所涉住户及其成员的居住地、户籍地区划同时改为新代码，原区划保留历史，可按任一日期查询当日户数和人数。"
      />
      <Form form={form} layout="vertical" initialValues={{ kind: 'split', effectiveOn: dayjs() }}>
        <Form.Item name="kind" label="变更类型" rules={[{ required: true }]}>
          <Select options={KINDS} data-testid="order-kind" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="approvalNumber" label="批准文号" rules={[{ required: true, message: '请填写批准文号' }]}>
              <Input maxLength={60} placeholder="如 浦府〔2025〕12号" data-testid="order-approval" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="effectiveOn" label="生效日期" rules={[{ required: true }]}>
              <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label="变更理由" rules={[{ required: true, message: '请填写变更理由' }]}>
          <Input.TextArea maxLength={500} rows={2} data-testid="order-reason" />
        </Form.Item>
        {kind === 'split' || kind === 'transfer' ? (
          <Form.Item name="from" label={kind === 'split' ? '被拆分的居村委会代码（12 位）' : '调整隶属的居村委会代码（12 位）'} rules={[{ required: true, message: '请填写代码' }]}>
            <Input maxLength={12} data-testid="order-from" />
          </Form.Item>
        ) : null}
        {kind === 'merge' ? (
          <Form.Item name="sources" label="被合并的居村委会代码（可多个，用逗号分隔）" rules={[{ required: true, message: '请填写代码' }]}>
            <Input data-testid="order-sources" />
          </Form.Item>
        ) : null}
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="targetCode" label={kind === 'merge' ? '合并后的居村委会代码' : kind === 'transfer' ? '新街镇下的新代码' : '新设区划代码（12 位）'} rules={[{ required: true, message: '请填写代码' }]}>
              <Input maxLength={12} data-testid="order-target" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="targetName" label={kind === 'transfer' ? '名称（不填则沿用原名）' : kind === 'merge' ? '名称（并入现有居村委会时不填）' : '名称'}>
              <Input maxLength={40} data-testid="order-target-name" />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'split' ? (
          <>
            <Form.Item name="householdIds" label="划入新居村委会的户编号（用逗号分隔）">
              <Input.TextArea rows={2} data-testid="order-households" />
            </Form.Item>
            <Form.Item name="closeSource" valuePropName="checked">
              <Checkbox>原居村委会同时撤销（其余住户划入新居村委会）</Checkbox>
            </Form.Item>
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

function ImportDialog({ onClose }: { onClose: () => void }) {
  const [form] = Form.useForm<{ effectiveOn: Dayjs; source: string; text: string }>();
  const importList = useImportList();
  const [result, setResult] = useState<ImportOutcome | null>(null);
  async function submit() {
    const v = await form.validateFields();
    setResult(await importList.mutateAsync({ effectiveOn: v.effectiveOn.format('YYYY-MM-DD'), source: v.source, text: v.text }));
  }
  return (
    <Modal open width={720} title="导入 12 位居村委会代码清单" onCancel={onClose} onOk={() => void submit()} okText="核对并导入" confirmLoading={importList.isPending} okButtonProps={{ 'data-testid': 'import-save' }}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="每行“12 位代码,名称[,类别]”。逐行核对上级街镇在清单日期是否有效；新代码新增，名称变化的自清单日期起启用新名称，相同的不变（重复导入不会重复登记）；有错误的行列出行号，其余照常导入；清单中没有的现有居村委会只列出，撤销须登记变更令。"
      />
      <Form form={form} layout="vertical" initialValues={{ effectiveOn: dayjs() }}>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="source" label="清单来源" rules={[{ required: true, message: '请填写清单来源' }]}>
              <Input maxLength={60} placeholder="如 国家统计局 2024 年统计用区划代码" data-testid="import-source" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="effectiveOn" label="清单日期" rules={[{ required: true }]}>
              <DatePicker allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="text" label="清单内容" rules={[{ required: true, message: '请粘贴清单' }]}>
          <Input.TextArea rows={6} placeholder={'310115004001,潍坊一村居委会,居委会'} data-testid="import-text" />
        </Form.Item>
      </Form>
      {importList.error ? <ApiErrorNotice error={importList.error} /> : null}
      {result ? (
        <div data-testid="import-result">
          <Typography.Paragraph>
            共 {result.lines} 行：新增 {result.added}，更名 {result.renamed}，未变 {result.unchanged}，错误 {result.errors.length}。
          </Typography.Paragraph>
          {result.errors.length > 0 ? (
            <Table
              size="small"
              rowKey="line"
              pagination={false}
              dataSource={result.errors}
              columns={[
                { title: '行号', dataIndex: 'line' },
                { title: '代码', dataIndex: 'code' },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          ) : null}
          {result.missing.length > 0 ? <Typography.Paragraph type="warning">清单中没有、但仍有效的居村委会：{result.missing.map((m) => m.name).join('、')}</Typography.Paragraph> : null}
        </div>
      ) : null}
    </Modal>
  );
}

/** 区划沿革: households and residents as on any date, the change orders, and the official list import. */
export default function DivisionsPage() {
  const me = useMe();
  const { can } = useAuth();
  const [division, setDivision] = useState<string | undefined>(undefined);
  const [on, setOn] = useState(dayjs());
  const [dialog, setDialog] = useState<'order' | 'import' | null>(null);
  const code = division ?? me.jurisdiction;
  const counts = useDivisionCounts(code, on.format('YYYY-MM-DD'));
  const orders = useDivisionOrders();
  const canManage = can('community.divisions.manage');
  const c = counts.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row justify="space-between" align="middle">
        <Col>
          <Typography.Title level={3} style={{ margin: 0 }}>
            区划沿革
          </Typography.Title>
          <Typography.Text type="secondary">街镇、居村委会的设立、拆分、合并与调整隶属；按任一日期查看当日的区划和户数、人数。</Typography.Text>
        </Col>
        <Col>
          <Space>
            <DivisionPicker root={me.jurisdiction} value={division} onChange={setDivision} testId="divisions-division" />
            <DatePicker allowClear={false} value={on} onChange={(d) => d && setOn(d)} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="divisions-on" />
            <Button onClick={() => setDialog('import')} disabled={!canManage} title={canManage ? undefined : '由市、区民政局登记'} data-testid="divisions-import">
              导入代码清单
            </Button>
            <Button type="primary" onClick={() => setDialog('order')} disabled={!canManage} title={canManage ? undefined : '由市、区民政局登记'} data-testid="divisions-order">
              登记变更令
            </Button>
          </Space>
        </Col>
      </Row>
      {counts.error ? <ApiErrorNotice error={counts.error} /> : null}
      {c ? (
        <Card title={`${c.name}（${c.on}）`} size="small">
          <Row gutter={24} style={{ marginBottom: 12 }}>
            <Col>
              <Statistic title="户数" value={c.households} suffix="户" />
            </Col>
            <Col>
              <Statistic title="常住人数" value={c.persons} suffix="人" />
            </Col>
            <Col>
              <Statistic title="下级区划" value={c.children.length} suffix="个" />
            </Col>
          </Row>
          <Table
            size="small"
            rowKey="code"
            dataSource={c.children}
            pagination={{ pageSize: 15 }}
            data-testid="divisions-children"
            columns={[
              { title: '名称', dataIndex: 'name' },
              { title: '代码', dataIndex: 'code' },
              { title: '户数', dataIndex: 'households' },
              { title: '常住人数', dataIndex: 'persons' },
            ]}
          />
        </Card>
      ) : null}
      <Card title="变更令" size="small">
        {orders.error ? <ApiErrorNotice error={orders.error} /> : null}
        <Table
          size="small"
          rowKey="id"
          loading={orders.isLoading}
          dataSource={orders.data?.items ?? []}
          data-testid="divisions-orders"
          columns={[
            { title: '生效日期', dataIndex: 'effectiveOn' },
            { title: '类型', render: (_, o) => <Tag>{o.kindName}</Tag> },
            { title: '批准文号', dataIndex: 'approvalNumber' },
            { title: '理由', dataIndex: 'reason' },
          ]}
        />
      </Card>
      {dialog === 'order' ? <OrderDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <ImportDialog onClose={() => setDialog(null)} /> : null}
    </Space>
  );
}
