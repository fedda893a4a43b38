/**
 * 闭环整改: the facility rectifies by the deadline, the supervisor verifies (销号) or reopens with a new
 * deadline; a deadline may be extended with a reason. A finding not rectified by its deadline is marked
 * overdue by `escalateOverdueFindings` (a job), which tells the district through `eldercare.finding.overdue`.
 */
import { canonicalJson, type Actor } from '../access/index.js';
import { addDays, conflict, invalid, isValidDate, notFound, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { appendFindingAction, loadFindingLog, type FindingRow, type LoggedFindingAction } from './finding-log.js';
import { canApplyFinding, reduceFinding, type FindingState } from './finding-states.js';
import { getFindingIn, type FindingDetail } from './findings.js';
import { permissionFor } from './operator.js';
import { allowRead, auditSystem, emitEvent, guardedTransaction } from './guard.js';
import { loadSettings, type EldercareSettings } from './settings.js';
import { findingActionNames, findingStatusNames, supervisionTables, type FindingAction } from './supervision-model.js';

const TEXT_MAX = 2000;

function text(value: string | undefined | null, code: string, what: string): string {
  const trimmed = value?.trim() ?? '';
  if (!trimmed || trimmed.length > TEXT_MAX) throw invalid(code, `须填写${what}（不超过 ${TEXT_MAX} 字）`);
  return trimmed;
}

function date(value: string, what: string): IsoDate {
  if (!isValidDate(value)) throw invalid('ELDERCARE_INVALID_DATE', `${what}无效：${value}`);
  return value;
}

interface Step {
  reason: string | null;
  detail: Record<string, unknown>;
}

type Planner = (ctx: { row: FindingRow; state: FindingState; inspectedOn: IsoDate; on: IsoDate; settings: EldercareSettings }) => Step;

/** A retried request: the last step is the same action by the same user with the same input. */
const isRetry = (last: LoggedFindingAction | undefined, action: FindingAction, actor: Actor, input: Record<string, unknown>) =>
  last !== undefined && last.action === action && last.actorUser === actor.userId && canonicalJson(last.detail.input) === canonicalJson(input);

/**
 * One user action on a finding, in one transaction with its authorisation. The same action repeated with the
 * same input by the same user (a retried request) returns the finding as it is instead of acting twice.
 */
async function act(deps: EldercareDeps, actor: Actor, findingId: number, action: FindingAction, input: Record<string, unknown>, plan: Planner): Promise<FindingDetail> {
  const on = today(deps);
  const settings = await loadSettings(tables(deps), on);
  const now = deps.clock.now();
  return guardedTransaction(tables(deps), actor, async (raw, allow) => {
    const trx = supervisionTables(raw);
    const request = { permission: 'eldercare.supervise' as const, action: `eldercare.finding.${action}`, entityType: 'eldercare_finding', entityId: findingId };
    const row = await trx.selectFrom('eldercare.findings').selectAll().where('id', '=', findingId).forUpdate().executeTakeFirst();
    if (!row) {
      await allow(request);
      throw notFound('ELDERCARE_FINDING_NOT_FOUND', `检查发现问题 ${findingId} 不存在`);
    }
    // The institution reports its own rectification (登记整改); checking and closing it stay with the supervisors.
    const operator = action === 'rectify' ? await trx.selectFrom('eldercare.facilities').select('organisation_id').where('id', '=', row.facility_id).executeTakeFirstOrThrow() : null;
    await allow({ ...request, permission: operator ? permissionFor(actor, operator.organisation_id, request.permission) : request.permission, divisionCodes: [row.division_code] });
    const log = await loadFindingLog(trx, findingId);
    const state = reduceFinding(log);
    const inspection = await trx.selectFrom('eldercare.inspections').select('inspected_on').where('id', '=', row.inspection_id).executeTakeFirstOrThrow();
    if (isRetry(log[log.length - 1], action, actor, input)) return getFindingIn(trx, findingId, on);
    if (!canApplyFinding(state, action)) throw conflict('ELDERCARE_FINDING_ILLEGAL_TRANSITION', `问题当前状态为“${findingStatusNames[state.status]}”，不能${findingActionNames[action]}`);
    const step = plan({ row, state, inspectedOn: inspection.inspected_on, on, settings });
    await appendFindingAction(trx, row, log, { action, actor, at: now, reason: step.reason, detail: { ...step.detail, input } });
    return getFindingIn(trx, findingId, on);
  });
}

/** 登记整改完成: what was done and on which day (not before the inspection, not in the future). */
export function rectifyFinding(deps: EldercareDeps, actor: Actor, findingId: number, input: { rectifiedOn: IsoDate; measures: string; evidence?: string | null }): Promise<FindingDetail> {
  const rectifiedOn = date(input.rectifiedOn, '整改完成日期');
  const measures = text(input.measures, 'ELDERCARE_MEASURES_REQUIRED', '整改措施');
  return act(deps, actor, findingId, 'rectify', { rectifiedOn, measures, evidence: input.evidence?.trim() || null }, ({ row, inspectedOn, on }) => {
    if (rectifiedOn > on || rectifiedOn < inspectedOn) throw invalid('ELDERCARE_INVALID_DATE', `整改完成日期须在检查日期 ${inspectedOn} 与今天之间`);
    return { reason: measures, detail: { rectifiedOn, evidence: input.evidence?.trim() || null, deadline: row.deadline, late: rectifiedOn > row.deadline } };
  });
}

/** 复核销号: the supervisor confirmed the rectification on site or from the evidence. */
export function verifyFinding(deps: EldercareDeps, actor: Actor, findingId: number, input: { verifiedOn: IsoDate; note: string }): Promise<FindingDetail> {
  const verifiedOn = date(input.verifiedOn, '复核日期');
  const note = text(input.note, 'ELDERCARE_NOTE_REQUIRED', '复核意见');
  return act(deps, actor, findingId, 'verify', { verifiedOn, note }, ({ state, on }) => {
    if (verifiedOn > on || (state.rectifiedOn !== null && verifiedOn < state.rectifiedOn)) throw invalid('ELDERCARE_INVALID_DATE', `复核日期须在整改完成日期 ${state.rectifiedOn ?? ''} 与今天之间`);
    return { reason: note, detail: { verifiedOn } };
  });
}

/** 复核未通过: back to the facility with a new deadline (by default the severity's time allowed, from today). */
export function reopenFinding(deps: EldercareDeps, actor: Actor, findingId: number, input: { reason: string; deadline?: IsoDate | null }): Promise<FindingDetail> {
  const reason = text(input.reason, 'ELDERCARE_REASON_REQUIRED', '复核未通过的理由');
  if (input.deadline != null) date(input.deadline, '整改期限');
  return act(deps, actor, findingId, 'reopen', { reason, deadline: input.deadline ?? null }, ({ row, on, settings }) => {
    const deadline = input.deadline ?? addDays(on, settings.supervision.rectifyDays[row.severity]);
    if (deadline < on) throw invalid('ELDERCARE_INVALID_DEADLINE', `整改期限不能早于今天：${deadline}`);
    return { reason, detail: { deadline, previousDeadline: row.deadline } };
  });
}

/** 延期: a later deadline with a reason; a deadline already missed stays in the log and in the credit rating. */
export function extendDeadline(deps: EldercareDeps, actor: Actor, findingId: number, input: { deadline: IsoDate; reason: string }): Promise<FindingDetail> {
  const deadline = date(input.deadline, '新的整改期限');
  const reason = text(input.reason, 'ELDERCARE_REASON_REQUIRED', '延期理由');
  return act(deps, actor, findingId, 'extend', { deadline, reason }, ({ row, state, on }) => {
    const previous = state.status === 'open' || state.status === 'reopened' ? row.deadline : null;
    if (previous !== null && deadline <= previous) throw invalid('ELDERCARE_INVALID_DEADLINE', `新的整改期限须晚于原期限 ${previous}`);
    if (deadline < on) throw invalid('ELDERCARE_INVALID_DEADLINE', `新的整改期限不能早于今天：${deadline}`);
    return { reason, detail: { deadline, previousDeadline: previous } };
  });
}

const ESCALATION_BATCH = 1000;

/**
 * 逾期督办 (the job): every finding past its deadline (a day after it, Asia/Shanghai) and not rectified is
 * marked overdue, logged and audited as the system, and announced as `eldercare.finding.overdue` for the
 * district. Safe to run from several processes and to repeat: a finding is marked once per missed deadline.
 */
export async function escalateOverdueFindings(deps: EldercareDeps, now: Date = deps.clock.now()): Promise<{ escalated: number[]; more: boolean }> {
  const db = supervisionTables(tables(deps));
  const on = todayInShanghai(now);
  const due = await db.selectFrom('eldercare.findings').select('id').where('status', 'in', ['open', 'reopened']).where('overdue', '=', false).where('deadline', '<', on).orderBy('deadline').orderBy('id').limit(ESCALATION_BATCH).execute();
  const escalated: number[] = [];
  for (const { id } of due) {
    const done = await tables(deps)
      .transaction()
      .execute(async (raw) => {
        const trx = supervisionTables(raw);
        const row = await trx.selectFrom('eldercare.findings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row || row.overdue || row.deadline >= on) return false;
        const log = await loadFindingLog(trx, id);
        if (!canApplyFinding(reduceFinding(log), 'overdue')) return false;
        const facility = await trx.selectFrom('eldercare.facilities').select(['name', 'district_code']).where('id', '=', row.facility_id).executeTakeFirstOrThrow();
        const daysOverdue = Math.round((Date.parse(on) - Date.parse(row.deadline)) / 86_400_000);
        const detail = { deadline: row.deadline, on, daysOverdue, districtCode: facility.district_code };
        await appendFindingAction(trx, row, log, { action: 'overdue', actor: null, at: now, reason: `超过整改期限 ${row.deadline} 未整改（已逾期 ${daysOverdue} 天），升级至区民政局督办`, detail });
        await auditSystem(raw, 'eldercare.finding.overdue', 'eldercare_finding', id, { ...detail, facilityId: row.facility_id });
        await emitEvent(raw, {
          topic: 'eldercare.finding.overdue',
          key: String(id),
          payload: {
            findingId: id,
            inspectionId: row.inspection_id,
            facilityId: row.facility_id,
            facilityName: facility.name,
            divisionCode: row.division_code,
            districtCode: facility.district_code,
            category: row.category,
            severity: row.severity,
            deadline: row.deadline,
            daysOverdue,
          },
        });
        return true;
      });
    if (done) escalated.push(id);
  }
  return { escalated, more: due.length === ESCALATION_BATCH };
}

/** The job run on demand (normally a background loop runs it): whoever asks is audited, the marking is the system's. */
export async function escalateOverdueFindingsAs(deps: EldercareDeps, actor: Actor): Promise<{ escalated: number[]; more: boolean }> {
  await allowRead(tables(deps), actor, { permission: 'eldercare.supervise', action: 'eldercare.finding.escalate_run', entityType: 'eldercare_finding' });
  return escalateOverdueFindings(deps);
}
