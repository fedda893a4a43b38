/**
 * 保基本床位统筹轮候: applications, the city-wide queue and why each applicant stands where they do. One active
 * application per person; the person is read through the registry as the caseworker (scoped, audited).
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { ageOn, conflict, divisionPrefix, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { offerFreedBeds } from './allocation.js';
import { currentAssessment, levelText } from './assessments.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import { BED_TYPES, DECLARABLE_GROUPS, applicationStatusNames, bedTypeNames, offerStatusNames, type ApplicationStatus, type BedType, type EldercareDb, type OfferStatus, type PriorityGroup } from './model.js';
import { districtOf, scopeOf } from './facilities.js';
import { divisionNames } from './registry-port.js';
import { groupName, positionOf, rerank, type PositionBreakdown } from './priority.js';
import { loadSettings, type EldercareSettings } from './settings.js';

export const MIN_APPLICANT_AGE = 60;

export interface DeclaredGroup {
  group: (typeof DECLARABLE_GROUPS)[number];
  /** The certificate seen (e.g. 计划生育特殊家庭扶助证 number, 优待证 number). */
  evidence: string;
}

export interface ApplicationInput {
  personId: number;
  bedType: BedType;
  preferredDistricts?: string[];
  preferredFacilities?: number[];
  acceptAnyDistrict?: boolean;
  declaredGroups?: DeclaredGroup[];
  appliedOn?: IsoDate;
}

export interface ApplicationView {
  id: number;
  personId: number;
  personName: string;
  householdId: number | null;
  divisionCode: string;
  districtCode: string;
  appliedOn: IsoDate;
  bedType: BedType;
  bedTypeName: string;
  preferredDistricts: string[];
  preferredFacilities: number[];
  acceptAnyDistrict: boolean;
  age: number;
  groups: { group: string; name: string; source: string }[];
  assessmentLevel: number;
  assessmentValidUntil: IsoDate | null;
  tier: number;
  status: ApplicationStatus;
  statusName: string;
  declines: number;
  admittedOn: IsoDate | null;
  closedReason: string | null;
}

export interface ApplicationDetail extends ApplicationView {
  /** Only while waiting: the place in the city-wide queue and its breakdown. */
  position: PositionBreakdown | null;
  /** Why the applicant stands where they do, in Chinese, one sentence per step of the order. */
  explanation: string[];
  /** Reasons an offer would currently pass the applicant by (expired assessment, level too low). */
  blockers: string[];
  offers: OfferView[];
  log: { action: string; at: string; actorUser: number | null; reason: string | null }[];
}

export interface OfferView {
  id: number;
  applicationId: number;
  bedId: number;
  facilityId: number;
  facilityName: string;
  districtCode: string;
  bedType: BedType;
  position: number;
  offeredAt: string;
  expiresAt: string;
  status: OfferStatus;
  statusName: string;
  reason: string | null;
}

type AppRow = Awaited<ReturnType<typeof applicationRow>>;

export async function applicationRow(db: EldercareDb, id: number) {
  const row = await db.selectFrom('eldercare.applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('ELDERCARE_APPLICATION_NOT_FOUND', `轮候申请 ${id} 不存在`);
  return row;
}

function toView(r: AppRow, on: IsoDate): ApplicationView {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    householdId: r.household_id,
    divisionCode: r.division_code,
    districtCode: r.district_code,
    appliedOn: r.applied_on,
    bedType: r.bed_type,
    bedTypeName: bedTypeNames[r.bed_type],
    preferredDistricts: r.preferred_districts,
    preferredFacilities: r.preferred_facilities.map(Number),
    acceptAnyDistrict: r.accept_any_district,
    age: ageOn(r.birth_date, on),
    groups: r.groups.map((g) => ({ group: g, name: groupName(g), source: r.group_sources[g] ?? '' })),
    assessmentLevel: r.assessment_level,
    assessmentValidUntil: r.assessment_valid_until,
    tier: r.tier,
    status: r.status,
    statusName: applicationStatusNames[r.status],
    declines: r.declines,
    admittedOn: r.admitted_on,
    closedReason: r.closed_reason,
  };
}

function checkDistricts(codes: readonly string[]): string[] {
  return codes.map((raw) => {
    if (!/^31\d{4}(000000)?$/.test(raw)) throw invalid('ELDERCARE_INVALID_DISTRICT', `意向区须为本市区级代码（6 位或 12 位）：${raw}`);
    return districtOf(raw.padEnd(12, '0'));
  });
}

