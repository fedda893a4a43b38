/**
 * Admissions and discharges (入住、离院): they keep occupancy current. A basic-guarantee bed is only entered
 * through an accepted waitlist offer; other beds are admitted directly. A discharge frees the bed, and a freed
 * basic-guarantee bed is offered to the next applicant at once.
 */
import type { Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { offerFreedBeds, type AllocationRun } from './allocation.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead, emitEvent, guardedTransaction } from './guard.js';
import { bedTypeNames, type BedType, type EldercareDb } from './model.js';
import { operates, permissionFor } from './operator.js';
import { withPersonNames, type Named } from './person-names.js';
import { ELDERCARE_SYSTEM_ACTOR } from './registry-port.js';

export interface StayView extends Named {
  id: number;
  bedId: number;
  bedLabel: string;
  bedType: BedType;
  bedTypeName: string;
  basicGuarantee: boolean;
  facilityId: number;
  personId: number;
  applicationId: number | null;
  admittedOn: IsoDate;
  dischargedOn: IsoDate | null;
  dischargeReason: string | null;
}

type StayRow = Omit<StayView, keyof Named>;

async function stayViews(db: EldercareDb, where: { facilityId?: number; stayId?: number; open?: boolean }): Promise<StayRow[]> {
  let q = db
    .selectFrom('eldercare.stays as s')
    .innerJoin('eldercare.beds as b', 'b.id', 's.bed_id')
    .select(['s.id', 's.bed_id', 'b.label', 'b.bed_type', 'b.basic_guarantee', 's.facility_id', 's.person_id', 's.application_id', 's.admitted_on', 's.discharged_on', 's.discharge_reason']);
  if (where.facilityId !== undefined) q = q.where('s.facility_id', '=', where.facilityId);
  if (where.stayId !== undefined) q = q.where('s.id', '=', where.stayId);
  if (where.open) q = q.where('s.discharged_on', 'is', null);
  const rows = await q.orderBy('b.label').orderBy('s.id').execute();
  return rows.map((r) => ({
    id: r.id,
    bedId: r.bed_id,
    bedLabel: r.label,
    bedType: r.bed_type,
    bedTypeName: bedTypeNames[r.bed_type],
    basicGuarantee: r.basic_guarantee,
    facilityId: r.facility_id,
    personId: r.person_id,
    applicationId: r.application_id,
    admittedOn: r.admitted_on,
    dischargedOn: r.discharged_on,
    dischargeReason: r.discharge_reason,
  }));
}

export async function admit(deps: EldercareDeps, actor: Actor, input: { bedId: number; personId: number; admittedOn?: IsoDate }): Promise<StayView> {
  const admittedOn = input.admittedOn ?? today(deps);
  if (!isValidDate(admittedOn) || admittedOn > today(deps)) throw invalid('ELDERCARE_INVALID_DATE', '入住日期须为有效日期且不晚于今天');
  const bedRow = await tables(deps).selectFrom('eldercare.beds as b').innerJoin('eldercare.facilities as f', 'f.id', 'b.facility_id').select(['f.organisation_id']).where('b.id', '=', input.bedId).executeTakeFirst();
  // The institution's own staff admit whoever comes to their home: the person is read as the system once they
  // are allowed at the bed below; district and street staff read them as themselves (their jurisdiction).
  const person = await deps.registry.person(bedRow && operates(actor, bedRow.organisation_id) ? ELDERCARE_SYSTEM_ACTOR : actor, input.personId);
  if (person.deathDate) throw invalid('ELDERCARE_PERSON_DECEASED', `${person.name} 已登记死亡`);
  const id = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const bed = await trx
      .selectFrom('eldercare.beds as b')
      .innerJoin('eldercare.facilities as f', 'f.id', 'b.facility_id')
      .select(['b.id', 'b.status', 'b.basic_guarantee', 'b.facility_id', 'f.division_code', 'f.organisation_id'])
      .where('b.id', '=', input.bedId)
      .forUpdate('b')
      .executeTakeFirst();
    if (!bed) throw notFound('ELDERCARE_BED_NOT_FOUND', `床位 ${input.bedId} 不存在`);
    await allow({
      permission: permissionFor(actor, bed.organisation_id, 'eldercare.stays.record'),
      action: 'eldercare.stay.admit',
      entityType: 'bed',
      entityId: bed.id,
      divisionCodes: [bed.division_code],
      detail: { personId: person.id, admittedOn },
    });
    if (bed.basic_guarantee) throw conflict('ELDERCARE_BASIC_BED_VIA_WAITLIST', '保基本床位须经统筹轮候分配，请在轮候申请中接受床位通知');
    if (bed.status !== 'free') throw conflict('ELDERCARE_BED_NOT_FREE', '该床位当前不空闲');
    const open = await trx.selectFrom('eldercare.stays').select('id').where('person_id', '=', person.id).where('discharged_on', 'is', null).executeTakeFirst();
    if (open) throw conflict('ELDERCARE_ALREADY_ADMITTED', `${person.name} 已在院（入住记录 ${open.id}），须先办理离院`);
    await trx.updateTable('eldercare.beds').set({ status: 'occupied' }).where('id', '=', bed.id).execute();
    const row = await trx
      .insertInto('eldercare.stays')
      .values({ bed_id: bed.id, facility_id: bed.facility_id, person_id: person.id, application_id: null, admitted_on: admittedOn, recorded_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return (await withPersonNames(deps, actor, await stayViews(tables(deps), { stayId: id }), `eldercare.stay:${id}`))[0];
}

/** Ends a stay (death, transfer, home); the bed is free again. Shared by the API and the death handler. */
export async function endStay(trx: EldercareDb, stayId: number, dischargedOn: IsoDate, reason: string, now: Date): Promise<{ bedId: number; basicGuarantee: boolean; facilityId: number }> {
  const stay = await trx.selectFrom('eldercare.stays').select(['id', 'bed_id', 'facility_id', 'admitted_on', 'discharged_on']).where('id', '=', stayId).forUpdate().executeTakeFirst();
  if (!stay) throw notFound('ELDERCARE_STAY_NOT_FOUND', `入住记录 ${stayId} 不存在`);
  if (stay.discharged_on) throw conflict('ELDERCARE_ALREADY_DISCHARGED', `该入住记录已于 ${stay.discharged_on} 离院`);
  if (dischargedOn < stay.admitted_on) throw invalid('ELDERCARE_INVALID_DATE', `离院日期不能早于入住日期 ${stay.admitted_on}`);
  await trx.updateTable('eldercare.stays').set({ discharged_on: dischargedOn, discharge_reason: reason }).where('id', '=', stayId).execute();
  const bed = await trx.updateTable('eldercare.beds').set({ status: 'free', freed_at: now, allocation_tried_at: null }).where('id', '=', stay.bed_id).returning(['id', 'basic_guarantee']).executeTakeFirstOrThrow();
  await emitEvent(trx, { topic: 'eldercare.bed.freed', key: String(bed.id), payload: { bedId: bed.id, facilityId: stay.facility_id, basicGuarantee: bed.basic_guarantee, stayId } });
  return { bedId: bed.id, basicGuarantee: bed.basic_guarantee, facilityId: stay.facility_id };
}

export async function discharge(deps: EldercareDeps, actor: Actor, stayId: number, input: { dischargedOn?: IsoDate; reason: string }): Promise<{ stay: StayView; passedOn: AllocationRun | null }> {
  const reason = (input.reason ?? '').trim();
  if (!reason) throw invalid('ELDERCARE_REASON_REQUIRED', '离院须填写原因');
  const dischargedOn = input.dischargedOn ?? today(deps);
  if (!isValidDate(dischargedOn) || dischargedOn > today(deps)) throw invalid('ELDERCARE_INVALID_DATE', '离院日期须为有效日期且不晚于今天');
  const freed = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const facility = await trx.selectFrom('eldercare.stays as s').innerJoin('eldercare.facilities as f', 'f.id', 's.facility_id').select(['f.division_code', 'f.organisation_id']).where('s.id', '=', stayId).executeTakeFirst();
    if (!facility) throw notFound('ELDERCARE_STAY_NOT_FOUND', `入住记录 ${stayId} 不存在`);
    await allow({
      permission: permissionFor(actor, facility.organisation_id, 'eldercare.stays.record'),
      action: 'eldercare.stay.discharge',
      entityType: 'stay',
      entityId: stayId,
      divisionCodes: [facility.division_code],
      detail: { dischargedOn, reason },
    });
    return endStay(trx, stayId, dischargedOn, reason, deps.clock.now());
  });
  const passedOn = freed.basicGuarantee ? await offerFreedBeds(deps, [freed.bedId]) : null;
  return { stay: (await withPersonNames(deps, actor, await stayViews(tables(deps), { stayId }), `eldercare.stay:${stayId}`))[0], passedOn };
}

/** The residents of a facility (personal data: audited, one entry per list). */
export async function facilityResidents(deps: EldercareDeps, actor: Actor, facilityId: number): Promise<StayView[]> {
  const db = tables(deps);
  const facility = await db.selectFrom('eldercare.facilities').select(['division_code', 'organisation_id']).where('id', '=', facilityId).executeTakeFirst();
  if (!facility) throw notFound('ELDERCARE_FACILITY_NOT_FOUND', `养老服务设施 ${facilityId} 不存在`);
  const stays = await stayViews(db, { facilityId, open: true });
  await allowRead(db, actor, {
    permission: permissionFor(actor, facility.organisation_id, 'eldercare.persons.read'),
    action: 'eldercare.residents.read',
    entityType: 'facility',
    entityId: facilityId,
    divisionCodes: [facility.division_code],
    detail: { persons: stays.map((s) => s.personId) },
  });
  return withPersonNames(deps, actor, stays, `eldercare.residents:${facilityId}`);
}
