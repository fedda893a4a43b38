/**
 * 预约: places per office, day, slot and service; online at least a day ahead (A6), a walk-in share kept back; one
 * open booking per person (keyed to the ID number's hash); never overbooked — a booking claims its place with one
 * conditional UPDATE of the slot's counter (`marriage.slot_counts`) at the end of its transaction, so concurrent
 * bookings of one slot queue on that row only from the claim to the commit. A booking checks nothing about marital
 * status and tells nothing about it.
 */
import { sql } from 'kysely';
import { requirePermission, wouldRefuse, type AccessRequest, type Actor } from '../access/index.js';
import { addDays, conflict, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { allowRead, guardedTransaction, tables, today, type MarriageDeps } from './deps.js';
import type { BookingService, MarriageDb } from './model.js';
import { officeById, type OfficeView } from './offices.js';
import { partyId } from './parties.js';
import { loadSettings, type MarriageSettings } from './settings.js';

export interface BookingInput {
  officeId: number;
  day: IsoDate;
  slot: string;
  service: BookingService;
  channel: 'online' | 'walk_in';
  partyA: { idNumber: string; name: string };
  partyB: { idNumber: string; name: string };
}

export interface BookingParty {
  hash: Buffer;
  masked: string;
  name: string;
}

export interface BookingView {
  id: number;
  officeId: number;
  day: IsoDate;
  slot: string;
  service: BookingService;
  channel: 'online' | 'walk_in';
  status: string;
  parties: { name: string; idNumber: string }[];
}

export interface SlotView {
  slot: string;
  service: BookingService;
  places: number;
  onlinePlaces: number;
  booked: number;
  left: number;
}

const onlineShare = (places: number, walkInPercent: number) => Math.floor((places * (100 - walkInPercent)) / 100);

/** `online`: places left counts the online share (a resident's view); else every place (the registrar's). */
export async function daySlots(deps: MarriageDeps, officeId: number, day: IsoDate, online = false): Promise<SlotView[]> {
  if (!isValidDate(day)) throw invalid('MARRIAGE_INVALID_DATE', '日期无效');
  const db = tables(deps);
  await officeById(db, officeId);
  const settings = await loadSettings(db, today(deps));
  const caps = await db.selectFrom('marriage.capacity').selectAll().where('office_id', '=', officeId).orderBy('service').orderBy('slot').execute();
  const counts = await db
    .selectFrom('marriage.bookings')
    .select(['slot', 'service', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.count<string>('id').filterWhere('channel', '=', 'online').as('online')])
    .where('office_id', '=', officeId)
    .where('day', '=', day)
    .where('status', '<>', 'cancelled')
    .groupBy(['slot', 'service'])
    .execute();
  return caps.map((c) => {
    const n = counts.find((x) => x.slot === c.slot && x.service === c.service);
    const booked = Number(n?.n ?? 0);
    const onlinePlaces = onlineShare(c.places, settings.walkInPercent);
    const left = Math.max(0, online ? Math.min(onlinePlaces - Number(n?.online ?? 0), c.places - booked) : c.places - booked);
    return { slot: c.slot, service: c.service, places: c.places, onlinePlaces, booked, left };
  });
}

/** What a resident may book online on a day: the places left of the online share, from the minimum notice on. */
export async function slotsForResident(deps: MarriageDeps, officeId: number, day: IsoDate): Promise<SlotView[]> {
  const slots = await daySlots(deps, officeId, day, true);
  const settings = await loadSettings(tables(deps), today(deps));
  const office = await officeById(tables(deps), officeId);
  const bookable = day >= addDays(today(deps), settings.minDaysAhead) && day <= addDays(today(deps), settings.horizonDays);
  return slots.filter((s) => s.service !== 'foreign' || (office.foreignFrom !== null && office.foreignFrom <= day)).map((s) => (bookable ? s : { ...s, left: 0 }));
}

/** The rules a booking meets before any row is locked (both ID numbers, the day, the office's services). */
export async function validateBooking(deps: MarriageDeps, input: Pick<BookingInput, 'officeId' | 'day' | 'service' | 'channel'>, hashes: [Buffer, Buffer]): Promise<{ office: OfficeView; settings: MarriageSettings }> {
  const now = today(deps);
  if (hashes[0].equals(hashes[1])) throw invalid('MARRIAGE_SAME_PERSON', '双方身份证号码相同');
  if (!isValidDate(input.day)) throw invalid('MARRIAGE_INVALID_DATE', '预约日期无效');
  const db = tables(deps);
  const office = await officeById(db, input.officeId);
  const settings = await loadSettings(db, now);
  if (input.channel === 'online' && input.day < addDays(now, settings.minDaysAhead)) throw invalid('MARRIAGE_BOOKING_TOO_LATE', `网上预约须至少提前 ${settings.minDaysAhead} 天（预约日期不能早于 ${addDays(now, settings.minDaysAhead)}）`);
  if (input.channel === 'walk_in' && input.day !== now) throw invalid('MARRIAGE_WALK_IN_TODAY', '现场号只能取当天');
  if (input.day > addDays(now, settings.horizonDays)) throw invalid('MARRIAGE_BOOKING_TOO_FAR', `最远可预约 ${settings.horizonDays} 天以内的日期`);
  if (input.service === 'foreign' && (!office.foreignFrom || office.foreignFrom > input.day)) throw invalid('MARRIAGE_NO_FOREIGN_SERVICE', `${office.name}当日不办理涉外婚姻登记`);
  return { office, settings };
}

/**
 * The early answer before any transaction: MARRIAGE_UNKNOWN_SLOT, or MARRIAGE_SLOT_FULL when the slot has no place
 * left for the channel — at once, without a lock or an audit entry (nothing was read or stored). One read of the
 * capacity and the slot's counter. A slot that looks free here is claimed under the row lock by `reserve`, so the
 * early answer can never overbook.
 */
export async function refuseIfFull(db: MarriageDb, office: OfficeView, settings: MarriageSettings, input: Pick<BookingInput, 'day' | 'slot' | 'service' | 'channel'>): Promise<void> {
  const cap = await db
    .selectFrom('marriage.capacity as c')
    .leftJoin('marriage.slot_counts as s', (j) => j.onRef('s.office_id', '=', 'c.office_id').onRef('s.slot', '=', 'c.slot').onRef('s.service', '=', 'c.service').on('s.day', '=', input.day))
    .select(['c.places', 's.taken', 's.online'])
    .where('c.office_id', '=', office.id)
    .where('c.service', '=', input.service)
    .where('c.slot', '=', input.slot)
    .executeTakeFirst();
  if (!cap) throw invalid('MARRIAGE_UNKNOWN_SLOT', `该登记机关没有 ${input.slot} 时段`);
  const taken = cap.taken ?? 0;
  const online = cap.online ?? 0;
  if (taken >= cap.places || (input.channel === 'online' && online >= onlineShare(cap.places, settings.walkInPercent))) throw slotFull(input);
}

const slotFull = (input: Pick<BookingInput, 'day' | 'slot'>) => conflict('MARRIAGE_SLOT_FULL', `${input.day} ${input.slot} 时段已约满`);

/**
 * Claims one place of the slot: the counter row is created at the first booking, then taken + 1 only while a place
 * is left for the channel (the online share for online bookings) — one statement; PostgreSQL re-checks the
 * condition on the newest row after waiting for a concurrent claim, so two bookings can never take the last place.
 * The row stays locked until the commit: call it last in the transaction.
 */
async function claimPlace(trx: MarriageDb, officeId: number, settings: MarriageSettings, input: Pick<BookingInput, 'day' | 'slot' | 'service' | 'channel'>): Promise<void> {
  const isOnline = input.channel === 'online' ? 1 : 0;
  const places = sql<number>`(select c.places from marriage.capacity c where c.office_id = ${officeId} and c.service = ${input.service} and c.slot = ${input.slot})`;
  const claimed = await sql<{ taken: number }>`
    insert into marriage.slot_counts as s (office_id, day, slot, service, taken, online)
    select ${officeId}, ${input.day}::date, ${input.slot}, ${input.service}, 1, ${isOnline}
     where ${places} >= 1 and (${isOnline} = 0 or (${places} * (100 - ${settings.walkInPercent})) / 100 >= 1)
    on conflict (office_id, day, slot, service) do update set taken = s.taken + 1, online = s.online + excluded.online
     where s.taken < ${places} and (excluded.online = 0 or s.online < (${places} * (100 - ${settings.walkInPercent})) / 100)
    returning s.taken`.execute(trx);
  if (!claimed.rows.length) throw slotFull(input);
}

/** Gives a cancelled booking's place back (in the cancelling transaction). */
export async function releasePlace(trx: MarriageDb, booking: { office_id: number; day: string; slot: string; service: string; channel: 'online' | 'walk_in' }): Promise<void> {
  await trx
    .updateTable('marriage.slot_counts')
    .set((eb) => ({ taken: eb('taken', '-', 1), online: eb('online', '-', booking.channel === 'online' ? 1 : 0) }))
    .where('office_id', '=', booking.office_id)
    .where('day', '=', booking.day)
    .where('slot', '=', booking.slot)
    .where('service', '=', booking.service)
    .execute();
}

/**
 * Takes a place inside the caller's transaction: the holds keep one open booking per person (a concurrent booking
 * of the same person meets the holds' primary key), the booking is written, and the place is claimed last, so the
 * slot's counter row is locked only from the claim to the commit. The caller appends its audit entry after this
 * and commits.
 */
export async function reserve(
  trx: MarriageDb,
  office: OfficeView,
  settings: MarriageSettings,
  input: Pick<BookingInput, 'day' | 'slot' | 'service' | 'channel'>,
  parties: [BookingParty, BookingParty],
  createdBy: number | null,
): Promise<BookingView> {
  const [a, b] = parties;
  const bookingOpen = () => conflict('MARRIAGE_BOOKING_OPEN', '一方已有未办理的预约，请先办理或取消原预约');
  const holds = await trx.selectFrom('marriage.booking_holds').select('id_hash').where('id_hash', 'in', [a.hash, b.hash]).execute();
  if (holds.length) throw bookingOpen();
  const row = await trx
    .insertInto('marriage.bookings')
    .values({
      office_id: office.id,
      day: input.day,
      slot: input.slot,
      service: input.service,
      channel: input.channel,
      party_a_hash: a.hash,
      party_b_hash: b.hash,
      party_a_masked: a.masked,
      party_b_masked: b.masked,
      party_a_name: a.name,
      party_b_name: b.name,
      created_by: createdBy,
      closed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    await trx
      .insertInto('marriage.booking_holds')
      .values([
        { id_hash: a.hash, booking_id: row.id },
        { id_hash: b.hash, booking_id: row.id },
      ])
      .execute();
  } catch (error) {
    // The same person booked at the same moment elsewhere: that booking's hold came first.
    if ((error as { code?: string }).code === '23505') throw bookingOpen();
    throw error;
  }
  await claimPlace(trx, office.id, settings, input);
  return {
    id: Number(row.id),
    officeId: office.id,
    day: input.day,
    slot: input.slot,
    service: input.service,
    channel: input.channel,
    status: 'open',
    parties: [
      { name: a.name, idNumber: a.masked },
      { name: b.name, idNumber: b.masked },
    ],
  };
}

export async function book(deps: MarriageDeps, actor: Actor, input: BookingInput): Promise<BookingView> {
  requirePermission(actor, 'marriage.register');
  const now = today(deps);
  const a = partyId(deps.vault, input.partyA.idNumber, now, '一方');
  const b = partyId(deps.vault, input.partyB.idNumber, now, '另一方');
  const { office, settings } = await validateBooking(deps, input, [a.hash, b.hash]);
  await refuseIfFull(tables(deps), office, settings, input);
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request: AccessRequest = { permission: 'marriage.register', action: 'marriage.booking.create', entityType: 'marriage_office', entityId: office.id, divisionCodes: [office.districtCode] };
    // A refused actor (another office's registrar) is refused before anything is read. Ours is audited last: the audit chain's lock
    // (one for the whole system) is then held only from the entry to the commit, not through the booking.
    if (wouldRefuse(actor, request)) await allow(request);
    const view = await reserve(
      trx,
      office,
      settings,
      input,
      [
        { hash: a.hash, masked: a.masked, name: input.partyA.name },
        { hash: b.hash, masked: b.masked, name: input.partyB.name },
      ],
      actor.userId,
    );
    await allow(request);
    return view;
  });
}

