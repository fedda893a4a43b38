/**
 * Charity filings (shared/reference §11.4, §11.7): 募捐方案 filed before a public fundraising starts, its
 * disclosure clock (every 3 months while a fundraising longer than 6 months runs, full disclosure within 3 months
 * after it ends), and 慈善信托备案 (filed within 7 days of signing, published within 20 working days of filing).
 */
import type { Selectable } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { addDays, addMonthsToDate, addWorkingDays, checkCreditCode, creditCodeProblemMessage, divisionPrefix, invalid, isValidDate, normaliseDivisionCode, recordNotFound, type IsoDate } from '../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { emitEvent, guardedTransaction } from './guard.js';
import type { Level, SocialorgDb, SocialorgTables } from './model.js';
import { registrarOf } from './registration.js';
import { ruleBreach } from './rules.js';
import { loadSettings, type SocialorgSettings } from './settings.js';

const dayNumber = (d: IsoDate) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
const daysFrom = (a: IsoDate, b: IsoDate) => dayNumber(b) - dayNumber(a);

export interface PlanInput {
  title: string;
  purpose: string;
  /** A designated online platform, or null for offline fundraising. */
  platform?: string | null;
  targetFen: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  filedOn?: IsoDate;
}

export interface PlanView {
  id: number;
  organisationId: number;
  organisationName: string;
  title: string;
  purpose: string;
  platform: string | null;
  targetFen: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  filedOn: IsoDate;
  disclosures: { disclosedOn: IsoDate; final: boolean; raisedFen: number }[];
  /** The next disclosure owed and whether it is late on the day asked; null once the full disclosure is made. */
  nextDisclosure: { due: IsoDate; final: boolean; overdue: boolean } | null;
}

/**
 * The next disclosure: while a fundraising longer than 6 months runs, 3 months after the last disclosure (or the
 * start) if that falls before the end; otherwise the full disclosure, 3 months after the end.
 */
export function nextDisclosure(plan: { starts_on: IsoDate; ends_on: IsoDate }, disclosures: { disclosed_on: IsoDate; final: boolean }[], on: IsoDate, settings: SocialorgSettings): PlanView['nextDisclosure'] {
  if (disclosures.some((d) => d.final)) return null;
  const long = plan.ends_on > addMonthsToDate(plan.starts_on, settings.num('charity.longFundraisingMonths'));
  const last = disclosures.reduce((m, d) => (d.disclosed_on > m ? d.disclosed_on : m), plan.starts_on);
  const interim = addMonthsToDate(last, settings.num('charity.disclosureIntervalMonths'));
  const due = long && interim < plan.ends_on ? interim : addMonthsToDate(plan.ends_on, settings.num('charity.finalDisclosureMonths'));
  const final = !(long && interim < plan.ends_on);
  return { due, final, overdue: on > due };
}

async function planViews(db: SocialorgDb, filter: { ids?: number[]; organisationId?: number; registrarPrefix?: string }, on: IsoDate, settings: SocialorgSettings): Promise<PlanView[]> {
  let q = db.selectFrom('socialorg.fundraising_plans as p').innerJoin('socialorg.organisations as o', 'o.id', 'p.organisation_id').selectAll('p').select('o.name');
  if (filter.ids) q = q.where('p.id', 'in', filter.ids);
  if (filter.organisationId !== undefined) q = q.where('p.organisation_id', '=', filter.organisationId);
  if (filter.registrarPrefix !== undefined) q = q.where('o.registrar_division', 'like', `${filter.registrarPrefix}%`);
  const plans = await q.orderBy('p.starts_on', 'desc').orderBy('p.id', 'desc').limit(1000).execute();
  const disclosures = plans.length
    ? await db
        .selectFrom('socialorg.fundraising_disclosures')
        .selectAll()
        .where(
          'plan_id',
          'in',
          plans.map((p) => p.id),
        )
        .orderBy('disclosed_on')
        .execute()
    : [];
  return plans.map((p) => {
    const own = disclosures.filter((d) => Number(d.plan_id) === Number(p.id));
    return {
      id: Number(p.id),
      organisationId: Number(p.organisation_id),
      organisationName: p.name,
      title: p.title,
      purpose: p.purpose,
      platform: p.platform,
      targetFen: Number(p.target_fen),
      startsOn: p.starts_on,
      endsOn: p.ends_on,
      filedOn: p.filed_on,
      disclosures: own.map((d) => ({ disclosedOn: d.disclosed_on, final: d.final, raisedFen: Number(d.raised_fen) })),
      nextDisclosure: nextDisclosure(p, own, on, settings),
    };
  });
}

