/** The advisor's work on 政策找人 leads — contact, outcome — and reading them. */
import { scopeDivision, type Actor } from '../access/index.js';
import { conflict, divisionPrefix, invalid, isValidDate, normaliseDivisionCode, notFound, todayInShanghai, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { programmeNames } from './evaluate-policy.js';
import { allowRead, guardedTransaction, type MonitoringTrx } from './guard.js';
import { appendLeadAction, LEAD_OUTCOMES, leadStatusNames, loadLeadLog, nextLeadStatus, type LeadAction, type LeadOutcome, type LeadRow } from './lead-log.js';
import { LEAD_PROGRAMMES, LEAD_STATUSES, type LeadProgramme, type LeadStatus, type LoggedAction } from './model.js';

export interface LeadSummary {
  id: number;
  programme: LeadProgramme;
  programmeName: string;
  householdId: number;
  personId: number | null;
  divisionCode: string;
  streetCode: string;
  month: Month;
  amountFen: Fen | null;
  reasons: string[];
  foundAt: string;
  status: LeadStatus;
  statusName: string;
  assignedTo: number | null;
}

export interface LeadDetail extends LeadSummary {
  actions: LoggedAction[];
}

const toSummary = (r: LeadRow): LeadSummary => ({
  id: r.id,
  programme: r.programme,
  programmeName: programmeNames[r.programme],
  householdId: r.household_id,
  personId: r.person_id,
  divisionCode: r.division_code,
  streetCode: r.street_code,
  month: r.month,
  amountFen: r.amount_fen,
  reasons: r.reasons,
  foundAt: r.found_at.toISOString(),
  status: r.status,
  statusName: leadStatusNames[r.status],
  assignedTo: r.assigned_to,
});

async function leadIn(trx: MonitoringTrx, leadId: number): Promise<LeadDetail> {
  const row = await trx.selectFrom('monitoring.leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
  return { ...toSummary(row), actions: await loadLeadLog(trx, leadId) };
}

async function actOnLead(deps: MonitoringDeps, actor: Actor, leadId: number, action: LeadAction, outcome: LeadOutcome | undefined, reason: string | null, payload: Record<string, unknown>): Promise<LeadDetail> {
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const request = { permission: 'monitoring.handle' as const, action: `monitoring.lead.${action}`, entityType: 'lead', entityId: leadId, detail: { reason, ...payload } };
    const row = await trx.selectFrom('monitoring.leads').selectAll().where('id', '=', leadId).forUpdate().executeTakeFirst();
    if (!row) {
      await allow(request);
      throw notFound('MONITORING_LEAD_NOT_FOUND', `线索 ${leadId} 不存在`);
    }
    await allow({ ...request, divisionCodes: [row.division_code] });
    const next = nextLeadStatus(row.status, action, outcome);
    if (!next) throw conflict('MONITORING_ILLEGAL_TRANSITION', action === 'outcome' && row.status === 'found' ? '须先登记联系情况，再登记结果' : `线索当前为“${leadStatusNames[row.status]}”，不能再登记`);
    await appendLeadAction(trx, row, { action, status: next, actor, at: deps.clock.now(), reason, payload });
    return leadIn(trx, leadId);
  });
}

const text = (value: string | undefined, what: string): string => {
  const t = (value ?? '').trim();
  if (!t) throw invalid('MONITORING_REASON_REQUIRED', `须填写${what}`);
  if (t.length > 2000) throw invalid('MONITORING_TEXT_TOO_LONG', `${what}不能超过2000个字符`);
  return t;
};

/** 联系: when and how the advisor reached the household, and what was said. */
export function contactLead(deps: MonitoringDeps, actor: Actor, leadId: number, input: { contactedOn: IsoDate; channel: 'visit' | 'phone' | 'other'; note: string }): Promise<LeadDetail> {
  if (!isValidDate(input.contactedOn) || input.contactedOn > todayInShanghai(deps.clock.now())) throw invalid('MONITORING_INVALID_DATE', '联系日期须为有效日期且不晚于今天');
  if (!['visit', 'phone', 'other'].includes(input.channel)) throw invalid('MONITORING_INVALID_CHANNEL', '联系方式须为 visit、phone 或 other');
  return actOnLead(deps, actor, leadId, 'contact', undefined, text(input.note, '联系情况'), { contactedOn: input.contactedOn, channel: input.channel });
}

/** 结果: applied (the assistance case number if known), declined by the household, or not eligible after the visit. */
export function recordLeadOutcome(deps: MonitoringDeps, actor: Actor, leadId: number, input: { outcome: LeadOutcome; reason: string; caseId?: number }): Promise<LeadDetail> {
  if (!LEAD_OUTCOMES.includes(input.outcome)) throw invalid('MONITORING_INVALID_OUTCOME', `结果须为：${LEAD_OUTCOMES.join('、')}`);
  return actOnLead(deps, actor, leadId, 'outcome', input.outcome, text(input.reason, '结果说明'), { outcome: input.outcome, caseId: input.caseId ?? null });
}

export async function getLead(deps: MonitoringDeps, actor: Actor, leadId: number): Promise<LeadDetail> {
  const db = tables(deps);
  const row = await db.selectFrom('monitoring.leads').select('division_code').where('id', '=', leadId).executeTakeFirst();
  const request = { permission: 'monitoring.read' as const, action: 'monitoring.lead.read', entityType: 'lead', entityId: leadId };
  if (!row) {
    await allowRead(db, actor, request);
    throw notFound('MONITORING_LEAD_NOT_FOUND', `线索 ${leadId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [row.division_code] });
  return leadIn(db, leadId);
}

export interface LeadFilter {
  status?: LeadStatus;
  programme?: LeadProgramme;
  division?: string;
  mine?: boolean;
  cursor?: number;
  limit?: number;
}

export async function listLeads(deps: MonitoringDeps, actor: Actor, filter: LeadFilter = {}): Promise<{ items: LeadSummary[]; nextCursor: number | null }> {
  if (filter.status && !LEAD_STATUSES.includes(filter.status)) throw invalid('MONITORING_INVALID_FILTER', `未知状态：${filter.status}`);
  if (filter.programme && !LEAD_PROGRAMMES.includes(filter.programme)) throw invalid('MONITORING_INVALID_FILTER', `未知项目：${filter.programme}`);
  const db = tables(deps);
  const division = scopeDivision(actor, filter.division ? (normaliseDivisionCode(filter.division) ?? filter.division) : undefined);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  let query = db
    .selectFrom('monitoring.leads')
    .selectAll()
    .where('division_code', 'like', `${divisionPrefix(division)}%`)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.programme) query = query.where('programme', '=', filter.programme);
  if (filter.mine) query = query.where('assigned_to', '=', actor.userId);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  await allowRead(db, actor, {
    permission: 'monitoring.read',
    action: 'monitoring.lead.list',
    entityType: 'lead',
    divisionCodes: [division],
    detail: { status: filter.status, programme: filter.programme, mine: filter.mine, cursor: filter.cursor, limit: filter.limit, division, ids: page.map((r) => r.id) },
  });
  return { items: page.map(toSummary), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
