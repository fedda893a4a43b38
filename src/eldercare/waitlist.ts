/**
 * 保基本床位统筹轮候: applications, the city-wide queue and why each applicant stands where they do. One active
 * application per person; the person is read through the registry as the caseworker (scoped, audited).
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { ageOn, conflict, divisionPrefix, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { offerFreedBeds } from './allocation.js';
import { applicationDetailOf, applicationRow, toView, type AppRow, type ApplicationDetail, type ApplicationView } from './application-views.js';
import { currentAssessment, levelText } from './assessments.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead, guardedTransaction } from './guard.js';
import { BED_TYPES, DECLARABLE_GROUPS, applicationStatusNames, type ApplicationStatus, type BedType, type EldercareDb, type PriorityGroup } from './model.js';
import { districtOf, scopeOf } from './facilities.js';
import { groupName, rerank } from './priority.js';
import { loadSettings } from './settings.js';

export { applicationRow, applicationDetailOf, offersOf, type ApplicationDetail, type ApplicationView, type OfferView } from './application-views.js';

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
    await allow({
      permission: 'eldercare.waitlist.handle',
      action: 'eldercare.application.create',
      entityType: 'person',
      entityId: person.id,
      divisionCodes: [person.residenceDivision, person.hukouDivision],
      detail: { bedType: input.bedType, preferredDistricts, preferredFacilities, declared },
    });
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
    await trx
      .insertInto('eldercare.application_log')
      .values({ application_id: row.id, action: 'applied', actor_user: actor.userId, reason: null, detail: JSON.stringify({ appliedOn, bedType: input.bedType }) })
      .execute();
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
  await trx
    .insertInto('eldercare.application_log')
    .values({ application_id: id, action: status, actor_user: actorUser, reason, detail: JSON.stringify({ cancelledOffers: open.length }) })
    .execute();
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
  let q = db
    .selectFrom(ranked)
    .selectAll()
    .where('status', '=', status)
    .where('division_code', 'like', `${divisionPrefix(scope)}%`);
  if (query.group) q = q.where(sql<boolean>`${query.group} = any(groups)`);
  const total = (await q.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const rows = await q
    .orderBy('tier')
    .orderBy('assessment_level', 'desc')
    .orderBy('applied_on')
    .orderBy('id')
    .limit(limit)
    .offset(query.offset ?? 0)
    .execute();
  await allowRead(db, actor, { permission: 'eldercare.persons.read', action: 'eldercare.queue.read', entityType: 'division', entityId: scope, divisionCodes: [scope], detail: { status, applications: rows.map((r) => r.id) } });
  return { items: rows.map((r) => ({ ...toView(r as AppRow, on), position: r.position === null ? null : Number(r.position) })), total };
}