/** 募捐方案备案: a charity with the qualification, at least N days before the start, on a designated platform. */
export async function filePlan(deps: SocialorgDeps, actor: Actor, organisationId: number, input: PlanInput): Promise<PlanView> {
  const filedOn = input.filedOn ?? today(deps);
  for (const [field, d] of [
    ['startsOn', input.startsOn],
    ['endsOn', input.endsOn],
    ['filedOn', filedOn],
  ] as const)
    if (!isValidDate(d)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效（${field}）：${d}`);
  if (input.endsOn < input.startsOn) throw invalid('SOCIALORG_INVALID_PERIOD', '募捐结束日期不能早于开始日期');
  if (!input.title?.trim() || !input.purpose?.trim()) throw invalid('SOCIALORG_PLAN_INCOMPLETE', '须填写募捐方案名称和募捐目的');
  if (!Number.isSafeInteger(input.targetFen) || input.targetFen <= 0) throw invalid('SOCIALORG_INVALID_AMOUNT', '募捐目标金额须为正整数（分）');
  requirePermission(actor, 'socialorg.supervise');
  const db = tables(deps);
  const org = await db.selectFrom('socialorg.organisations').selectAll().where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.plan.file', entityType: 'socialorg', entityId: organisationId, divisionCodes: [org.registrar_division], detail: { title: input.title, startsOn: input.startsOn } });
    const settings = await loadSettings(trx, filedOn);
    if (!org.fundraising_since || org.fundraising_since > input.startsOn) throw ruleBreach('SOCIALORG_NOT_QUALIFIED', '只有具有公开募捐资格的慈善组织可以备案募捐方案（《慈善法》第二十二条）');
    const daysBefore = settings.num('charity.planDaysBefore');
    const lastDay = addDays(input.startsOn, -daysBefore);
    if (filedOn > lastDay) {
      throw ruleBreach('SOCIALORG_PLAN_TOO_LATE', `募捐方案须在开展募捐活动 ${daysBefore} 日前备案，${input.startsOn} 开始的最迟应于 ${lastDay} 备案（${settings.used['charity.planDaysBefore'].source}）`, {
        rule: 'charity.planDaysBefore',
        lastDay,
      });
    }
    const platform = input.platform?.trim() || null;
    const platforms = settings.get('charity.platforms') as readonly string[];
    if (platform && !platforms.includes(platform)) throw ruleBreach('SOCIALORG_PLATFORM_NOT_DESIGNATED', `“${platform}”不是民政部指定的互联网公开募捐信息平台；可选：${platforms.join('、')}`);
    const row = await trx
      .insertInto('socialorg.fundraising_plans')
      .values({ organisation_id: organisationId, title: input.title.trim(), purpose: input.purpose.trim(), platform, target_fen: input.targetFen, starts_on: input.startsOn, ends_on: input.endsOn, filed_on: filedOn, filed_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await emitEvent(trx, { topic: 'socialorg.plan.filed', key: String(organisationId), payload: { organisationId, planId: Number(row.id), startsOn: input.startsOn, endsOn: input.endsOn } });
    return (await planViews(trx, { ids: [Number(row.id)] }, filedOn, settings))[0];
  });
}

export async function recordDisclosure(deps: SocialorgDeps, actor: Actor, planId: number, input: { disclosedOn: IsoDate; final: boolean; raisedFen: number }): Promise<PlanView> {
  if (!isValidDate(input.disclosedOn)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${input.disclosedOn}`);
  if (!Number.isSafeInteger(input.raisedFen) || input.raisedFen < 0) throw invalid('SOCIALORG_INVALID_AMOUNT', '募得金额须为非负整数（分）');
  requirePermission(actor, 'socialorg.supervise');
  const db = tables(deps);
  const plan = await db
    .selectFrom('socialorg.fundraising_plans as p')
    .innerJoin('socialorg.organisations as o', 'o.id', 'p.organisation_id')
    .select(['o.registrar_division', 'p.starts_on', 'p.ends_on'])
    .where('p.id', '=', planId)
    .executeTakeFirst();
  if (!plan) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.plan.disclose', entityType: 'socialorg_plan', entityId: planId, divisionCodes: [plan.registrar_division], detail: input });
    if (input.disclosedOn < plan.starts_on) throw ruleBreach('SOCIALORG_NOT_STARTED', `募捐活动 ${plan.starts_on} 开始，此前无可公开的募捐情况`);
    if (input.final && input.disclosedOn < plan.ends_on) throw ruleBreach('SOCIALORG_NOT_ENDED', `募捐活动 ${plan.ends_on} 结束后方可全面公开`);
    await trx
      .insertInto('socialorg.fundraising_disclosures')
      .values({ plan_id: planId, disclosed_on: input.disclosedOn, final: input.final, raised_fen: input.raisedFen })
      .onConflict((oc) => oc.columns(['plan_id', 'disclosed_on']).doUpdateSet({ final: input.final, raised_fen: input.raisedFen }))
      .execute();
    const on = today(deps);
    return (await planViews(trx, { ids: [planId] }, on, await loadSettings(trx, on)))[0];
  });
}

