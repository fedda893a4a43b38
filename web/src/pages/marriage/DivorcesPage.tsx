import { Alert, Button, Card, Descriptions, Drawer, Form, Input, Select, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { certificate, useDivorceAction, useDivorces, useMyOffice } from '../../api/marriage.js';
import type { Divorce } from '../../api/marriage-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { actionNames, divorceStatus, partyNames } from './labels.js';

const statusColor: Record<string, string> = { cooling_off: 'blue', awaiting_registration: 'gold', registered: 'green', withdrawn: 'default', deemed_withdrawn: 'default', refused: 'red', ended: 'default', lapsing: 'orange' };

function daysLeftText(d: Divorce): string {
  if (d.daysLeft === null) return '—';
  const until = d.status === 'cooling_off' ? `冷静期至 ${d.timeline.coolingOffLastDay}` : `申领至 ${d.timeline.registrationLastDay}`;
  return d.daysLeft === 0 ? `今天是最后一天（${until}）` : `剩 ${d.daysLeft} 天（${until}）`;
}

function DivorceDrawer({ divorce, onClose }: { divorce: Divorce; onClose: () => void }) {
  const { can } = useAuth();
  const action = useDivorceAction();
  const office = useMyOffice();
  const [party, setParty] = useState<'husband' | 'wife'>('wife');
  const sameOffice = office?.id === divorce.officeId;
  const canWithdraw = divorce.status === 'cooling_off';
  const canRegister = divorce.status === 'awaiting_registration' && sameOffice;
  const registerWhy =
    divorce.status === 'cooling_off'
      ? `冷静期至 ${divorce.timeline.coolingOffLastDay} 届满后方可登记（《民法典》第1077条）`
      : !sameOffice
        ? `须在受理申请的${divorce.officeName}办理`
        : divorce.status !== 'awaiting_registration'
          ? '该申请已办结或申领期已过'
          : undefined;
  return (
    <Drawer open width={640} title={`离婚登记申请 ${divorce.receiptNumber}`} onClose={onClose}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="当事人">
          {divorce.husband.name}（{divorce.husband.idNumber}）、{divorce.wife.name}（{divorce.wife.idNumber}）
        </Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={statusColor[divorce.status]} data-testid="divorce-status">
            {divorceStatus[divorce.status] ?? divorce.status}
          </Tag>
          {daysLeftText(divorce)}
        </Descriptions.Item>
        <Descriptions.Item label="受理日期">{divorce.timeline.receivedOn}</Descriptions.Item>
        <Descriptions.Item label="冷静期（可撤回）">至 {divorce.timeline.coolingOffLastDay}（受理次日起算 30 日，末日为法定休假日的顺延）</Descriptions.Item>
        <Descriptions.Item label="申领离婚证期间">
          {divorce.timeline.registrationFrom} 至 {divorce.timeline.registrationLastDay}，逾期视为撤回
        </Descriptions.Item>
        <Descriptions.Item label="离婚协议">
          子女：{divorce.agreement.children}；财产：{divorce.agreement.property}；债务：{divorce.agreement.debts}
        </Descriptions.Item>
        {divorce.certificateNumber ? <Descriptions.Item label="离婚证">{divorce.certificateNumber}</Descriptions.Item> : null}
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        办理经过
      </Typography.Title>
      <Timeline items={divorce.actions.map((a) => ({ children: `${a.onDay} ${actionNames[a.kind] ?? a.kind}${a.byParty ? `（${partyNames[a.byParty]}）` : ''}` }))} />
      {can('marriage.register') ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space>
            <Select
              value={party}
              onChange={setParty}
              options={[
                { value: 'husband', label: '男方撤回' },
                { value: 'wife', label: '女方撤回' },
              ]}
              style={{ width: 120 }}
              disabled={!canWithdraw}
            />
            <Button danger disabled={!canWithdraw} onClick={() => action.mutate({ kind: 'withdraw', id: divorce.id, party }, { onSuccess: onClose })} data-testid="withdraw-divorce">
              撤回申请
            </Button>
            {!canWithdraw ? <Typography.Text type="secondary">冷静期已届满或申请已办结，不能撤回</Typography.Text> : null}
          </Space>
          <Space>
            <Button type="primary" disabled={!canRegister} onClick={() => action.mutate({ kind: 'register', id: divorce.id }, { onSuccess: onClose })} data-testid="register-divorce">
              双方到场，登记离婚
            </Button>
            {registerWhy ? <Typography.Text type="secondary">{registerWhy}</Typography.Text> : null}
          </Space>
          {action.error ? <ApiErrorNotice error={action.error} inline /> : null}
        </Space>
      ) : null}
    </Drawer>
  );
}

