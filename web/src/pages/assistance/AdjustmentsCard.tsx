import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useCaseAction, useCaseAdjustments } from '../../api/assistance.js';
import type { AdjustmentLedger, CaseDetail } from '../../api/assistance-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { today } from '../../format/dates.js';
import { formatFen, parseYuan } from '../../format/money.js';

const MONTHLY = ['dibao', 'destitute'];
const RECOVERY_NAMES = { deduction: '从发放中抵扣', repayment: '本人退回', write_off: '审批核销' } as const;
type Dialog = 'adjust' | 'repay' | 'writeOff' | null;

const yuanRule = { validator: (_: unknown, value?: string) => (value && (parseYuan(value) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error('请输入大于 0 的金额（元，最多两位小数）'))) };

/** 追溯调整: the month is chosen, the lines it would write are shown (from the server, nothing written), then confirmed. */
function AdjustDialog({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { message } = App.useApp();
  const [month, setMonth] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const preview = useCaseAdjustments(c.id, month !== undefined, month);
  const mutation = useCaseAction(c.id);
  const lines = preview.data?.preview?.lines ?? [];
  return (
    <Modal
      open
      title="追溯调整发放（补发/追缴）"
      okText="确认调整"
      okButtonProps={{ disabled: !month || !reason.trim() || lines.length === 0, loading: mutation.isPending, 'data-testid': 'adjust-submit' }}
      onCancel={onClose}
      onOk={() =>
        mutation.mutate(
          { action: 'adjust_payments', body: { fromMonth: month, reason: reason.trim() } },
          {
            onSuccess: () => {
              void message.success('已登记追溯调整');
              onClose();
            },
          },
        )
      }
    >
      <Typography.Paragraph type="secondary">{preview.data?.rule}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="自何月起追溯" extra="例如：更正了某月起的收入事实后，自该月起复算。">
          <DatePicker
            picker="month"
            data-testid="adjust-from"
            onChange={(d: Dayjs | null) => setMonth(d ? d.format('YYYY-MM') : undefined)}
            disabledDate={(d: Dayjs) => d.isAfter(today(), 'month') || (c.paymentFrom !== null && d.format('YYYY-MM') < c.paymentFrom)}
          />
        </Form.Item>
        <Form.Item label="调整理由" required>
          <Input.TextArea rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="如：经核查自 2024 年 6 月起有未申报的工资收入" data-testid="adjust-reason" />
        </Form.Item>
      </Form>
      {preview.error ? <ApiErrorNotice error={preview.error} inline /> : null}
      {month && preview.data ? (
        lines.length ? (
          <Table
            size="small"
            rowKey="month"
            pagination={false}
            dataSource={lines}
            data-testid="adjust-preview"
            columns={[
              { title: '月份', dataIndex: 'month' },
              { title: '应发', dataIndex: 'dueFen', align: 'right', render: (f: number) => formatFen(f) },
              { title: '已发', dataIndex: 'paidFen', align: 'right', render: (f: number) => formatFen(f) },
              { title: '结果', key: 'kind', render: (_: unknown, l) => (l.kind === 'back_pay' ? <Tag color="green">补发 {formatFen(l.amountFen)}</Tag> : <Tag color="red">多发 {formatFen(l.amountFen)}</Tag>) },
            ]}
          />
        ) : (
          <Alert type="info" showIcon title="逐月复算的应发金额与实际已发金额一致，无需调整。" />
        )
      ) : null}
      {mutation.error ? <ApiErrorNotice error={mutation.error} inline /> : null}
    </Modal>
  );
}

function MoneyDialog({ c, kind, balanceFen, onClose }: { c: CaseDetail; kind: 'repay' | 'writeOff'; balanceFen: number; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ amountYuan: string; receiptNo?: string; reason?: string }>();
  const mutation = useCaseAction(c.id);
  const repay = kind === 'repay';
  return (
    <Modal
      open
      title={repay ? '登记本人退回的多发救助金' : '核销无法追回的多发救助金'}
      okText={repay ? '登记退回' : '核销'}
      okButtonProps={{ loading: mutation.isPending, danger: !repay, 'data-testid': 'money-submit' }}
      onCancel={onClose}
      onOk={() =>
        void form.validateFields().then((v) =>
          mutation.mutate(
            repay ? { action: 'record_repayment', body: { amountFen: parseYuan(v.amountYuan), receiptNo: v.receiptNo?.trim() } } : { action: 'write_off', body: { amountFen: parseYuan(v.amountYuan), reason: v.reason?.trim() } },
            {
              onSuccess: () => {
                void message.success(repay ? '已登记退回' : '已核销');
                onClose();
              },
            },
          ),
        )
      }
    >
      <Typography.Paragraph>
        待追回余额 <b>{formatFen(balanceFen)}</b>。{repay ? '每张收据只能登记一次，金额不超过待追回余额。' : '核销由区民政局审批，受理本案的人员不能核销；金额不超过待追回余额。'}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="amountYuan" label="金额（元）" rules={[yuanRule]}>
          <Input inputMode="decimal" data-testid="money-amount" />
        </Form.Item>
        {repay ? (
          <Form.Item name="receiptNo" label="收据编号" rules={[{ required: true, pattern: /^[0-9A-Za-z-]{4,40}$/, message: '收据编号须为 4–40 位字母、数字或连字符' }]}>
            <Input data-testid="money-receipt" />
          </Form.Item>
        ) : (
          <Form.Item name="reason" label="核销理由" rules={[{ required: true, whitespace: true, message: '请填写核销理由' }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
      {mutation.error ? <ApiErrorNotice error={mutation.error} inline /> : null}
    </Modal>
  );
}

function Totals({ l }: { l: AdjustmentLedger }) {
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered data-testid="adjustment-totals">
      <Descriptions.Item label="补发合计">{formatFen(l.backPayFen)}</Descriptions.Item>
      <Descriptions.Item label="其中已随发放">{formatFen(l.backPayPaidFen)}</Descriptions.Item>
      <Descriptions.Item label="多发合计">{formatFen(l.overpaidFen)}</Descriptions.Item>
      <Descriptions.Item label="已抵扣">{formatFen(l.deductedFen)}</Descriptions.Item>
      <Descriptions.Item label="已退回">{formatFen(l.repaidFen)}</Descriptions.Item>
      <Descriptions.Item label="已核销">{formatFen(l.writtenOffFen)}</Descriptions.Item>
      <Descriptions.Item label="待追回余额">
        <Typography.Text strong type={l.balanceFen > 0 ? 'danger' : undefined} data-testid="adjustment-balance">
          {formatFen(l.balanceFen)}
        </Typography.Text>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** 补发与追缴 of a case paid monthly: what was found, what was paid back or recovered, the balance, and the actions. */
export function AdjustmentsCard({ c }: { c: CaseDetail }) {
  const { can } = useAuth();
  const shown = MONTHLY.includes(c.programme) && c.paymentFrom !== null;
  const ledger = useCaseAdjustments(c.id, shown);
  const [dialog, setDialog] = useState<Dialog>(null);
  if (!shown) return null;
  const l = ledger.data;
  const open = ['in_payment', 'suspended', 'stopped'].includes(c.status);
  const rows = l
    ? [
        ...l.lines.map((x, i) => ({
          key: `l${i}`,
          month: x.month,
          what: x.kind === 'back_pay' ? '补发' : '多发（应追回）',
          amountFen: x.amountFen,
          detail: `应发 ${formatFen(x.dueFen)}，已发 ${formatFen(x.paidFen)}${x.kind === 'back_pay' ? (x.settledMonth ? `；已随 ${x.settledMonth} 救助金发放` : '；待随下月救助金发放') : ''}`,
        })),
        ...l.recoveries.map((r, i) => ({ key: `r${i}`, month: r.month ?? r.onDate, what: RECOVERY_NAMES[r.kind], amountFen: r.amountFen, detail: r.receiptNo ? `收据 ${r.receiptNo}，${r.onDate}` : r.onDate })),
      ]
    : [];
  return (
    <Card
      title="补发与追缴"
      size="small"
      data-testid="adjustments-card"
      extra={<LedgerExportButton path={`/assistance/cases/${c.id}/adjustments/export`} query={{}} title={`补发与追缴台账_案件${c.id}`} example="如：多发救助金追缴台账核对" />}
    >
      {ledger.error ? <ApiErrorNotice error={ledger.error} inline /> : null}
      {l ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Totals l={l} />
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {l.rule} {l.deductionRule}
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            dataSource={rows}
            locale={{ emptyText: '无补发或多发记录' }}
            data-testid="adjustment-rows"
            columns={[
              { title: '月份', dataIndex: 'month' },
              { title: '类别', dataIndex: 'what' },
              { title: '金额', dataIndex: 'amountFen', align: 'right', render: (f: number) => formatFen(f) },
              { title: '说明', dataIndex: 'detail' },
            ]}
          />
          {open ? (
            <Space wrap>
              {can('assistance.decide') ? (
                <Button onClick={() => setDialog('adjust')} data-testid="adjust-open">
                  追溯调整
                </Button>
              ) : null}
              {can('assistance.handle') ? (
                <Button onClick={() => setDialog('repay')} disabled={l.balanceFen <= 0} data-testid="repay-open">
                  登记退回
                </Button>
              ) : null}
              {can('assistance.decide') ? (
                <Button danger onClick={() => setDialog('writeOff')} disabled={l.balanceFen <= 0} data-testid="write-off-open">
                  核销
                </Button>
              ) : null}
            </Space>
          ) : null}
        </Space>
      ) : null}
      {dialog === 'adjust' ? <AdjustDialog c={c} onClose={() => setDialog(null)} /> : null}
      {dialog === 'repay' || dialog === 'writeOff' ? <MoneyDialog c={c} kind={dialog} balanceFen={l?.balanceFen ?? 0} onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}
