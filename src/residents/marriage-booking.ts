/**
 * 婚姻登记网上预约 in the residents' end: the resident books for the couple through marriage's public index; the
 * notices to both persons (this module's inbox) are written in the booking's own transaction, so a booking never
 * exists without its notices nor a notice without its booking. The partner, once signed in, sees the booking
 * because marriage keys it to both ID hashes.
 */
import type { Kysely } from 'kysely';
import { bookAsResident, cancelAsResident, residentBookings, type BookingWrite, type ResidentBookingInput, type ResidentBookingView, type ResidentParty } from '../marriage/index.js';
import { personIdHashes, personIdsByHash, type RegistryTables } from '../registry/index.js';
import { portalActor, type ResidentDeps } from './deps.js';
import type { ResidentSession } from './identity.js';
import type { ResidentTables } from './model.js';
import { marriageDepsOf, personsById } from './ports.js';

const SERVICE = { marriage: '结婚登记', divorce: '离婚登记', foreign: '涉外婚姻登记' } as const;

async function selfParty(deps: ResidentDeps, session: ResidentSession): Promise<ResidentParty> {
  const [person] = await personsById(deps, portalActor(session.residentId), [session.personId], `resident:${session.residentId}:marriage`);
  const hash = (await personIdHashes(deps.db.kysely.withTables<RegistryTables>(), [session.personId])).get(session.personId);
  if (!person || !hash) throw new Error('signed-in resident without a registry record');
  return { hash, masked: person.idNumber, name: person.name };
}

const when = (b: ResidentBookingView) => `${b.officeName} ${b.day} ${b.slot} ${SERVICE[b.service as keyof typeof SERVICE] ?? b.service}`;

/** One notice per person of the couple the registry knows (a partner from elsewhere has no inbox). */
// biome-ignore lint/suspicious/noExplicitAny: the booking's transaction handle.
async function notify(trx: Kysely<any>, write: BookingWrite, kind: 'booked' | 'cancelled', byName: string): Promise<void> {
  const persons = await personIdsByHash(trx.withTables<RegistryTables>(), write.partyHashes);
  const b = write.booking;
  const rows = write.partyHashes.flatMap((hash, i) => {
    const personId = persons.get(hash.toString('hex'));
    if (personId === undefined) return [];
    const mine = i === 0;
    const title = kind === 'booked' ? '婚姻登记预约成功' : '婚姻登记预约已取消';
    const body = kind === 'booked' ? `${mine ? '您' : `${byName}为你们`}已预约 ${when(b)}。请双方当日携带本人居民身份证，按时共同到场；无需户口簿。` : `${mine ? '您' : byName}已取消 ${when(b)} 的预约。如需办理，可重新预约。`;
    return [{ person_id: personId, kind: 'status' as const, title, body, dedup_key: `marriage-booking:${b.id}:${kind}:${personId}` }];
  });
  if (rows.length)
    await trx
      .withTables<ResidentTables>()
      .insertInto('residents.inbox')
      .values(rows)
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .execute();
}

export async function bookMarriage(deps: ResidentDeps, session: ResidentSession, input: ResidentBookingInput): Promise<ResidentBookingView> {
  const self = await selfParty(deps, session);
  return bookAsResident(marriageDepsOf(deps), portalActor(session.residentId), self, input, (trx, write) => notify(trx, write, 'booked', self.name));
}

export async function myMarriageBookings(deps: ResidentDeps, session: ResidentSession): Promise<ResidentBookingView[]> {
  return residentBookings(marriageDepsOf(deps), await selfParty(deps, session));
}

export async function cancelMarriageBooking(deps: ResidentDeps, session: ResidentSession, bookingId: number): Promise<ResidentBookingView> {
  const self = await selfParty(deps, session);
  return cancelAsResident(marriageDepsOf(deps), portalActor(session.residentId), self, bookingId, (trx, write) => notify(trx, write, 'cancelled', self.name));
}
