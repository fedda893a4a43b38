/**
 * The indicator table for a month: each of the 15 with its value (frozen snapshot, else computed, else the manual
 * entry in force), status against the target and the value's provenance; manual entries with corrections; the
 * month-end freeze; district drill-down and monthly history.
 */
import { sql } from 'kysely';
import { guardedTransaction, requirePermission, type Actor } from '../access/index.js';
import { addMonths, invalid, isValidMonth, notFound, type Month } from '../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import { INDICATORS, indicatorDef, natureNames, PLAN_START, round, RULE_VERSION, type IndicatorDef } from './catalogue.js';
import { CITY, computeIndicator, type ComputeSession } from './compute.js';
import { currentMonth, tables, type IndicatorDeps } from './deps.js';
import { expectedOn, statusNames, statusOf, type IndicatorStatus } from './status.js';

export type ValueOrigin = 'frozen' | 'computed' | 'manual' | 'none';
export const originNames: Record<ValueOrigin, string> = { frozen: '月末冻结', computed: '系统计算', manual: '人工填报', none: '暂无数据' };

export interface IndicatorValue {
  no: number;
  name: string;
  unit: string;
  nature: IndicatorDef['nature'];
  natureName: string;
  formula: string;
  baseline: number;
  target: number;
  targetText: string;
  sourceText: string;
  manualSource: boolean;
  byDistrict: boolean;
  month: Month;
  divisionCode: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** For a manual value: the month it was entered for (it holds until a later month is entered). */
  valueMonth: Month | null;
  origin: ValueOrigin;
  originName: string;
  /** Source, author and time of a manual value; the rule version of a frozen one. */
  provenance: string;
  expected: number;
  status: IndicatorStatus;
  statusName: string;
  /** A binding (约束性) indicator that is behind: shown in red. */
  alarm: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function checkMonth(deps: IndicatorDeps, raw: string | undefined): Month {
  const month = raw ?? currentMonth(deps);
  if (!isValidMonth(month)) throw invalid('INDICATORS_INVALID_MONTH', `月份格式错误：${month}（应为 YYYY-MM）`);
  if (month > currentMonth(deps)) throw invalid('INDICATORS_FUTURE_MONTH', `不能查询或填报未来月份：${month}`);
  return month;
}

function requireDef(no: number): IndicatorDef {
  const def = indicatorDef(no);
  if (!def) throw notFound('INDICATORS_UNKNOWN', `指标 ${no} 不存在（主要指标为 1–15）`);
  return def;
}

async function manualInForce(deps: IndicatorDeps, no: number, month: Month) {
  return tables(deps).selectFrom('indicators.manual_values').selectAll().where('indicator_no', '=', no).where('month', '<=', month).orderBy('month', 'desc').orderBy('id', 'desc').executeTakeFirst();
}

async function indicatorValue(deps: IndicatorDeps, def: IndicatorDef, month: Month, division: string, session: ComputeSession): Promise<IndicatorValue> {
  let value: number | null = null;
  let numerator: number | null = null;
  let denominator: number | null = null;
  let origin: ValueOrigin = 'none';
  let provenance = '';
  let valueMonth: Month | null = null;
  const snapshot = await tables(deps).selectFrom('indicators.snapshots').selectAll().where('indicator_no', '=', def.no).where('month', '=', month).where('division_code', '=', division).executeTakeFirst();
  if (snapshot && snapshot.value !== null) {
    const inputs = snapshot.inputs as { numerator?: number; denominator?: number; origin?: ValueOrigin; provenance?: string };
    value = num(snapshot.value);
    numerator = inputs.numerator ?? null;
    denominator = inputs.denominator ?? null;
    origin = 'frozen';
    provenance = `${inputs.provenance ?? ''}（${month} 月末冻结，规则版本 ${snapshot.rule_version}）`;
    valueMonth = month;
  } else {
    const computed = division === CITY || def.byDistrict ? await computeIndicator(deps, def, month, division, session) : null;
    if (computed && computed.value !== null) {
      value = computed.value;
      numerator = computed.numerator ?? null;
      denominator = computed.denominator ?? null;
      origin = 'computed';
      provenance = def.sourceText;
      valueMonth = month;
    } else if (division === CITY) {
      const manual = await manualInForce(deps, def.no, month);
      if (manual) {
        value = num(manual.value);
        numerator = num(manual.numerator);
        denominator = num(manual.denominator);
        origin = 'manual';
        valueMonth = manual.month;
        provenance = `${manual.source}；${manual.entered_by_name} 于 ${new Date(manual.entered_at).toISOString().slice(0, 10)} 填报（${manual.month}）`;
      }
    }
  }
  const status = statusOf(def, value, month);
  return {
    no: def.no,
    name: def.name,
    unit: def.unit,
    nature: def.nature,
    natureName: natureNames[def.nature],
    formula: def.formula,
    baseline: def.baseline,
    target: def.target,
    targetText: def.targetText,
    sourceText: def.sourceText,
    manualSource: def.source === 'manual',
    byDistrict: def.byDistrict,
    month,
    divisionCode: division,
    value,
    numerator,
    denominator,
    valueMonth,
    origin,
    originName: originNames[origin],
    provenance,
    expected: round(expectedOn(def, month), def.decimals),
    status,
    statusName: statusNames[status],
    alarm: def.nature === 'binding' && status === 'behind',
  };
}

/** All 15 for a month (default the current one) and the city or a district; aggregates only, any stats.read user. */
export async function listIndicators(deps: IndicatorDeps, actor: Actor, query: { month?: string; division?: string } = {}): Promise<{ month: Month; divisionCode: string; items: IndicatorValue[] }> {
  requirePermission(actor, 'stats.read');
  const month = checkMonth(deps, query.month);
  const division = checkDivision(query.division);
  const session: ComputeSession = {};
  const items: IndicatorValue[] = [];
  for (const def of INDICATORS) items.push(await indicatorValue(deps, def, month, division, session));
  return { month, divisionCode: division, items };
}

function checkDivision(raw: string | undefined): string {
  if (raw === undefined || raw === CITY) return CITY;
  if (!SHANGHAI_DISTRICTS.some((d) => d.code === raw)) throw invalid('INDICATORS_INVALID_DIVISION', `区划须为全市或本市某区的 12 位代码：${raw}`);
  return raw;
}

/** One indicator by district for a month (district figures; the target stays city-wide). */
export async function indicatorByDistrict(deps: IndicatorDeps, actor: Actor, no: number, query: { month?: string }) {
  requirePermission(actor, 'stats.read');
  const def = requireDef(no);
  const month = checkMonth(deps, query.month);
  const session: ComputeSession = {};
  const city = await indicatorValue(deps, def, month, CITY, session);
  const districts = [];
  for (const d of SHANGHAI_DISTRICTS) {
    const v = def.byDistrict ? await indicatorValue(deps, def, month, d.code, session) : null;
    districts.push({ divisionCode: d.code, divisionName: d.name, value: v?.value ?? null, numerator: v?.numerator ?? null, denominator: v?.denominator ?? null, origin: v?.origin ?? 'none' });
  }
  return { indicator: city, districts };
}

/** Monthly values from the plan's baseline month (2020-12) to the month asked for, at most 72 months. */
export async function indicatorHistory(deps: IndicatorDeps, actor: Actor, no: number, query: { division?: string; to?: string } = {}) {
  requirePermission(actor, 'stats.read');
  const def = requireDef(no);
  const to = checkMonth(deps, query.to);
  const division = checkDivision(query.division);
  const session: ComputeSession = {};
  const points = [];
  for (let m = PLAN_START, i = 0; m <= to && i < 72; m = addMonths(m, 1), i++) {
    const v = await indicatorValue(deps, def, m, division, session);
    points.push({ month: m, value: v.value, origin: v.origin, expected: v.expected, status: v.status });
  }
  return { no, name: def.name, unit: def.unit, baseline: def.baseline, target: def.target, divisionCode: division, points };
}

export interface ManualInput {
  month: string;
  numerator?: number;
  denominator?: number;
  value?: number;
  source: string;
  note?: string;
}

/**
 * A value entered by hand (市局管理员). A share gives numerator and denominator (the value is computed, one
 * decimal); a count gives its value. A later entry for the same month supersedes the one in force (a correction);
 * both stay. Future months, numerator above denominator and shares outside 0–100 are refused.
 */
export async function enterManualValue(deps: IndicatorDeps, actor: Actor, no: number, input: ManualInput) {
  requirePermission(actor, 'indicators.enter');
  const def = requireDef(no);
  const month = checkMonth(deps, input.month);
  const source = typeof input.source === 'string' ? input.source.trim() : '';
  if (source.length < 2 || source.length > 500) throw invalid('INDICATORS_SOURCE_REQUIRED', '请注明数据来源（如统计公报、部门报表），2 至 500 字');
  const finite = (v: unknown, what: string) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalid('INDICATORS_INVALID_NUMBER', `${what}须为非负数`);
    return v;
  };
  const numerator = finite(input.numerator, '分子');
  const denominator = finite(input.denominator, '分母');
  let value = finite(input.value, '数值');
  if (def.percent) {
    if (numerator !== undefined && denominator !== undefined) {
      if (denominator === 0) throw invalid('INDICATORS_INVALID_NUMBER', '分母须大于 0');
      if (numerator > denominator) throw invalid('INDICATORS_NUMERATOR_ABOVE_DENOMINATOR', `分子（${numerator}）不能大于分母（${denominator}）`);
      value = round((numerator * 100) / denominator, def.decimals);
    } else if (value === undefined) {
      throw invalid('INDICATORS_SHARE_NEEDS_PARTS', `「${def.name}」为比率，请填写分子和分母`);
    }
    if (value > 100) throw invalid('INDICATORS_PERCENT_OUT_OF_RANGE', `比率须在 0–100 之间：${value}`);
  } else if (value === undefined) {
    if (numerator === undefined) throw invalid('INDICATORS_VALUE_REQUIRED', `请填写「${def.name}」的数值（${def.unit}）`);
    value = numerator;
  }
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'indicators.enter', action: 'indicators.value.enter', entityType: 'indicator', entityId: no, detail: { month, value, numerator, denominator, source } });
    await sql`select pg_advisory_xact_lock(7231301, ${no}::int)`.execute(trx);
    const previous = await trx.selectFrom('indicators.manual_values').select('id').where('indicator_no', '=', no).where('month', '=', month).orderBy('id', 'desc').executeTakeFirst();
    const row = await trx
      .insertInto('indicators.manual_values')
      .values({
        indicator_no: no,
        month,
        numerator: numerator ?? null,
        denominator: def.percent ? (denominator ?? null) : null,
        value: value as number,
        source,
        note: input.note?.trim() ?? '',
        supersedes_id: previous?.id ?? null,
        entered_by: actor.userId,
        entered_by_name: actor.displayName,
      })
      .returning(['id', 'supersedes_id'])
      .executeTakeFirstOrThrow();
    return { id: row.id, no, month, value: value as number, supersedesId: row.supersedes_id };
  });
}

