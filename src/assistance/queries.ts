/** Reading cases: one case with its log, and the paged list scoped to the actor's jurisdiction. */
import { sql } from 'kysely';
import { type Actor, displayNames as staffNames } from '../access/index.js';
import { divisionLevel, invalid, notFound, type IsoDate } from '../kernel/index.js';
import { actionOffers } from './action-rules.js';
import { loadLog, logged, type CaseRow } from './case-log.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead, auditable, scopedDivision, type AssistanceTrx } from './guard.js';
import { PROGRAMMES, type AssistanceProgramme, type CaseDetail, type CaseSummary } from './model.js';
import { displayNames } from './ports.js';
import { conflictedStaff, flaggedCases } from './relatives.js';
import { allowedActions, BEFORE_DECISION, reduceCase, STATUSES, statusNames, TERMINAL, type Status } from './states.js';

export function toSummary(row: CaseRow, today: IsoDate, flagged: boolean): CaseSummary {
  return {
    id: row.id,
    programme: row.programme,
    householdId: row.household_id,
    applicantPersonId: row.applicant_person_id,
    beneficiaryPersonId: row.beneficiary_person_id,
    applicantName: row.applicant_name,
    streetCode: row.street_code,
    districtCode: row.district_code,
    appliedOn: row.applied_on,
    status: row.status,
    statusName: statusNames[row.status],
    open: !TERMINAL.includes(row.status),
    amountFen: row.amount_fen,
    paymentFrom: row.payment_from,
    paymentUntil: row.payment_until,
    reviewDue: row.review_due,
    dueOn: row.due_on,
    overdue: row.due_on !== null && row.due_on < today,
    relativeOfStaff: flagged,
    urgent: row.urgent,
  };
}

/** The case as the API shows it to `actor`, read in the caller's transaction (no access check here). */
export async function caseDetail(trx: AssistanceTrx, caseId: number, today: IsoDate, actor: Actor): Promise<CaseDetail> {
  const row = await trx.selectFrom('assistance.cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const log = await loadLog(trx, caseId);
  const state = reduceCase(log.map(logged));
  const account = await trx.selectFrom('assistance.payee_accounts').select(['holder_name', 'bank_name', 'account_masked']).where('case_id', '=', caseId).executeTakeFirst();
  const flagged = (await flaggedCases(trx, [caseId])).has(caseId);
  const conflicted = await conflictedStaff(trx, caseId);
  const names = await staffNames(
    auditable(trx),
    log.map((a) => a.actorId),
  );
  return {
    ...toSummary(row, today, flagged),
    acceptedBy: row.accepted_by,
    noticeEndsOn: row.notice_ends_on,
    lastVerificationId: row.last_verification_id,
    allowedActions: allowedActions(row.status),
    openObjections: state.objections.filter((o) => !o.resolved).length,
    nextActions: actionOffers({ state, programme: row.programme, today, streetCode: row.street_code, status: row.status, conflicted, urgent: row.urgent }, actor),
    bankAccount: account ? { holderName: account.holder_name, bankName: account.bank_name, accountMasked: account.account_masked } : null,
    actions: log.map((a) => ({ ...a, actorName: a.actorId === null ? null : (names.get(a.actorId) ?? null) })),
  };
}

/** One case; reading it is audited, and refused outside the jurisdiction (household's committee counts too). */
export async function getCase(deps: AssistanceDeps, actor: Actor, caseId: number): Promise<CaseDetail> {
  const db = tables(deps);
  const row = await db.selectFrom('assistance.cases').select(['street_code', 'division_code']).where('id', '=', caseId).executeTakeFirst();
  const request = { permission: 'assistance.read' as const, action: 'assistance.case.read', entityType: 'assistance_case', entityId: caseId };
  if (!row) {
    await allowRead(db, actor, request);
    throw notFound('ASSISTANCE_CASE_NOT_FOUND', `救助案件 ${caseId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [row.street_code, row.division_code] });
  const detail = await caseDetail(db, caseId, deps.clock.today(), actor);
  const beneficiary = detail.beneficiaryPersonId;
  const names = await displayNames(deps.db, actor, beneficiary ? [beneficiary] : [], [detail.householdId], `assistance.case:${caseId}`);
  const household = names.households.get(detail.householdId);
  const person = beneficiary ? names.persons.get(beneficiary) : undefined;
  return { ...detail, householdName: household?.name, householdNameMasked: household?.masked, beneficiaryName: person?.name ?? null, beneficiaryNameMasked: person?.masked };
}

export interface CaseFilter {
  status?: Status;
  programme?: AssistanceProgramme;
  /** A street, district or committee code inside the jurisdiction. */
  division?: string;
  /** Past its decision deadline (before a decision) or its review date (while paid). */
  overdue?: boolean;
  /** One household's cases, open and past (still only those in the jurisdiction). */
  household?: number;
  /** Cases with id below this (the previous page's last id). */
  cursor?: number;
  limit?: number;
}

export interface CasePage {
  items: CaseSummary[];
  nextCursor: number | null;
}

/** Urgent cases awaiting a decision first, then newest first, keyset-paged; the jurisdiction picks the one indexed column to filter on. */
export async function listCases(deps: AssistanceDeps, actor: Actor, filter: CaseFilter = {}): Promise<CasePage> {
  const db = tables(deps);
  if (filter.status && !STATUSES.includes(filter.status)) throw invalid('ASSISTANCE_INVALID_FILTER', `未知状态：${filter.status}`);
  if (filter.programme && !PROGRAMMES.includes(filter.programme)) throw invalid('ASSISTANCE_INVALID_FILTER', `未知救助项目：${filter.programme}`);
  const division = await scopedDivision(db, actor, filter.division, 'assistance.case.list');
  await allowRead(db, actor, {
    permission: 'assistance.read',
    action: 'assistance.case.list',
    detail: { status: filter.status, programme: filter.programme, overdue: filter.overdue, household: filter.household, cursor: filter.cursor, limit: filter.limit, division },
  });
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const today = deps.clock.today();
  // 急难型 cases awaiting a decision come first; the keyset is (first, id), the cursor case's own rank read back.
  const first = sql<boolean>`(urgent and status in (${sql.join(BEFORE_DECISION)}))`;
  let query = db
    .selectFrom('assistance.cases')
    .selectAll()
    .orderBy(first, 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  const level = divisionLevel(division);
  if (level === 'district') query = query.where('district_code', '=', division);
  else if (level === 'street') query = query.where('street_code', '=', division);
  else if (level === 'committee') query = query.where('division_code', '=', division);
  else if (level === 'prefecture') query = query.where('district_code', 'like', `${division.slice(0, 4)}%`);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.programme) query = query.where('programme', '=', filter.programme);
  if (filter.overdue === true) query = query.where('due_on', '<', today);
  if (filter.overdue === false) query = query.where((eb) => eb.or([eb('due_on', 'is', null), eb('due_on', '>=', today)]));
  if (filter.household) query = query.where('household_id', '=', filter.household);
  if (filter.cursor) {
    const after = await db.selectFrom('assistance.cases').select(first.as('first')).where('id', '=', filter.cursor).executeTakeFirst();
    query = query.where(sql<boolean>`(${first}, id) < (${after?.first ?? false}, ${filter.cursor})`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const flagged = await flaggedCases(
    db,
    page.map((r) => r.id),
  );
  return { items: page.map((r) => toSummary(r, today, flagged.has(r.id))), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}
