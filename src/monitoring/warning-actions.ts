/**
 * The advisor's and the street's work on a warning (铁脚板): re-assign, record the visit, handle, close.
 * Each is one transaction: lock, authorise (permission, jurisdiction, audit), check the transition, append.
 */
import type { AccessTables, Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, isWithin, notFound, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { guardedTransaction, type MonitoringTrx } from './guard.js';
import { loadStaff } from './staff.js';
import { appendWarningAction, loadWarningLog, type WarningRow } from './warning-log.js';
import { getWarningIn, type WarningDetail } from './warning-queries.js';
import { canApply, HANDLE_OUTCOMES, outcomeNames, reduceWarning, warningActionNames, warningStatusNames, type HandleOutcome, type WarningAction } from './warning-states.js';

interface Prepared {
  reason: string | null;
  payload: Record<string, unknown>;
}

async function actOnWarning(deps: MonitoringDeps, actor: Actor, warningId: number, action: WarningAction, prepare: (row: WarningRow, trx: MonitoringTrx) => Prepared | Promise<Prepared>): Promise<WarningDetail> {
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request = { permission: 'monitoring.handle' as const, action: `monitoring.warning.${action}`, entityType: 'warning', entityId: warningId };
    const row = await trx.selectFrom('monitoring.warnings').selectAll().where('id', '=', warningId).forUpdate().executeTakeFirst();
    if (!row) {
      await allow(request);
      throw notFound('MONITORING_WARNING_NOT_FOUND', `预警 ${warningId} 不存在`);
    }
    const prepared = await prepare(row, trx);
    await allow({ ...request, divisionCodes: [row.division_code], detail: { reason: prepared.reason, ...prepared.payload } });
    const log = await loadWarningLog(trx, warningId);
    const status = reduceWarning(log).status;
    if (!canApply(status, action)) {
      throw conflict('MONITORING_ILLEGAL_TRANSITION', `预警当前为“${warningStatusNames[status]}”，不能${warningActionNames[action]}`);
    }
    await appendWarningAction(trx, row, log, { action, actor, at: deps.clock.now(), reason: prepared.reason, payload: prepared.payload });
    return getWarningIn(trx, warningId, deps.clock.now());
  });
}

const required = (value: string | undefined, what: string, max = 2000): string => {
  const text = (value ?? '').trim();
  if (!text) throw invalid('MONITORING_REASON_REQUIRED', `须填写${what}`);
  if (text.length > max) throw invalid('MONITORING_TEXT_TOO_LONG', `${what}不能超过${max}个字符`);
  return text;
};

/** 改派: to an advisor or street caseworker whose jurisdiction covers the household. */
export function assignWarning(deps: MonitoringDeps, actor: Actor, warningId: number, input: { userId: number; note?: string }): Promise<WarningDetail> {
  return actOnWarning(deps, actor, warningId, 'assign', async (row, trx) => {
    const staff = await loadStaff(trx.withTables<AccessTables>());
    const target = staff.find((s) => s.userId === input.userId);
    if (!target || !isWithin(row.division_code, target.jurisdiction)) throw invalid('MONITORING_INVALID_ASSIGNEE', '只能派给辖区覆盖该家庭的社区救助顾问或街镇经办人员');
    return { reason: input.note?.trim() || `派给 ${target.username}`, payload: { userId: target.userId } };
  });
}

export interface VisitInput {
  visitedOn: IsoDate;
  findings: string;
  /** References to photos kept by the document store (e.g. `photo:2025/03/…jpg`), not the images. */
  photoRefs?: string[];
}

/** 上门核实: the date, what the advisor found, optional photo references. */
export function recordWarningVisit(deps: MonitoringDeps, actor: Actor, warningId: number, input: VisitInput): Promise<WarningDetail> {
  return actOnWarning(deps, actor, warningId, 'visit', (row) => {
    const today = todayInShanghai(deps.clock.now());
    if (!isValidDate(input.visitedOn) || input.visitedOn > today || input.visitedOn < todayInShanghai(row.raised_at)) {
      throw invalid('MONITORING_INVALID_DATE', `核实日期须在预警发出（${todayInShanghai(row.raised_at)}）至今天之间`);
    }
    const photos = input.photoRefs ?? [];
    if (photos.length > 20 || photos.some((p) => !p.trim() || p.length > 300)) throw invalid('MONITORING_INVALID_PHOTOS', '照片引用最多 20 个，每个不超过 300 个字符');
    return { reason: required(input.findings, '核实情况'), payload: { visitedOn: input.visitedOn, photoRefs: photos } };
  });
}

/** 处置: referred to a case or a service, or no action — always with the reason. */
export function handleWarning(deps: MonitoringDeps, actor: Actor, warningId: number, input: { outcome: HandleOutcome; reason: string; reference?: string }): Promise<WarningDetail> {
  return actOnWarning(deps, actor, warningId, 'handle', () => {
    if (!HANDLE_OUTCOMES.includes(input.outcome)) throw invalid('MONITORING_INVALID_OUTCOME', `处置结果须为：${HANDLE_OUTCOMES.join('、')}`);
    const reference = input.reference?.trim() || null;
    if (input.outcome !== 'no_action' && !reference) throw invalid('MONITORING_REFERENCE_REQUIRED', `${outcomeNames[input.outcome]}须填写转介去向（救助案件号或服务机构）`);
    return { reason: required(input.reason, '处置理由'), payload: { outcome: input.outcome, reference } };
  });
}

export function closeWarning(deps: MonitoringDeps, actor: Actor, warningId: number, input: { note?: string }): Promise<WarningDetail> {
  return actOnWarning(deps, actor, warningId, 'close', () => ({ reason: input.note?.trim() || null, payload: {} }));
}