export async function listPlans(deps: SocialorgDeps, actor: Actor, filter: { organisationId?: number } = {}): Promise<PlanView[]> {
  requirePermission(actor, 'socialorg.read');
  const db = tables(deps);
  const on = today(deps);
  return planViews(db, { ...filter, registrarPrefix: divisionPrefix(actor.jurisdiction) }, on, await loadSettings(db, on));
}

export interface TrustInput {
  name: string;
  trusteeName: string;
  trusteeCreditCode: string;
  /** The trustee's seat (12-digit Shanghai code) and the level it files with. */
  divisionCode: string;
  level: Level;
  purpose: string;
  propertyFen: number;
  signedOn: IsoDate;
  filedOn?: IsoDate;
}

export interface TrustView {
  id: number;
  name: string;
  trusteeName: string;
  trusteeCreditCode: string;
  registrarDivision: string;
  purpose: string;
  propertyFen: number;
  signedOn: IsoDate;
  filedOn: IsoDate;
  /** Days past the 7-day filing limit (0 = on time): a late filing is still recorded, the lateness is shown. */
  filedLateDays: number;
  publishDue: IsoDate;
  publishedOn: IsoDate | null;
  publishOverdue: boolean;
}

const trustView = (r: Omit<Selectable<SocialorgTables['socialorg.charitable_trusts']>, 'filed_by' | 'created_at'>, on: IsoDate): TrustView => ({
  id: Number(r.id),
  name: r.name,
  trusteeName: r.trustee_name,
  trusteeCreditCode: r.trustee_credit_code,
  registrarDivision: r.registrar_division,
  purpose: r.purpose,
  propertyFen: Number(r.property_fen),
  signedOn: r.signed_on,
  filedOn: r.filed_on,
  filedLateDays: r.filed_late_days,
  publishDue: r.publish_due,
  publishedOn: r.published_on,
  publishOverdue: r.published_on === null && on > r.publish_due,
});

