/**
 * 等级评估 (《社会组织评估管理办法》民政部令第39号): who may be evaluated (with every reason that excludes), the grade a
 * 1,000-point score gives under the configured cut-offs, 公示, 5 years' validity, and the set-based expiry run.
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { addDays, addMonthsToDate, divisionPrefix, invalid, isValidDate, recordNotFound, type IsoDate } from '../kernel/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { allowRead, auditRun, emitEvent, guardedTransaction } from './guard.js';
import { PAGE_DEFAULT, pageOf, parseCursor } from './keyset.js';
import type { SocialorgDb } from './model.js';
import { ruleBreach } from './rules.js';
import { loadSettings, type SocialorgSettings } from './settings.js';

export interface Eligibility {
  eligible: boolean;
  reasons: string[];
  /** When registration time is what is missing, the first day an application may be made. */
  firstAllowed: IsoDate | null;
}

export interface GradeView {
  id: number;
  organisationId: number;
  score: number;
  grade: number;
  gradeName: string;
  evaluatedOn: IsoDate;
  publicityEnds: IsoDate;
  validUntil: IsoDate;
  expiredOn: IsoDate | null;
}

const toGrade = (r: { id: number; organisation_id: number; score: number; grade: number; evaluated_on: IsoDate; publicity_ends: IsoDate; valid_until: IsoDate; expired_on: IsoDate | null }): GradeView => ({
  id: Number(r.id),
  organisationId: Number(r.organisation_id),
  score: r.score,
  grade: r.grade,
  gradeName: `${r.grade}A`,
  evaluatedOn: r.evaluated_on,
  publicityEnds: r.publicity_ends,
  validUntil: r.valid_until,
  expiredOn: r.expired_on,
});

export function gradeOf(score: number, settings: SocialorgSettings): number | null {
  for (const grade of [5, 4, 3, 2, 1] as const) if (score >= settings.num(`grading.cutoff${grade}A`)) return grade;
  return null;
}

/** The exclusions of 令39号: time since registration, last year's inspection, lists, a grade still in force. */
export async function gradingEligibility(db: SocialorgDb, organisationId: number, on: IsoDate, settings: SocialorgSettings): Promise<Eligibility> {
  const org = await db.selectFrom('socialorg.organisations').selectAll().where('id', '=', organisationId).executeTakeFirstOrThrow();
  const reasons: string[] = [];
  let firstAllowed: IsoDate | null = null;
  if (org.status !== 'registered' || !org.registered_on) return { eligible: false, reasons: ['只有已登记且未终止的社会组织可以参加评估'], firstAllowed };
  const years = settings.num('grading.minYearsRegistered');
  const allowed = addMonthsToDate(org.registered_on, 12 * years);
  if (on < allowed) {
    firstAllowed = allowed;
    reasons.push(`取得登记证书未满${years}年，最早可于 ${allowed} 申请（${settings.used['grading.minYearsRegistered'].source}）`);
  }
  const year = Number(on.slice(0, 4)) - 1;
  const reports = await db
    .selectFrom('socialorg.annual_reports')
    .select(['year', 'conclusion'])
    .where('organisation_id', '=', organisationId)
    .where('year', 'in', [year, year - 1])
    .execute();
  const last = reports.find((r) => r.year === year);
  if (org.registered_on <= `${year}-06-30`) {
    if (!last) reasons.push(`未参加 ${year} 年度检查`);
    else if (last.conclusion === 'fail') reasons.push(`${year} 年度检查结论为不合格`);
    else if (last.conclusion === 'basic_pass' && reports.find((r) => r.year === year - 1)?.conclusion === 'basic_pass') reasons.push(`连续两年（${year - 1}、${year}）年度检查基本合格`);
  }
  const listed = await db.selectFrom('socialorg.list_entries').select('list').where('organisation_id', '=', organisationId).where('removed_on', 'is', null).execute();
  if (listed.length) reasons.push('被列入活动异常名录或严重违法失信名单');
  const current = await db.selectFrom('socialorg.grades').select(['grade', 'valid_until']).where('organisation_id', '=', organisationId).where('expired_on', 'is', null).where('valid_until', '>', on).executeTakeFirst();
  if (current) reasons.push(`现有 ${current.grade}A 等级有效期至 ${current.valid_until}`);
  return { eligible: reasons.length === 0, reasons, firstAllowed };
}

export async function eligibilityOf(deps: SocialorgDeps, actor: Actor, organisationId: number): Promise<Eligibility> {
  requirePermission(actor, 'socialorg.read');
  const db = tables(deps);
  const org = await db.selectFrom('socialorg.organisations').select('registrar_division').where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw recordNotFound();
  await allowRead(db, actor, { permission: 'socialorg.read', action: 'socialorg.grading.eligibility', entityType: 'socialorg', entityId: organisationId, divisionCodes: [org.registrar_division] });
  const on = today(deps);
  return gradingEligibility(db, organisationId, on, await loadSettings(db, on));
}

