/**
 * 监督检查: an inspection of a facility with the problems found, each given a deadline to rectify. The
 * deadline counts from the day the finding is recorded (the clock's today), because that is when the
 * 整改通知 reaches the facility; a finding recorded for an old inspection does not start out overdue.
 */
import type { Actor } from '../access/index.js';
import { addDays, conflict, divisionPrefix, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { appendFindingAction } from './finding-log.js';
import { toFindingView, type FindingView } from './findings.js';
import { allowRead, guardedTransaction } from './guard.js';
import { loadSettings } from './settings.js';
import { facilityOrNotFound, listScope, pageLimit } from './supervised-facility.js';
import { FINDING_CATEGORIES, INSPECTION_KINDS, inspectionKindNames, SEVERITIES, supervisionTables, type FindingCategory, type InspectionKind, type Severity, type SupervisionDb } from './supervision-model.js';

export interface NewFinding {
  category: FindingCategory;
  severity: Severity;
  description: string;
  /** Last day to rectify; by default today plus the configured days for the severity. */
  deadline?: IsoDate | null;
}

export interface NewInspection {
  /** Chosen by the client for this submission: a retry with the same id returns the first result. */
  requestId: string;
  facilityId: number;
  inspectedOn: IsoDate;
  kind: InspectionKind;
  campaign?: string | null;
  inspectors: string;
  summary?: string;
  findings: NewFinding[];
}

export interface InspectionView {
  id: number;
  requestId: string;
  facilityId: number;
  facilityName: string;
  divisionCode: string;
  inspectedOn: IsoDate;
  kind: InspectionKind;
  kindName: string;
  campaign: string | null;
  inspectors: string;
  summary: string;
  recordedBy: number | null;
  recordedAt: string;
  findings: FindingView[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const MAX_FINDINGS = 100;

function checkInspection(input: NewInspection, on: IsoDate): void {
  if (!REQUEST_ID.test(input.requestId ?? '')) throw invalid('ELDERCARE_INVALID_REQUEST_ID', '请求编号须为 8–64 位字母、数字或 ._:- 符号');
  if (!isValidDate(input.inspectedOn) || input.inspectedOn > on) throw invalid('ELDERCARE_INVALID_DATE', `检查日期无效或晚于今天：${input.inspectedOn}`);
  if (!INSPECTION_KINDS.includes(input.kind)) throw invalid('ELDERCARE_INVALID_INSPECTION_KIND', `检查类型须为 ${INSPECTION_KINDS.join('、')} 之一`);
  if (!input.inspectors?.trim()) throw invalid('ELDERCARE_INSPECTORS_REQUIRED', '须填写检查人员');
  if (input.findings.length > MAX_FINDINGS) throw invalid('ELDERCARE_TOO_MANY_FINDINGS', `一次检查最多登记 ${MAX_FINDINGS} 个问题`);
  input.findings.forEach((f, i) => {
    const at = `第 ${i + 1} 个问题`;
    if (!FINDING_CATEGORIES.includes(f.category)) throw invalid('ELDERCARE_INVALID_FINDING_CATEGORY', `${at}：问题类别须为 ${FINDING_CATEGORIES.join('、')} 之一`);
    if (!SEVERITIES.includes(f.severity)) throw invalid('ELDERCARE_INVALID_SEVERITY', `${at}：问题等级须为 ${SEVERITIES.join('、')} 之一`);
    if (!f.description?.trim()) throw invalid('ELDERCARE_FINDING_DESCRIPTION_REQUIRED', `${at}：须描述发现的问题`);
    if (f.deadline != null && (!isValidDate(f.deadline) || f.deadline < on)) throw invalid('ELDERCARE_INVALID_DEADLINE', `${at}：整改期限无效或早于今天：${f.deadline}`);
  });
}

export async function inspectionViewIn(db: SupervisionDb, inspectionId: number, on: IsoDate): Promise<InspectionView> {
  const row = await db.selectFrom('eldercare.inspections as i').innerJoin('eldercare.facilities as f', 'f.id', 'i.facility_id').selectAll('i').select('f.name as facility_name').where('i.id', '=', inspectionId).executeTakeFirstOrThrow();
  const findings = await db.selectFrom('eldercare.findings').selectAll().where('inspection_id', '=', inspectionId).orderBy('seq').execute();
  return {
    id: row.id,
    requestId: row.request_id,
    facilityId: row.facility_id,
    facilityName: row.facility_name,
    divisionCode: row.division_code,
    inspectedOn: row.inspected_on,
    kind: row.kind,
    kindName: inspectionKindNames[row.kind],
    campaign: row.campaign,
    inspectors: row.inspectors,
    summary: row.summary,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
    findings: findings.map((f) => toFindingView(f, on)),
  };
}

/** Records the inspection and its findings in one transaction; a retried request returns the first result. */
export async function recordInspection(deps: EldercareDeps, actor: Actor, input: NewInspection): Promise<InspectionView & { replayed: boolean }> {
  const on = today(deps);
  checkInspection(input, on);
  const settings = await loadSettings(tables(deps), on);
  const now = deps.clock.now();
  return guardedTransaction(tables(deps), actor, async (raw, allow) => {
    const trx = supervisionTables(raw);
    const request = {
      permission: 'eldercare.supervise' as const,
      action: 'eldercare.inspection.record',
      entityType: 'eldercare_facility',
      entityId: input.facilityId,
      detail: { requestId: input.requestId, kind: input.kind, inspectedOn: input.inspectedOn, findings: input.findings.length },
    };
    const facility = await facilityOrNotFound(trx, input.facilityId, allow, request);
    const inserted = await trx
      .insertInto('eldercare.inspections')
      .values({
        request_id: input.requestId,
        facility_id: facility.id,
        division_code: facility.division_code,
        inspected_on: input.inspectedOn,
        kind: input.kind,
        campaign: input.campaign?.trim() || null,
        inspectors: input.inspectors.trim(),
        summary: input.summary?.trim() ?? '',
        recorded_by: actor.userId,
      })
      .onConflict((oc) => oc.column('request_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const earlier = await trx.selectFrom('eldercare.inspections').select(['id', 'facility_id', 'inspected_on']).where('request_id', '=', input.requestId).executeTakeFirstOrThrow();
      if (earlier.facility_id !== facility.id || earlier.inspected_on !== input.inspectedOn) throw conflict('ELDERCARE_REQUEST_ID_REUSED', `请求编号 ${input.requestId} 已用于另一次检查登记`);
      return { ...(await inspectionViewIn(trx, earlier.id, on)), replayed: true };
    }
    for (const [index, f] of input.findings.entries()) {
      const deadline = f.deadline ?? addDays(on, settings.supervision.rectifyDays[f.severity]);
      const row = await trx
        .insertInto('eldercare.findings')
        .values({ inspection_id: inserted.id, seq: index + 1, facility_id: facility.id, division_code: facility.division_code, category: f.category, severity: f.severity, description: f.description.trim(), deadline })
        .returningAll()
        .executeTakeFirstOrThrow();
      const rule = f.deadline ? '检查时指定' : `${settings.used[`supervision.rectifyDays.${f.severity}`].from} 起 ${settings.supervision.rectifyDays[f.severity]} 天`;
      await appendFindingAction(trx, row, [], { action: 'record', actor, at: now, detail: { deadline, category: f.category, severity: f.severity, deadlineRule: rule } });
    }
    return { ...(await inspectionViewIn(trx, inserted.id, on)), replayed: false };
  });
}

export async function getInspection(deps: EldercareDeps, actor: Actor, inspectionId: number): Promise<InspectionView> {
  const db = supervisionTables(tables(deps));
  const row = await db.selectFrom('eldercare.inspections').select('division_code').where('id', '=', inspectionId).executeTakeFirst();
  const request = { permission: 'eldercare.read' as const, action: 'eldercare.inspection.read', entityType: 'eldercare_inspection', entityId: inspectionId };
  if (!row) {
    await allowRead(tables(deps), actor, request);
    throw notFound('ELDERCARE_INSPECTION_NOT_FOUND', `检查记录 ${inspectionId} 不存在`);
  }
  await allowRead(tables(deps), actor, { ...request, divisionCodes: [row.division_code] });
  return inspectionViewIn(db, inspectionId, today(deps));
}

export interface InspectionFilter {
  division?: string;
  facilityId?: number;
  from?: IsoDate;
  to?: IsoDate;
  cursor?: number;
  limit?: number;
}

export type InspectionSummary = Omit<InspectionView, 'findings'> & { findingCount: number; openCount: number };

/** Newest first, keyset-paged, with the number of findings and of those still awaiting rectification. */
export async function listInspections(deps: EldercareDeps, actor: Actor, filter: InspectionFilter = {}): Promise<{ items: InspectionSummary[]; nextCursor: number | null }> {
  for (const d of [filter.from, filter.to]) if (d !== undefined && !isValidDate(d)) throw invalid('ELDERCARE_INVALID_DATE', `日期无效：${d}`);
  const db = supervisionTables(tables(deps));
  const division = listScope(actor, filter.division);
  const limit = pageLimit(filter.limit);
  let query = db
    .selectFrom('eldercare.inspections as i')
    .innerJoin('eldercare.facilities as f', 'f.id', 'i.facility_id')
    .selectAll('i')
    .select('f.name as facility_name')
    .select((eb) => [
      eb
        .selectFrom('eldercare.findings as n')
        .whereRef('n.inspection_id', '=', 'i.id')
        .select((e) => e.fn.countAll<number>().as('c'))
        .as('finding_count'),
      eb
        .selectFrom('eldercare.findings as n')
        .whereRef('n.inspection_id', '=', 'i.id')
        .where('n.status', 'in', ['open', 'reopened'])
        .select((e) => e.fn.countAll<number>().as('c'))
        .as('open_count'),
    ])
    .where('i.division_code', 'like', `${divisionPrefix(division)}%`)
    .orderBy('i.id', 'desc')
    .limit(limit + 1);
  if (filter.facilityId) query = query.where('i.facility_id', '=', filter.facilityId);
  if (filter.from) query = query.where('i.inspected_on', '>=', filter.from);
  if (filter.to) query = query.where('i.inspected_on', '<=', filter.to);
  if (filter.cursor) query = query.where('i.id', '<', filter.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  await allowRead(tables(deps), actor, {
    permission: 'eldercare.read',
    action: 'eldercare.inspection.list',
    entityType: 'eldercare_inspection',
    divisionCodes: [division],
    detail: { facilityId: filter.facilityId, from: filter.from, to: filter.to, cursor: filter.cursor, limit: filter.limit, division, ids: page.map((r) => r.id) },
  });
  return {
    items: page.map((r) => ({
      id: r.id,
      requestId: r.request_id,
      facilityId: r.facility_id,
      facilityName: r.facility_name,
      divisionCode: r.division_code,
      inspectedOn: r.inspected_on,
      kind: r.kind,
      kindName: inspectionKindNames[r.kind],
      campaign: r.campaign,
      inspectors: r.inspectors,
      summary: r.summary,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at.toISOString(),
      findingCount: Number(r.finding_count ?? 0),
      openCount: Number(r.open_count ?? 0),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id : null,
  };
}
