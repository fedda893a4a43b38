/**
 * 价格临时补贴 (price-linked temporary subsidies). The rule (POLICY-FACTS §1.4, the 2014 Shanghai rule; current
 * figures unverified, all dated settings): "居民消费价格指数同比涨幅超过 3.5%，或食品价格同比涨幅超过 7% 的月份，
 * 向低保、特困、低收入等困难群众发放价格临时补贴". The month's indices are entered as published; a run for a
 * district pays every case in payment of the groups the amount per person × the persons the case covers, without
 * application, in one statement; the primary key (case, month) makes a retry or a second run write nothing twice.
 */
import { sql } from 'kysely';
import { appendAudit, requirePermission, type Actor } from '../access/index.js';
import { conflict, divisionLevel, formatYuan, invalid, isValidMonth, isWithin, normaliseDivisionCode, notFound, type Fen, type Month } from '../kernel/index.js';
import { tables, type AssistanceDeps } from './deps.js';
import { allowRead, auditable } from './guard.js';
import { programmeNames, type AssistanceDb, type AssistanceProgramme } from './model.js';
import { loadSettings, type AssistanceSettings } from './settings.js';

/** Who receives it: the issue's groups (低保, 特困, 低收入), counted as cases in payment. A scope, not a figure. */
export const PRICE_GROUPS: readonly AssistanceProgramme[] = ['dibao', 'destitute', 'low_income'];

export const PRICE_RULE = (s: Pick<AssistanceSettings, 'priceCpiThresholdPermille' | 'priceFoodThresholdPermille' | 'priceAmountFenPerPersonMonth'>) =>
  `当月居民消费价格指数同比涨幅超过 ${pct(s.priceCpiThresholdPermille)}，或食品价格同比涨幅超过 ${pct(s.priceFoodThresholdPermille)} 的，启动价格临时补贴：` +
  `向${PRICE_GROUPS.map((p) => programmeNames[p]).join('、')}的在保对象按每人 ${formatYuan(s.priceAmountFenPerPersonMonth)} 元发放，无需申请，每月一次（特困按供养对象 1 人，其他按案件所保障的家庭人口计）。` +
  '依据 2014 年上海价格临时补贴联动机制；现行启动条件与金额为配置项，未核实。';

const pct = (permille: number) => `${(permille / 10).toFixed(1)}%`;

export interface PriceIndexInput {
  month: Month;
  cpiYoyPermille: number;
  foodYoyPermille: number;
  source: string;
}

export interface Trigger {
  triggered: boolean;
  explanation: string;
}

/** Pure: whether a month's indices trigger the subsidy, in words. Strictly above the threshold, as the rule says. */
export function priceTrigger(index: { cpiYoyPermille: number; foodYoyPermille: number }, s: Pick<AssistanceSettings, 'priceCpiThresholdPermille' | 'priceFoodThresholdPermille'>): Trigger {
  const cpi = index.cpiYoyPermille > s.priceCpiThresholdPermille;
  const food = index.foodYoyPermille > s.priceFoodThresholdPermille;
  const words = `居民消费价格同比 ${pct(index.cpiYoyPermille)}（${cpi ? '超过' : '未超过'} ${pct(s.priceCpiThresholdPermille)}），食品价格同比 ${pct(index.foodYoyPermille)}（${food ? '超过' : '未超过'} ${pct(s.priceFoodThresholdPermille)}）`;
  return { triggered: cpi || food, explanation: `${words}：${cpi || food ? '启动价格临时补贴' : '不启动'}` };
}

