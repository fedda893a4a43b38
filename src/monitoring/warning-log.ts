/**
 * The warning repository: raising (with its dedupe rules), the append-only log and the projection
 * rewritten from it. Every change goes through `appendWarningAction` in the caller's transaction.
 */
import type { Selectable } from 'kysely';
import type { Actor } from '../access/index.js';
import type { LoggedAction, MonitoringTables, Origin, WarningLevel, WarningType } from './model.js';
import type { MonitoringTrx } from './guard.js';
import { LEVEL_LIMIT, WARNING_TYPE_DEFS, type RuleSettings } from './rules.js';
import { advisorFor, streetOf, type StaffMember } from './staff.js';
import { canApply, reduceWarning, type WarningAction, type WarningState } from './warning-states.js';

export type WarningRow = Selectable<MonitoringTables['monitoring.warnings']>;

export async function loadWarningLog(trx: MonitoringTrx, warningId: number): Promise<LoggedAction[]> {
  const rows = await trx.selectFrom('monitoring.warning_actions').selectAll().where('warning_id', '=', warningId).orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, action: r.action, actorId: r.actor_id, actorUsername: r.actor_username, at: r.at.toISOString(), reason: r.reason, payload: r.payload ?? {} }));
}

export interface NewWarningAction {
  action: WarningAction;
  /** null: the system (a rule, the escalation job). */
  actor: Actor | null;
  at: Date;
  reason?: string | null;
  payload?: Record<string, unknown>;
}

/** Appends, re-derives the state from the whole log, writes the projection with an optimistic version check. */
export async function appendWarningAction(trx: MonitoringTrx, row: WarningRow, log: readonly LoggedAction[], entry: NewWarningAction): Promise<WarningState> {
  if (log.length !== row.version) throw new Error(`warning ${row.id}: projection version ${row.version} does not match ${log.length} logged actions`);
  const payload = entry.payload ?? {};
  const seq = row.version + 1;
  await trx
    .insertInto('monitoring.warning_actions')
    .values({ warning_id: row.id, seq, action: entry.action, actor_id: entry.actor?.userId ?? null, actor_username: entry.actor?.username ?? null, at: entry.at, reason: entry.reason ?? null, payload: JSON.stringify(payload) })
    .execute();
  const state = reduceWarning([...log, { action: entry.action, at: entry.at.toISOString(), payload }]);
  const updated = await trx
    .updateTable('monitoring.warnings')
    .set({ status: state.status, assigned_to: state.assignedTo, escalated_at: state.escalatedAt === null ? null : new Date(state.escalatedAt), outcome: state.outcome, version: seq })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error(`warning ${row.id} changed underneath (version ${row.version})`);
  return state;
}

export interface WarningCandidate {
  type: WarningType;
  householdId: number | null;
  personId: number | null;
  divisionCode: string;
  /** What raised it, e.g. `death:123`: the same trigger never raises a second warning. */
  triggerKey: string;
  reasons: string[];
  origin: Origin;
}

export interface RaiseContext {
  settings: RuleSettings;
  staff: readonly StaffMember[];
  now: Date;
}

export const subjectKey = (c: { householdId: number | null; personId: number | null }): string => (c.householdId !== null ? `h:${c.householdId}` : `p:${c.personId}`);

/**
 * Raises warnings and pushes each to its advisor, for a whole round of rules at once (a storm of meter
 * readings must not cost a round trip per statement): at most one open warning per type and subject — a
 * new trigger while one is open is logged on it as `retrigger` — and never twice for the same trigger.
 * A new warning's log is known in advance (raise, then assign), so its projection is inserted with it.
 * Returns the ids of the new warnings.
 */
