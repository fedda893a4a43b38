import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Flex, Input, List, Popconfirm, Radio, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { isApiError } from '../../api/client.js';
import type { ResidentBooking } from '../../api/marriage-types.js';
import { PageLoading } from '../../components/PageLoading.js';
import { today } from '../../format/dates.js';
import { formatDay } from '../format.js';
import { PageTitle } from '../PageTitle.js';
import { ResidentError } from '../ResidentError.js';
import { solid } from '../tag-colours.js';
import { bookMarriage, cancelMarriageBooking, fetchMarriageBookings, fetchMarriageOffices, fetchMarriageSlots, marriageKeys } from './api.js';

const SERVICES = [
  { value: 'marriage', label: '结婚登记' },
  { value: 'divorce', label: '离婚登记' },
] as const;
const SERVICE_NAMES: Record<string, string> = { marriage: '结婚登记', divorce: '离婚登记', foreign: '涉外婚姻登记' };
const STATUS: Record<string, { name: string; colour: string }> = {
  open: { name: '已预约', colour: 'blue' },
  cancelled: { name: '已取消', colour: 'default' },
  no_show: { name: '未到', colour: 'orange' },
  attended: { name: '已办理', colour: 'green' },
};
const RULES = [
  '网上预约须至少提前 1 天，最远可约 30 天内；每人同一时间只能有一个未办理的预约。',
  '预约时填写对方的姓名和身份证号码，对方登录后也能看到并取消这个预约。',
  '办理当天双方须本人共同到场，携带本人居民身份证并现场签署声明；不需要户口簿，不限户籍地。',
  '预约只安排时间，不代表审查结果；是否符合登记条件，由登记员当场依法审查。',
];