/** 登记价格指数 (city): as published; a month already paid keeps its indices (a different entry is refused, the same one is a no-op). */
export async function recordPriceIndex(deps: AssistanceDeps, actor: Actor, input: PriceIndexInput): Promise<PriceIndexView> {
  requirePermission(actor, 'assistance.configure');
  if (!isValidMonth(input.month)) throw invalid('ASSISTANCE_INVALID_MONTH', `月份格式错误：${input.month}`);
  const inRange = (v: number, lo: number, hi: number) => Number.isSafeInteger(v) && v >= lo && v <= hi;
  if (!inRange(input.cpiYoyPermille, -200, 500)) throw invalid('ASSISTANCE_INVALID_INDEX', `居民消费价格同比涨幅须在 -20% 至 50% 之间（以千分比整数填写，35 即 3.5%），收到 ${input.cpiYoyPermille}‰`);
  if (!inRange(input.foodYoyPermille, -500, 1000)) throw invalid('ASSISTANCE_INVALID_INDEX', `食品价格同比涨幅须在 -50% 至 100% 之间（以千分比整数填写），收到 ${input.foodYoyPermille}‰`);
  const source = (input.source ?? '').trim();
  if (!source) throw invalid('ASSISTANCE_SOURCE_REQUIRED', '请注明数据来源（如：市统计局 2024 年 6 月居民消费价格公报）');
  const db = tables(deps);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('assistance.price_indices').selectAll().where('month', '=', input.month).forUpdate().executeTakeFirst();
    const same = existing && existing.cpi_yoy_permille === input.cpiYoyPermille && existing.food_yoy_permille === input.foodYoyPermille;
    if (existing && !same) {
      const run = await trx.selectFrom('assistance.price_subsidy_runs').select('district_code').where('month', '=', input.month).executeTakeFirst();
      if (run) throw conflict('ASSISTANCE_PRICE_MONTH_PAID', `${input.month} 的价格临时补贴已按原指数发放，不能更改该月指数`);
    }
    if (!same) {
      await trx
        .insertInto('assistance.price_indices')
        .values({ month: input.month, cpi_yoy_permille: input.cpiYoyPermille, food_yoy_permille: input.foodYoyPermille, source, entered_by: actor.username })
        .onConflict((oc) => oc.column('month').doUpdateSet({ cpi_yoy_permille: input.cpiYoyPermille, food_yoy_permille: input.foodYoyPermille, source, entered_by: actor.username }))
        .execute();
      await appendAudit(auditable(trx), {
        actor,
        action: 'assistance.price.index',
        entityType: 'price_index',
        entityId: input.month,
        result: 'ok',
        detail: { cpiYoyPermille: input.cpiYoyPermille, foodYoyPermille: input.foodYoyPermille, source, before: existing ? { cpi: existing.cpi_yoy_permille, food: existing.food_yoy_permille } : null },
      });
    }
    const settings = await loadSettings(trx, `${input.month}-01`);
    return indexView({ month: input.month, cpi_yoy_permille: input.cpiYoyPermille, food_yoy_permille: input.foodYoyPermille, source, entered_by: existing && same ? existing.entered_by : actor.username }, settings);
  });
}

export interface PriceIndexView {
  month: Month;
  cpiYoyPermille: number;
  foodYoyPermille: number;
  source: string;
  enteredBy: string;
  triggered: boolean;
  explanation: string;
}

const indexView = (r: { month: Month; cpi_yoy_permille: number; food_yoy_permille: number; source: string; entered_by: string }, s: AssistanceSettings): PriceIndexView => {
  const t = priceTrigger({ cpiYoyPermille: r.cpi_yoy_permille, foodYoyPermille: r.food_yoy_permille }, s);
  return { month: r.month, cpiYoyPermille: r.cpi_yoy_permille, foodYoyPermille: r.food_yoy_permille, source: r.source, enteredBy: r.entered_by, ...t };
};

export interface PriceRunView {
  districtCode: string;
  month: Month;
  explanation: string;
  amountFenPerPerson: Fen;
  paidCount: number;
  persons: number;
  paidTotalFen: Fen;
  writtenNow: number;
}

function districtOf(code: string): string {
  const district = normaliseDivisionCode(code);
  if (!district || divisionLevel(district) !== 'district') throw invalid('ASSISTANCE_INVALID_DISTRICT', '价格临时补贴按区发放，请提供区级区划代码');
  return district;
}

