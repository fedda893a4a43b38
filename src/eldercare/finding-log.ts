/**
 * The finding repository: the append-only log and the projection rewritten from it. Every change to a
 * finding goes through `appendFindingAction` in the caller's transaction.
 */
import type { Selectable } from 'kysely';
import type { Actor } from '../access/index.js';
import { canApplyFinding, reduceFinding, type FindingState } from './finding-states.js';
import type { FindingAction, SupervisionDb, SupervisionTables } from './supervision-model.js';

export type FindingRow = Selectable<SupervisionTables['eldercare.findings']>;

export interface LoggedFindingAction {
  seq: number;
  action: FindingAction;
  actorUser: number | null;
  at: string;
  reason: string | null;
  detail: Record<string, unknown>;
}

export async function loadFindingLog(db: SupervisionDb, findingId: number): Promise<LoggedFindingAction[]> {
  const rows = await db.selectFrom('eldercare.finding_log').selectAll().where('finding_id', '=', findingId).orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, action: r.action, actorUser: r.actor_user, at: r.at.toISOString(), reason: r.reason, detail: r.detail ?? {} }));
}

export interface NewFindingAction {
  action: FindingAction;
  /** null: the system (the overdue escalation job). */
  actor: Actor | null;
  at: Date;
  reason?: string | null;
  detail: Record<string, unknown>;
}

/** Appends, re-derives the state from the whole log, writes the projection with an optimistic version check. */
export async function appendFindingAction(trx: SupervisionDb, row: FindingRow, log: readonly LoggedFindingAction[], entry: NewFindingAction): Promise<FindingState> {
  if (log.length !== row.version) throw new Error(`finding ${row.id}: projection version ${row.version} does not match ${log.length} logged actions`);
  const before = log.length ? reduceFinding(log) : null;
  if (!canApplyFinding(before, entry.action)) throw new Error(`finding ${row.id}: ${entry.action} not allowed after ${before?.status ?? 'nothing'}`);
  const seq = row.version + 1;
  await trx
    .insertInto('eldercare.finding_log')
    .values({ finding_id: row.id, seq, action: entry.action, actor_user: entry.actor?.userId ?? null, at: entry.at, reason: entry.reason ?? null, detail: JSON.stringify(entry.detail) })
    .execute();
  const state = reduceFinding([...log, { action: entry.action, detail: entry.detail }]);
  const updated = await trx.updateTable('eldercare.findings').set({ status: state.status, deadline: state.deadline, overdue: state.overdue, version: seq }).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error(`finding ${row.id} changed underneath (version ${row.version})`);
  return state;
}