export async function applyForBed(deps: EldercareDeps, actor: Actor, input: ApplicationInput): Promise<ApplicationDetail> {
  if (!BED_TYPES.includes(input.bedType)) throw invalid('ELDERCARE_INVALID_BED_TYPE', `床位类型须为 ${BED_TYPES.join('、')} 之一`);
  const on = today(deps);
  const appliedOn = input.appliedOn ?? on;
  if (!isValidDate(appliedOn) || appliedOn > on) throw invalid('ELDERCARE_INVALID_DATE', '申请日期须为有效日期且不晚于今天');
  const preferredDistricts = [...new Set(checkDistricts(input.preferredDistricts ?? []))];
  const preferredFacilities = [...new Set(input.preferredFacilities ?? [])];
  const declared = input.declaredGroups ?? [];
  for (const d of declared) {
    if (!(DECLARABLE_GROUPS as readonly string[]).includes(d.group)) throw invalid('ELDERCARE_GROUP_NOT_DECLARABLE', `只能申报以下优先对象类别：${DECLARABLE_GROUPS.map(groupName).join('、')}；其他类别由系统根据人口库和救助数据认定`);
    if (!d.evidence?.trim()) throw invalid('ELDERCARE_EVIDENCE_REQUIRED', `申报“${groupName(d.group)}”须填写所核验的证件名称及编号`);
  }
  const person = await deps.registry.person(actor, input.personId);
  if (person.deathDate) throw invalid('ELDERCARE_PERSON_DECEASED', `${person.name} 已登记死亡`);
  if (ageOn(person.birthDate, on) < MIN_APPLICANT_AGE) throw invalid('ELDERCARE_TOO_YOUNG', `保基本床位轮候对象须年满 ${MIN_APPLICANT_AGE} 周岁`);
  const db = tables(deps);
  const settings = await loadSettings(db, on);
  const id = await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'eldercare.waitlist.handle', action: 'eldercare.application.create', entityType: 'person', entityId: person.id, divisionCodes: [person.residenceDivision, person.hukouDivision], detail: { bedType: input.bedType, preferredDistricts, preferredFacilities, declared } });
    if (preferredFacilities.length) {
      const found = await trx.selectFrom('eldercare.facilities').select('id').where('id', 'in', preferredFacilities).where('kind', '=', 'institution').execute();
      const missing = preferredFacilities.filter((f) => !found.some((r) => r.id === f));
      if (missing.length) throw invalid('ELDERCARE_UNKNOWN_FACILITY', `意向机构不存在或不是养老机构：${missing.join('、')}`);
    }
    const assessment = await currentAssessment(trx, person.id);
    if (!assessment || assessment.valid_until < on) throw invalid('ELDERCARE_ASSESSMENT_REQUIRED', `${person.name} 没有有效的老年照护统一需求评估结论，请先申请评估`);
    if (assessment.level < settings.minAssessmentLevel) throw invalid('ELDERCARE_LEVEL_TOO_LOW', `保基本床位轮候须照护等级不低于${levelText(settings.minAssessmentLevel)}（现为${levelText(assessment.level)}）`);
    const active = await trx.selectFrom('eldercare.applications').select('id').where('person_id', '=', person.id).where('status', 'in', ['waiting', 'offered']).executeTakeFirst();
    if (active) throw conflict('ELDERCARE_APPLICATION_EXISTS', `${person.name} 已有轮候中的申请（编号 ${active.id}）`);
    const sources: Record<string, string> = {};
    const groups: string[] = [];
    if (person.disability) {
      groups.push('disabled');
      sources.disabled = `人口库残疾信息：${person.disability.category ?? ''}${'一二三四'[person.disability.grade - 1]}级`;
    }
    for (const d of declared) sources[d.group] = `申报并经 ${actor.displayName} 核验：${d.evidence.trim()}`;
    const row = await trx
      .insertInto('eldercare.applications')
      .values({
        person_id: person.id,
        person_name: person.name,
        household_id: person.householdId ?? null,
        division_code: person.residenceDivision,
        district_code: districtOf(person.residenceDivision),
        applied_on: appliedOn,
        bed_type: input.bedType,
        preferred_districts: preferredDistricts,
        preferred_facilities: preferredFacilities,
        accept_any_district: input.acceptAnyDistrict ?? false,
        birth_date: person.birthDate,
        groups,
        declared_groups: declared.map((d) => d.group),
        group_sources: JSON.stringify(sources),
        assessment_id: assessment.id,
        assessment_level: assessment.level,
        assessment_valid_until: assessment.valid_until,
        tier: settings.priorityOrder.length,
        status_changed_at: deps.clock.now(),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await rerank(trx, settings, on, [row.id]);
    await trx.insertInto('eldercare.application_log').values({ application_id: row.id, action: 'applied', actor_user: actor.userId, reason: null, detail: JSON.stringify({ appliedOn, bedType: input.bedType }) }).execute();
    return row.id;
  });
  return applicationDetailOf(db, await applicationRow(db, id), on, settings);
}

