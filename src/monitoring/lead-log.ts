/**
 * 政策找人 leads: found by a rule or a discovery run, contacted by the advisor (铁脚板), then applied,
 * declined or not eligible after the visit; approved when the assistance case is approved. The status is
 * the reduction of the append-only log, as for warnings.
 */
import type { Selectable } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Fen, Month } from '../kernel/index.js';
import type { MonitoringTrx } from './guard.js';
import type { LeadProgramme, LeadStatus, LoggedAction, MonitoringTables, Origin } from './model.js';
import { advisorFor, streetOf, type StaffMember } from './staff.js';

export type LeadRow = Selectable<MonitoringTables['monitoring.leads']>;

export const LEAD_ACTIONS = ['found', 'contact', 'outcome', 'approve', 'close'] as const;
export type LeadAction = (typeof LEAD_ACTIONS)[number];
export const LEAD_OUTCOMES = ['applied', 'declined', 'not_eligible'] as const;
export type LeadOutcome = (typeof LEAD_OUTCOMES)[number];

export const leadStatusNames: Record<LeadStatus, string> = {
  found: '已发现',
  contacted: '已联系',
  applied: '已申请',
  approved: '已获批',
  declined: '本人放弃',
  not_eligible: '核实后不符合',
  closed: '已关闭',
};

export const leadActionNames: Record<LeadAction, string> = { found: '发现线索', contact: '联系', outcome: '登记结果', approve: '已获批', close: '关闭' };

export const OPEN_LEAD: readonly LeadStatus[] = ['found', 'contacted', 'applied'];

/** The status after `action` (with its outcome), or null when the action is not allowed from `status`. */
export function nextLeadStatus(status: LeadStatus, action: LeadAction, outcome?: LeadOutcome): LeadStatus | null {
  switch (action) {
    case 'found':
      return null;
    case 'contact':
      return status === 'found' || status === 'contacted' ? 'contacted' : null;
    case 'outcome':
      return status === 'contacted' && outcome ? outcome : null;
    case 'approve':
    case 'close':
      return OPEN_LEAD.includes(status) ? (action === 'approve' ? 'approved' : 'closed') : null;
  }
}

export async function loadLeadLog(trx: MonitoringTrx, leadId: number): Promise<LoggedAction[]> {
  const rows = await trx.selectFrom('monitoring.lead_actions').selectAll().where('lead_id', '=', leadId).orderBy('seq').execute();
  return rows.map((r) => ({ seq: r.seq, action: r.action, actorId: r.actor_id, actorUsername: r.actor_username, at: r.at.toISOString(), reason: r.reason, payload: r.payload ?? {} }));
}

export async function appendLeadAction(trx: MonitoringTrx, row: LeadRow, entry: { action: LeadAction; status: LeadStatus; actor: Actor | null; at: Date; reason?: string | null; payload?: Record<string, unknown> }): Promise<void> {
  const seq = row.version + 1;
  await trx
    .insertInto('monitoring.lead_actions')
    .values({ lead_id: row.id, seq, action: entry.action, actor_id: entry.actor?.userId ?? null, actor_username: entry.actor?.username ?? null, at: entry.at, reason: entry.reason ?? null, payload: JSON.stringify(entry.payload ?? {}) })
    .execute();
  const updated = await trx.updateTable('monitoring.leads').set({ status: entry.status, version: seq }).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new Error(`lead ${row.id} changed underneath (version ${row.version})`);
}

export interface LeadCandidate {
  programme: LeadProgramme;
  householdId: number;
  personId: number | null;
  divisionCode: string;
  month: Month;
  amountFen: Fen | null;
  reasons: string[];
  origin: Origin;
}

/** A new lead for the advisor, unless one is open for the same household (or person) and programme. */
export async function createLead(trx: MonitoringTrx, candidate: LeadCandidate, context: { staff: readonly StaffMember[]; now: Date }): Promise<number | null> {
  const subject = candidate.personId !== null ? `p:${candidate.personId}` : `h:${candidate.householdId}`;
  const advisor = advisorFor(context.staff, candidate.divisionCode);
  const row = await trx
    .insertInto('monitoring.leads')
    .values({
      programme: candidate.programme,
      subject_key: subject,
      household_id: candidate.householdId,
      person_id: candidate.personId,
      division_code: candidate.divisionCode,
      street_code: streetOf(candidate.divisionCode),
      month: candidate.month,
      amount_fen: candidate.amountFen,
      reasons: JSON.stringify(candidate.reasons),
      origin: JSON.stringify(candidate.origin),
      found_at: context.now,
      status: 'found',
      assigned_to: advisor?.userId ?? null,
      version: 0,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  const reason = advisor ? `符合条件但未纳入，推送至社区救助顾问 ${advisor.username}` : '符合条件但未纳入；辖区尚无社区救助顾问';
  await appendLeadAction(trx, row, { action: 'found', status: 'found', actor: null, at: context.now, reason, payload: { origin: candidate.origin, assignedTo: advisor?.userId ?? null } });
  return row.id;
}

/** Closes (or approves) the open leads matching `where`, each with the reason; returns their ids. */
export async function settleOpenLeads(trx: MonitoringTrx, where: { householdId?: number; personId?: number; programme?: string }, action: 'approve' | 'close', reason: string, at: Date, payload: Record<string, unknown>): Promise<number[]> {
  let query = trx.selectFrom('monitoring.leads').selectAll().where('status', 'in', OPEN_LEAD).forUpdate();
  if (where.householdId !== undefined) query = query.where('household_id', '=', where.householdId);
  if (where.personId !== undefined) query = query.where('person_id', '=', where.personId);
  if (where.programme !== undefined) query = query.where('programme', '=', where.programme as LeadProgramme);
  const rows = await query.execute();
  for (const row of rows) await appendLeadAction(trx, row, { action, status: action === 'approve' ? 'approved' : 'closed', actor: null, at, reason, payload });
  return rows.map((r) => r.id);
}
