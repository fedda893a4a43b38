/**
 * 减负 (lightening the load on 居村委会; reference CHILDREN-COMMUNITY-INDICATORS.md §5.5). The city keeps dated lists
 * with their source — certificates a committee may issue (可出具), may not issue (不得出具), and the administrative
 * tasks admitted (居村协助行政事务准入清单); the official lists were not found, so what the demo ships is marked 示例.
 *
 * - A request made of a committee (a certificate or a task) is decided against the lists in force that day: a
 *   certificate on the 可出具 list is issued; one on the 不得出具 list, or on no list, is refused; a task on the
 *   admitted list is taken on, any other refused (清单之外不得摊派). Every request is kept, so the refusals are counted.
 * - A report of work pushed down against the rules (举报) is a case: received → referred (移送, to whom, when) →
 *   closed with its result; a report may be closed without referral when unfounded (the result says so).
 * - Monitoring points (居村减负监测点): committees whose figures are read month by month.
 */
import { sql } from 'kysely';
import { guardedTransaction, requirePermission, scopeDivision, type Actor } from '../access/index.js';
import { conflict, divisionLevel, divisionPrefix, firstDayOfMonth, invalid, isValidDate, isValidMonth, lastDayOfMonth, notFound, currentMonthInShanghai, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { findDivision, type RegistryDb, type RegistryTables } from '../registry/index.js';
import { BURDEN_KINDS, burdenKindNames, type BurdenKind, type BurdenOutcome, burdenOutcomeNames, type ReportStatus, reportStatusNames } from './model.js';
import { communityTables, type CommunityDeps } from './roster.js';

const registryOf = (deps: { db: CommunityDeps['db'] }) => deps.db.kysely.withTables<RegistryTables>() as unknown as RegistryDb;
const today = (deps: CommunityDeps) => todayInShanghai(deps.now());
const trimmed = (v: unknown, max: number): string | null => {
  const t = typeof v === 'string' ? v.trim() : '';
  return t && t.length <= max ? t : null;
};

// ── the lists ───────────────────────────────────────────────────────────────────────────────────────────────

export interface NewBurdenEntry {
  kind: BurdenKind;
  name: string;
  source: string;
  example?: boolean;
  validFrom: IsoDate;
  validTo?: IsoDate | null;
}
export interface BurdenEntryView {
  id: number;
  kind: BurdenKind;
  kindName: string;
  name: string;
  source: string;
  example: boolean;
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

const entryView = (r: { id: number; kind: BurdenKind; name: string; source: string; example: boolean; valid_from: IsoDate; valid_to: IsoDate | null }): BurdenEntryView => ({
  id: Number(r.id),
  kind: r.kind,
  kindName: burdenKindNames[r.kind],
  name: r.name,
  source: r.source,
  example: r.example,
  validFrom: r.valid_from,
  validTo: r.valid_to,
});

/** A list entry (the city's: community.burden.lists). */
export async function addBurdenEntry(deps: CommunityDeps, actor: Actor, input: NewBurdenEntry): Promise<BurdenEntryView> {
  requirePermission(actor, 'community.burden.lists');
  if (!BURDEN_KINDS.includes(input.kind)) throw invalid('COMMUNITY_BURDEN_INVALID_KIND', '清单类别须为可出具证明、不得出具证明或准入事务');
  const name = trimmed(input.name, 100);
  if (!name) throw invalid('COMMUNITY_INVALID_NAME', '请填写事项名称（不超过 100 字）');
  const source = trimmed(input.source, 200);
  if (!source) throw invalid('COMMUNITY_SOURCE_REQUIRED', '请填写清单依据（文件名称、文号）');
  if (typeof input.validFrom !== 'string' || !isValidDate(input.validFrom)) throw invalid('COMMUNITY_INVALID_DATE', `生效日期无效：${String(input.validFrom)}`);
  const validTo = input.validTo ?? null;
  if (validTo !== null && (typeof validTo !== 'string' || !isValidDate(validTo))) throw invalid('COMMUNITY_INVALID_DATE', `失效日期无效：${String(validTo)}`);
  if (validTo !== null && validTo < input.validFrom) throw invalid('COMMUNITY_INVALID_PERIOD', '失效日期不能早于生效日期');
  const row = await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.burden.lists', action: 'community.burden_entry.add', entityType: 'burden_entry', entityId: name, divisionCodes: [actor.jurisdiction], detail: { kind: input.kind } });
    return trx
      .insertInto('community.burden_entries')
      .values({ kind: input.kind, name, source, example: input.example === true, valid_from: input.validFrom, valid_to: validTo, entered_by: actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return entryView(row);
}

/** The lists in force on `on` (default today); all entries with `all`. No personal data: stats.read. */
export async function listBurdenEntries(deps: CommunityDeps, actor: Actor, query: { on?: string; all?: boolean } = {}): Promise<BurdenEntryView[]> {
  requirePermission(actor, 'stats.read');
  const on = query.on ?? today(deps);
  if (!isValidDate(on)) throw invalid('COMMUNITY_INVALID_DATE', `日期无效：${on}`);
  const rows = await communityTables(deps)
    .selectFrom('community.burden_entries')
    .selectAll()
    .$if(!query.all, (q) => q.where('valid_from', '<=', on).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', on)])))
    .orderBy('kind')
    .orderBy('id')
    .execute();
  return rows.map(entryView);
}

// ── requests made of a committee ──────────────────────────────────────────────────────────────────────────

export interface NewBurdenRequest {
  committeeCode: string;
  requestedOn: IsoDate;
  kind: 'certificate' | 'task';
  /** The list entry asked for; absent when what is asked is on no list. */
  entryId?: number | null;
  /** What was asked, in the asker's words (required without an entry). */
  subject?: string;
  /** The unit that asked (a department, a bank, a school …). */
  requestedBy: string;
}
export interface BurdenRequestView {
  id: number;
  committeeCode: string;
  committeeName: string;
  requestedOn: IsoDate;
  kind: 'certificate' | 'task';
  subject: string;
  requestedBy: string;
  entryId: number | null;
  outcome: BurdenOutcome;
  outcomeName: string;
  reason: string;
}

async function committeeOf(deps: CommunityDeps, raw: unknown, on: IsoDate): Promise<{ code: string; name: string; street: string; district: string }> {
  const code = typeof raw === 'string' ? raw.trim() : '';
  if (!/^31[0-9]{10}$/.test(code) || divisionLevel(code) !== 'committee') throw invalid('COMMUNITY_INVALID_DIVISION_CODE', `居村委会代码格式错误：${String(raw)}（应为上海市 12 位居村委会代码）`);
  const division = await findDivision(registryOf(deps), code, on);
  if (!division) throw invalid('COMMUNITY_DIVISION_NOT_IN_FORCE', `居村委会 ${code} 在 ${on} 不存在或已撤销`);
  return { code, name: division.name, street: `${code.slice(0, 9)}000`, district: `${code.slice(0, 6)}000000` };
}

/**
 * The rule, in one place: a certificate is issued only when the 可出具 list in force holds it; a task is taken on
 * only when the 准入 list in force holds it. Anything else is refused, with the list that refuses it named.
 */
export function decideRequest(kind: 'certificate' | 'task', entry: { kind: BurdenKind; name: string; source: string } | null): { outcome: BurdenOutcome; reason: string } {
  if (kind === 'certificate') {
    if (entry?.kind === 'certificate_allowed') return { outcome: 'issued', reason: `列入可出具证明清单（${entry.source}）` };
    if (entry?.kind === 'certificate_forbidden') return { outcome: 'refused', reason: `列入不得出具证明清单（${entry.source}），不予出具` };
    return { outcome: 'refused', reason: '不在可出具证明清单内，不予出具' };
  }
  if (entry?.kind === 'task_admitted') return { outcome: 'admitted', reason: `列入居村协助行政事务准入清单（${entry.source}）` };
  return { outcome: 'not_admitted', reason: '不在居村协助行政事务准入清单内，不予承接' };
}

/** Records a request and its outcome (community.burden.record, the committee in the caller's jurisdiction). */
export async function recordBurdenRequest(deps: CommunityDeps, actor: Actor, input: NewBurdenRequest): Promise<BurdenRequestView> {
  requirePermission(actor, 'community.burden.record');
  if (input.kind !== 'certificate' && input.kind !== 'task') throw invalid('COMMUNITY_BURDEN_INVALID_KIND', '请求类别须为出具证明或协助事务');
  if (typeof input.requestedOn !== 'string' || !isValidDate(input.requestedOn)) throw invalid('COMMUNITY_INVALID_DATE', `请求日期无效：${String(input.requestedOn)}`);
  if (input.requestedOn > today(deps)) throw invalid('COMMUNITY_DATE_IN_FUTURE', '请求日期不能晚于今天');
  const requestedBy = trimmed(input.requestedBy, 60);
  if (!requestedBy) throw invalid('COMMUNITY_BURDEN_REQUESTER_REQUIRED', '请填写提出请求的单位（不超过 60 字）');
  const committee = await committeeOf(deps, input.committeeCode, input.requestedOn);
  const entryId = input.entryId ?? null;
  let entry: { id: number; kind: BurdenKind; name: string; source: string } | null = null;
  if (entryId !== null) {
    if (!Number.isSafeInteger(entryId) || entryId < 1) throw invalid('COMMUNITY_BURDEN_UNKNOWN_ENTRY', '清单事项编号无效');
    const row = await communityTables(deps).selectFrom('community.burden_entries').select(['id', 'kind', 'name', 'source', 'valid_from', 'valid_to']).where('id', '=', entryId).executeTakeFirst();
    if (!row) throw invalid('COMMUNITY_BURDEN_UNKNOWN_ENTRY', `清单中没有编号为 ${entryId} 的事项`);
    if (row.valid_from > input.requestedOn || (row.valid_to !== null && row.valid_to < input.requestedOn)) throw invalid('COMMUNITY_BURDEN_ENTRY_NOT_IN_FORCE', `清单事项“${row.name}”在 ${input.requestedOn} 不在有效期内`);
    const certificateEntry = row.kind !== 'task_admitted';
    if (certificateEntry !== (input.kind === 'certificate')) throw invalid('COMMUNITY_BURDEN_ENTRY_KIND', input.kind === 'certificate' ? '出具证明请选择证明事项清单中的事项' : '协助事务请选择准入清单中的事项');
    entry = { id: Number(row.id), kind: row.kind, name: row.name, source: row.source };
  }
  const subject = entry?.name ?? trimmed(input.subject, 100);
  if (!subject) throw invalid('COMMUNITY_BURDEN_SUBJECT_REQUIRED', '不在清单内的请求请填写所请求的内容（不超过 100 字）');
  const decision = decideRequest(input.kind, entry);
  const row = await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({
      permission: 'community.burden.record',
      action: 'community.burden_request.record',
      entityType: 'burden_request',
      entityId: committee.code,
      divisionCodes: [committee.code],
      detail: { kind: input.kind, outcome: decision.outcome },
    });
    return trx
      .insertInto('community.burden_requests')
      .values({
        committee_code: committee.code,
        street_code: committee.street,
        district_code: committee.district,
        requested_on: input.requestedOn,
        kind: input.kind,
        subject,
        requested_by: requestedBy,
        entry_id: entry?.id ?? null,
        outcome: decision.outcome,
        reason: decision.reason,
        entered_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
  return {
    id: Number(row.id),
    committeeCode: committee.code,
    committeeName: committee.name,
    requestedOn: input.requestedOn,
    kind: input.kind,
    subject,
    requestedBy,
    entryId: entry?.id ?? null,
    outcome: decision.outcome,
    outcomeName: burdenOutcomeNames[decision.outcome],
    reason: decision.reason,
  };
}

const monthRange = (deps: CommunityDeps, month: string | undefined): { month: string; from: IsoDate; to: IsoDate } => {
  const m = month ?? currentMonthInShanghai(deps.now());
  if (typeof m !== 'string' || !isValidMonth(m)) throw invalid('COMMUNITY_INVALID_MONTH', `月份格式应为 YYYY-MM：${String(m)}`);
  if (m > currentMonthInShanghai(deps.now())) throw invalid('COMMUNITY_FUTURE_MONTH', '不能查询未来月份');
  return { month: m, from: firstDayOfMonth(m), to: lastDayOfMonth(m) };
};

async function committeeNames(deps: CommunityDeps, codes: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const code of new Set(codes)) names.set(code, (await findDivision(registryOf(deps), code))?.name ?? code);
  return names;
}

/** The month's requests in the caller's jurisdiction (community.read). */
export async function listBurdenRequests(deps: CommunityDeps, actor: Actor, query: { month?: string; division?: string } = {}): Promise<BurdenRequestView[]> {
  requirePermission(actor, 'community.read');
  const { from, to } = monthRange(deps, query.month);
  const prefix = divisionPrefix(scopeDivision(actor, query.division));
  const rows = await communityTables(deps)
    .selectFrom('community.burden_requests')
    .selectAll()
    .where('committee_code', 'like', `${prefix}%`)
    .where('requested_on', '>=', from)
    .where('requested_on', '<=', to)
    .orderBy('requested_on', 'desc')
    .orderBy('id', 'desc')
    .limit(1000)
    .execute();
  const names = await committeeNames(
    deps,
    rows.map((r) => r.committee_code),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    committeeCode: r.committee_code,
    committeeName: names.get(r.committee_code) ?? r.committee_code,
    requestedOn: r.requested_on,
    kind: r.kind,
    subject: r.subject,
    requestedBy: r.requested_by,
    entryId: r.entry_id === null ? null : Number(r.entry_id),
    outcome: r.outcome,
    outcomeName: burdenOutcomeNames[r.outcome],
    reason: r.reason,
  }));
}

// ── reports of work pushed down against the rules (举报和移送) ─────────────────────────────────────────────

export interface NewBurdenReport {
  committeeCode: string;
  reportedOn: IsoDate;
  pushedBy: string;
  content: string;
}
export interface BurdenReportView {
  id: number;
  committeeCode: string;
  committeeName: string;
  reportedOn: IsoDate;
  pushedBy: string;
  content: string;
  status: ReportStatus;
  statusName: string;
  referredTo: string | null;
  referredOn: IsoDate | null;
  result: string | null;
  closedOn: IsoDate | null;
}

type ReportRow = {
  id: number;
  committee_code: string;
  reported_on: IsoDate;
  pushed_by: string;
  content: string;
  status: ReportStatus;
  referred_to: string | null;
  referred_on: IsoDate | null;
  result: string | null;
  closed_on: IsoDate | null;
};
const reportView = (r: ReportRow, names: Map<string, string>): BurdenReportView => ({
  id: Number(r.id),
  committeeCode: r.committee_code,
  committeeName: names.get(r.committee_code) ?? r.committee_code,
  reportedOn: r.reported_on,
  pushedBy: r.pushed_by,
  content: r.content,
  status: r.status,
  statusName: reportStatusNames[r.status],
  referredTo: r.referred_to,
  referredOn: r.referred_on,
  result: r.result,
  closedOn: r.closed_on,
});

/** Files a report (community.burden.record). */
export async function fileBurdenReport(deps: CommunityDeps, actor: Actor, input: NewBurdenReport): Promise<BurdenReportView> {
  requirePermission(actor, 'community.burden.record');
  if (typeof input.reportedOn !== 'string' || !isValidDate(input.reportedOn)) throw invalid('COMMUNITY_INVALID_DATE', `举报日期无效：${String(input.reportedOn)}`);
  if (input.reportedOn > today(deps)) throw invalid('COMMUNITY_DATE_IN_FUTURE', '举报日期不能晚于今天');
  const pushedBy = trimmed(input.pushedBy, 60);
  if (!pushedBy) throw invalid('COMMUNITY_BURDEN_REQUESTER_REQUIRED', '请填写违规摊派工作的单位（不超过 60 字）');
  const content = trimmed(input.content, 1000);
  if (!content) throw invalid('COMMUNITY_BURDEN_CONTENT_REQUIRED', '请填写举报内容（不超过 1000 字）');
  const committee = await committeeOf(deps, input.committeeCode, input.reportedOn);
  const row = await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.burden.record', action: 'community.burden_report.file', entityType: 'burden_report', entityId: committee.code, divisionCodes: [committee.code] });
    return trx
      .insertInto('community.burden_reports')
      .values({ committee_code: committee.code, street_code: committee.street, district_code: committee.district, reported_on: input.reportedOn, pushed_by: pushedBy, content, status: 'received', entered_by: actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return reportView(row as ReportRow, new Map([[committee.code, committee.name]]));
}

async function reportFor(deps: CommunityDeps, id: number): Promise<ReportRow & { street_code: string }> {
  const row = Number.isSafeInteger(id) && id > 0 ? await communityTables(deps).selectFrom('community.burden_reports').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw notFound('NOT_FOUND', '记录不存在或不在您的辖区范围内');
  return row as ReportRow & { street_code: string };
}

/** Refers a received report to the body that handles it (移送; community.burden.manage). */
export async function referBurdenReport(deps: CommunityDeps, actor: Actor, id: number, input: { referredTo: string; referredOn: IsoDate }): Promise<BurdenReportView> {
  requirePermission(actor, 'community.burden.manage');
  const report = await reportFor(deps, id);
  const row = await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    // Another jurisdiction's report is refused (and audited) before its input is looked at.
    await allow({ permission: 'community.burden.manage', action: 'community.burden_report.refer', entityType: 'burden_report', entityId: String(id), divisionCodes: [report.committee_code] });
    const referredTo = trimmed(input.referredTo, 60);
    if (!referredTo) throw invalid('COMMUNITY_BURDEN_REFERRAL_REQUIRED', '请填写移送单位（不超过 60 字）');
    if (typeof input.referredOn !== 'string' || !isValidDate(input.referredOn)) throw invalid('COMMUNITY_INVALID_DATE', `移送日期无效：${String(input.referredOn)}`);
    if (input.referredOn > today(deps)) throw invalid('COMMUNITY_DATE_IN_FUTURE', '移送日期不能晚于今天');
    if (input.referredOn < report.reported_on) throw invalid('COMMUNITY_INVALID_PERIOD', '移送日期不能早于举报日期');
    const updated = await trx
      .updateTable('community.burden_reports')
      .set({ status: 'referred', referred_to: referredTo, referred_on: input.referredOn, referred_by: actor.userId })
      .where('id', '=', id)
      .where('status', '=', 'received')
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw conflict('COMMUNITY_BURDEN_REPORT_STATE', `该举报当前为“${reportStatusNames[report.status]}”，不能再移送`);
    return updated;
  });
  return reportView(row as ReportRow, await committeeNames(deps, [report.committee_code]));
}

/** Closes a report with its result (community.burden.manage): after referral, or directly when unfounded. */
export async function closeBurdenReport(deps: CommunityDeps, actor: Actor, id: number, input: { result: string; closedOn: IsoDate }): Promise<BurdenReportView> {
  requirePermission(actor, 'community.burden.manage');
  const report = await reportFor(deps, id);
  const row = await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.burden.manage', action: 'community.burden_report.close', entityType: 'burden_report', entityId: String(id), divisionCodes: [report.committee_code] });
    const result = trimmed(input.result, 1000);
    if (!result) throw invalid('COMMUNITY_BURDEN_RESULT_REQUIRED', '请填写办理结果（不超过 1000 字）');
    if (typeof input.closedOn !== 'string' || !isValidDate(input.closedOn)) throw invalid('COMMUNITY_INVALID_DATE', `办结日期无效：${String(input.closedOn)}`);
    if (input.closedOn > today(deps)) throw invalid('COMMUNITY_DATE_IN_FUTURE', '办结日期不能晚于今天');
    if (input.closedOn < (report.referred_on ?? report.reported_on)) throw invalid('COMMUNITY_INVALID_PERIOD', '办结日期不能早于举报或移送日期');
    const updated = await trx
      .updateTable('community.burden_reports')
      .set({ status: 'closed', result, closed_on: input.closedOn, closed_by: actor.userId })
      .where('id', '=', id)
      .where('status', '<>', 'closed')
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw conflict('COMMUNITY_BURDEN_REPORT_STATE', '该举报已办结');
    return updated;
  });
  return reportView(row as ReportRow, await committeeNames(deps, [report.committee_code]));
}

/** Reports in the caller's jurisdiction, open ones first (community.read). */
export async function listBurdenReports(deps: CommunityDeps, actor: Actor, query: { division?: string } = {}): Promise<BurdenReportView[]> {
  requirePermission(actor, 'community.read');
  const prefix = divisionPrefix(scopeDivision(actor, query.division));
  const rows = await communityTables(deps)
    .selectFrom('community.burden_reports')
    .selectAll()
    .where('committee_code', 'like', `${prefix}%`)
    .orderBy(sql`status = 'closed'`)
    .orderBy('reported_on', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  const names = await committeeNames(
    deps,
    rows.map((r) => r.committee_code),
  );
  return rows.map((r) => reportView(r as ReportRow, names));
}

// ── monitoring points and their figures ──────────────────────────────────────────────────────────────────

/** Makes a committee a monitoring point from `since` (community.burden.manage, in the caller's district). */
export async function addBurdenPoint(deps: CommunityDeps, actor: Actor, input: { committeeCode: string; since: IsoDate; source: string }): Promise<{ committeeCode: string; committeeName: string; since: IsoDate; source: string }> {
  requirePermission(actor, 'community.burden.manage');
  if (typeof input.since !== 'string' || !isValidDate(input.since)) throw invalid('COMMUNITY_INVALID_DATE', `设立日期无效：${String(input.since)}`);
  if (input.since > today(deps)) throw invalid('COMMUNITY_DATE_IN_FUTURE', '设立日期不能晚于今天');
  const source = trimmed(input.source, 200);
  if (!source) throw invalid('COMMUNITY_SOURCE_REQUIRED', '请填写设立依据');
  const committee = await committeeOf(deps, input.committeeCode, input.since);
  await guardedTransaction(communityTables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'community.burden.manage', action: 'community.burden_point.add', entityType: 'burden_point', entityId: committee.code, divisionCodes: [committee.code] });
    const inserted = await trx
      .insertInto('community.burden_points')
      .values({ committee_code: committee.code, street_code: committee.street, district_code: committee.district, since: input.since, source, entered_by: actor.userId })
      .onConflict((oc) => oc.doNothing())
      .returning('committee_code')
      .executeTakeFirst();
    if (!inserted) throw conflict('COMMUNITY_BURDEN_POINT_EXISTS', `${committee.name}已是减负监测点`);
  });
  return { committeeCode: committee.code, committeeName: committee.name, since: input.since, source };
}