/** The evaluation's result: refused (409, every reason) when the organisation may not be evaluated. */
export async function recordGrade(deps: SocialorgDeps, actor: Actor, organisationId: number, input: { score: number; evaluatedOn?: IsoDate }): Promise<GradeView> {
  requirePermission(actor, 'socialorg.supervise');
  const on = input.evaluatedOn ?? today(deps);
  if (!isValidDate(on)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${on}`);
  if (!Number.isInteger(input.score) || input.score < 0 || input.score > 1000) throw invalid('SOCIALORG_INVALID_SCORE', '评估得分须为0–1000的整数');
  const db = tables(deps);
  const org = await db.selectFrom('socialorg.organisations').select('registrar_division').where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.grade.record', entityType: 'socialorg', entityId: organisationId, divisionCodes: [org.registrar_division], detail: { score: input.score, evaluatedOn: on } });
    const settings = await loadSettings(trx, on);
    const eligibility = await gradingEligibility(trx, organisationId, on, settings);
    if (!eligibility.eligible) throw ruleBreach('SOCIALORG_NOT_ELIGIBLE', `不符合参加评估的条件：${eligibility.reasons.join('；')}`, { reasons: eligibility.reasons, firstAllowed: eligibility.firstAllowed });
    const grade = gradeOf(input.score, settings);
    if (grade === null) throw ruleBreach('SOCIALORG_BELOW_GRADE', `得分 ${input.score} 低于 1A 最低分 ${settings.num('grading.cutoff1A')}，不评定等级`);
    const row = await trx
      .insertInto('socialorg.grades')
      .values({
        organisation_id: organisationId,
        score: input.score,
        grade,
        evaluated_on: on,
        publicity_ends: addDays(on, settings.num('grading.publicityDays')),
        valid_until: addMonthsToDate(on, 12 * settings.num('grading.validYears')),
        expired_on: null,
        recorded_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await emitEvent(trx, { topic: 'socialorg.grade.recorded', key: String(organisationId), payload: { organisationId, grade, validUntil: row.valid_until } });
    return toGrade(row);
  });
}

/** Grades whose 5 years are over get their expiry date: one update, so a rerun changes nothing. */
export async function expireGrades(deps: SocialorgDeps, actor: Actor | null, on: IsoDate = today(deps)): Promise<{ expired: number }> {
  const db = tables(deps);
  const scope = actor ? divisionPrefix(actor.jurisdiction) : '';
  if (actor) await allowRead(db, actor, { permission: 'socialorg.supervise', action: 'socialorg.grade.expiry', entityType: 'socialorg_grades', detail: { on } });
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('socialorg.grades')
      .set((eb) => ({ expired_on: eb.ref('valid_until') }))
      .where('expired_on', 'is', null)
      .where('valid_until', '<=', on)
      .where('organisation_id', 'in', (sub) => sub.selectFrom('socialorg.organisations').select('id').where('registrar_division', 'like', `${scope}%`))
      .executeTakeFirst();
    const expired = Number(result.numUpdatedRows);
    await auditRun(trx, actor, 'socialorg.grade.expiry', 'socialorg_grades', on, { expired });
    return { expired };
  });
}

export async function gradesOf(db: SocialorgDb, organisationId: number): Promise<GradeView[]> {
  return (await db.selectFrom('socialorg.grades').selectAll().where('organisation_id', '=', organisationId).orderBy('evaluated_on', 'desc').execute()).map(toGrade);
}

export const GRADE_STATES = ['publicity', 'in_force', 'expired'] as const;
export type GradeState = (typeof GRADE_STATES)[number];
export const gradeStateNames: Record<GradeState, string> = { publicity: '公示中', in_force: '有效', expired: '已过期' };

export interface GradeRow extends GradeView {
  organisationName: string;
  creditCode: string | null;
  state: GradeState;
  stateName: string;
}

const stateOf = (g: GradeView, on: IsoDate): GradeState => (g.expiredOn !== null || g.validUntil < on ? 'expired' : g.publicityEnds >= on ? 'publicity' : 'in_force');

/** The registrar's grade ledger, newest evaluation first, a keyset page at a time; by state on today's date. */
export async function listGrades(deps: SocialorgDeps, actor: Actor, filter: { state?: GradeState; limit?: number; cursor?: string }): Promise<{ items: GradeRow[]; nextCursor: string | null }> {
  requirePermission(actor, 'socialorg.read');
  const on = today(deps);
  const limit = filter.limit ?? PAGE_DEFAULT;
  const after = parseCursor(filter.cursor);
  let q = tables(deps)
    .selectFrom('socialorg.grades as g')
    .innerJoin('socialorg.organisations as o', 'o.id', 'g.organisation_id')
    .select(['g.id', 'g.organisation_id', 'g.score', 'g.grade', 'g.evaluated_on', 'g.publicity_ends', 'g.valid_until', 'g.expired_on', 'o.name', 'o.credit_code'])
    .where('o.registrar_division', 'like', `${divisionPrefix(actor.jurisdiction)}%`);
  if (filter.state === 'expired') q = q.where((eb) => eb.or([eb('g.expired_on', 'is not', null), eb('g.valid_until', '<', on)]));
  if (filter.state === 'publicity') q = q.where('g.expired_on', 'is', null).where('g.valid_until', '>=', on).where('g.publicity_ends', '>=', on);
  if (filter.state === 'in_force') q = q.where('g.expired_on', 'is', null).where('g.valid_until', '>=', on).where('g.publicity_ends', '<', on);
  if (after) q = q.where(sql<boolean>`(g.evaluated_on, g.id) < (${after.date}::date, ${after.id})`);
  const rows = await q
    .orderBy('g.evaluated_on', 'desc')
    .orderBy('g.id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.map((r) => {
    const view = toGrade(r);
    const state = stateOf(view, on);
    return { ...view, organisationName: r.name, creditCode: r.credit_code, state, stateName: gradeStateNames[state] };
  });
  return pageOf(items, limit, (g) => ({ date: g.evaluatedOn, id: g.id }));
}
