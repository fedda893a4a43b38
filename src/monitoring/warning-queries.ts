/** Reading warnings: one with its log, and the list scoped to the actor's jurisdiction. */
import type { Actor } from '../access/index.js';
import { divisionPrefix, invalid, normaliseDivisionCode, notFound } from '../kernel/index.js';
import { scopeDivision } from '../access/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { allowRead, type MonitoringTrx } from './guard.js';
import { WARNING_TYPES, type LoggedAction, type WarningLevel, type WarningType } from './model.js';
import { LEVEL_NAMES, WARNING_TYPE_DEFS } from './rules.js';
import { loadWarningLog, type WarningRow } from './warning-log.js';
import { isOpenForDeadline, outcomeNames, WARNING_STATUSES, warningStatusNames, type HandleOutcome, type WarningStatus } from './warning-states.js';

export interface WarningSummary {
  id: number;
  type: WarningType;
  typeName: string;
  level: WarningLevel;
  levelName: string;
  status: WarningStatus;
  statusName: string;
  householdId: number | null;
  personId: number | null;
  divisionCode: string;
  streetCode: string;
  reasons: string[];
  raisedAt: string;
  dueAt: string;
  overdue: boolean;
  escalatedAt: string | null;
  assignedTo: number | null;
  outcome: HandleOutcome | null;
  outcomeName: string | null;
  /** Display names for the viewer (masked where they may not read the person); filled by the reads below. */
  personName?: string | null;
  personNameMasked?: boolean;
  householdName?: string | null;
  householdNameMasked?: boolean;
}

export interface WarningDetail extends WarningSummary {
  actions: LoggedAction[];
}

export function toWarningSummary(row: WarningRow, now: Date): WarningSummary {
  const status = row.status as WarningStatus;
  const outcome = row.outcome as HandleOutcome | null;
  return {
    id: row.id,
    type: row.type,
    typeName: WARNING_TYPE_DEFS[row.type].name,
    level: row.level,
    levelName: LEVEL_NAMES[row.level],
    status,
    statusName: warningStatusNames[status],
    householdId: row.household_id,
    personId: row.person_id,
    divisionCode: row.division_code,
    streetCode: row.street_code,
    reasons: row.reasons,
    raisedAt: row.raised_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    overdue: isOpenForDeadline(status) && row.due_at < now,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    assignedTo: row.assigned_to,
    outcome,
    outcomeName: outcome ? outcomeNames[outcome] : null,
  };
}

/** The warning in the caller's transaction (no access check here). */
export async function getWarningIn(trx: MonitoringTrx, warningId: number, now: Date): Promise<WarningDetail> {
  const row = await trx.selectFrom('monitoring.warnings').selectAll().where('id', '=', warningId).executeTakeFirstOrThrow();
  return { ...toWarningSummary(row, now), actions: await loadWarningLog(trx, warningId) };
}

export async function getWarning(deps: MonitoringDeps, actor: Actor, warningId: number): Promise<WarningDetail> {
  const db = tables(deps);
  const row = await db.selectFrom('monitoring.warnings').select('division_code').where('id', '=', warningId).executeTakeFirst();
  const request = { permission: 'monitoring.read' as const, action: 'monitoring.warning.read', entityType: 'warning', entityId: warningId };
  if (!row) {
    await allowRead(db, actor, request);
    throw notFound('MONITORING_WARNING_NOT_FOUND', `预警 ${warningId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [row.division_code] });
  const [named] = await withDisplayNames(deps, actor, [await getWarningIn(db, warningId, deps.clock.now())], `monitoring.warning:${warningId}`);
  return named;
}

/** The warnings with the names of their persons and households, one audited registry read for the list. */
export async function withDisplayNames<T extends WarningSummary>(deps: MonitoringDeps, actor: Actor, warnings: T[], reference: string): Promise<T[]> {
  const personIds = warnings.flatMap((w) => (w.personId === null ? [] : [w.personId]));
  const householdIds = warnings.flatMap((w) => (w.householdId === null ? [] : [w.householdId]));
  if (personIds.length === 0 && householdIds.length === 0) return warnings;
  const { persons, households } = await deps.registry.displayNames(actor, personIds, householdIds, reference);
  return warnings.map((w) => {
    const person = w.personId === null ? undefined : persons.get(w.personId);
    const household = w.householdId === null ? undefined : households.get(w.householdId);
    return { ...w, personName: person?.name ?? null, personNameMasked: person?.masked ?? false, householdName: household?.name ?? null, householdNameMasked: household?.masked ?? false };
  });
}

export interface WarningFilter {
  status?: WarningStatus;
  type?: WarningType;
  /** A district, street or committee code inside the jurisdiction. */
  division?: string;
  overdue?: boolean;
  /** Only warnings assigned to the caller (an advisor's worklist). */
  mine?: boolean;
  cursor?: number;
  limit?: number;
}

/** Newest first, keyset-paged; one audit entry per page naming the ids shown. */
export async function listWarnings(deps: MonitoringDeps, actor: Actor, filter: WarningFilter = {}): Promise<{ items: WarningSummary[]; nextCursor: number | null }> {
  if (filter.status && !WARNING_STATUSES.includes(filter.status)) throw invalid('MONITORING_INVALID_FILTER', `未知状态：${filter.status}`);
  if (filter.type && !WARNING_TYPES.includes(filter.type)) throw invalid('MONITORING_INVALID_FILTER', `未知预警类型：${filter.type}`);
  const db = tables(deps);
  const division = scopeDivision(actor, filter.division ? (normaliseDivisionCode(filter.division) ?? filter.division) : undefined);
  const now = deps.clock.now();
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  let query = db
    .selectFrom('monitoring.warnings')
    .selectAll()
    .where('division_code', 'like', `${divisionPrefix(division)}%`)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.type) query = query.where('type', '=', filter.type);
  if (filter.overdue === true) query = query.where('status', 'in', ['new', 'assigned', 'visited']).where('due_at', '<', now);
  if (filter.mine) query = query.where('assigned_to', '=', actor.userId);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  await allowRead(db, actor, {
    permission: 'monitoring.read',
    action: 'monitoring.warning.list',
    entityType: 'warning',
    divisionCodes: [division],
    detail: { status: filter.status, type: filter.type, overdue: filter.overdue, mine: filter.mine, cursor: filter.cursor, limit: filter.limit, division, ids: page.map((r) => r.id) },
  });
  const items = await withDisplayNames(
    deps,
    actor,
    page.map((r) => toWarningSummary(r, now)),
    'monitoring.warning.list',
  );
  return { items, nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