export interface BurdenPointFigures {
  committeeCode: string;
  committeeName: string;
  since: IsoDate;
  requests: number;
  refused: number;
  reports: number;
  referred: number;
  closed: number;
}
export interface BurdenFigures {
  month: string;
  rule: string;
  points: BurdenPointFigures[];
  /** All committees of the scope, monitoring points or not. */
  total: Omit<BurdenPointFigures, 'committeeCode' | 'committeeName' | 'since'>;
}

const BURDEN_RULE = '请求：当月向居村委会提出的出具证明与协助事务请求；拒绝：不在可出具证明清单或准入清单内（含列入不得出具清单）而不予出具、不予承接的件数；举报：当月收到的违规摊派举报；已移送、已办结：其中截至今日已移送、已办结的件数。';

/** The month's figures per monitoring point and for the whole scope (stats.read: counts, no personal data). */
export async function burdenFigures(deps: CommunityDeps, actor: Actor, query: { month?: string; division?: string } = {}): Promise<BurdenFigures> {
  requirePermission(actor, 'stats.read');
  const { month, from, to } = monthRange(deps, query.month);
  const prefix = divisionPrefix(scopeDivision(actor, query.division));
  const like = `${prefix}%`;
  const rows = await sql<{ committee_code: string | null; requests: number; refused: number; reports: number; referred: number; closed: number }>`
    with r as (
      select committee_code, count(*)::int as requests, count(*) filter (where outcome in ('refused', 'not_admitted'))::int as refused
        from community.burden_requests where committee_code like ${like} and requested_on between ${from}::date and ${to}::date group by committee_code),
    p as (
      select committee_code, count(*)::int as reports, count(*) filter (where status <> 'received' and referred_on is not null)::int as referred,
             count(*) filter (where status = 'closed')::int as closed
        from community.burden_reports where committee_code like ${like} and reported_on between ${from}::date and ${to}::date group by committee_code),
    j as (
      select coalesce(r.committee_code, p.committee_code) as committee_code, coalesce(r.requests, 0) as requests, coalesce(r.refused, 0) as refused,
             coalesce(p.reports, 0) as reports, coalesce(p.referred, 0) as referred, coalesce(p.closed, 0) as closed
        from r full join p on p.committee_code = r.committee_code)
    select committee_code, coalesce(sum(requests), 0)::int as requests, coalesce(sum(refused), 0)::int as refused, coalesce(sum(reports), 0)::int as reports,
           coalesce(sum(referred), 0)::int as referred, coalesce(sum(closed), 0)::int as closed
      from j group by grouping sets ((committee_code), ())`.execute(deps.db.kysely);
  const zero = { requests: 0, refused: 0, reports: 0, referred: 0, closed: 0 };
  const byCommittee = new Map(rows.rows.filter((r) => r.committee_code !== null).map((r) => [r.committee_code as string, r]));
  const totalRow = rows.rows.find((r) => r.committee_code === null);
  const points = await communityTables(deps).selectFrom('community.burden_points').selectAll().where('committee_code', 'like', like).where('since', '<=', to).orderBy('committee_code').execute();
  const names = await committeeNames(
    deps,
    points.map((p) => p.committee_code),
  );
  const pick = (r: typeof totalRow) => (r ? { requests: r.requests, refused: r.refused, reports: r.reports, referred: r.referred, closed: r.closed } : zero);
  return {
    month,
    rule: BURDEN_RULE,
    points: points.map((p) => ({ committeeCode: p.committee_code, committeeName: names.get(p.committee_code) ?? p.committee_code, since: p.since, ...pick(byCommittee.get(p.committee_code)) })),
    total: pick(totalRow),
  };
}
