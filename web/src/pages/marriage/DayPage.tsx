import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { preCheck, register, useBook, useCloseBooking, useDayList, useMyOffice, useSlots } from '../../api/marriage.js';
import type { Booking, Check, Registration, RegistrationInput } from '../../api/marriage-types.js';
import { useAuth } from '../../auth/AuthContext.js';
import { ApiErrorNotice } from '../../components/ApiErrorNotice.js';
import { LedgerExportButton } from '../../components/LedgerExportButton.js';
import { todayIso } from '../../format/dates.js';
import { bookingStatus, checkNames, serviceNames } from './labels.js';

// Shanghai's calendar day, as the server's (a browser in another zone may already be on tomorrow or still on yesterday).
const today = todayIso;

interface PartyValues {
  name: string;
  idNumber: string;
  present: boolean;
  declarationSigned: boolean;
  declaredStatus: 'unmarried' | 'divorced' | 'widowed';
  proof?: string;
}

function PartyFields({ prefix, label }: { prefix: 'husband' | 'wife'; label: string }) {
  return (
    <Card size="small" title={label} style={{ flex: 1, minWidth: 320 }}>
      <Form.Item name={[prefix, 'name']} label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
        <Input data-testid={`${prefix}-name`} />
      </Form.Item>
      <Form.Item name={[prefix, 'idNumber']} label="身份证号码" rules={[{ required: true, message: '请填写身份证号码' }]}>
        <Input data-testid={`${prefix}-id`} maxLength={18} />
      </Form.Item>
      <Form.Item name={[prefix, 'declaredStatus']} label="声明的婚姻状况" initialValue="unmarried">
        <Select
          options={[
            { value: 'unmarried', label: '未婚' },
            { value: 'divorced', label: '离婚' },
            { value: 'widowed', label: '丧偶' },
          ]}
        />
      </Form.Item>
      <Form.Item name={[prefix, 'proof']} label="证明材料（声明离婚、丧偶而数据未显示时）">
        <Input placeholder="如：离婚证字号、生效判决书案号、死亡医学证明编号" />
      </Form.Item>
      <Form.Item name={[prefix, 'present']} valuePropName="checked" initialValue={true}>
        <Checkbox>本人亲自到场（不得代理）</Checkbox>
      </Form.Item>
      <Form.Item name={[prefix, 'declarationSigned']} valuePropName="checked" initialValue={true}>
        <Checkbox>已签署无配偶、无禁止结婚亲属关系的声明</Checkbox>
      </Form.Item>
    </Card>
  );
}

const outcomeTag = (o: Check['outcome']) => (o === 'pass' ? <Tag color="green">通过</Tag> : o === 'fail' ? <Tag color="red">不通过</Tag> : <Tag color="orange">须人工核查</Tag>);

function ChecksTable({ checks }: { checks: Check[] }) {
  return (
    <Table<Check>
      rowKey="check"
      size="small"
      pagination={false}
      dataSource={checks}
      data-testid="check-results"
      columns={[
        { title: '核查项', dataIndex: 'check', width: 160, render: (c: string) => checkNames[c] ?? c },
        { title: '结果', dataIndex: 'outcome', width: 110, render: outcomeTag },
        { title: '说明', dataIndex: 'message' },
        { title: '依据', dataIndex: 'rule', render: (r: string) => <Typography.Text type="secondary">{r}</Typography.Text> },
      ]}
    />
  );
}

/** The man of a booked couple: the 17th digit of an 18-digit number (kept by the mask) is odd for a man. */
const isMan = (masked: string) => masked.length === 18 && Number(masked[16]) % 2 === 1;

