/**
 * The case repository: the append-only action log and the projection rewritten from it. Every change to a
 * case goes through `appendAction`, which appends, re-derives the state from the whole log and writes the
 * projection with an optimistic check on the version, all in the caller's transaction.
 */
import type { Selectable } from 'kysely';
import { appendAudit, type Actor } from '../access/index.js';
import type { IsoDate } from '../kernel/index.js';
import { auditable, type AssistanceTrx } from './guard.js';
import type { AssistanceTables, CaseAction } from './model.js';
import { dueOn, reduceCase, type Action, type CaseState, type LoggedAction } from './states.js';

export type CaseRow = Selectable<AssistanceTables['assistance.cases']>;

export async function lockCase(trx: AssistanceTrx, caseId: number): Promise<CaseRow | undefined> {
  return trx.selectFrom('assistance.cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
}

type ActionRow = Selectable<AssistanceTables['assistance.case_actions']>;

export async function loadLog(trx: AssistanceTrx, caseId: number): Promise<CaseAction[]> {
  const rows = await trx.selectFrom('assistance.case_actions').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map(toAction);
}

/** The logs of several cases in one read (a chunk of events), by case. */
export async function loadLogs(trx: AssistanceTrx, caseIds: readonly number[]): Promise<Map<number, CaseAction[]>> {
  const logs = new Map<number, CaseAction[]>(caseIds.map((id) => [id, []]));
  const rows = await trx.selectFrom('assistance.case_actions').selectAll().where('case_id', 'in', caseIds).orderBy('case_id').orderBy('seq').execute();
  for (const r of rows) logs.get(r.case_id)?.push(toAction(r));
  return logs;
}

function toAction(r: ActionRow): CaseAction {
  return {
    seq: r.seq,
    action: r.action,
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    actorRole: r.actor_role,
    at: r.at.toISOString(),
    onDate: r.on_date,
    reason: r.reason,
    payload: (r.payload ?? {}) as Record<string, unknown>,
  };
}

export const logged = (a: CaseAction): LoggedAction => ({ seq: a.seq, action: a.action, actorId: a.actorId, onDate: a.onDate, payload: a.payload });

/** The projection columns of assistance.cases for a state. */
export function projection(state: CaseState) {
  return {
    status: state.status,
    version: state.version,
    accepted_by: state.acceptedBy,
    amount_fen: state.amountFen,
    payment_from: state.paymentFrom,
    payment_until: state.paymentUntil,
    notice_ends_on: state.noticeEndsOn,
    review_due: state.reviewDue,
    due_on: dueOn(state),
    last_verification_id: state.lastVerification?.id ?? null,
  };
}

export interface NewAction {
  action: Action;
  /** null: the system (payment run, event handler); audited here since no `allow()` ran. */
  actor: Actor | null;
  onDate: IsoDate;
  reason?: string | null;
  payload?: Record<string, unknown>;
}

export async function appendAction(trx: AssistanceTrx, row: CaseRow, log: readonly CaseAction[], entry: NewAction): Promise<CaseState> {
  if (log.length !== row.version) throw new Error(`case ${row.id}: projection version ${row.version} does not match ${log.length} logged actions`);
  const seq = row.version + 1;
  const payload = entry.payload ?? {};
  await trx
    .insertInto('assistance.case_actions')
    .values({
      case_id: row.id,
      seq,
      action: entry.action,
      actor_id: entry.actor?.userId ?? null,
      actor_username: entry.actor?.username ?? null,
      actor_role: entry.actor?.role ?? null,
      on_date: entry.onDate,
      reason: entry.reason ?? null,
      payload: JSON.stringify(payload),
    })
    .execute();
  const state = reduceCase([...log.map(logged), { seq, action: entry.action, actorId: entry.actor?.userId ?? null, onDate: entry.onDate, payload }]);
  const updated = await trx
    .updateTable('assistance.cases')
    .set({ ...projection(state), updated_at: new Date() })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error(`case ${row.id} changed underneath (version ${row.version})`);
  if (!entry.actor) {
    await appendAudit(auditable(trx), { actor: null, action: `assistance.case.${entry.action}`, entityType: 'assistance_case', entityId: row.id, result: 'ok', detail: { reason: entry.reason ?? null, ...payload } });
  }
  return state;
}

/** Re-derives the projection from the log; returns the columns that differed (empty when consistent). */
export async function checkProjection(trx: AssistanceTrx, caseId: number): Promise<string[]> {
  const row = await trx.selectFrom('assistance.cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const expected = projection(reduceCase((await loadLog(trx, caseId)).map(logged)));
  return (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => String(expected[k]) !== String(row[k]));
}
