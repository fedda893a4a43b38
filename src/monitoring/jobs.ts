/**
 * Monitoring's background work, safe to run from several processes: the households queued by event
 * handlers, and the escalation of overdue warnings. `runMonitoringJobs` is what a worker loop calls next to
 * `dispatchOutbox` (every few seconds is plenty: the deadlines are in hours).
 */
import type { AccessTables, Actor } from '../access/index.js';
import { retryAfterOutage } from '../db/index.js';
import { todayInShanghai } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { evaluateTriggers, type EvaluationSummary, type Trigger } from './evaluate.js';
import { allowRead, auditSystem, emitEvent } from './guard.js';
import type { Origin } from './model.js';
import { ensurePersons } from './person-index.js';
import { loadRules } from './rule-settings.js';
import { LEVEL_LIMIT } from './rules.js';
import { loadStaff, streetWorkerFor } from './staff.js';
import { appendWarningAction, loadWarningLog } from './warning-log.js';
import { canApply, reduceWarning } from './warning-states.js';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** Claims up to `limit` queued households (a short transaction, `skip locked`), evaluates them, and puts them back on failure. */
export async function processPendingEvaluations(deps: MonitoringDeps, limit = 500): Promise<EvaluationSummary & { processed: number }> {
  const db = tables(deps);
  const claimed = await db.transaction().execute(async (trx) => {
    const ids = await trx.selectFrom('monitoring.pending_evaluations').select('id').orderBy('id').limit(limit).forUpdate().skipLocked().execute();
    if (!ids.length) return [];
    return trx
      .deleteFrom('monitoring.pending_evaluations')
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .returningAll()
      .execute();
  });
  if (!claimed.length) return { warnings: [], leads: [], grants: [], households: 0, processed: 0 };
  try {
    const today = todayInShanghai(deps.clock.now());
    const triggers: Trigger[] = [];
    for (const item of claimed) {
      const t = item.trigger;
      const base = {
        type: typeof t.type === 'string' ? t.type : 'facts_changed',
        occurredOn: typeof t.occurredOn === 'string' ? t.occurredOn : today,
        amountFen: null,
        values: (t.values as Trigger['values']) ?? {},
        origin: t.origin as Origin,
        previousGrade: num(t.previousGrade),
      };
      if (item.batch_id) {
        for (const s of await deps.registry.batchSubjects(item.batch_id)) {
          triggers.push({ ...base, personId: s.subjectType === 'person' ? s.subjectId : null, householdId: s.subjectType === 'household' ? s.subjectId : null });
        }
      } else triggers.push({ ...base, personId: num(t.personId), householdId: item.household_id });
    }
    await ensurePersons(
      deps,
      triggers.flatMap((t) => (t.personId !== null ? [t.personId] : [])),
    );
    return { ...(await evaluateTriggers(deps, triggers)), processed: claimed.length };
  } catch (error) {
    // The claim deleted them: put them back even if that must wait for a lost database to return.
    const requeue = () =>
      db
        .insertInto('monitoring.pending_evaluations')
        .values(claimed.map((c) => ({ household_id: c.household_id, batch_id: c.batch_id, trigger: JSON.stringify(c.trigger), enqueued_at: c.enqueued_at })))
        .execute();
    await retryAfterOutage(deps.db.kysely, requeue);
    throw error;
  }
}

/**
 * 逾期升级: a warning not handled by its deadline goes to the street — a street caseworker is assigned
 * (when the street has one) and the escalation is logged with the deadline it missed.
 */
export async function escalateOverdue(deps: MonitoringDeps, now: Date = deps.clock.now()): Promise<{ escalated: number[] }> {
  const db = tables(deps);
  const due = await db.selectFrom('monitoring.warnings').select('id').where('status', 'in', ['new', 'assigned', 'visited']).where('escalated_at', 'is', null).where('due_at', '<', now).orderBy('due_at').limit(1000).execute();
  if (!due.length) return { escalated: [] };
  const staff = await loadStaff(db.withTables<AccessTables>());
  const settings = await loadRules(db, todayInShanghai(now));
  const escalated: number[] = [];
  for (const { id } of due) {
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('monitoring.warnings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row || row.escalated_at !== null || row.due_at >= now) return;
      const log = await loadWarningLog(trx, id);
      if (!canApply(reduceWarning(log).status, 'escalate')) return;
      const worker = streetWorkerFor(staff, row.division_code);
      const hours = settings[LEVEL_LIMIT[row.level]];
      const overdueHours = Math.floor((now.getTime() - row.due_at.getTime()) / 3_600_000);
      const reason = `超过处置时限 ${hours} 小时（应于 ${row.due_at.toISOString()} 前处置，已逾期 ${overdueHours} 小时），升级至街镇${worker ? `，由 ${worker.username} 督办` : '（街镇暂无经办人员账号）'}`;
      await appendWarningAction(trx, row, log, { action: 'escalate', actor: null, at: now, reason, payload: { userId: worker?.userId ?? null, streetCode: row.street_code, dueAt: row.due_at.toISOString() } });
      await emitEvent(trx, { topic: 'monitoring.warning.escalated', key: String(id), payload: { warningId: id, type: row.type, streetCode: row.street_code, assignedTo: worker?.userId ?? null } });
      await auditSystem(trx, 'monitoring.warning.escalate', 'warning', id, { reason });
      escalated.push(id);
    });
  }
  return { escalated };
}

export async function runMonitoringJobs(deps: MonitoringDeps): Promise<{ evaluated: number; escalated: number }> {
  const pending = await processPendingEvaluations(deps);
  const { escalated } = await escalateOverdue(deps);
  return { evaluated: pending.processed, escalated: escalated.length };
}

/** The escalation run started by a person (the scheduler runs `escalateOverdue` itself): permission and audit first. */
export async function escalateOverdueAs(deps: MonitoringDeps, actor: Actor): Promise<{ escalated: number[] }> {
  await allowRead(tables(deps), actor, { permission: 'monitoring.discover', action: 'monitoring.warning.escalate_run', entityType: 'warning' });
  return escalateOverdue(deps);
}