export interface ManualEntryView {
  id: number;
  month: Month;
  value: number;
  numerator: number | null;
  denominator: number | null;
  source: string;
  note: string;
  enteredBy: string;
  enteredAt: string;
  supersededBy: number | null;
}

/** Every manual entry of an indicator, newest first, with what superseded what. */
export async function manualEntries(deps: IndicatorDeps, actor: Actor, no: number): Promise<ManualEntryView[]> {
  requirePermission(actor, 'stats.read');
  requireDef(no);
  const rows = await tables(deps).selectFrom('indicators.manual_values').selectAll().where('indicator_no', '=', no).orderBy('month', 'desc').orderBy('id', 'desc').execute();
  const supersededBy = new Map(rows.filter((r) => r.supersedes_id !== null).map((r) => [r.supersedes_id as number, r.id]));
  return rows.map((r) => ({
    id: r.id,
    month: r.month,
    value: Number(r.value),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    source: r.source,
    note: r.note,
    enteredBy: r.entered_by_name,
    enteredAt: new Date(r.entered_at).toISOString(),
    supersededBy: supersededBy.get(r.id) ?? null,
  }));
}

/**
 * Month-end freeze: every indicator for the city and, where it has one, each district, with its inputs and the rule
 * version. A month already frozen keeps its values (a snapshot is history, not a cache); a value that was missing
 * is filled when it can be.
 */