function ApplyCard() {
  const [form] = Form.useForm();
  const action = useDivorceAction();
  const [error, setError] = useState<unknown>(null);
  async function submit() {
    const v = await form.validateFields();
    setError(null);
    try {
      const cert = await certificate(v.certificateNumber.trim());
      await action.mutateAsync({
        kind: 'apply',
        input: { marriageId: cert.marriageId, bothPresent: true, agreement: { children: v.children ?? '', property: v.property ?? '', debts: v.debts ?? '' }, capacity: { husband: v.husbandCapacity, wife: v.wifeCapacity } },
      });
      form.resetFields();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Card title="受理协议离婚登记申请">
      <Typography.Paragraph type="secondary">双方亲自到场，持身份证、结婚证和书面离婚协议（须对子女抚养、财产及债务处理协商一致）。一方无或限制民事行为能力的，不予受理。受理后 30 日为冷静期，其间任何一方可撤回。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ husbandCapacity: 'full', wifeCapacity: 'full' }}>
        <Form.Item name="certificateNumber" label="结婚证字号" rules={[{ required: true, message: '请填写结婚证字号' }]}>
          <Input placeholder="如 J310115-2025-000001" style={{ maxWidth: 320 }} data-testid="divorce-certificate" />
        </Form.Item>
        <Form.Item name="children" label="子女抚养">
          <Input.TextArea rows={2} data-testid="agreement-children" />
        </Form.Item>
        <Form.Item name="property" label="财产处理">
          <Input.TextArea rows={2} data-testid="agreement-property" />
        </Form.Item>
        <Form.Item name="debts" label="债务处理">
          <Input.TextArea rows={2} data-testid="agreement-debts" />
        </Form.Item>
        <Space>
          {(['husbandCapacity', 'wifeCapacity'] as const).map((name) => (
            <Form.Item key={name} name={name} label={name === 'husbandCapacity' ? '男方民事行为能力' : '女方民事行为能力'}>
              <Select
                style={{ width: 200 }}
                options={[
                  { value: 'full', label: '完全民事行为能力' },
                  { value: 'limited', label: '限制民事行为能力' },
                  { value: 'none', label: '无民事行为能力' },
                ]}
              />
            </Form.Item>
          ))}
        </Space>
      </Form>
      <Button type="primary" onClick={submit} loading={action.isPending} data-testid="apply-divorce">
        受理并出具回执
      </Button>
      {error ? <ApiErrorNotice error={error} inline /> : null}
    </Card>
  );
}

/** 离婚登记: the office's applications with their timeline and days left; withdraw and register from the drawer. */
export default function DivorcesPage() {
  const office = useMyOffice();
  const { can } = useAuth();
  const list = useDivorces(office?.id);
  const [open, setOpen] = useState<Divorce | null>(null);
  const columns: TableColumnsType<Divorce> = [
    {
      title: '回执号',
      dataIndex: 'receiptNumber',
      render: (r: string, d) => (
        <Button type="link" onClick={() => setOpen(d)} data-testid={`open-divorce-${d.id}`}>
          {r}
        </Button>
      ),
    },
    { title: '当事人', render: (_: unknown, d) => `${d.husband.name}、${d.wife.name}` },
    { title: '受理日期', dataIndex: ['timeline', 'receivedOn'] },
    { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={statusColor[s]}>{divorceStatus[s] ?? s}</Tag> },
    { title: '剩余天数', render: (_: unknown, d) => daysLeftText(d) },
  ];
  if (!office) return <Alert type="info" showIcon message="您的账号未配置到某一区婚姻登记机关。" />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={`${office.name} · 离婚登记申请`} extra={<LedgerExportButton path="/marriage/divorces/export" query={{ officeId: office.id }} title="离婚登记申请台账" />}>
        {list.error ? <ApiErrorNotice error={list.error} inline /> : <Table<Divorce> rowKey="id" size="small" columns={columns} dataSource={list.data} loading={list.isFetching} data-testid="divorce-list" />}
      </Card>
      {can('marriage.register') ? <ApplyCard /> : null}
      {open ? <DivorceDrawer divorce={list.data?.find((d) => d.id === open.id) ?? open} onClose={() => setOpen(null)} /> : null}
    </Space>
  );
}