export async function raiseWarnings(trx: MonitoringTrx, candidates: readonly WarningCandidate[], context: RaiseContext): Promise<number[]> {
  if (!candidates.length) return [];
  const subjects = [...new Set(candidates.map(subjectKey))];
  const open = new Map<string, WarningRow>();
  for (let i = 0; i < subjects.length; i += 1000) {
    const rows = await trx.selectFrom('monitoring.warnings').selectAll().where('subject_key', 'in', subjects.slice(i, i + 1000)).where('status', '<>', 'closed').forUpdate().execute();
    for (const r of rows) open.set(`${r.subject_key}|${r.type}`, r);
  }
  const keys = [...new Set(candidates.map((c) => c.triggerKey))];
  const used = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    for (const r of await trx.selectFrom('monitoring.warnings').select(['type', 'trigger_key']).where('trigger_key', 'in', keys.slice(i, i + 1000)).execute()) used.add(`${r.type}|${r.trigger_key}`);
  }
  const fresh = new Map<string, WarningCandidate>();
  const later: WarningCandidate[] = [];
  for (const c of candidates) {
    const pair = `${subjectKey(c)}|${c.type}`;
    if (used.has(`${c.type}|${c.triggerKey}`)) continue;
    used.add(`${c.type}|${c.triggerKey}`);
    if (open.has(pair) || fresh.has(pair)) later.push(c);
    else fresh.set(pair, c);
  }
  const ids: number[] = [];
  const plans = [...fresh.values()].map((c) => planWarning(c, context));
  for (let i = 0; i < plans.length; i += 500) {
    const chunk = plans.slice(i, i + 500);
    const inserted = await trx.insertInto('monitoring.warnings').values(chunk.map((p) => p.row)).onConflict((oc) => oc.doNothing()).returningAll().execute();
    const byTrigger = new Map(chunk.map((p) => [`${p.row.type}|${p.row.trigger_key}`, p]));
    const actions = inserted.flatMap((row) => (byTrigger.get(`${row.type}|${row.trigger_key}`)?.log ?? []).map((a, k) => ({ warning_id: row.id, seq: k + 1, action: a.action, actor_id: null, actor_username: null, at: context.now, reason: a.reason, payload: JSON.stringify(a.payload) })));
    if (actions.length) await trx.insertInto('monitoring.warning_actions').values(actions).execute();
    for (const row of inserted) {
      ids.push(row.id);
      open.set(`${row.subject_key}|${row.type}`, row);
    }
  }
  for (const c of later) {
    const row = open.get(`${subjectKey(c)}|${c.type}`);
    if (!row) continue;
    const current = await trx.selectFrom('monitoring.warnings').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    const log = await loadWarningLog(trx, row.id);
    if (log.some((a) => a.payload.triggerKey === c.triggerKey) || !canApply(reduceWarning(log).status, 'retrigger')) continue;
    await appendWarningAction(trx, current, log, { action: 'retrigger', actor: null, at: context.now, reason: c.reasons.join('；'), payload: { triggerKey: c.triggerKey, origin: c.origin } });
  }
  return ids;
}

/** The new warning's row with its projection, and the log that projection is derived from. */
function planWarning(candidate: WarningCandidate, context: RaiseContext) {
  const level: WarningLevel = WARNING_TYPE_DEFS[candidate.type].level;
  const hours = context.settings[LEVEL_LIMIT[level]];
  const advisor = advisorFor(context.staff, candidate.divisionCode);
  const log: { action: WarningAction; reason: string; payload: Record<string, unknown> }[] = [
    { action: 'raise', reason: `${WARNING_TYPE_DEFS[candidate.type].name}：${candidate.reasons.join('；')}`, payload: { triggerKey: candidate.triggerKey, timeLimitHours: hours } },
  ];
  if (advisor) log.push({ action: 'assign', reason: `自动推送至社区救助顾问 ${advisor.username}`, payload: { userId: advisor.userId } });
  const state = reduceWarning(log.map((a) => ({ action: a.action, at: context.now.toISOString(), payload: a.payload })));
  return {
    log,
    row: {
      type: candidate.type,
      level,
      subject_key: subjectKey(candidate),
      trigger_key: candidate.triggerKey,
      household_id: candidate.householdId,
      person_id: candidate.personId,
      division_code: candidate.divisionCode,
      street_code: streetOf(candidate.divisionCode),
      reasons: JSON.stringify(candidate.reasons),
      origin: JSON.stringify(candidate.origin),
      raised_at: context.now,
      due_at: new Date(context.now.getTime() + hours * 3_600_000),
      status: state.status,
      assigned_to: state.assignedTo,
      escalated_at: null,
      outcome: null,
      version: log.length,
    },
  };
}