/** 结婚登记: the checks first, each with its rule; the register button opens only when every check passes. */
function RegistrationCard({ booked }: { booked: Booking | null }) {
  const [form] = Form.useForm<{ service: RegistrationInput['service']; husband: PartyValues; wife: PartyValues }>();
  const card = useRef<HTMLDivElement>(null);
  const [checks, setChecks] = useState<Check[] | null>(null);
  const [done, setDone] = useState<Registration | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();
  // 办理 on a booking of the day list: the couple's names in the form (their ID numbers are read from their cards).
  useEffect(() => {
    if (!booked) return;
    const [a, b] = booked.parties;
    const [man, woman] = isMan(b.idNumber) && !isMan(a.idNumber) ? [b, a] : [a, b];
    form.resetFields();
    form.setFieldsValue({ service: 'marriage', husband: { name: man.name }, wife: { name: woman.name } });
    setChecks(null);
    setDone(null);
    card.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [booked, form]);
  const allPass = checks?.every((c) => c.outcome === 'pass') ?? false;
  async function run(action: 'check' | 'register') {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (action === 'check') {
        setChecks(await preCheck(values));
        setDone(null);
      } else {
        setDone(await register(values));
        // The couple's booking is now attended.
        void client.invalidateQueries({ queryKey: ['marriage', 'bookings'] });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title="结婚登记（含补办结婚登记、复婚）" ref={card}>
      <Typography.Paragraph type="secondary">
        凭双方居民身份证和签字声明办理，不需户口簿（《婚姻登记条例》2025 年修订，全国通办）。登记前逐项核查：法定婚龄（男 22、女 20 周岁，按登记当日计算）、男女双方、全市婚姻档案（含补录、导入的历史档案，15
        位旧号自动升位）中有无未解除的婚姻、人口库户籍关系中的直系血亲和兄弟姐妹。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onValuesChange={() => setChecks(null)} initialValues={{ service: 'marriage' }}>
        <Form.Item name="service" label="业务">
          <Select
            style={{ width: 240 }}
            options={[
              { value: 'marriage', label: '结婚登记' },
              { value: 'late', label: '补办结婚登记' },
              { value: 'remarriage', label: '复婚登记' },
            ]}
          />
        </Form.Item>
        <Space align="start" wrap style={{ width: '100%' }}>
          <PartyFields prefix="husband" label="男方" />
          <PartyFields prefix="wife" label="女方" />
        </Space>
      </Form>
      <Space style={{ marginTop: 16 }}>
        <Button onClick={() => run('check')} loading={busy} data-testid="run-checks">
          登记前核查
        </Button>
        <Button type="primary" disabled={!allPass} onClick={() => run('register')} loading={busy} data-testid="register-marriage" title={allPass ? undefined : '须先核查且各项均通过'}>
          登记并发给结婚证
        </Button>
        {!allPass ? <Typography.Text type="secondary">{checks ? '有未通过或须人工核查的项目，不能登记' : '须先核查且各项均通过'}</Typography.Text> : null}
      </Space>
      {checks ? (
        <div style={{ marginTop: 16 }}>
          <ChecksTable checks={checks} />
        </div>
      ) : null}
      {error ? <ApiErrorNotice error={error} inline /> : null}
      {done ? (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          data-testid="registered"
          message={`已登记，结婚证字号 ${done.certificateNumber}（${done.registeredOn}）`}
          action={<Link to={`/marriage/certificates?number=${encodeURIComponent(done.certificateNumber)}`}>查看证书</Link>}
        />
      ) : null}
    </Card>
  );
}

function BookingDialog({ officeId, day, onClose }: { officeId: number; day: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const book = useBook();
  const slots = useSlots(officeId, day);
  const service = Form.useWatch('service', form) ?? 'marriage';
  const isToday = day === today();
  return (
    <Modal
      open
      title={`预约 ${day}`}
      okText={isToday ? '取现场号' : '预约'}
      onCancel={onClose}
      confirmLoading={book.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        await book.mutateAsync({ officeId, day, slot: v.slot, service: v.service, channel: isToday ? 'walk_in' : 'online', partyA: { name: v.aName, idNumber: v.aId }, partyB: { name: v.bName, idNumber: v.bId } });
        onClose();
      }}
    >
      <Typography.Paragraph type="secondary">网上预约须至少提前 1 天；当天只能取现场号。每人只能有一个未办理的预约。预约不作任何婚姻状况核查。</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ service: 'marriage' }} onValuesChange={(changed) => 'service' in changed && form.setFieldValue('slot', undefined)}>
        <Form.Item name="service" label="业务">
          <Select options={Object.entries(serviceNames).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="slot" label="时段" rules={[{ required: true, message: '请选择时段' }]}>
          <Select data-testid="booking-slot" options={(slots.data ?? []).filter((s) => s.service === service).map((s) => ({ value: s.slot, label: `${s.slot}（余 ${s.left} / ${s.places}）`, disabled: s.left === 0 }))} />
        </Form.Item>
        <Space>
          <Form.Item name="aName" label="一方姓名" rules={[{ required: true, message: '请填写' }]}>
            <Input data-testid="booking-a-name" />
          </Form.Item>
          <Form.Item name="aId" label="身份证号码" rules={[{ required: true, message: '请填写' }]}>
            <Input data-testid="booking-a-id" />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="bName" label="另一方姓名" rules={[{ required: true, message: '请填写' }]}>
            <Input data-testid="booking-b-name" />
          </Form.Item>
          <Form.Item name="bId" label="身份证号码" rules={[{ required: true, message: '请填写' }]}>
            <Input data-testid="booking-b-id" />
          </Form.Item>
        </Space>
      </Form>
      {book.error ? <ApiErrorNotice error={book.error} inline /> : null}
    </Modal>
  );
}

/** The registrar's day: the office's bookings of a day, booking, cancel and no-show, and the registration form. */
export default function DayPage() {
  const office = useMyOffice();
  const { can } = useAuth();
  const [day, setDay] = useState(today());
  const [booking, setBooking] = useState(false);
  const [booked, setBooked] = useState<Booking | null>(null);
  const list = useDayList(office?.id, day);
  const close = useCloseBooking();
  const columns: TableColumnsType<Booking> = [
    { title: '时段', dataIndex: 'slot', width: 90 },
    { title: '业务', dataIndex: 'service', render: (s: string) => serviceNames[s] ?? s },
    { title: '当事人', dataIndex: 'parties', render: (p: Booking['parties']) => p.map((x) => `${x.name}（${x.idNumber}）`).join('、') },
    { title: '方式', dataIndex: 'channel', render: (c: string) => (c === 'online' ? '网上预约' : '现场号') },
    { title: '状态', dataIndex: 'status', render: (s: string) => bookingStatus[s] ?? s },
    {
      title: '操作',
      render: (_: unknown, b) =>
        b.status === 'open' && can('marriage.register') ? (
          <Space>
            {b.service !== 'divorce' && b.day === today() ? (
              <Button size="small" type="primary" onClick={() => setBooked(b)} data-testid={`attend-${b.id}`}>
                办理登记
              </Button>
            ) : null}
            <Button size="small" onClick={() => close.mutate({ id: b.id, to: 'cancel' })}>
              取消
            </Button>
            <Button size="small" disabled={b.day > today()} title={b.day > today() ? '预约日期未到' : undefined} onClick={() => close.mutate({ id: b.id, to: 'no-show' })}>
              记为未到
            </Button>
          </Space>
        ) : null,
    },
  ];
  if (!office) return <Alert type="info" showIcon message="您的账号未配置到某一区婚姻登记机关，只能查看统计。" />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={`${office.name} · 预约名单`}
        extra={
          <Space>
            <LedgerExportButton path="/marriage/bookings/export" query={{ officeId: office.id, day }} title="婚姻登记预约台账" />
            <DatePicker value={dayjs(day)} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} allowClear={false} data-testid="day-picker" />
            {can('marriage.register') ? (
              <Button type="primary" onClick={() => setBooking(true)} disabled={day < today()} title={day < today() ? '已过去的日期不能预约' : undefined} data-testid="new-booking">
                {day === today() ? '取现场号' : '新增预约'}
              </Button>
            ) : null}
          </Space>
        }
      >
        {list.error ? (
          <ApiErrorNotice error={list.error} inline />
        ) : (
          <Table<Booking> rowKey="id" size="small" columns={columns} dataSource={list.data} loading={list.isFetching} locale={{ emptyText: '当日没有预约' }} data-testid="day-list" />
        )}
        {close.error ? <ApiErrorNotice error={close.error} inline /> : null}
      </Card>
      {can('marriage.register') ? <RegistrationCard booked={booked} /> : null}
      {booking ? <BookingDialog officeId={office.id} day={day} onClose={() => setBooking(false)} /> : null}
    </Space>
  );
}