/** 婚姻登记预约: the couple's bookings (made by either of them) and a new booking, rules shown before the button. */
export default function MarriageBookingPage() {
  const bookings = useQuery({ queryKey: marriageKeys.bookings, queryFn: ({ signal }) => fetchMarriageBookings(signal) });
  const open = bookings.data?.find((b) => b.status === 'open');
  return (
    <>
      <PageTitle title="婚姻登记预约">婚姻登记预约</PageTitle>
      <Flex vertical gap={16}>
        <Card title="预约须知" size="small">
          <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="marriage-rules">
            {RULES.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </Card>
        <section aria-labelledby="my-bookings">
          <Typography.Title level={2} id="my-bookings" style={{ fontSize: '1.2em' }}>
            我们的预约
          </Typography.Title>
          {bookings.isPending ? (
            <PageLoading />
          ) : bookings.isError ? (
            <ResidentError error={bookings.error} retry={() => void bookings.refetch()} />
          ) : bookings.data.length === 0 ? (
            <Card>
              <Empty description="还没有预约。可以在下面选择登记处和时间。" />
            </Card>
          ) : (
            <List bordered style={{ background: '#fff' }} dataSource={bookings.data} renderItem={(b) => <BookingItem booking={b} />} />
          )}
        </section>
        {bookings.isSuccess ? open ? <Alert type="info" showIcon title="你们已有一个未办理的预约；如需改约，请先取消原预约。" /> : <BookingForm /> : null}
      </Flex>
    </>
  );
}

function BookingItem({ booking: b }: { booking: ResidentBooking }) {
  const queryClient = useQueryClient();
  const cancel = useMutation({ mutationFn: () => cancelMarriageBooking(b.id), onSuccess: () => void queryClient.invalidateQueries({ queryKey: marriageKeys.bookings }) });
  const status = STATUS[b.status] ?? { name: b.status, colour: 'blue' };
  const tomorrow = today().add(1, 'day').format('YYYY-MM-DD');
  return (
    <List.Item data-testid="marriage-booking">
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <span>
          <strong>
            {formatDay(b.day)} {b.slot} {SERVICE_NAMES[b.service] ?? b.service}
          </strong>{' '}
          <Tag color={solid(status.colour)}>{status.name}</Tag>
        </span>
        <span>
          {b.officeName}
          {b.officeAddress ? `（${b.officeAddress}）` : ''}
        </span>
        <Typography.Text type="secondary">
          双方：{b.parties.map((p) => p.name).join('、')}；{b.bookedByMe ? '由您预约' : '由对方预约'}
        </Typography.Text>
        {cancel.isError ? <Alert type="error" showIcon role="alert" title={isApiError(cancel.error) ? cancel.error.message : '取消失败，请稍后再试'} /> : null}
        {b.status === 'open' ? (
          b.day >= tomorrow ? (
            <Popconfirm title="确定取消这个预约吗？双方都会收到消息。" okText="取消预约" cancelText="不取消" onConfirm={() => cancel.mutate()}>
              <Button danger loading={cancel.isPending} style={{ alignSelf: 'flex-start' }} data-testid="marriage-cancel">
                取消预约
              </Button>
            </Popconfirm>
          ) : (
            <Typography.Text type="secondary">预约当天不能在网上取消，如不能到场请联系登记处。</Typography.Text>
          )
        ) : null}
      </Flex>
    </List.Item>
  );
}

function BookingForm() {
  const queryClient = useQueryClient();
  const offices = useQuery({ queryKey: marriageKeys.offices, queryFn: ({ signal }) => fetchMarriageOffices(signal) });
  const [officeId, setOfficeId] = useState<number | null>(null);
  const [day, setDay] = useState<Dayjs | null>(null);
  const [service, setService] = useState<'marriage' | 'divorce'>('marriage');
  const [slot, setSlot] = useState<string | null>(null);
  const [partnerName, setPartnerName] = useState('');
  const [partnerId, setPartnerId] = useState('');
  const dayText = day?.format('YYYY-MM-DD') ?? '';
  const slots = useQuery({
    queryKey: marriageKeys.slots(officeId ?? 0, dayText),
    queryFn: ({ signal }) => fetchMarriageSlots(officeId ?? 0, dayText, signal),
    enabled: officeId !== null && dayText !== '',
  });
  const book = useMutation({
    mutationFn: () => bookMarriage({ officeId: officeId ?? 0, day: dayText, slot: slot ?? '', service, partner: { name: partnerName.trim(), idNumber: partnerId.trim().toUpperCase() } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: marriageKeys.bookings });
      void queryClient.invalidateQueries({ queryKey: ['resident', 'inbox'] });
    },
  });
  const serviceSlots = (slots.data ?? []).filter((s) => s.service === service);
  const blocked = officeId === null ? '请选择登记处' : !day ? '请选择日期' : !slot ? '请选择时段' : partnerName.trim().length < 2 ? '请填写对方姓名' : !/^\d{17}[\dXx]$/.test(partnerId.trim()) ? '请填写对方 18 位居民身份证号码' : null;
  return (
    <Card title="新的预约" data-testid="marriage-book-form">
      <Flex vertical gap={12}>
        <div>
          <label htmlFor="marriage-office" style={{ fontWeight: 700 }}>
            登记处
          </label>
          <Select
            id="marriage-office"
            style={{ width: '100%', marginTop: 6 }}
            placeholder="选择登记处"
            loading={offices.isPending}
            value={officeId ?? undefined}
            onChange={(v: number) => {
              setOfficeId(v);
              setSlot(null);
            }}
            options={(offices.data ?? []).map((o) => ({ value: o.id, label: o.address ? `${o.name}（${o.address}）` : o.name }))}
            data-testid="marriage-office"
          />
        </div>
        <div>
          <strong>业务</strong>
          <Radio.Group
            style={{ display: 'block', marginTop: 6 }}
            value={service}
            onChange={(e) => {
              setService(e.target.value);
              setSlot(null);
            }}
            options={SERVICES.map((s) => ({ value: s.value, label: s.label }))}
          />
        </div>
        <div>
          <label htmlFor="marriage-day-input" style={{ fontWeight: 700 }}>
            日期
          </label>
          <DatePicker
            id="marriage-day-input"
            style={{ width: '100%', marginTop: 6 }}
            value={day}
            onChange={(d) => {
              setDay(d);
              setSlot(null);
            }}
            disabledDate={(d) => d.isBefore(today().add(1, 'day'), 'day') || d.isAfter(today().add(30, 'day'), 'day')}
            data-testid="marriage-day"
          />
        </div>
        {officeId !== null && day ? (
          slots.isPending ? (
            <PageLoading />
          ) : slots.isError ? (
            <ResidentError error={slots.error} />
          ) : serviceSlots.length === 0 ? (
            <Typography.Text type="secondary">这一天该登记处不办理此项业务，请换一天或换一个登记处。</Typography.Text>
          ) : (
            <div>
              <strong>时段</strong>
              <Radio.Group style={{ display: 'block', marginTop: 6 }} value={slot} onChange={(e) => setSlot(e.target.value)} data-testid="marriage-slot">
                {serviceSlots.map((s) => (
                  <Radio.Button key={s.slot} value={s.slot} disabled={s.left === 0}>
                    {s.slot}（{s.left === 0 ? '已约满' : `余 ${s.left}`}）
                  </Radio.Button>
                ))}
              </Radio.Group>
            </div>
          )
        ) : null}
        <div>
          <label htmlFor="marriage-partner-name-input" style={{ fontWeight: 700 }}>
            对方姓名
          </label>
          <Input id="marriage-partner-name-input" style={{ marginTop: 6 }} maxLength={50} value={partnerName} onChange={(e) => setPartnerName(e.target.value)} data-testid="marriage-partner-name" />
        </div>
        <div>
          <label htmlFor="marriage-partner-id-input" style={{ fontWeight: 700 }}>
            对方居民身份证号码
          </label>
          <Input id="marriage-partner-id-input" style={{ marginTop: 6 }} maxLength={18} value={partnerId} onChange={(e) => setPartnerId(e.target.value)} data-testid="marriage-partner-id" />
        </div>
        {book.isError ? <Alert type="error" showIcon role="alert" title={isApiError(book.error) ? book.error.message : '预约失败，请稍后再试'} data-testid="marriage-book-error" /> : null}
        {book.isSuccess ? <Alert type="success" showIcon role="status" title="预约成功，双方都会收到消息" data-testid="marriage-book-done" /> : null}
        <Button type="primary" size="large" block disabled={blocked !== null} loading={book.isPending} onClick={() => book.mutate()} data-testid="marriage-book-submit">
          提交预约
        </Button>
        {blocked ? <Typography.Text type="secondary">{blocked}</Typography.Text> : null}
      </Flex>
    </Card>
  );
}