/** The detail after an action the actor was already authorised (and audited) for. */
export async function applicationAfterAction(deps: EldercareDeps, id: number): Promise<ApplicationDetail> {
  const db = tables(deps);
  const on = today(deps);
  return applicationDetailOf(db, await applicationRow(db, id), on, await loadSettings(db, on));
}

export async function getApplication(deps: EldercareDeps, actor: Actor, id: number): Promise<ApplicationDetail> {
  const db = tables(deps);
  const row = await applicationRow(db, id);
  await allowRead(db, actor, { permission: 'eldercare.persons.read', action: 'eldercare.application.read', entityType: 'application', entityId: id, divisionCodes: [row.division_code] });
  const on = today(deps);
  return applicationDetailOf(db, row, on, await loadSettings(db, on));
}

export async function applicationDetailOf(db: EldercareDb, row: AppRow, on: IsoDate, settings: EldercareSettings): Promise<ApplicationDetail> {
  const view = toView(row, on);
  const position = row.status === 'waiting' ? await positionOf(db, row, settings.priorityOrder) : null;
  const blockers: string[] = [];
  if (!row.assessment_valid_until || row.assessment_valid_until < on) blockers.push(`统一需求评估已于 ${row.assessment_valid_until ?? '—'} 到期：重新评估前，床位将依次分配给后面的申请人`);
  if (row.assessment_level < settings.minAssessmentLevel) blockers.push(`照护等级低于轮候门槛（${levelText(settings.minAssessmentLevel)}）`);
  const offers = await offersOf(db, [row.id]);
  const log = await db.selectFrom('eldercare.application_log').select(['action', 'at', 'actor_user', 'reason']).where('application_id', '=', row.id).orderBy('id').execute();
  return {
    ...view,
    position,
    explanation: explain(view, position, settings, await divisionNames(db, [view.districtCode, ...view.preferredDistricts])),
    blockers,
    offers,
    log: log.map((l) => ({ action: l.action, at: new Date(l.at).toISOString(), actorUser: l.actor_user, reason: l.reason })),
  };
}

function explain(v: ApplicationView, p: PositionBreakdown | null, settings: EldercareSettings, names: ReadonlyMap<string, string>): string[] {
  const name = (code: string) => names.get(code) ?? code;
  const order = settings.priorityOrder.map((g, i) => `${i + 1}. ${groupName(g)}`).join('；');
  const held = v.groups.length ? v.groups.map((g) => `${g.name}（${g.source}）`).join('、') : '不属于优先对象类别（按一般对象排序）';
  const lines = [
    `排序规则：先按优先对象类别（${order}；均不属于的为一般对象），同类别按照护等级由高到低，再按申请日期先后，同日按申请编号。`,
    `优先对象类别：${held}；排序按其中最优先的一类计。`,
    `照护等级：${levelText(v.assessmentLevel)}${v.assessmentValidUntil ? `（评估有效期至 ${v.assessmentValidUntil}）` : ''}。`,
    `申请日期：${v.appliedOn}（申请编号 ${v.id}）。`,
  ];
  if (!p) {
    lines.push(`当前状态：${v.statusName}，不在轮候队列中排序。`);
    return lines;
  }
  const groupsAhead = p.aheadByGroup.map((g) => `${g.name} ${g.count} 人`).join('、');
  lines.push(
    `您在全市保基本床位轮候队列（共 ${p.waitingTotal} 人）中排第 ${p.position} 位：` +
      `${groupsAhead ? `更优先类别 ${groupsAhead}；` : '没有更优先类别的申请人；'}` +
      `同类别照护等级更高的 ${p.aheadSameGroupHigherLevel} 人；同类别同等级申请更早的 ${p.aheadSameGroupSameLevelEarlier} 人。`,
  );
  lines.push(v.acceptAnyDistrict ? '您同意跨区分配：任一区的保基本床位空出时均可能通知您。' : `意向区域：${v.preferredDistricts.length ? v.preferredDistricts.map(name).join('、') : v.preferredFacilities.length ? '（仅意向机构）' : `本区（${name(v.districtCode)}）`}${v.preferredFacilities.length ? `；意向机构编号 ${v.preferredFacilities.join('、')}` : ''}；其他区的床位将跳过您分配给后面的申请人。`);
  return lines;
}

