/**
 * 年度检查（年度报告）: the organisation's staff file the report for a year; for dual management the supervisory
 * unit pre-reviews it; the registrar concludes 合格 / 基本合格 / 不合格. The day after each type's deadline, one
 * set-based run puts every organisation that had to report and did not on the 活动异常名录 (民政部令第60号).
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { addDays, addMonthsToDate, divisionPrefix, invalid, notFound, isValidDate, recordNotFound, type IsoDate } from '../kernel/index.js';
import { raiseEntry } from './credit-lists.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { allowRead, auditRun, emitEvent, guardedTransaction } from './guard.js';
import { CONCLUSIONS, LIST_REASONS, ORG_TYPES, type Conclusion, type OrgType, type SocialorgDb } from './model.js';
import { ruleBreach } from './rules.js';
import { loadSettings, type SocialorgSettings } from './settings.js';

const deadlineSetting = { social_group: 'report.deadline.social_group', social_service: 'report.deadline.social_service', foundation: 'report.deadline.foundation' } as const;

/** The last day to file the report for `year` (in the following year). */
export const reportDeadline = (settings: SocialorgSettings, type: OrgType, year: number): IsoDate => `${year + 1}-${settings.get(deadlineSetting[type]) as string}`;

/** Must report for `year`: registered at least `report.minMonths` before 31 December (令27号 Art. 3: by 30 June). */
export const mustReportIfRegisteredBy = (settings: SocialorgSettings, year: number): IsoDate => addMonthsToDate(`${year}-12-31`, -settings.num('report.minMonths'));

export interface ReportInput {
  year: number;
  incomeFen: number;
  expenditureFen: number;
  netAssetsFen: number;
  /** Charities: spending on charitable activities and management costs (the yearly spending check). */
  charitableSpendingFen?: number;
  managementCostFen?: number;
  onDate?: IsoDate;
}

export interface ReportView {
  organisationId: number;
  year: number;
  filedOn: IsoDate;
  deadline: IsoDate;
  late: boolean;
  incomeFen: number;
  expenditureFen: number;
  netAssetsFen: number;
  charitableSpendingFen: number;
  managementCostFen: number;
  prereviewedOn: IsoDate | null;
  conclusion: Conclusion | null;
  concludedOn: IsoDate | null;
}

