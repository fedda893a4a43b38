/**
 * Figures of 为老助餐: the monthly settlement of subsidies between districts and the daily meals served per meal
 * point. Counts and sums only, no personal data: `eldercare.read` and the jurisdiction, no audit entry.
 */
import { sql } from 'kysely';
import { requirePermission, type Actor } from '../access/index.js';
import { divisionPrefix, invalid, isValidMonth, isWithin, lastDayOfMonth, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import { tables, type EldercareDeps } from './deps.js';
import { scopeOf } from './facilities.js';
import { checkPeriod } from './meals.js';
import type { MealTables } from './meals-model.js';

const districtNames = new Map(SHANGHAI_DISTRICTS.map((d) => [d.code, d.name]));
const nameOf = (code: string): string => districtNames.get(code) ?? code;

export interface SettlementRow {
  pointDistrictCode: string;
  pointDistrictName: string;
  subsidyDistrictCode: string;
  subsidyDistrictName: string;
  subsidisedMeals: number;
  persons: number;
  subsidyFen: Fen;
  crossDistrict: boolean;
}

export interface DistrictBalance {
  districtCode: string;
  districtName: string;
  /** Subsidies granted at the district's meal points (to anyone). */
  advancedFen: Fen;
  /** Subsidies of the district's 户籍 residents, wherever they ate. */
  borneFen: Fen;
  /** Owed to it by other districts: its meal points' subsidies for other districts' residents. */
  receivableFen: Fen;
  /** Owed by it to other districts: its residents' subsidies at other districts' meal points. */
  payableFen: Fen;
  /** receivable − payable: positive, the district is owed money on balance. */
  netFen: Fen;
}

export interface SettlementTransfer {
  fromDistrictCode: string;
  fromDistrictName: string;
  toDistrictCode: string;
  toDistrictName: string;
  /** Net of both directions between the two districts. */
  amountFen: Fen;
}

export interface MealSettlement {
  month: Month;
  divisionCode: string;
  rows: SettlementRow[];
  districts: DistrictBalance[];
  transfers: SettlementTransfer[];
  totals: { subsidisedMeals: number; subsidyFen: Fen; crossDistrictFen: Fen };
}

/**
 * 跨区结算: the month's subsidies by meal-point district × paying (户籍) district. A district sees every pair it
 * is on either side of; the transfers say which district owes which how much, netted per pair of districts.
 */
export async function mealSettlement(deps: EldercareDeps, actor: Actor, query: { month: string; divisionCode?: string }): Promise<MealSettlement> {
  requirePermission(actor, 'eldercare.read');
  if (!isValidMonth(query.month)) throw invalid('ELDERCARE_INVALID_MONTH', `结算月份须为 YYYY-MM 格式：${query.month}`);
  const scope = scopeOf(actor, query.divisionCode);
  const prefix = `${divisionPrefix(scope)}%`;
  const raw = await tables(deps)
    .withTables<MealTables>()
    .selectFrom('eldercare.meals')
    .select(['point_district_code', 'subsidy_district_code'])
    .select((eb) => [eb.fn.countAll<number>().as('meals'), eb.fn.count<number>('person_id').distinct().as('persons'), eb.fn.sum<number>('subsidy_fen').as('fen')])
    .where('subsidy_fen', '>', 0)
    .where('served_on', '>=', `${query.month}-01`)
    .where('served_on', '<=', lastDayOfMonth(query.month))
    .where((eb) => eb.or([eb('point_division_code', 'like', prefix), eb('subsidy_district_code', 'like', prefix)]))
    .groupBy(['point_district_code', 'subsidy_district_code'])
    .orderBy('point_district_code')
    .orderBy('subsidy_district_code')
    .execute();
  const rows: SettlementRow[] = raw.map((r) => {
    const payer = r.subsidy_district_code as string; // subsidy_fen > 0 implies a paying district (table check)
    return {
      pointDistrictCode: r.point_district_code,
      pointDistrictName: nameOf(r.point_district_code),
      subsidyDistrictCode: payer,
      subsidyDistrictName: nameOf(payer),
      subsidisedMeals: Number(r.meals),
      persons: Number(r.persons),
      subsidyFen: Number(r.fen),
      crossDistrict: payer !== r.point_district_code,
    };
  });
  return { month: query.month, divisionCode: scope, rows, districts: balances(rows, scope), transfers: transfers(rows), totals: totals(rows) };
}

function balances(rows: readonly SettlementRow[], scope: string): DistrictBalance[] {
  const codes = [...new Set(rows.flatMap((r) => [r.pointDistrictCode, r.subsidyDistrictCode]))].filter((code) => isWithin(code, scope)).sort();
  return codes.map((code) => {
    const sum = (pick: (r: SettlementRow) => boolean) => rows.filter(pick).reduce((s, r) => s + r.subsidyFen, 0);
    const receivableFen = sum((r) => r.crossDistrict && r.pointDistrictCode === code);
    const payableFen = sum((r) => r.crossDistrict && r.subsidyDistrictCode === code);
    return {
      districtCode: code,
      districtName: nameOf(code),
      advancedFen: sum((r) => r.pointDistrictCode === code),
      borneFen: sum((r) => r.subsidyDistrictCode === code),
      receivableFen,
      payableFen,
      netFen: receivableFen - payableFen,
    };
  });
}

/** The paying district owes the meal point's district; two districts owing each other settle the difference. */
function transfers(rows: readonly SettlementRow[]): SettlementTransfer[] {
  const owed = new Map<string, number>();
  for (const r of rows.filter((x) => x.crossDistrict)) {
    const key = `${r.subsidyDistrictCode}>${r.pointDistrictCode}`;
    owed.set(key, (owed.get(key) ?? 0) + r.subsidyFen);
  }
  const out: SettlementTransfer[] = [];
  for (const [key, fen] of owed) {
    const [from, to] = key.split('>');
    const net = fen - (owed.get(`${to}>${from}`) ?? 0);
    if (net > 0) out.push({ fromDistrictCode: from, fromDistrictName: nameOf(from), toDistrictCode: to, toDistrictName: nameOf(to), amountFen: net });
  }
  return out.sort((a, b) => (a.fromDistrictCode + a.toDistrictCode < b.fromDistrictCode + b.toDistrictCode ? -1 : 1));
}

function totals(rows: readonly SettlementRow[]): MealSettlement['totals'] {
  return {
    subsidisedMeals: rows.reduce((s, r) => s + r.subsidisedMeals, 0),
    subsidyFen: rows.reduce((s, r) => s + r.subsidyFen, 0),
    crossDistrictFen: rows.filter((r) => r.crossDistrict).reduce((s, r) => s + r.subsidyFen, 0),
  };
}

export interface DailyMealCount {
  mealPointId: number;
  mealPointName: string;
  districtCode: string;
  servedOn: IsoDate;
  lunch: number;
  dinner: number;
  total: number;
  /** Different persons served that day at the point. */
  persons: number;
  subsidised: number;
  subsidyFen: Fen;
  paidFen: Fen;
}

const MAX_DAILY_DAYS = 92;

/** Meals served per meal point and day in the jurisdiction (by the meal point's division). */
export async function dailyMealCounts(
  deps: EldercareDeps,
  actor: Actor,
  query: { from: string; to: string; divisionCode?: string; mealPointId?: number },
): Promise<{ divisionCode: string; from: IsoDate; to: IsoDate; items: DailyMealCount[] }> {
  requirePermission(actor, 'eldercare.read');
  const period = checkPeriod(query.from, query.to, MAX_DAILY_DAYS, 'ELDERCARE_MEAL_INVALID_PERIOD');
  const scope = scopeOf(actor, query.divisionCode);
  const rows = await tables(deps)
    .withTables<MealTables>()
    .selectFrom('eldercare.meals as m')
    .innerJoin('eldercare.facilities as f', 'f.id', 'm.meal_point_id')
    .select(['m.meal_point_id', 'f.name', 'm.point_district_code', 'm.served_on'])
    .select((eb) => [
      sql<number>`count(*) filter (where m.meal = 'lunch')`.as('lunch'),
      sql<number>`count(*) filter (where m.meal = 'dinner')`.as('dinner'),
      eb.fn.countAll<number>().as('total'),
      eb.fn.count<number>('m.person_id').distinct().as('persons'),
      sql<number>`count(*) filter (where m.subsidy_fen > 0)`.as('subsidised'),
      eb.fn.sum<number>('m.subsidy_fen').as('subsidy'),
      eb.fn.sum<number>('m.paid_fen').as('paid'),
    ])
    .where('m.point_division_code', 'like', `${divisionPrefix(scope)}%`)
    .where('m.served_on', '>=', period.from)
    .where('m.served_on', '<=', period.to)
    .$if(query.mealPointId !== undefined, (q) => q.where('m.meal_point_id', '=', query.mealPointId as number))
    .groupBy(['m.meal_point_id', 'f.name', 'm.point_district_code', 'm.served_on'])
    .orderBy('m.served_on')
    .orderBy('m.meal_point_id')
    .execute();
  return {
    divisionCode: scope,
    ...period,
    items: rows.map((r) => ({
      mealPointId: r.meal_point_id,
      mealPointName: r.name,
      districtCode: r.point_district_code,
      servedOn: r.served_on,
      lunch: Number(r.lunch),
      dinner: Number(r.dinner),
      total: Number(r.total),
      persons: Number(r.persons),
      subsidised: Number(r.subsidised),
      subsidyFen: Number(r.subsidy),
      paidFen: Number(r.paid),
    })),
  };
}