export async function offersOf(db: EldercareDb, applicationIds: readonly number[]): Promise<OfferView[]> {
  if (applicationIds.length === 0) return [];
  const rows = await db
    .selectFrom('eldercare.offers as o')
    .innerJoin('eldercare.facilities as f', 'f.id', 'o.facility_id')
    .innerJoin('eldercare.beds as b', 'b.id', 'o.bed_id')
    .select(['o.id', 'o.application_id', 'o.bed_id', 'o.facility_id', 'f.name', 'f.district_code', 'b.bed_type', 'o.position', 'o.offered_at', 'o.expires_at', 'o.status', 'o.reason'])
    .where('o.application_id', 'in', applicationIds)
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    applicationId: r.application_id,
    bedId: r.bed_id,
    facilityId: r.facility_id,
    facilityName: r.name,
    districtCode: r.district_code,
    bedType: r.bed_type,
    position: r.position,
    offeredAt: new Date(r.offered_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    status: r.status,
    statusName: offerStatusNames[r.status],
    reason: r.reason,
  }));
}

export async function withdrawApplication(deps: EldercareDeps, actor: Actor, id: number, reason: string): Promise<ApplicationDetail> {
  const why = (reason ?? '').trim();
  if (!why) throw invalid('ELDERCARE_REASON_REQUIRED', '撤回申请须填写原因');
  const db = tables(deps);
  const freed = await guardedTransaction(db, actor, async (trx, allow) => {
    const row = await trx.selectFrom('eldercare.applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('ELDERCARE_APPLICATION_NOT_FOUND', `轮候申请 ${id} 不存在`);
    await allow({ permission: 'eldercare.waitlist.handle', action: 'eldercare.application.withdraw', entityType: 'application', entityId: id, divisionCodes: [row.division_code], detail: { reason: why } });
    if (row.status !== 'waiting' && row.status !== 'offered') throw conflict('ELDERCARE_APPLICATION_CLOSED', `该申请${applicationStatusNames[row.status]}，不能撤回`);
    return closeApplication(trx, row.id, 'withdrawn', why, actor.userId);
  });
  if (freed.length) await offerFreedBeds(deps, freed);
  return applicationAfterAction(deps, id);
}

/** Ends an active application (withdrawn, removed, a death); an open offer is cancelled and its bed freed. Returns freed bed ids. */
export async function closeApplication(trx: EldercareDb, id: number, status: 'withdrawn' | 'removed', reason: string, actorUser: number | null): Promise<number[]> {
  const open = await trx.updateTable('eldercare.offers').set({ status: 'cancelled', answered_at: new Date(), reason }).where('application_id', '=', id).where('status', '=', 'open').returning('bed_id').execute();
  for (const o of open) await trx.updateTable('eldercare.beds').set({ status: 'free' }).where('id', '=', o.bed_id).where('status', '=', 'offered').execute();
  await trx.updateTable('eldercare.applications').set({ status, closed_reason: reason, status_changed_at: new Date() }).where('id', '=', id).execute();
  await trx.insertInto('eldercare.application_log').values({ application_id: id, action: status, actor_user: actorUser, reason, detail: JSON.stringify({ cancelledOffers: open.length }) }).execute();
  return open.map((o) => o.bed_id);
}

export interface QueueQuery {
  divisionCode?: string;
  status?: ApplicationStatus;
  group?: PriorityGroup;
  limit?: number;
  offset?: number;
}

export interface QueueEntry extends ApplicationView {
  /** City-wide place among waiting applications (null when not waiting). */
  position: number | null;
}

/**
 * The queue as the actor may see it (applicants of the jurisdiction), each with their city-wide position,
 * in queue order. One audit entry per page naming the applications listed.
 */
export async function listQueue(deps: EldercareDeps, actor: Actor, query: QueueQuery = {}): Promise<{ items: QueueEntry[]; total: number }> {
  const scope = scopeOf(actor, query.divisionCode);
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('ELDERCARE_INVALID_LIMIT', '每页条数须为 1–500');
  const status = query.status ?? 'waiting';
  const db = tables(deps);
  const on = today(deps);
  const ranked = db
    .selectFrom('eldercare.applications')
    .selectAll()
    .select(sql<number>`case when status = 'waiting' then row_number() over (partition by status = 'waiting' order by tier, assessment_level desc, applied_on, id) end`.as('position'))
    .where('status', 'in', status === 'waiting' ? ['waiting'] : [status, 'waiting'])
    .as('ranked');
  let q = db.selectFrom(ranked).selectAll().where('status', '=', status).where('division_code', 'like', `${divisionPrefix(scope)}%`);
  if (query.group) q = q.where(sql<boolean>`${query.group} = any(groups)`);
  const total = (await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const rows = await q.orderBy('tier').orderBy('assessment_level', 'desc').orderBy('applied_on').orderBy('id').limit(limit).offset(query.offset ?? 0).execute();
  await allowRead(db, actor, { permission: 'eldercare.persons.read', action: 'eldercare.queue.read', entityType: 'division', entityId: scope, divisionCodes: [scope], detail: { status, applications: rows.map((r) => r.id) } });
  return { items: rows.map((r) => ({ ...toView(r as AppRow, on), position: r.position === null ? null : Number(r.position) })), total };
}
