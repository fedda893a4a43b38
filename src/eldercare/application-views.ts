/**
 * What an application looks like to the people who handle it: the record, its offers and log, its place in the
 * city-wide queue and the explanation of that place in Chinese.
 */
import { ageOn, notFound, type IsoDate } from '../kernel/index.js';
import { levelText } from './assessments.js';
import { applicationStatusNames, bedTypeNames, offerStatusNames, type ApplicationStatus, type BedType, type EldercareDb, type OfferStatus } from './model.js';
import { groupName, positionOf, type PositionBreakdown } from './priority.js';
import { divisionNames } from './registry-port.js';
import type { EldercareSettings } from './settings.js';

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

export type AppRow = Awaited<ReturnType<typeof applicationRow>>;

export async function applicationRow(db: EldercareDb, id: number) {
  const row = await db.selectFrom('eldercare.applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('ELDERCARE_APPLICATION_NOT_FOUND', `轮候申请 ${id} 不存在`);
  return row;
}

export function toView(r: AppRow, on: IsoDate): ApplicationView {
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
  lines.push(
    v.acceptAnyDistrict
      ? '您同意跨区分配：任一区的保基本床位空出时均可能通知您。'
      : `意向区域：${v.preferredDistricts.length ? v.preferredDistricts.map(name).join('、') : v.preferredFacilities.length ? '（仅意向机构）' : `本区（${name(v.districtCode)}）`}${v.preferredFacilities.length ? `；意向机构编号 ${v.preferredFacilities.join('、')}` : ''}；其他区的床位将跳过您分配给后面的申请人。`,
  );
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
