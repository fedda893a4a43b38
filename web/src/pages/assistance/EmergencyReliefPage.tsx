import { Alert, Button, Card, Form, Input, List, Radio, Result, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { HARDSHIP_OPTIONS, useCases, useEmergencyRelief, useTemporaryPreview, type HardshipType } from '../../api/assistance.js';
import type { CaseDetail } from '../../api/assistance-types.js';
import { usePersonSearch } from '../../api/registry.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { formatFen, parseYuan } from '../../format/money.js';

interface Values {
  amountYuan: string;
  form: 'cash' | 'in_kind';
  items?: string;
  findings: string;
  reason: string;
}

const CHANNELS: Record<string, string> = { bank: '银行代发', cash: '现金', in_kind: '实物' };

/**
 * 急难型临时救助 on the street (先行救助), made for a phone: find the person, choose the hardship, see what the
 * household may still get and why, pay at once in cash or in kind; then the list of paperwork still to file.
 */
export default function EmergencyReliefPage() {
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<{ personId: number; name: string; householdId: number } | null>(null);
  const [hardship, setHardship] = useState<HardshipType | undefined>();
  const [done, setDone] = useState<CaseDetail | null>(null);
  const [form] = Form.useForm<Values>();
  const persons = usePersonSearch({ q: q || undefined, limit: 10 });
  const preview = useTemporaryPreview(picked?.householdId, hardship);
  const relief = useEmergencyRelief();
  const pending = useCases({ programme: 'temporary', status: 'emergency_paid' }, undefined);
  const p = preview.data;

  if (done) {
    return (
      <Result
        status="success"
        title={`已先行救助 ${formatFen(done.amountFen)}`}
        subTitle={`案件 ${done.id}（${done.applicantName}）。请在 ${done.dueOn ?? '—'} 前补办手续，逾期将列为逾期。`}
        extra={[
          <Link key="case" to={`/assistance/cases/${done.id}`}>
            <Button type="primary" size="large">
              查看案件
            </Button>
          </Link>,
          <Button
            key="again"
            size="large"
            onClick={() => {
              setDone(null);
              setPicked(null);
              setHardship(undefined);
              form.resetFields();
            }}
          >
            继续救助
          </Button>,
        ]}
      />
    );
  }

  return (
    <div style={{ maxWidth: 560, margin: '0 auto' }} data-testid="emergency-page">
      <Typography.Title level={4}>急难型临时救助（先行救助）</Typography.Title>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="规则"
        description="对遭遇急难、基本生活陷入困境的家庭，街镇可先行决定并当场发放现金或实物，金额不超过当场发放上限和本户12个月累计上限；发放后须在规定天数内补办手续，由区民政局事后审核。"
      />
      <Card size="small" title="1. 找到救助对象" style={{ marginBottom: 12 }}>
        <Input.Search size="large" placeholder="输入姓名" enterButton="查找" onSearch={(value) => setQ(value.trim())} data-testid="emergency-search" />
        {q ? (
          <List
            style={{ marginTop: 8 }}
            loading={persons.isFetching}
            dataSource={persons.data?.items ?? []}
            locale={{ emptyText: '没有找到此人' }}
            renderItem={(person) => (
              <List.Item
                actions={[
                  person.householdId ? (
                    <Button
                      key="pick"
                      type={picked?.personId === person.id ? 'primary' : 'default'}
                      onClick={() => setPicked({ personId: person.id, name: person.name, householdId: person.householdId as number })}
                      data-testid="emergency-pick"
                    >
                      选择
                    </Button>
                  ) : (
                    <Typography.Text key="none" type="secondary">
                      未登记家庭
                    </Typography.Text>
                  ),
                ]}
              >
                {person.name}
              </List.Item>
            )}
          />
        ) : null}
      </Card>

      {picked ? (
        <Card size="small" title={`2. 困难类型与可救助金额（${p?.householdName ?? picked.name}）`} style={{ marginBottom: 12 }}>
          <Radio.Group value={hardship} onChange={(e) => setHardship(e.target.value as HardshipType)} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="emergency-hardship">
            {HARDSHIP_OPTIONS.map((o) => (
              <Radio key={o.value} value={o.value}>
                {o.label}
              </Radio>
            ))}
          </Radio.Group>
          {preview.error ? <ApiErrorNotice error={preview.error} inline /> : null}
          {p ? (
            <div style={{ marginTop: 12 }} data-testid="emergency-preview">
              <Typography.Paragraph strong>
                本次先行救助最多 {formatFen(p.maxEmergencyFen)}（本户尚可救助 {formatFen(p.remainingFen)}）
              </Typography.Paragraph>
              <ul style={{ paddingLeft: 20 }}>
                {p.explanation.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <Typography.Text type="secondary">12个月内的临时救助：</Typography.Text>
              {p.reliefs.length === 0 ? (
                <Typography.Paragraph type="secondary">无</Typography.Paragraph>
              ) : (
                <List
                  size="small"
                  dataSource={p.reliefs}
                  renderItem={(r) => (
                    <List.Item>
                      <Link to={`/assistance/cases/${r.caseId}`}>案件 {r.caseId}</Link>
                      <span>{r.month ?? '已批准待发放'}</span>
                      <span>{r.channel ? CHANNELS[r.channel] : ''}</span>
                      <span>{formatFen(r.amountFen)}</span>
                    </List.Item>
                  )}
                />
              )}
            </div>
          ) : null}
        </Card>
      ) : null}

      {picked && hardship && p ? (
        <Card size="small" title="3. 当场发放" style={{ marginBottom: 12 }}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ form: 'cash' }}
            onFinish={(v) =>
              relief.mutate(
                {
                  householdId: picked.householdId,
                  applicantPersonId: picked.personId,
                  reason: v.reason.trim(),
                  amountFen: parseYuan(v.amountYuan) ?? 0,
                  hardshipType: hardship,
                  form: v.form,
                  items: v.items?.trim() || undefined,
                  findings: v.findings.trim(),
                },
                { onSuccess: setDone },
              )
            }
          >
            <Form.Item name="amountYuan" label={`金额（元，最多 ${formatFen(p.maxEmergencyFen)}）`} rules={[{ required: true, message: '请输入金额' }]}>
              <Input size="large" inputMode="decimal" placeholder="如 2000" data-testid="emergency-amount" />
            </Form.Item>
            <Form.Item name="form" label="救助方式">
              <Radio.Group
                size="large"
                optionType="button"
                options={[
                  { value: 'cash', label: '现金' },
                  { value: 'in_kind', label: '实物' },
                ]}
              />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.form !== b.form}>
              {({ getFieldValue }) =>
                getFieldValue('form') === 'in_kind' ? (
                  <Form.Item name="items" label="发放的物品" rules={[{ required: true, whitespace: true, message: '请写明发放的物品' }]}>
                    <Input size="large" placeholder="如：棉被两条、米面油一份" />
                  </Form.Item>
                ) : null
              }
            </Form.Item>
            <Form.Item name="reason" label="困难情况" rules={[{ required: true, whitespace: true, message: '请填写困难情况' }]}>
              <Input.TextArea rows={2} maxLength={2000} placeholder="如：家中失火，基本生活无着" data-testid="emergency-reason" />
            </Form.Item>
            <Form.Item name="findings" label="现场核实情况" rules={[{ required: true, whitespace: true, message: '请填写现场核实情况' }]}>
              <Input.TextArea rows={2} maxLength={2000} data-testid="emergency-findings" />
            </Form.Item>
            {relief.error ? <ApiErrorNotice error={relief.error} inline /> : null}
            <Button type="primary" size="large" block htmlType="submit" loading={relief.isPending} data-testid="emergency-submit">
              确认当场发放
            </Button>
          </Form>
        </Card>
      ) : null}

      <Card size="small" title="待补办手续">
        <List
          loading={pending.isLoading}
          dataSource={pending.data?.items ?? []}
          locale={{ emptyText: '没有待补办的先行救助' }}
          renderItem={(c) => (
            <List.Item>
              <Space wrap>
                <Link to={`/assistance/cases/${c.id}`}>{c.applicantName}</Link>
                <span>{formatFen(c.amountFen)}</span>
                <span>期限 {c.dueOn ?? '—'}</span>
                {c.overdue ? <Tag color="red">已逾期</Tag> : null}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