/** 取消 (the couple) or 未到 (no-show, from the booked day on): the booking closes and the persons may book again. */
export async function closeBooking(deps: MarriageDeps, actor: Actor, bookingId: number, to: 'cancelled' | 'no_show'): Promise<BookingView> {
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const row = await trx.selectFrom('marriage.bookings as b').innerJoin('marriage.offices as o', 'o.id', 'b.office_id').selectAll('b').select('o.district_code').where('b.id', '=', bookingId).forUpdate().executeTakeFirst();
    const request = { permission: 'marriage.register' as const, action: `marriage.booking.${to}`, entityType: 'marriage_booking', entityId: bookingId };
    if (!row) {
      await allow(request);
      throw notFound('MARRIAGE_UNKNOWN_BOOKING', '预约不存在');
    }
    const scoped = { ...request, divisionCodes: [row.district_code] };
    // A refused actor (another office, another role) is refused before anything is told; ours is audited last (the order a booking takes the slot's
    // counter row and the audit chain's lock in: never the other way round, so the two cannot deadlock).
    if (wouldRefuse(actor, scoped)) await allow(scoped);
    if (row.status !== 'open') throw conflict('MARRIAGE_BOOKING_CLOSED', '该预约已办理、取消或记为未到');
    if (to === 'no_show' && row.day > today(deps)) throw conflict('MARRIAGE_NO_SHOW_EARLY', '预约日期未到，不能记为未到');
    await trx.updateTable('marriage.bookings').set({ status: to, closed_at: new Date() }).where('id', '=', bookingId).execute();
    await trx.deleteFrom('marriage.booking_holds').where('booking_id', '=', bookingId).execute();
    if (to === 'cancelled') await releasePlace(trx, row);
    await allow(scoped);
    return toView({ ...row, status: to });
  });
}

