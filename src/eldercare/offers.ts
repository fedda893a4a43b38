/**
 * Answering a bed offer: accepted → the stay begins and the bed is occupied; declined (with a reason) or left
 * past its time limit → the applicant goes back to waiting (removed after the configured number of refusals)
 * and the bed is offered to the next applicant at once.
 */
import type { Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { offerFreedBeds, type AllocationRun } from './allocation.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { auditSystem, guardedTransaction } from './guard.js';
import type { EldercareDb } from './model.js';
import { loadSettings } from './settings.js';
import { applicationAfterAction, applicationRow, closeApplication, type ApplicationDetail } from './waitlist.js';

async function lockedOffer(trx: EldercareDb, offerId: number) {
  const offer = await trx
    .selectFrom('eldercare.offers as o')
    .innerJoin('eldercare.applications as a', 'a.id', 'o.application_id')
    .innerJoin('eldercare.facilities as f', 'f.id', 'o.facility_id')
    .select(['o.id', 'o.application_id', 'o.bed_id', 'o.facility_id', 'o.status', 'o.expires_at', 'a.person_id', 'a.division_code', 'f.division_code as facility_division', 'f.name as facility_name'])
    .where('o.id', '=', offerId)
    .forUpdate('o')
    .executeTakeFirst();
  if (!offer) throw notFound('ELDERCARE_OFFER_NOT_FOUND', `床位通知 ${offerId} 不存在`);
  return offer;
}

export async function acceptOffer(deps: EldercareDeps, actor: Actor, offerId: number, input: { admittedOn?: IsoDate } = {}): Promise<ApplicationDetail> {
  const on = today(deps);
  const admittedOn = input.admittedOn ?? on;
  if (!isValidDate(admittedOn)) throw invalid('ELDERCARE_INVALID_DATE', `入住日期无效：${admittedOn}`);
  const now = deps.clock.now();
  const applicationId = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const offer = await lockedOffer(trx, offerId);
    await allow({ permission: 'eldercare.waitlist.handle', action: 'eldercare.offer.accept', entityType: 'offer', entityId: offerId, divisionCodes: [offer.division_code, offer.facility_division], detail: { admittedOn } });
    if (offer.status !== 'open') throw conflict('ELDERCARE_OFFER_CLOSED', '该床位通知已答复或已失效');
    if (new Date(offer.expires_at) < now) throw conflict('ELDERCARE_OFFER_EXPIRED', '该床位通知已超过答复期限');
    await trx.updateTable('eldercare.offers').set({ status: 'accepted', answered_at: now, answered_by: actor.userId }).where('id', '=', offerId).execute();
    await trx.updateTable('eldercare.beds').set({ status: 'occupied' }).where('id', '=', offer.bed_id).execute();
    await trx.insertInto('eldercare.stays').values({ bed_id: offer.bed_id, facility_id: offer.facility_id, person_id: offer.person_id, application_id: offer.application_id, admitted_on: admittedOn, recorded_by: actor.userId }).execute();
    await trx.updateTable('eldercare.applications').set({ status: 'admitted', admitted_on: admittedOn, status_changed_at: now }).where('id', '=', offer.application_id).execute();
    await trx
      .insertInto('eldercare.application_log')
      .values({ application_id: offer.application_id, action: 'admitted', actor_user: actor.userId, reason: `接受床位通知，入住${offer.facility_name}`, detail: JSON.stringify({ offerId, bedId: offer.bed_id, admittedOn }) })
      .execute();
    return offer.application_id;
  });
  return applicationAfterAction(deps, applicationId);
}

/** Puts the applicant back in the queue (or removes them after too many refusals) and frees the bed. */
async function refuse(trx: EldercareDb, offer: { id: number; application_id: number; bed_id: number }, status: 'declined' | 'expired', reason: string, actorUser: number | null, maxDeclines: number, now: Date): Promise<void> {
  await trx.updateTable('eldercare.offers').set({ status, answered_at: now, reason, answered_by: actorUser }).where('id', '=', offer.id).execute();
  await trx.updateTable('eldercare.beds').set({ status: 'free', allocation_tried_at: null }).where('id', '=', offer.bed_id).execute();
  const app = await applicationRow(trx, offer.application_id);
  const declines = app.declines + 1;
  await trx.updateTable('eldercare.applications').set({ declines, status: 'waiting', status_changed_at: now }).where('id', '=', app.id).execute();
  const what = status === 'declined' ? `放弃床位：${reason}` : '床位通知逾期未答复，视为放弃';
  await trx
    .insertInto('eldercare.application_log')
    .values({ application_id: app.id, action: status, actor_user: actorUser, reason: what, detail: JSON.stringify({ offerId: offer.id, bedId: offer.bed_id, declines }) })
    .execute();
  if (declines >= maxDeclines) await closeApplication(trx, app.id, 'removed', `累计放弃床位 ${declines} 次（上限 ${maxDeclines} 次），移出轮候，可重新申请`, actorUser);
}

export async function declineOffer(deps: EldercareDeps, actor: Actor, offerId: number, input: { reason: string }): Promise<{ application: ApplicationDetail; passedOn: AllocationRun }> {
  const reason = (input.reason ?? '').trim();
  if (!reason) throw invalid('ELDERCARE_REASON_REQUIRED', '放弃床位须填写原因');
  const now = deps.clock.now();
  const db = tables(deps);
  const settings = await loadSettings(db, today(deps));
  const offer = await guardedTransaction(db, actor, async (trx, allow) => {
    const locked = await lockedOffer(trx, offerId);
    await allow({ permission: 'eldercare.waitlist.handle', action: 'eldercare.offer.decline', entityType: 'offer', entityId: offerId, divisionCodes: [locked.division_code, locked.facility_division], detail: { reason } });
    if (locked.status !== 'open') throw conflict('ELDERCARE_OFFER_CLOSED', '该床位通知已答复或已失效');
    await refuse(trx, locked, 'declined', reason, actor.userId, settings.maxDeclines, now);
    return locked;
  });
  const passedOn = await offerFreedBeds(deps, [offer.bed_id]);
  return { application: await applicationAfterAction(deps, offer.application_id), passedOn };
}

/** The scheduler: open offers past their time limit count as refused; their beds go to the next applicants. */
export async function expireOffers(deps: EldercareDeps): Promise<{ expired: number[]; passedOn: AllocationRun | null }> {
  const now = deps.clock.now();
  const db = tables(deps);
  const settings = await loadSettings(db, today(deps));
  const expired = await db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('eldercare.offers').select(['id', 'application_id', 'bed_id']).where('status', '=', 'open').where('expires_at', '<', now).forUpdate().execute();
    for (const offer of due) await refuse(trx, offer, 'expired', '逾期未答复', null, settings.maxDeclines, now);
    if (due.length) await auditSystem(trx, 'eldercare.offer.expire', 'offer', undefined, { offers: due.map((o) => o.id) });
    return due;
  });
  const passedOn = expired.length
    ? await offerFreedBeds(
        deps,
        expired.map((o) => o.bed_id),
      )
    : null;
  return { expired: expired.map((o) => o.id), passedOn };
}