async function reportViews(db: SocialorgDb, organisationId: number, settings: SocialorgSettings): Promise<ReportView[]> {
  const org = await db.selectFrom('socialorg.organisations').select('org_type').where('id', '=', organisationId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('socialorg.annual_reports').selectAll().where('organisation_id', '=', organisationId).orderBy('year', 'desc').execute();
  return rows.map((r) => {
    const deadline = reportDeadline(settings, org.org_type, r.year);
    return {
      organisationId,
      year: r.year,
      filedOn: r.filed_on,
      deadline,
      late: r.filed_on > deadline,
      incomeFen: Number(r.income_fen),
      expenditureFen: Number(r.expenditure_fen),
      netAssetsFen: Number(r.net_assets_fen),
      charitableSpendingFen: Number(r.charitable_spending_fen),
      managementCostFen: Number(r.management_cost_fen),
      prereviewedOn: r.prereviewed_on,
      conclusion: r.conclusion,
      concludedOn: r.concluded_on,
    };
  });
}

export async function annualReportsOf(db: SocialorgDb, organisationId: number, on: IsoDate): Promise<ReportView[]> {
  return reportViews(db, organisationId, await loadSettings(db, on));
}

const amount = (value: number, label: string) => {
  if (!Number.isSafeInteger(value)) throw invalid('SOCIALORG_INVALID_AMOUNT', `${label}须为整数（分）`);
};

/** Filed by the organisation's own staff (institution_staff whose organisation is this one in the registry). */
export async function fileAnnualReport(deps: SocialorgDeps, actor: Actor, input: ReportInput): Promise<ReportView> {
  const on = input.onDate ?? today(deps);
  if (!isValidDate(on)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${on}`);
  if (!Number.isInteger(input.year) || input.year < 1990 || `${input.year + 1}-01-01` > on) throw invalid('SOCIALORG_INVALID_YEAR', `只能报送已结束年度的工作报告：${input.year}`);
  amount(input.incomeFen, '收入');
  amount(input.expenditureFen, '支出');
  amount(input.netAssetsFen, '净资产');
  amount(input.charitableSpendingFen ?? 0, '慈善活动支出');
  amount(input.managementCostFen ?? 0, '管理费用');
  if (input.incomeFen < 0 || input.expenditureFen < 0 || (input.charitableSpendingFen ?? 0) < 0 || (input.managementCostFen ?? 0) < 0) throw invalid('SOCIALORG_INVALID_AMOUNT', '收入和支出不能为负数');
  const db = tables(deps);
  const org = actor.organisationId ? await db.selectFrom('socialorg.organisations').selectAll().where('registry_id', '=', actor.organisationId).executeTakeFirst() : undefined;
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.report', action: 'socialorg.report.file', entityType: 'socialorg', entityId: org ? Number(org.id) : undefined, detail: { year: input.year } });
    if (!org) throw notFound('SOCIALORG_NOT_YOUR_ORGANISATION', '您的账号关联的机构不是在册的社会组织');
    if (!org.registered_on || org.registered_on > `${input.year}-12-31`) throw ruleBreach('SOCIALORG_NOT_REGISTERED_THAT_YEAR', `${input.year} 年底前尚未登记，无需报送该年度报告`);
    const settings = await loadSettings(trx, on);
    const inserted = await trx
      .insertInto('socialorg.annual_reports')
      .values({
        organisation_id: org.id,
        year: input.year,
        filed_on: on,
        filed_by: actor.userId,
        income_fen: input.incomeFen,
        expenditure_fen: input.expenditureFen,
        net_assets_fen: input.netAssetsFen,
        charitable_spending_fen: input.charitableSpendingFen ?? 0,
        management_cost_fen: input.managementCostFen ?? 0,
        prereviewed_on: null,
        conclusion: null,
        concluded_on: null,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'year']).doNothing())
      .returning('year')
      .executeTakeFirst();
    if (!inserted) throw ruleBreach('SOCIALORG_ALREADY_FILED', `${input.year} 年度工作报告已报送`);
    await emitEvent(trx, { topic: 'socialorg.report.filed', key: String(org.id), payload: { organisationId: Number(org.id), year: input.year, filedOn: on } });
    return (await reportViews(trx, Number(org.id), settings)).find((r) => r.year === input.year) as ReportView;
  });
}

/** The registrar's conclusion, after the supervisory unit's pre-review where there is one. 不合格 → 活动异常名录. */
export async function concludeAnnualReport(deps: SocialorgDeps, actor: Actor, organisationId: number, year: number, input: { prereviewedOn?: IsoDate | null; conclusion: Conclusion; onDate?: IsoDate }): Promise<ReportView> {
  const on = input.onDate ?? today(deps);
  if (!isValidDate(on) || (input.prereviewedOn && !isValidDate(input.prereviewedOn))) throw invalid('SOCIALORG_INVALID_DATE', '日期无效');
  if (!(CONCLUSIONS as readonly string[]).includes(input.conclusion)) throw invalid('SOCIALORG_INVALID_CONCLUSION', '年检结论须为合格、基本合格或不合格');
  const db = tables(deps);
  requirePermission(actor, 'socialorg.supervise');
  const org = await db.selectFrom('socialorg.organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.report.conclude', entityType: 'socialorg', entityId: organisationId, divisionCodes: [org.registrar_division], detail: { year, conclusion: input.conclusion } });
    const report = await trx.selectFrom('socialorg.annual_reports').selectAll().where('organisation_id', '=', organisationId).where('year', '=', year).forUpdate().executeTakeFirst();
    if (!report) throw ruleBreach('SOCIALORG_NOT_FILED', `${year} 年度工作报告尚未报送`);
    if (report.conclusion) throw ruleBreach('SOCIALORG_ALREADY_CONCLUDED', `${year} 年度已作出结论`);
    const prereviewed = input.prereviewedOn ?? report.prereviewed_on;
    if (org.mode === 'dual' && !prereviewed) throw ruleBreach('SOCIALORG_PREREVIEW_REQUIRED', `双重管理的社会组织须先经业务主管单位（${org.supervisor_unit}）初审`);
    await trx
      .updateTable('socialorg.annual_reports')
      .set({ prereviewed_on: prereviewed ?? null, conclusion: input.conclusion, concluded_on: on })
      .where('organisation_id', '=', organisationId)
      .where('year', '=', year)
      .execute();
    if (input.conclusion === 'fail') {
      await raiseEntry(trx, actor, {
        organisationId,
        list: 'abnormal',
        reason: 'report_failed',
        basis: '民政部令第60号第十条第（一）项：年度工作报告内容不符合规定',
        evidence: `${year} 年度检查结论为不合格`,
        listedOn: on,
        sourceKey: `report_failed:${year}:${organisationId}`,
      });
    }
    return (await reportViews(trx, organisationId, await loadSettings(trx, on))).find((r) => r.year === year) as ReportView;
  });
}

export interface AnnualRunResult {
  year: number;
  /** Per type: its deadline, and how many were listed now (0 on a rerun or before the deadline has passed). */
  types: { orgType: OrgType; deadline: IsoDate; due: boolean; listed: number }[];
}

/**
 * The run for the reports of `year`, as of `on`: for each type whose deadline has passed, one insert … select
 * lists every organisation that had to report (registered by 30 June of the year, not ended by the deadline)
 * and filed nothing by the deadline. The cause key (year, organisation) makes a rerun list nobody twice.
 */
export async function runAnnualListing(deps: SocialorgDeps, actor: Actor | null, year: number, on: IsoDate = today(deps)): Promise<AnnualRunResult> {
  if (!Number.isInteger(year) || year < 1990 || year > 2999) throw invalid('SOCIALORG_INVALID_YEAR', `年度无效：${year}`);
  if (!isValidDate(on)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${on}`);
  const db = tables(deps);
  const scope = actor ? divisionPrefix(actor.jurisdiction) : '';
  if (actor) await allowRead(db, actor, { permission: 'socialorg.supervise', action: 'socialorg.report.run', entityType: 'socialorg_annual_run', entityId: year, detail: { on } });
  const settings = await loadSettings(db, on);
  const registeredBy = mustReportIfRegisteredBy(settings, year);
  const reason = LIST_REASONS.late_report;
  return db.transaction().execute(async (trx) => {
    const types: AnnualRunResult['types'] = [];
    for (const orgType of ORG_TYPES) {
      const deadline = reportDeadline(settings, orgType, year);
      if (on <= deadline) {
        types.push({ orgType, deadline, due: false, listed: 0 });
        continue;
      }
      const listedOn = addDays(deadline, 1);
      // The listing and its events (the change feed, other departments) in one statement: no per-row round trips.
      const result = await sql<{ n: number }>`
        with listed as (
          insert into socialorg.list_entries (organisation_id, list, reason_code, basis, evidence, listed_on, source_key)
          select o.id, 'abnormal', 'late_report', ${reason.basis}, ${`未在 ${deadline} 前报送 ${year} 年度工作报告`}, ${listedOn}::date, 'late_report:' || ${String(year)} || ':' || o.id
            from socialorg.organisations o
           where o.org_type = ${orgType}
             and o.registrar_division like ${scope + '%'}
             and o.registered_on <= ${registeredBy}::date
             and (o.ended_on is null or o.ended_on > ${deadline}::date)
             and not exists (select 1 from socialorg.annual_reports r where r.organisation_id = o.id and r.year = ${year} and r.filed_on <= ${deadline}::date)
          on conflict (source_key) do nothing
          returning id, organisation_id
        ), events as (
          insert into core.outbox (topic, key, payload)
          select 'socialorg.credit.listed', organisation_id::text,
                 jsonb_build_object('organisationId', organisation_id, 'entryId', id, 'list', 'abnormal', 'reason', 'late_report', 'year', ${year}::int, 'listedOn', ${listedOn}::text)
            from listed
        )
        select count(*)::int as n from listed`.execute(trx);
      const listed = Number(result.rows[0].n);
      types.push({ orgType, deadline, due: true, listed });
    }
    await auditRun(trx, actor, 'socialorg.report.run', 'socialorg_annual_run', year, { on, types });
    return { year, types };
  });
}
