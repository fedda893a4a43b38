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
import { programmeNames } from './programme-names.js';

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

/**
 * The household's lead for the advisor: a new one listing the candidates' programmes, or, when the household
 * has an open lead already, the programmes it did not list yet added to it (logged). Returns the lead id when
 * something was created or added, else null.
 */
export async function raiseHouseholdLead(trx: MonitoringTrx, candidates: readonly LeadCandidate[], context: { staff: readonly StaffMember[]; now: Date }): Promise<number | null> {
  if (!candidates.length) return null;
  const first = candidates[0];
  const advisor = advisorFor(context.staff, first.divisionCode);
  let row = await trx.selectFrom('monitoring.leads').selectAll().where('household_id', '=', first.householdId).where('status', 'in', OPEN_LEAD).forUpdate().executeTakeFirst();
  const created = !row;
  if (!row) {
    row = await trx
      .insertInto('monitoring.leads')
      .values({
        programme: first.programme,
        subject_key: `h:${first.householdId}`,
        household_id: first.householdId,
        person_id: null,
        division_code: first.divisionCode,
        street_code: streetOf(first.divisionCode),
        month: first.month,
        // The programmes are alternatives (低保 or 低收入), not added up: the lead shows the largest.
        amount_fen: candidates.reduce<number | null>((max, c) => (c.amountFen === null || (max !== null && max >= c.amountFen) ? max : c.amountFen), null),
        reasons: JSON.stringify(candidates.flatMap((c) => c.reasons)),
        origin: JSON.stringify(first.origin),
        found_at: context.now,
        status: 'found',
        assigned_to: advisor?.userId ?? null,
        version: 0,
      })
      // Two rounds finding the same household at once: the second adds its programmes to the first's lead.
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) return raiseHouseholdLead(trx, candidates, context);
  }
  const added = await trx
    .insertInto('monitoring.lead_programmes')
    .values(candidates.map((c) => ({ lead_id: (row as LeadRow).id, programme: c.programme, person_id: c.personId, amount_fen: c.amountFen, reasons: JSON.stringify(c.reasons), added_at: context.now })))
    .onConflict((oc) => oc.doNothing())
    .returning(['programme'])
    .execute();
  if (!created && !added.length) return null;
  const names = [...new Set(added.map((a) => programmeNames[a.programme] ?? a.programme))].join('、');
  const reason = created ? (advisor ? `符合${names}条件但未纳入，推送至社区救助顾问 ${advisor.username}` : `符合${names}条件但未纳入；辖区尚无社区救助顾问`) : `另发现符合${names}条件`;
  await appendLeadAction(trx, row, {
    action: 'found',
    status: row.status,
    actor: null,
    at: context.now,
    reason,
    payload: { origin: first.origin, programmes: added.map((a) => a.programme), assignedTo: created ? (advisor?.userId ?? null) : row.assigned_to },
  });
  return row.id;
}

/** Closes (or approves) the open leads matching `where`, each with the reason; returns their ids. */
export async function settleOpenLeads(trx: MonitoringTrx, where: { householdId?: number; personId?: number; programme?: string }, action: 'approve' | 'close', reason: string, at: Date, payload: Record<string, unknown>): Promise<number[]> {
  let query = trx.selectFrom('monitoring.leads as l').selectAll('l').where('l.status', 'in', OPEN_LEAD).forUpdate();
  if (where.householdId !== undefined) query = query.where('l.household_id', '=', where.householdId);
  if (where.personId !== undefined || where.programme !== undefined) {
    const { personId, programme } = where;
    query = query.where((eb) => {
      let sub = eb.selectFrom('monitoring.lead_programmes as lp').select('lp.lead_id').whereRef('lp.lead_id', '=', 'l.id');
      if (personId !== undefined) sub = sub.where('lp.person_id', '=', personId);
      if (programme !== undefined) sub = sub.where('lp.programme', '=', programme as LeadProgramme);
      return eb.exists(sub);
    });
  }
  const rows = await query.execute();
  for (const row of rows) await appendLeadAction(trx, row, { action, status: action === 'approve' ? 'approved' : 'closed', actor: null, at, reason, payload });
  return rows.map((r) => r.id);
}