/**
 * 发放 for one district and month: refused (409, nothing written) when the month has no indices or they do
 * not trigger. One INSERT … SELECT over the district's cases in payment; the totals are read from the rows.
 */
export async function runPriceSubsidy(deps: AssistanceDeps, actor: Actor, districtCode: string, month: Month): Promise<PriceRunView> {
  const district = districtOf(districtCode);
  if (!isValidMonth(month)) throw invalid('ASSISTANCE_INVALID_MONTH', `月份格式错误：${month}`);
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'assistance.pay', action: 'assistance.price.run', entityType: 'price_subsidy_run', entityId: `${district}:${month}`, divisionCodes: [district] });
  const index = await db.selectFrom('assistance.price_indices').selectAll().where('month', '=', month).executeTakeFirst();
  if (!index) throw conflict('ASSISTANCE_PRICE_INDEX_MISSING', `尚未登记 ${month} 的价格指数，不能判断是否启动价格临时补贴`);
  const settings = await loadSettings(db, `${month}-01`);
  const trigger = priceTrigger({ cpiYoyPermille: index.cpi_yoy_permille, foodYoyPermille: index.food_yoy_permille }, settings);
  if (!trigger.triggered) throw conflict('ASSISTANCE_PRICE_NOT_TRIGGERED', `${month} ${trigger.explanation}，本月无价格临时补贴`);
  const amount = settings.priceAmountFenPerPersonMonth;
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('assistance.price_subsidy_runs')
      .values({
        district_code: district,
        month,
        cpi_yoy_permille: index.cpi_yoy_permille,
        food_yoy_permille: index.food_yoy_permille,
        amount_fen_per_person: amount,
        groups: sql<string[]>`${`{${PRICE_GROUPS.join(',')}}`}::text[]`,
        explanation: trigger.explanation,
        started_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['district_code', 'month']).doNothing())
      .execute();
    // A retry reuses the run's own amount (the first run fixed it), so a setting changed since pays nobody differently.
    const run = await trx.selectFrom('assistance.price_subsidy_runs').selectAll().where('district_code', '=', district).where('month', '=', month).forUpdate().executeTakeFirstOrThrow();
    const written = await sql<{ n: number }>`
      with paid as (
        insert into assistance.price_subsidies (month, case_id, district_code, street_code, programme, household_id, persons, amount_fen)
        select ${month}, c.id, c.district_code, c.street_code, c.programme, c.household_id, x.persons, x.persons * ${run.amount_fen_per_person}::bigint
        from assistance.cases c
        cross join lateral (select case when c.programme = 'destitute' then 1
                                        else greatest(1, (select count(*) from assistance.case_persons cp where cp.case_id = c.id))::int end as persons) x
        where c.district_code = ${district} and c.status = 'in_payment' and c.programme = any(${run.groups}::text[])
        on conflict do nothing
        returning 1)
      select count(*)::int as n from paid`.execute(trx);
    const totals = await trx
      .selectFrom('assistance.price_subsidies')
      .select([sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(persons), 0)::int`.as('persons'), sql<string>`coalesce(sum(amount_fen), 0)`.as('total')])
      .where('district_code', '=', district)
      .where('month', '=', month)
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('assistance.price_subsidy_runs')
      .set({ completed_at: new Date(), paid_count: totals.n, persons: totals.persons, paid_total_fen: Number(totals.total) })
      .where('district_code', '=', district)
      .where('month', '=', month)
      .execute();
    return {
      districtCode: district,
      month,
      explanation: run.explanation,
      amountFenPerPerson: Number(run.amount_fen_per_person),
      paidCount: totals.n,
      persons: totals.persons,
      paidTotalFen: Number(totals.total),
      writtenNow: written.rows[0]?.n ?? 0,
    };
  });
}

export interface PriceOverview {
  rule: string;
  cpiThresholdPermille: number;
  foodThresholdPermille: number;
  amountFenPerPersonMonth: Fen;
  verified: boolean;
  indices: PriceIndexView[];
  runs: Omit<PriceRunView, 'writtenNow'>[];
}

/** The page: the rule in force, the indices of the last two years with their trigger, and the district's runs. */
export async function priceOverview(deps: AssistanceDeps, actor: Actor, districtCode: string): Promise<PriceOverview> {
  const district = districtOf(districtCode);
  const db = tables(deps);
  // A street's caseworker reads the runs of the district their street is in.
  await allowRead(db, actor, { permission: 'assistance.read', action: 'assistance.price.read', divisionCodes: [isWithin(actor.jurisdiction, district) ? actor.jurisdiction : district] });
  const today = deps.clock.today();
  const settings = await loadSettings(db, today);
  const flags = await db.selectFrom('assistance.settings').select('verified').where('key', 'like', 'price.%').execute();
  const indices = await db.selectFrom('assistance.price_indices').selectAll().orderBy('month', 'desc').limit(24).execute();
  const views: PriceIndexView[] = [];
  for (const i of indices) views.push(indexView(i, await loadSettings(db, `${i.month}-01`)));
  const runs = await db.selectFrom('assistance.price_subsidy_runs').selectAll().where('district_code', '=', district).orderBy('month', 'desc').limit(24).execute();
  return {
    rule: PRICE_RULE(settings),
    cpiThresholdPermille: settings.priceCpiThresholdPermille,
    foodThresholdPermille: settings.priceFoodThresholdPermille,
    amountFenPerPersonMonth: settings.priceAmountFenPerPersonMonth,
    verified: flags.every((f) => f.verified),
    indices: views,
    runs: runs.map((r) => ({
      districtCode: r.district_code,
      month: r.month,
      explanation: r.explanation,
      amountFenPerPerson: Number(r.amount_fen_per_person),
      paidCount: r.paid_count ?? 0,
      persons: r.persons ?? 0,
      paidTotalFen: Number(r.paid_total_fen ?? 0),
    })),
  };
}

export interface PriceLedgerRow {
  caseId: number;
  applicantName: string;
  programme: AssistanceProgramme;
  streetCode: string;
  persons: number;
  amountFen: Fen;
}

/** The run's rows for the Excel ledger (checked as the run: assistance.pay, its district). */
export async function priceLedger(deps: AssistanceDeps, actor: Actor, districtCode: string, month: Month, purpose?: string): Promise<{ run: Omit<PriceRunView, 'writtenNow'>; rows: PriceLedgerRow[] }> {
  const district = districtOf(districtCode);
  if (!isValidMonth(month)) throw invalid('ASSISTANCE_INVALID_MONTH', `月份格式错误：${month}`);
  const db: AssistanceDb = tables(deps);
  await allowRead(db, actor, { permission: 'assistance.pay', action: 'assistance.price.ledger', entityType: 'price_subsidy_run', entityId: `${district}:${month}`, divisionCodes: [district], purpose });
  const run = await db.selectFrom('assistance.price_subsidy_runs').selectAll().where('district_code', '=', district).where('month', '=', month).executeTakeFirst();
  if (!run) throw notFound('ASSISTANCE_RUN_NOT_FOUND', `${month} 本区没有价格临时补贴发放批次`);
  const rows = await db
    .selectFrom('assistance.price_subsidies as s')
    .innerJoin('assistance.cases as c', 'c.id', 's.case_id')
    .select(['s.case_id', 'c.applicant_name', 's.programme', 's.street_code', 's.persons', 's.amount_fen'])
    .where('s.district_code', '=', district)
    .where('s.month', '=', month)
    .orderBy('s.case_id')
    .execute();
  return {
    run: { districtCode: district, month, explanation: run.explanation, amountFenPerPerson: Number(run.amount_fen_per_person), paidCount: run.paid_count ?? 0, persons: run.persons ?? 0, paidTotalFen: Number(run.paid_total_fen ?? 0) },
    rows: rows.map((r) => ({ caseId: Number(r.case_id), applicantName: r.applicant_name, programme: r.programme as AssistanceProgramme, streetCode: r.street_code, persons: r.persons, amountFen: Number(r.amount_fen) })),
  };
}
