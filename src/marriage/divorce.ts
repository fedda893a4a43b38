/**
 * 协议离婚 (民法典 1076–1078) as an append-only action log; the status is derived from the log and the day:
 * 受理 → (撤回 by either party within the cooling-off) → 冷静期届满 → 登记 (both, at the receiving office, within the
 * next 30 days; 离婚证, the marriage ends) → else 视为撤回 (the daily job). Periods per 民法典 201/203 (kernel holidays).
 */
import { requirePermission, type AccessRequest, type Actor } from '../access/index.js';
import { conflict, invalid, notFound, periodLastDay, type IsoDate } from '../kernel/index.js';
import { issueCertificate } from './certificates.js';
import { auditSystem, emitEvent, guardedTransaction, NOWHERE, tables, today, type MarriageDeps } from './deps.js';
import type { DivorceActionKind, DivorceAgreement, MarriageDb } from './model.js';
import { officeOfActor } from './offices.js';
import { loadSettings, type MarriageSettings } from './settings.js';

export type DivorceStatus = 'cooling_off' | 'awaiting_registration' | 'withdrawn' | 'registered' | 'refused' | 'deemed_withdrawn' | 'ended' | 'lapsing';

export interface DivorceTimeline {
  receivedOn: IsoDate;
  /** Last day a party may withdraw (day 30). */
  coolingOffLastDay: IsoDate;
  /** First and last day the couple may ask for the certificate. */
  registrationFrom: IsoDate;
  registrationLastDay: IsoDate;
}

export interface DivorceView {
  id: number;
  marriageId: number;
  officeId: number;
  officeName: string;
  receiptNumber: string;
  status: DivorceStatus;
  timeline: DivorceTimeline;
  /** Days left in the current window (0 on its last day), null once closed. */
  daysLeft: number | null;
  husband: { name: string; idNumber: string };
  wife: { name: string; idNumber: string };
  agreement: DivorceAgreement;
  actions: { kind: DivorceActionKind; onDay: IsoDate; byParty: string | null; detail: Record<string, unknown> }[];
  certificateNumber: string | null;
}