/** 慈善信托备案 with the trustee's registrar; the publication clock starts at filing. */
export async function fileTrust(deps: SocialorgDeps, actor: Actor, input: TrustInput): Promise<TrustView> {
  const filedOn = input.filedOn ?? today(deps);
  if (!isValidDate(input.signedOn) || !isValidDate(filedOn)) throw invalid('SOCIALORG_INVALID_DATE', '签订日期或备案日期无效');
  if (filedOn < input.signedOn) throw invalid('SOCIALORG_INVALID_DATE', '备案日期不能早于信托文件签订日期');
  if (!input.name?.trim() || !input.trusteeName?.trim() || !input.purpose?.trim()) throw invalid('SOCIALORG_TRUST_INCOMPLETE', '须填写信托名称、受托人和信托目的');
  if (!Number.isSafeInteger(input.propertyFen) || input.propertyFen <= 0) throw invalid('SOCIALORG_INVALID_AMOUNT', '信托财产金额须为正整数（分）');
  const code = checkCreditCode(input.trusteeCreditCode ?? '');
  if (typeof code === 'string') throw invalid('SOCIALORG_INVALID_CREDIT_CODE', `受托人${creditCodeProblemMessage[code]}`);
  const division = normaliseDivisionCode(input.divisionCode ?? '');
  if (!division || !SHANGHAI_DISTRICTS.some((d) => d.code === `${division.slice(0, 6)}000000`)) throw invalid('SOCIALORG_INVALID_DIVISION', `受托人住所区划代码无效或不在本市：${input.divisionCode}`);
  const registrar = registrarOf(input.level, division);
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.trust.file', entityType: 'socialorg_trust', divisionCodes: [registrar], detail: { name: input.name, trustee: code.code } });
    const settings = await loadSettings(trx, filedOn);
    const late = Math.max(0, daysFrom(input.signedOn, filedOn) - settings.num('trust.filingDays'));
    const row = await trx
      .insertInto('socialorg.charitable_trusts')
      .values({
        name: input.name.trim(),
        trustee_name: input.trusteeName.trim(),
        trustee_credit_code: code.code,
        registrar_division: registrar,
        purpose: input.purpose.trim(),
        property_fen: input.propertyFen,
        signed_on: input.signedOn,
        filed_on: filedOn,
        filed_late_days: late,
        publish_due: addWorkingDays(filedOn, settings.num('trust.publishWorkingDays')),
        published_on: null,
        filed_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['trustee_credit_code', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw ruleBreach('SOCIALORG_TRUST_EXISTS', `受托人 ${code.code} 的“${input.name.trim()}”已备案`);
    await emitEvent(trx, { topic: 'socialorg.trust.filed', key: String(row.id), payload: { trustId: Number(row.id), filedOn, filedLateDays: late } });
    return trustView(row, filedOn);
  });
}

export async function publishTrust(deps: SocialorgDeps, actor: Actor, trustId: number, publishedOn: IsoDate): Promise<TrustView> {
  if (!isValidDate(publishedOn)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${publishedOn}`);
  requirePermission(actor, 'socialorg.supervise');
  const db = tables(deps);
  const seen = await db.selectFrom('socialorg.charitable_trusts').selectAll().where('id', '=', trustId).executeTakeFirst();
  if (!seen) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.trust.publish', entityType: 'socialorg_trust', entityId: trustId, divisionCodes: [seen.registrar_division], detail: { publishedOn } });
    if (seen.published_on) throw ruleBreach('SOCIALORG_ALREADY_PUBLISHED', `已于 ${seen.published_on} 公开`);
    if (publishedOn < seen.filed_on) throw invalid('SOCIALORG_INVALID_DATE', '公开日期不能早于备案日期');
    const row = await trx.updateTable('socialorg.charitable_trusts').set({ published_on: publishedOn }).where('id', '=', trustId).returningAll().executeTakeFirstOrThrow();
    await emitEvent(trx, { topic: 'socialorg.trust.published', key: String(trustId), payload: { trustId, publishedOn } });
    return trustView(row, today(deps));
  });
}

export async function listTrusts(deps: SocialorgDeps, actor: Actor): Promise<TrustView[]> {
  requirePermission(actor, 'socialorg.read');
  const rows = await tables(deps)
    .selectFrom('socialorg.charitable_trusts')
    .selectAll()
    .where('registrar_division', 'like', `${divisionPrefix(actor.jurisdiction)}%`)
    .orderBy('filed_on', 'desc')
    .limit(1000)
    .execute();
  const on = today(deps);
  return rows.map((r) => trustView(r, on));
}

/** Published trusts only, for the public register (no people: trustees are institutions). */
export async function publicTrusts(deps: SocialorgDeps): Promise<TrustView[]> {
  const rows = await tables(deps).selectFrom('socialorg.charitable_trusts').selectAll().where('published_on', 'is not', null).orderBy('published_on', 'desc').limit(1000).execute();
  const on = today(deps);
  return rows.map((r) => trustView(r, on));
}
