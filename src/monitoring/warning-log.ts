/**
 * The warning repository: the append-only log and the projection rewritten from it (raising, with its
 * dedupe rules: warning-raise.ts). Every change goes through `appendWarningAction` in the caller's transaction.
 */
import type { Selectable } from 'kysely';
import type { Actor } from '../access/index.js';
import type { LoggedAction, MonitoringTables, Origin, WarningType } from './model.js';
import type { MonitoringTrx } from './guard.js';
import { reduceWarning, type WarningAction, type WarningState } from './warning-states.js';

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

/** The action's log row, the state re-derived from the whole log with it, and the projection row after it. */
export function planWarningAction(row: WarningRow, log: readonly LoggedAction[], entry: NewWarningAction) {
  if (log.length !== row.version) throw new Error(`warning ${row.id}: projection version ${row.version} does not match ${log.length} logged actions`);
  const payload = entry.payload ?? {};
  const seq = row.version + 1;
  const logged: LoggedAction = { seq, action: entry.action, actorId: entry.actor?.userId ?? null, actorUsername: entry.actor?.username ?? null, at: entry.at.toISOString(), reason: entry.reason ?? null, payload };
  const insert = { warning_id: row.id, seq, action: entry.action, actor_id: logged.actorId, actor_username: logged.actorUsername, at: entry.at, reason: logged.reason, payload: JSON.stringify(payload) };
  const state = reduceWarning([...log, logged]);
  const next: WarningRow = { ...row, status: state.status, assigned_to: state.assignedTo, escalated_at: state.escalatedAt === null ? null : new Date(state.escalatedAt), outcome: state.outcome, version: seq };
  return { logged, insert, state, next };
}

/** Appends, re-derives the state from the whole log, writes the projection with an optimistic version check. */
export async function appendWarningAction(trx: MonitoringTrx, row: WarningRow, log: readonly LoggedAction[], entry: NewWarningAction): Promise<WarningState> {
  const { insert, state, next } = planWarningAction(row, log, entry);
  await trx.insertInto('monitoring.warning_actions').values(insert).execute();
  const updated = await trx
    .updateTable('monitoring.warnings')
    .set({ status: next.status, assigned_to: next.assigned_to, escalated_at: next.escalated_at, outcome: next.outcome, version: next.version })
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

export const subjectKey = (c: { householdId: number | null; personId: number | null }): string => (c.householdId !== null ? `h:${c.householdId}` : `p:${c.personId}`);
