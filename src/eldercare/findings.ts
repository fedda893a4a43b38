/** Reading findings: one with its rectification log, and the list scoped to the actor's jurisdiction. */
import type { Actor } from '../access/index.js';
import { divisionPrefix, invalid, notFound, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { loadFindingLog, type FindingRow, type LoggedFindingAction } from './finding-log.js';
import { AWAITING_RECTIFICATION, reduceFinding } from './finding-states.js';
import { allowRead } from './guard.js';
import { listScope, pageLimit } from './supervised-facility.js';
import {
  FINDING_CATEGORIES,
  FINDING_STATUSES,
  findingActionNames,
  findingCategoryNames,
  findingStatusNames,
  SEVERITIES,
  severityNames,
  supervisionTables,
  type FindingCategory,
  type FindingStatus,
  type Severity,
  type SupervisionDb,
} from './supervision-model.js';

export interface FindingView {
  id: number;
  inspectionId: number;
  seq: number;
  facilityId: number;
  divisionCode: string;
  category: FindingCategory;
  categoryName: string;
  severity: Severity;
  severityName: string;
  description: string;
  deadline: IsoDate;
  status: FindingStatus;
  statusName: string;
  /** Past its deadline and not rectified, today by the clock. */
  overdue: boolean;
  /** The escalation job has marked it overdue (and sent `eldercare.finding.overdue`). */
  escalated: boolean;
}

export interface FindingDetail extends FindingView {
  facilityName: string;
  inspectedOn: IsoDate;
  timesOverdue: number;
  rectifiedOn: IsoDate | null;
  verifiedOn: IsoDate | null;
  log: (LoggedFindingAction & { actionName: string })[];
}

export function toFindingView(row: FindingRow, on: IsoDate): FindingView {
  return {
    id: row.id,
    inspectionId: row.inspection_id,
    seq: row.seq,
    facilityId: row.facility_id,
    divisionCode: row.division_code,
    category: row.category,
    categoryName: findingCategoryNames[row.category],
    severity: row.severity,
    severityName: severityNames[row.severity],
    description: row.description,
    deadline: row.deadline,
    status: row.status,
    statusName: findingStatusNames[row.status],
    overdue: AWAITING_RECTIFICATION.includes(row.status) && row.deadline < on,
    escalated: row.overdue,
  };
}

/** The finding in the caller's transaction (no access check here). */
export async function getFindingIn(db: SupervisionDb, findingId: number, on: IsoDate): Promise<FindingDetail> {
  const row = await db.selectFrom('eldercare.findings').selectAll().where('id', '=', findingId).executeTakeFirstOrThrow();
  const context = await db.selectFrom('eldercare.inspections as i').innerJoin('eldercare.facilities as f', 'f.id', 'i.facility_id').select(['i.inspected_on', 'f.name']).where('i.id', '=', row.inspection_id).executeTakeFirstOrThrow();
  const log = await loadFindingLog(db, findingId);
  const state = reduceFinding(log);
  return {
    ...toFindingView(row, on),
    facilityName: context.name,
    inspectedOn: context.inspected_on,
    timesOverdue: state.timesOverdue,
    rectifiedOn: state.rectifiedOn,
    verifiedOn: state.verifiedOn,
    log: log.map((entry) => ({ ...entry, actionName: findingActionNames[entry.action] })),
  };
}

export async function getFinding(deps: EldercareDeps, actor: Actor, findingId: number): Promise<FindingDetail> {
  const db = supervisionTables(tables(deps));
  const row = await db.selectFrom('eldercare.findings').select('division_code').where('id', '=', findingId).executeTakeFirst();
  const request = { permission: 'eldercare.read' as const, action: 'eldercare.finding.read', entityType: 'eldercare_finding', entityId: findingId };
  if (!row) {
    await allowRead(tables(deps), actor, request);
    throw notFound('ELDERCARE_FINDING_NOT_FOUND', `检查发现问题 ${findingId} 不存在`);
  }
  await allowRead(tables(deps), actor, { ...request, divisionCodes: [row.division_code] });
  return getFindingIn(db, findingId, today(deps));
}

export interface FindingFilter {
  division?: string;
  facilityId?: number;
  status?: FindingStatus;
  category?: FindingCategory;
  severity?: Severity;
  /** Only findings past their deadline and not rectified (the 督办 list). */
  overdue?: boolean;
  cursor?: number;
  limit?: number;
}

/** Newest first, keyset-paged; one audit entry per page naming the ids shown. */
export async function listFindings(deps: EldercareDeps, actor: Actor, filter: FindingFilter = {}): Promise<{ items: FindingView[]; nextCursor: number | null }> {
  if (filter.status && !FINDING_STATUSES.includes(filter.status)) throw invalid('ELDERCARE_INVALID_FILTER', `未知整改状态：${filter.status}`);
  if (filter.category && !FINDING_CATEGORIES.includes(filter.category)) throw invalid('ELDERCARE_INVALID_FILTER', `未知问题类别：${filter.category}`);
  if (filter.severity && !SEVERITIES.includes(filter.severity)) throw invalid('ELDERCARE_INVALID_FILTER', `未知问题等级：${filter.severity}`);
  const db = supervisionTables(tables(deps));
  const division = listScope(actor, filter.division);
  const on = today(deps);
  const limit = pageLimit(filter.limit);
  let query = db
    .selectFrom('eldercare.findings')
    .selectAll()
    .where('division_code', 'like', `${divisionPrefix(division)}%`)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.facilityId) query = query.where('facility_id', '=', filter.facilityId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.category) query = query.where('category', '=', filter.category);
  if (filter.severity) query = query.where('severity', '=', filter.severity);
  if (filter.overdue === true) query = query.where('status', 'in', [...AWAITING_RECTIFICATION]).where('deadline', '<', on);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  await allowRead(tables(deps), actor, {
    permission: 'eldercare.read',
    action: 'eldercare.finding.list',
    entityType: 'eldercare_finding',
    divisionCodes: [division],
    detail: { facilityId: filter.facilityId, status: filter.status, category: filter.category, severity: filter.severity, overdue: filter.overdue, cursor: filter.cursor, limit: filter.limit, division, ids: page.map((r) => r.id) },
  });
  return { items: page.map((r) => toFindingView(r, on)), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
