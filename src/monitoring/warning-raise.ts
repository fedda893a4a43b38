/**
 * Raising warnings for a round of rules: at most one open warning per type and subject, never two for one
 * trigger, and a new trigger while one is open logged on it as `retrigger`. A storm of meter readings
 * raises and retriggers many at once, so every step is a statement for all of them, not one per warning.
 */
import { sql } from 'kysely';
import type { LoggedAction, WarningLevel } from './model.js';
import type { MonitoringTrx } from './guard.js';
import { LEVEL_LIMIT, WARNING_TYPE_DEFS, type RuleSettings } from './rules.js';
import { advisorFor, streetOf, type StaffMember } from './staff.js';
import { planWarningAction, subjectKey, type WarningCandidate, type WarningRow } from './warning-log.js';
import { canApply, reduceWarning, type WarningAction } from './warning-states.js';

export interface RaiseContext {
  settings: RuleSettings;
  staff: readonly StaffMember[];
  now: Date;
}

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
    const rows = await trx
      .selectFrom('monitoring.warnings')
      .selectAll()
      .where('subject_key', 'in', subjects.slice(i, i + 1000))
      .where('status', '<>', 'closed')
      .forUpdate()
      .execute();
    for (const r of rows) open.set(`${r.subject_key}|${r.type}`, r);
  }
  const keys = [...new Set(candidates.map((c) => c.triggerKey))];
  const used = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    for (const r of await trx
      .selectFrom('monitoring.warnings')
      .select(['type', 'trigger_key'])
      .where('trigger_key', 'in', keys.slice(i, i + 1000))
      .execute())
      used.add(`${r.type}|${r.trigger_key}`);
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
    const inserted = await trx
      .insertInto('monitoring.warnings')
      .values(chunk.map((p) => p.row))
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .execute();
    const byTrigger = new Map(chunk.map((p) => [`${p.row.type}|${p.row.trigger_key}`, p]));
    const actions = inserted.flatMap((row) =>
      (byTrigger.get(`${row.type}|${row.trigger_key}`)?.log ?? []).map((a, k) => ({
        warning_id: row.id,
        seq: k + 1,
        action: a.action,
        actor_id: null,
        actor_username: null,
        at: context.now,
        reason: a.reason,
        payload: JSON.stringify(a.payload),
      })),
    );
    if (actions.length) await trx.insertInto('monitoring.warning_actions').values(actions).execute();
    for (const row of inserted) {
      ids.push(row.id);
      open.set(`${row.subject_key}|${row.type}`, row);
    }
  }
  const retriggers = later.flatMap((c) => {
    const row = open.get(`${subjectKey(c)}|${c.type}`);
    return row ? [{ warningId: row.id, candidate: c }] : [];
  });
  await retriggerWarnings(trx, retriggers, context.now);
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

const CHUNK = 1000;

async function readWarnings(trx: MonitoringTrx, ids: number[]) {
  const rows = new Map<number, WarningRow>();
  const logs = new Map<number, LoggedAction[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    for (const r of await trx.selectFrom('monitoring.warnings').selectAll().where('id', 'in', chunk).execute()) rows.set(r.id, r);
    const actions = await trx.selectFrom('monitoring.warning_actions').selectAll().where('warning_id', 'in', chunk).orderBy('warning_id').orderBy('seq').execute();
    for (const a of actions) {
      const log = logs.get(a.warning_id) ?? [];
      log.push({ seq: a.seq, action: a.action, actorId: a.actor_id, actorUsername: a.actor_username, at: a.at.toISOString(), reason: a.reason, payload: a.payload ?? {} });
      logs.set(a.warning_id, log);
    }
  }
  return { rows, logs };
}

/** Logs each candidate as `retrigger` on its open warning, in order; a trigger already logged there is skipped. */
async function retriggerWarnings(trx: MonitoringTrx, items: readonly { warningId: number; candidate: WarningCandidate }[], now: Date): Promise<void> {
  if (!items.length) return;
  const { rows, logs } = await readWarnings(trx, [...new Set(items.map((i) => i.warningId))]);
  const inserts: ReturnType<typeof planWarningAction>['insert'][] = [];
  const readVersion = new Map<number, number>();
  for (const { warningId, candidate: c } of items) {
    const row = rows.get(warningId);
    const log = logs.get(warningId) ?? [];
    if (!row || log.some((a) => a.payload.triggerKey === c.triggerKey) || !canApply(reduceWarning(log).status, 'retrigger')) continue;
    const plan = planWarningAction(row, log, { action: 'retrigger', actor: null, at: now, reason: c.reasons.join('；'), payload: { triggerKey: c.triggerKey, origin: c.origin } });
    inserts.push(plan.insert);
    logs.set(warningId, [...log, plan.logged]);
    rows.set(warningId, plan.next);
    if (!readVersion.has(warningId)) readVersion.set(warningId, row.version);
  }
  const changed = [...readVersion].map(([id, version]) => {
    const r = rows.get(id) as WarningRow;
    return { id, read_version: version, status: r.status, assigned_to: r.assigned_to, escalated_at: r.escalated_at, outcome: r.outcome, version: r.version };
  });
  for (let i = 0; i < inserts.length; i += CHUNK)
    await trx
      .insertInto('monitoring.warning_actions')
      .values(inserts.slice(i, i + CHUNK))
      .execute();
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    // The projection as its log now says, with the optimistic version check of appendWarningAction.
    const updated = await sql`update monitoring.warnings as w
      set status = x.status, assigned_to = x.assigned_to, escalated_at = x.escalated_at, outcome = x.outcome, version = x.version
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(id bigint, read_version integer, status text, assigned_to bigint, escalated_at timestamptz, outcome text, version integer)
      where w.id = x.id and w.version = x.read_version`.execute(trx);
    if (Number(updated.numAffectedRows) !== chunk.length) throw new Error(`warnings changed underneath: ${chunk.length - Number(updated.numAffectedRows)} of ${chunk.length}`);
  }
}