type BookingRow = {
  id: number;
  office_id: number;
  day: string;
  slot: string;
  service: BookingService;
  channel: 'online' | 'walk_in';
  status: string;
  party_a_name: string;
  party_b_name: string;
  party_a_masked: string;
  party_b_masked: string;
};
export const toView = (r: BookingRow): BookingView => ({
  id: r.id,
  officeId: r.office_id,
  day: r.day,
  slot: r.slot,
  service: r.service,
  channel: r.channel,
  status: r.status,
  parties: [
    { name: r.party_a_name, idNumber: r.party_a_masked },
    { name: r.party_b_name, idNumber: r.party_b_masked },
  ],
});

/** The registrar's day list: their office's bookings of a day (one audited read). */
export async function dayList(deps: MarriageDeps, actor: Actor, officeId: number, day: IsoDate): Promise<BookingView[]> {
  if (!isValidDate(day)) throw invalid('MARRIAGE_INVALID_DATE', '日期无效');
  const db = tables(deps);
  const office = await officeById(db, officeId);
  await allowRead(db, actor, { permission: 'marriage.read', action: 'marriage.bookings.day', entityType: 'marriage_office', entityId: officeId, divisionCodes: [office.districtCode], detail: { day } });
  const rows = await db.selectFrom('marriage.bookings').selectAll().where('office_id', '=', officeId).where('day', '=', day).orderBy('slot').orderBy('id').execute();
  return rows.map(toView);
}

/** Registration marks the couple's open booking as attended and frees the holds. */
export async function attendBooking(trx: ReturnType<typeof tables>, hashes: Buffer[]): Promise<void> {
  const holds = await trx.selectFrom('marriage.booking_holds').select('booking_id').where('id_hash', 'in', hashes).execute();
  const ids = [...new Set(holds.map((h) => h.booking_id))];
  if (!ids.length) return;
  await trx.updateTable('marriage.bookings').set({ status: 'attended', closed_at: new Date() }).where('id', 'in', ids).execute();
  await trx.deleteFrom('marriage.booking_holds').where('booking_id', 'in', ids).execute();
}
