/** The advisor's work on 政策找人 leads — contact, outcome — and reading them. */
import { scopeDivision, type Actor } from '../access/index.js';
import type { Selectable } from 'kysely';
import { openCasesOf, type OpenCase } from '../assistance/index.js';
import { unmaskPurposeText } from '../registry/index.js';
import { conflict, maskAddress, maskName, divisionPrefix, invalid, isValidDate, normaliseDivisionCode, notFound, todayInShanghai, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { programmeNames } from './programme-names.js';
import { allowRead, guardedTransaction, type MonitoringTrx } from './guard.js';
import { appendLeadAction, LEAD_OUTCOMES, leadStatusNames, loadLeadLog, nextLeadStatus, type LeadAction, type LeadOutcome, type LeadRow } from './lead-log.js';
import { LEAD_PROGRAMMES, LEAD_STATUSES, type LeadProgramme, type LeadStatus, type LoggedAction, type MonitoringTables } from './model.js';
import type { HouseholdContact } from './registry-port.js';

export interface LeadProgrammeView {
  programme: LeadProgramme;
  programmeName: string;
  /** 特困 is per person: the member it is for. */
  personId: number | null;
  amountFen: Fen | null;
  reasons: string[];
  /** The household's open assistance case for this programme (已申请), if any. */
  caseId: number | null;
  caseStatusName: string | null;
}

/** Whom the advisor asks for and where to go; masked unless the reader's role visits, or a reveal with purpose. */
export interface LeadHousehold {
  headPersonId: number | null;
  headName: string | null;
  address: string | null;
  masked: boolean;
}

export interface LeadSummary {
  id: number;
  programme: LeadProgramme;
  programmeName: string;
  programmes: LeadProgrammeView[];
  householdId: number;
  household: LeadHousehold;
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
  /** The case the household applied with: the one the advisor recorded, else an open case for a listed programme. */
  caseId: number | null;
}

export interface LeadDetail extends LeadSummary {
  actions: LoggedAction[];
}

/** The roles that go to the door (社区顾问, 街镇经办) read name and address in full; everyone else masked. */
const VISITING_ROLES: readonly string[] = ['community_advisor', 'street_caseworker'];

export { maskAddress, maskName };

export interface RevealRequest {
  reveal?: boolean;
  purpose?: string;
  purposeRef?: string;
}

interface Context {
  programmes: Map<number, Selectable<MonitoringTables['monitoring.lead_programmes']>[]>;
  contacts: Map<number, HouseholdContact>;
  cases: OpenCase[];
  recorded: Map<number, number>;
  unmasked: boolean;
}

async function contextOf(deps: MonitoringDeps, db: MonitoringTrx, rows: readonly LeadRow[], unmasked: boolean): Promise<Context> {
  const ids = rows.map((r) => r.id);
  const households = rows.map((r) => r.household_id);
  const programmes = new Map<number, Selectable<MonitoringTables['monitoring.lead_programmes']>[]>();
  const recorded = new Map<number, number>();
  if (ids.length) {
    for (const p of await db.selectFrom('monitoring.lead_programmes').selectAll().where('lead_id', 'in', ids).orderBy('added_at').orderBy('programme').execute()) programmes.set(p.lead_id, [...(programmes.get(p.lead_id) ?? []), p]);
    const outcomes = await db.selectFrom('monitoring.lead_actions').select(['lead_id', 'payload']).where('lead_id', 'in', ids).where('action', '=', 'outcome').orderBy('seq').execute();
    for (const o of outcomes) {
      const caseId = (o.payload as { caseId?: unknown } | null)?.caseId;
      if (typeof caseId === 'number') recorded.set(o.lead_id, caseId);
    }
  }
  return { programmes, recorded, unmasked, contacts: households.length ? await deps.registry.contacts(households) : new Map(), cases: await openCasesOf(deps.db, households) };
}

function toSummary(r: LeadRow, ctx: Context): LeadSummary {
  const cases = ctx.cases.filter((c) => c.householdId === r.household_id);
  const caseFor = (programme: string, personId: number | null) =>
    cases.find((c) => c.programme === programme && (programme !== 'destitute' || personId === null || c.beneficiaryPersonId === null || c.beneficiaryPersonId === personId)) ?? null;
  const listed = ctx.programmes.get(r.id) ?? [];
  const programmes = listed.map((p): LeadProgrammeView => {
    const open = caseFor(p.programme, p.person_id);
    return { programme: p.programme, programmeName: programmeNames[p.programme], personId: p.person_id, amountFen: p.amount_fen, reasons: p.reasons, caseId: open?.caseId ?? null, caseStatusName: open?.statusName ?? null };
  });
  const contact = ctx.contacts.get(r.household_id);
  const head = contact?.head ?? null;
  return {
    id: r.id,
    programme: r.programme,
    programmeName: programmeNames[r.programme],
    programmes,
    householdId: r.household_id,
    household: {
      headPersonId: head?.personId ?? null,
      headName: head ? (ctx.unmasked ? head.name : maskName(head.name)) : null,
      address: contact ? (ctx.unmasked ? contact.address : maskAddress(contact.address)) : null,
      masked: !ctx.unmasked,
    },
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
    caseId: ctx.recorded.get(r.id) ?? programmes.find((p) => p.caseId !== null)?.caseId ?? null,
  };
}

async function leadIn(deps: MonitoringDeps, trx: MonitoringTrx, leadId: number, unmasked: boolean): Promise<LeadDetail> {
  const row = await trx.selectFrom('monitoring.leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
  return { ...toSummary(row, await contextOf(deps, trx, [row], unmasked)), actions: await loadLeadLog(trx, leadId) };
}

async function actOnLead(deps: MonitoringDeps, actor: Actor, leadId: number, action: LeadAction, outcome: LeadOutcome | undefined, reason: string | null, payload: Record<string, unknown>): Promise<LeadDetail> {
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
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
  });
  // Read after the commit: the household's contact and cases come from other modules' connections.
  return leadIn(deps, tables(deps), leadId, VISITING_ROLES.includes(actor.role));
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

/**
 * A lead with the household's name and address: in full for the roles that visit; masked for the others
 * unless they ask to reveal with a purpose (pii.reveal), which the audit entry records.
 */
export async function getLead(deps: MonitoringDeps, actor: Actor, leadId: number, options: RevealRequest = {}): Promise<LeadDetail> {
  const db = tables(deps);
  const purpose = options.reveal ? unmaskPurposeText(options.purpose, options.purposeRef) : undefined;
  const row = await db.selectFrom('monitoring.leads').select(['division_code', 'household_id']).where('id', '=', leadId).executeTakeFirst();
  const request = { permission: options.reveal ? ('pii.reveal' as const) : ('monitoring.read' as const), action: options.reveal ? 'monitoring.lead.reveal' : 'monitoring.lead.read', entityType: 'lead', entityId: leadId, purpose };
  if (!row) {
    await allowRead(db, actor, request);
    throw notFound('MONITORING_LEAD_NOT_FOUND', `线索 ${leadId} 不存在`);
  }
  if (options.reveal) await allowRead(db, actor, { permission: 'monitoring.read', action: 'monitoring.lead.read', entityType: 'lead', entityId: leadId, divisionCodes: [row.division_code] });
  const unmasked = options.reveal === true || VISITING_ROLES.includes(actor.role);
  const lead = await leadIn(deps, db, leadId, unmasked);
  await allowRead(db, actor, { ...request, divisionCodes: [row.division_code], detail: { householdId: row.household_id, headPersonId: lead.household.headPersonId, unmasked } });
  return lead;
}

export interface LeadFilter {
  status?: LeadStatus;
  programme?: LeadProgramme;
  division?: string;
  mine?: boolean;
  cursor?: number;
  limit?: number;
  /** One household's leads (the residents' portal shows a household its own). */
  householdId?: number;
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
  if (filter.programme) {
    const programme = filter.programme;
    query = query.where((eb) => eb.exists(eb.selectFrom('monitoring.lead_programmes as lp').select('lp.lead_id').whereRef('lp.lead_id', '=', 'monitoring.leads.id').where('lp.programme', '=', programme)));
  }
  if (filter.mine) query = query.where('assigned_to', '=', actor.userId);
  if (filter.householdId !== undefined) query = query.where('household_id', '=', filter.householdId);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  await allowRead(db, actor, {
    permission: 'monitoring.read',
    action: 'monitoring.lead.list',
    entityType: 'lead',
    divisionCodes: [division],
    detail: {
      status: filter.status,
      programme: filter.programme,
      mine: filter.mine,
      householdId: filter.householdId,
      cursor: filter.cursor,
      limit: filter.limit,
      division,
      ids: page.map((r) => r.id),
      households: page.map((r) => r.household_id),
    },
  });
  const ctx = await contextOf(deps, db, page, VISITING_ROLES.includes(actor.role));
  return { items: page.map((r) => toSummary(r, ctx)), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