/** Every indicator for the city and, where it has them, the 16 districts: one month's full table (the freeze's input). */
export async function monthTable(deps: IndicatorDeps, actor: Actor, rawMonth: string): Promise<IndicatorValue[]> {
  requirePermission(actor, 'stats.read');
  const month = checkMonth(deps, rawMonth);
  const session: ComputeSession = {};
  const values: IndicatorValue[] = [];
  for (const def of INDICATORS) {
    for (const division of [CITY, ...(def.byDistrict ? SHANGHAI_DISTRICTS.map((d) => d.code) : [])]) values.push(await indicatorValue(deps, def, month, division, session));
  }
  return values;
}

export async function freezeMonth(deps: IndicatorDeps, actor: Actor, rawMonth: string): Promise<{ month: Month; frozen: number }> {
  requirePermission(actor, 'indicators.enter');
  const month = checkMonth(deps, rawMonth);
  const rows: { indicator_no: number; month: Month; division_code: string; value: number | null; inputs: string; rule_version: string }[] = [];
  for (const v of await monthTable(deps, actor, month)) {
    if (v.origin === 'frozen') continue;
    const inputs = { numerator: v.numerator, denominator: v.denominator, origin: v.origin, provenance: v.provenance, valueMonth: v.valueMonth };
    rows.push({ indicator_no: v.no, month, division_code: v.divisionCode, value: v.value, inputs: JSON.stringify(inputs), rule_version: RULE_VERSION });
  }
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'indicators.enter', action: 'indicators.month.freeze', entityType: 'month', entityId: month, detail: { values: rows.length } });
    if (rows.length === 0) return;
    await trx
      .insertInto('indicators.snapshots')
      .values(rows)
      .onConflict((oc) =>
        oc
          .columns(['indicator_no', 'month', 'division_code'])
          .doUpdateSet({ value: sql`excluded.value`, inputs: sql`excluded.inputs`, rule_version: sql`excluded.rule_version`, frozen_at: sql`now()` })
          .where('indicators.snapshots.value', 'is', null),
      )
      .execute();
  });
  return { month, frozen: rows.length };
}

/** The month-end job: freezes last month once the month has turned (idempotent; run from the serve loop). */
export async function freezeLastMonth(deps: IndicatorDeps, actor: Actor): Promise<{ month: Month; frozen: number } | null> {
  const last = addMonths(currentMonth(deps), -1);
  const done = await tables(deps).selectFrom('indicators.snapshots').select('month').where('month', '=', last).where('division_code', '=', CITY).where('indicator_no', '=', 1).executeTakeFirst();
  if (done) return null;
  return freezeMonth(deps, actor, last);
}

const MONTH_END_ACTOR: Actor = { userId: 0, username: 'system:indicators', displayName: '规划指标月末冻结（系统）', role: 'city_admin', jurisdiction: '310000000000' };

/** The serve loop's job: freezes last month once the month has turned (a no-op when done). */
export function runIndicatorJobs(deps: IndicatorDeps): Promise<unknown> {
  return freezeLastMonth(deps, MONTH_END_ACTOR);
}