export function timeline(receivedOn: IsoDate, s: Pick<MarriageSettings, 'coolingOffDays' | 'certificateDays' | 'period'>): DivorceTimeline {
  const coolingOffLastDay = periodLastDay(receivedOn, s.coolingOffDays, s.period);
  const registrationLastDay = periodLastDay(coolingOffLastDay, s.certificateDays, s.period);
  const next = new Date(`${coolingOffLastDay}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { receivedOn, coolingOffLastDay, registrationFrom: next.toISOString().slice(0, 10), registrationLastDay };
}

const CLOSING: DivorceActionKind[] = ['withdrawn', 'registered', 'refused', 'deemed_withdrawn', 'ended'];

export function deriveStatus(actions: readonly { kind: DivorceActionKind }[], t: DivorceTimeline, on: IsoDate): DivorceStatus {
  const closing = actions.find((a) => CLOSING.includes(a.kind));
  if (closing) return closing.kind as DivorceStatus;
  if (on <= t.coolingOffLastDay) return 'cooling_off';
  if (on <= t.registrationLastDay) return 'awaiting_registration';
  return 'lapsing';
}

const daysBetween = (a: IsoDate, b: IsoDate) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

async function load(db: MarriageDb, id: number, on: IsoDate): Promise<DivorceView & { districtCode: string }> {
  const app = await db
    .selectFrom('marriage.divorce_applications as a')
    .innerJoin('marriage.marriages as m', 'm.id', 'a.marriage_id')
    .innerJoin('marriage.offices as o', 'o.id', 'a.office_id')
    .select(['a.id', 'a.marriage_id', 'a.office_id', 'o.name as office_name', 'o.district_code', 'a.receipt_number', 'a.received_on', 'a.agreement', 'm.husband_name', 'm.husband_masked', 'm.wife_name', 'm.wife_masked'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!app) throw notFound('MARRIAGE_UNKNOWN_APPLICATION', '离婚登记申请不存在');
  const actions = await db.selectFrom('marriage.divorce_actions').selectAll().where('application_id', '=', id).orderBy('id').execute();
  const settings = await loadSettings(db, app.received_on);
  const t = timeline(app.received_on, settings);
  const status = deriveStatus(actions, t, on);
  const cert = await db.selectFrom('marriage.certificates').select('number').where('application_id', '=', id).orderBy('id', 'desc').executeTakeFirst();
  const daysLeft = status === 'cooling_off' ? daysBetween(on, t.coolingOffLastDay) : status === 'awaiting_registration' ? daysBetween(on, t.registrationLastDay) : null;
  return {
    id: app.id,
    marriageId: app.marriage_id,
    officeId: app.office_id,
    officeName: app.office_name,
    districtCode: app.district_code,
    receiptNumber: app.receipt_number,
    status,
    timeline: t,
    daysLeft,
    husband: { name: app.husband_name, idNumber: app.husband_masked ?? '' },
    wife: { name: app.wife_name, idNumber: app.wife_masked ?? '' },
    agreement: app.agreement,
    actions: actions.map((a) => ({ kind: a.kind, onDay: a.on_day, byParty: a.by_party, detail: a.detail as Record<string, unknown> })),
    certificateNumber: cert?.number ?? null,
  };
}

const strip = ({ districtCode: _d, ...view }: DivorceView & { districtCode: string }): DivorceView => view;

export async function getDivorce(deps: MarriageDeps, actor: Actor, id: number): Promise<DivorceView> {
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'marriage.read' as const, action: 'marriage.divorce.read', entityType: 'divorce_application', entityId: id };
    const exists = await trx.selectFrom('marriage.divorce_applications as a').innerJoin('marriage.offices as o', 'o.id', 'a.office_id').select('o.district_code').where('a.id', '=', id).executeTakeFirst();
    await allow({ ...request, divisionCodes: exists ? [exists.district_code] : [NOWHERE] });
    return strip(await load(trx, id, today(deps)));
  });
}

export interface ApplyInput {
  marriageId: number;
  bothPresent: boolean;
  agreement: DivorceAgreement | null;
  /** 民事行为能力 of each party as the registrar found it. */
  capacity: { husband: 'full' | 'limited' | 'none'; wife: 'full' | 'limited' | 'none' };
}

const notAccepted = (code: string, why: string) => invalid(code, `不予受理：${why}`);

export async function applyForDivorce(deps: MarriageDeps, actor: Actor, input: ApplyInput): Promise<DivorceView> {
  const db = tables(deps);
  const on = today(deps);
  requirePermission(actor, 'marriage.register');
  const office = await officeOfActor(db, actor);
  if (!input.bothPresent) throw notAccepted('MARRIAGE_PARTY_ABSENT', '协议离婚须双方亲自到婚姻登记机关申请（《民法典》第1076条）');
  const a = input.agreement;
  if (!a?.children.trim() || !a.property.trim() || !a.debts.trim()) throw notAccepted('MARRIAGE_NO_AGREEMENT', '未提交对子女抚养、财产以及债务处理等事项协商一致的书面离婚协议（《民法典》第1076条、《婚姻登记条例》第14条）');
  if (input.capacity.husband !== 'full' || input.capacity.wife !== 'full') throw notAccepted('MARRIAGE_NO_CAPACITY', '一方为无民事行为能力人或者限制民事行为能力人，应通过诉讼离婚（《婚姻登记条例》第14条）');
  const id = await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.register', action: 'marriage.divorce.apply', entityType: 'marriage', entityId: input.marriageId, divisionCodes: [office.districtCode] });
    const m = await trx.selectFrom('marriage.marriages').select(['id', 'ended_on', 'provenance']).where('id', '=', input.marriageId).forUpdate().executeTakeFirst();
    if (!m) throw notAccepted('MARRIAGE_NOT_REGISTERED_HERE', '未查到该婚姻在中国内地的登记档案（《婚姻登记条例》第14条）');
    if (m.ended_on) throw conflict('MARRIAGE_ALREADY_ENDED', `该婚姻已于 ${m.ended_on} 终止`);
    const open = await trx.selectFrom('marriage.divorce_applications').select('receipt_number').where('marriage_id', '=', m.id).where('closed', '=', false).executeTakeFirst();
    if (open) throw conflict('MARRIAGE_APPLICATION_OPEN', `该婚姻已有未办结的离婚登记申请（回执 ${open.receipt_number}）`);
    const row = await trx
      .insertInto('marriage.divorce_applications')
      .values({ marriage_id: m.id, office_id: office.id, receipt_number: `pending-${m.id}-${Date.now()}`, received_on: on, agreement: JSON.stringify(a) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('marriage.divorce_applications')
      .set({ receipt_number: `HS${office.code6}-${on.slice(0, 4)}-${String(row.id).padStart(6, '0')}` })
      .where('id', '=', row.id)
      .execute();
    await trx.insertInto('marriage.divorce_actions').values({ application_id: row.id, kind: 'applied', on_day: on, by_party: 'both', actor_id: actor.userId, detail: '{}' }).execute();
    return row.id;
  });
  return strip(await load(db, id, on));
}

async function close(trx: MarriageDb, id: number, kind: DivorceActionKind, on: IsoDate, byParty: 'husband' | 'wife' | 'both' | null, actorId: number | null, detail: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('marriage.divorce_actions')
    .values({ application_id: id, kind, on_day: on, by_party: byParty, actor_id: actorId, detail: JSON.stringify(detail) })
    .execute();
  await trx.updateTable('marriage.divorce_applications').set({ closed: true }).where('id', '=', id).execute();
}

async function lockedForAction(trx: MarriageDb, actor: Actor, id: number, action: string, allow: (r: AccessRequest) => Promise<void>, on: IsoDate) {
  const row = await trx.selectFrom('marriage.divorce_applications as a').innerJoin('marriage.offices as o', 'o.id', 'a.office_id').select(['a.id', 'o.district_code']).where('a.id', '=', id).forUpdate().executeTakeFirst();
  await allow({ permission: 'marriage.register', action, entityType: 'divorce_application', entityId: id, divisionCodes: [row?.district_code ?? NOWHERE] });
  if (!row) throw notFound('MARRIAGE_UNKNOWN_APPLICATION', '离婚登记申请不存在');
  const view = await load(trx, id, on);
  const own = await officeOfActor(trx, actor);
  return { view, own };
}

/** 撤回: either party alone, within the cooling-off (第1077条第1款), at the receiving office. */
export async function withdrawDivorce(deps: MarriageDeps, actor: Actor, id: number, input: { party: 'husband' | 'wife' }): Promise<DivorceView> {
  const db = tables(deps);
  const on = today(deps);
  await guardedTransaction(db, actor, async (trx, allow) => {
    const { view } = await lockedForAction(trx, actor, id, 'marriage.divorce.withdraw', allow, on);
    if (view.status !== 'cooling_off')
      throw conflict(
        'MARRIAGE_WITHDRAW_LATE',
        view.status === 'awaiting_registration' || view.status === 'lapsing' ? `冷静期已于 ${view.timeline.coolingOffLastDay} 届满，不能撤回（《民法典》第1077条第1款：收到申请之日起三十日内）` : '该申请已办结',
      );
    await close(trx, id, 'withdrawn', on, input.party, actor.userId, {});
  });
  return strip(await load(db, id, on));
}

/** 登记: both parties, at the office that received the application, in the 30 days after the cooling-off (第1077条第2款). */
export async function registerDivorce(deps: MarriageDeps, actor: Actor, id: number, input: { bothPresent: boolean; consentConfirmed: boolean; requestKey?: string }): Promise<DivorceView> {
  const db = tables(deps);
  const on = today(deps);
  await guardedTransaction(db, actor, async (trx, allow) => {
    const { view, own } = await lockedForAction(trx, actor, id, 'marriage.divorce.register', allow, on);
    if (view.status === 'registered' && input.requestKey) return;
    if (own.id !== view.officeId) throw conflict('MARRIAGE_OTHER_OFFICE', `须双方共同到受理申请的${view.officeName}申请发给离婚证（《婚姻登记条例》第16条）`);
    if (!input.bothPresent) throw conflict('MARRIAGE_PARTY_ABSENT', '须双方亲自到场申请发给离婚证（《民法典》第1077条第2款）');
    if (view.status === 'cooling_off') throw conflict('MARRIAGE_COOLING_OFF', `冷静期至 ${view.timeline.coolingOffLastDay} 届满，届满后方可申请发给离婚证（《民法典》第1077条）`);
    if (view.status === 'lapsing') throw conflict('MARRIAGE_APPLICATION_LAPSED', `申领期限已于 ${view.timeline.registrationLastDay} 届满，视为撤回离婚登记申请（《民法典》第1077条第2款）`);
    if (view.status !== 'awaiting_registration') throw conflict('MARRIAGE_APPLICATION_CLOSED', '该申请已办结');
    if (!input.consentConfirmed) {
      await close(trx, id, 'refused', on, 'both', actor.userId, { reason: '未确认双方确实自愿离婚并已协商一致（《民法典》第1078条）' });
      return;
    }
    const office = await officeOfActor(trx, actor);
    const settings = await loadSettings(trx, on);
    await issueCertificate(trx, { officeId: office.id, code6: office.code6, kind: 'L', on, marriageId: view.marriageId, applicationId: id, requestKey: input.requestKey, format: settings.certificateFormat });
    await close(trx, id, 'registered', on, 'both', actor.userId, {});
    await endMarriage(trx, view.marriageId, on, 'divorce');
    await emitEvent(trx, { topic: 'marriage.divorce.registered', key: String(view.marriageId), payload: { marriageId: view.marriageId, applicationId: id, registeredOn: on, personIds: await personIds(trx, view.marriageId) } });
  });
  return strip(await load(db, id, on));
}

export async function personIds(trx: MarriageDb, marriageId: number): Promise<number[]> {
  const m = await trx.selectFrom('marriage.marriages').select(['husband_person_id', 'wife_person_id']).where('id', '=', marriageId).executeTakeFirstOrThrow();
  return [m.husband_person_id, m.wife_person_id].filter((x): x is number => x !== null).map(Number);
}

/** Ends a marriage (death, divorce, court, void, annulment): an open divorce application ends with it; one event. */
export async function endMarriage(trx: MarriageDb, marriageId: number, on: IsoDate, reason: 'death' | 'divorce' | 'court_divorce' | 'void' | 'annulled'): Promise<boolean> {
  const updated = await trx
    .updateTable('marriage.marriages')
    .set({ ended_on: on, end_reason: reason, void_from_start: reason === 'void' || reason === 'annulled' })
    .where('id', '=', marriageId)
    .where('ended_on', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  const open = await trx.selectFrom('marriage.divorce_applications').select('id').where('marriage_id', '=', marriageId).where('closed', '=', false).execute();
  for (const a of open) await close(trx, a.id, 'ended', on, null, null, { reason });
  await emitEvent(trx, { topic: 'marriage.marriage.ended', key: String(marriageId), payload: { marriageId, endedOn: on, reason, personIds: await personIds(trx, marriageId) } });
  return true;
}

/** 视为撤回: the daily job closes every application whose certificate window ended before today. */
export async function lapseApplications(deps: MarriageDeps): Promise<number> {
  const db = tables(deps);
  const on = today(deps);
  const open = await db.selectFrom('marriage.divorce_applications').select(['id', 'received_on']).where('closed', '=', false).execute();
  let lapsed = 0;
  for (const a of open) {
    const t = timeline(a.received_on, await loadSettings(db, a.received_on));
    if (t.registrationLastDay >= on) continue;
    await db.transaction().execute(async (trx) => {
      const still = await trx.selectFrom('marriage.divorce_applications').select('closed').where('id', '=', a.id).forUpdate().executeTakeFirstOrThrow();
      if (still.closed) return;
      const day = new Date(`${t.registrationLastDay}T00:00:00Z`);
      day.setUTCDate(day.getUTCDate() + 1);
      await close(trx, a.id, 'deemed_withdrawn', day.toISOString().slice(0, 10), null, null, { registrationLastDay: t.registrationLastDay });
      await auditSystem(trx, 'marriage.divorce.deemed_withdrawn', 'divorce_application', a.id, { registrationLastDay: t.registrationLastDay });
      lapsed++;
    });
  }
  return lapsed;
}

export async function listDivorces(deps: MarriageDeps, actor: Actor, input: { officeId: number; open?: boolean }): Promise<DivorceView[]> {
  const db = tables(deps);
  const office = await db.selectFrom('marriage.offices').select('district_code').where('id', '=', input.officeId).executeTakeFirst();
  if (!office) throw notFound('MARRIAGE_UNKNOWN_OFFICE', '婚姻登记机关不存在');
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'marriage.read', action: 'marriage.divorces.list', entityType: 'marriage_office', entityId: input.officeId, divisionCodes: [office.district_code] });
    let q = trx.selectFrom('marriage.divorce_applications').select('id').where('office_id', '=', input.officeId);
    if (input.open) q = q.where('closed', '=', false);
    const ids = await q.orderBy('id', 'desc').limit(500).execute();
    const on = today(deps);
    const out: DivorceView[] = [];
    for (const r of ids) out.push(strip(await load(trx, r.id, on)));
    return out;
  });
}
