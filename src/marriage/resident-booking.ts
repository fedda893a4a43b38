/**
 * 网上预约 by a resident (居民端): a signed-in resident books for themself and their partner. The booking is keyed
 * to both ID hashes, so either of them, signed in, sees it and may cancel it — the partner needs no link or code.
 * The caller's own rows (the residents' inbox notices) are written by `within` inside the booking's transaction:
 * the booking and the notices land together or not at all. Like a staff booking, it checks nothing about marital
 * status and says nothing about it.
 */
import type { Kysely } from 'kysely';
import { appendAudit, type AccessTables, type Actor } from '../access/index.js';
import { conflict, notFound, type IsoDate } from '../kernel/index.js';
import { refuseIfFull, releasePlace, reserve, toView, validateBooking, type BookingView } from './booking.js';
import { tables, today, type MarriageDeps } from './deps.js';
import type { BookingService, MarriageDb } from './model.js';
import { partyId } from './parties.js';

/** The signed-in resident as the booking knows them: ID hash (registry key), masked number, name. */
export interface ResidentParty {
  hash: Buffer;
  masked: string;
  name: string;
}

export interface ResidentBookingInput {
  officeId: number;
  day: IsoDate;
  slot: string;
  service: BookingService;
  partner: { idNumber: string; name: string };
}

export interface ResidentBookingView extends BookingView {
  officeName: string;
  officeAddress: string;
  /** The booking was made by this resident (else by their partner). */
  bookedByMe: boolean;
}

/** What `within` gets: the booking and both parties' ID hashes (the resident's first). */
export interface BookingWrite {
  booking: ResidentBookingView;
  partyHashes: [Buffer, Buffer];
}

// biome-ignore lint/suspicious/noExplicitAny: the caller's transaction handle, for its own tables.
type Within = (trx: Kysely<any>, write: BookingWrite) => Promise<void>;

const audit = (trx: MarriageDb, actor: Actor, action: string, bookingId: number, detail: Record<string, unknown>) =>
  appendAudit(trx.withTables<AccessTables>() as unknown as Kysely<AccessTables>, { actor, action, entityType: 'marriage_booking', entityId: bookingId, result: 'ok', detail: { channel: 'resident', ...detail } });

async function officeNames(db: MarriageDb, officeId: number): Promise<{ name: string; address: string }> {
  const o = await db.selectFrom('marriage.offices').select(['name', 'address']).where('id', '=', officeId).executeTakeFirstOrThrow();
  return { name: o.name, address: o.address };
}

/** `actor` names the resident in the audit log (the portal's actor of the resident). */
export async function bookAsResident(deps: MarriageDeps, actor: Actor, self: ResidentParty, input: ResidentBookingInput, within: Within): Promise<ResidentBookingView> {
  const partner = partyId(deps.vault, input.partner.idNumber, today(deps), '对方');
  const { office, settings } = await validateBooking(deps, { ...input, channel: 'online' }, [self.hash, partner.hash]);
  await refuseIfFull(tables(deps), office, settings, { ...input, channel: 'online' });
  return tables(deps)
    .transaction()
    .execute(async (trx) => {
      const { address } = await officeNames(trx, office.id);
      const booking = await reserve(trx, office, settings, { ...input, channel: 'online' }, [self, { hash: partner.hash, masked: partner.masked, name: input.partner.name.trim() }], null);
      const view = { ...booking, officeName: office.name, officeAddress: address, bookedByMe: true };
      await within(trx, { booking: view, partyHashes: [self.hash, partner.hash] });
      // Last: the slot's counter row, then the audit chain's lock, each held only to the commit (the order every
      // booking and cancellation takes them in).
      await audit(trx, actor, 'marriage.booking.create', booking.id, { officeId: office.id, day: input.day, slot: input.slot, service: input.service });
      return view;
    });
}

const bookingColumns = [
  'b.id',
  'b.office_id',
  'b.day',
  'b.slot',
  'b.service',
  'b.channel',
  'b.status',
  'b.party_a_name',
  'b.party_b_name',
  'b.party_a_masked',
  'b.party_b_masked',
  'b.party_a_hash',
  'o.name as office_name',
  'o.address as office_address',
] as const;

/** The resident's bookings, open first then the last ten closed, whichever party made them. */
export async function residentBookings(deps: MarriageDeps, self: ResidentParty): Promise<ResidentBookingView[]> {
  const db = tables(deps);
  const rows = await db
    .selectFrom('marriage.bookings as b')
    .innerJoin('marriage.offices as o', 'o.id', 'b.office_id')
    .select(bookingColumns)
    .where((eb) => eb.or([eb('b.party_a_hash', '=', self.hash), eb('b.party_b_hash', '=', self.hash)]))
    .orderBy('b.id', 'desc')
    .limit(11)
    .execute();
  const views = rows.map((r) => ({ ...toView(r), officeName: r.office_name, officeAddress: r.office_address, bookedByMe: Buffer.from(r.party_a_hash).equals(self.hash) }));
  return [...views.filter((v) => v.status === 'open'), ...views.filter((v) => v.status !== 'open')];
}

/** Either party cancels before the day; the holds go and both may book again. */
export async function cancelAsResident(deps: MarriageDeps, actor: Actor, self: ResidentParty, bookingId: number, within: Within): Promise<ResidentBookingView> {
  const db = tables(deps);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('marriage.bookings as b')
      .innerJoin('marriage.offices as o', 'o.id', 'b.office_id')
      .select([...bookingColumns, 'b.party_b_hash'])
      .where('b.id', '=', bookingId)
      .where((eb) => eb.or([eb('b.party_a_hash', '=', self.hash), eb('b.party_b_hash', '=', self.hash)]))
      .forUpdate(['b'])
      .executeTakeFirst();
    // Someone else's booking answers as a missing one: a resident learns nothing about other couples.
    if (!row) throw notFound('MARRIAGE_UNKNOWN_BOOKING', '预约不存在');
    if (row.status !== 'open') throw conflict('MARRIAGE_BOOKING_CLOSED', '该预约已办理、取消或记为未到');
    if (row.day <= today(deps)) throw conflict('MARRIAGE_CANCEL_TOO_LATE', '预约当天及之后不能在网上取消，请联系登记机关');
    await trx.updateTable('marriage.bookings').set({ status: 'cancelled', closed_at: new Date() }).where('id', '=', bookingId).execute();
    await trx.deleteFrom('marriage.booking_holds').where('booking_id', '=', bookingId).execute();
    const a = Buffer.from(row.party_a_hash);
    const b = Buffer.from(row.party_b_hash);
    const view = { ...toView({ ...row, status: 'cancelled' }), officeName: row.office_name, officeAddress: row.office_address, bookedByMe: a.equals(self.hash) };
    await within(trx, { booking: view, partyHashes: a.equals(self.hash) ? [a, b] : [b, a] });
    await releasePlace(trx, row);
    await audit(trx, actor, 'marriage.booking.cancelled', bookingId, {});
    return view;
  });
}
