/**
 * 为老助餐: recording meals served at 社区长者食堂 with the subsidised price, listing them, and explaining a person's
 * subsidy. The subsidy is decided by the policy engine (meal pack) for the month of the meal, on the person's
 * household (read as the system once the recorder is allowed at the meal point); it is per person per DAY, so the meals of one day
 * share it, and it is borne by the person's 户籍 district, wherever they eat (人户分离).
 */
import { sql } from 'kysely';
import type { Actor, AccessRequest } from '../access/index.js';
import { addDays, conflict, divisionPrefix, invalid, isValidDate, isValidMonth, monthOf, notFound, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { pastDay, positiveId, refuseEarly } from './checks.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { districtOf, scopeOf } from './facilities.js';
import { allowRead, guardedTransaction } from './guard.js';
import { decideMeal } from './meal-policy.js';
import { MEALS, mealBandNames, mealNames, type Meal, type MealBand, type MealDb, type MealTables } from './meals-model.js';
import type { EldercareDb } from './model.js';
import { ELDERCARE_SYSTEM_ACTOR } from './registry-port.js';
import { permissionFor } from './operator.js';

// Serialises the meals of one person and day (namespace, hash of person|day): the daily subsidy is shared.
const MEAL_DAY_LOCK = 7_231_701;

export interface RecordMealInput {
  mealPointId: number;
  personId: number;
  servedOn: string;
  meal: string;
}

export interface MealView {
  id: number;
  mealPointId: number;
  mealPointName: string;
  personId: number;
  servedOn: IsoDate;
  meal: Meal;
  mealName: string;
  priceFen: Fen;
  subsidyFen: Fen;
  paidFen: Fen;
  band: MealBand | null;
  bandName: string | null;
  dailySubsidyFen: Fen;
  pointDivisionCode: string;
  pointDistrictCode: string;
  /** The person's 户籍 district, which bears the subsidy; null when not entitled. */
  subsidyDistrictCode: string | null;
  /** Eaten outside the district that pays the subsidy (人户分离 or eating elsewhere): cleared between districts. */
  crossDistrict: boolean;
  ruleVersion: string;
  recordedAt: string;
}

export interface MealRecorded extends MealView {
  /** True when this exact meal was recorded before: the first record is returned, nothing is added. */
  replayed: boolean;
  /** The subsidy decision's reasons (empty on a replay: the stored record stands as it was decided). */
  reasons: string[];
}

const meals = (db: EldercareDb): MealDb => db.withTables<MealTables>();

const MEAL = 'ELDERCARE_MEAL';

function checkMeal(value: unknown): Meal {
  if (!MEALS.includes(value as Meal)) throw invalid('ELDERCARE_MEAL_INVALID_MEAL', `餐次须为 lunch（午餐）或 dinner（晚餐）：${String(value)}`);
  return value as Meal;
}

interface MealPoint {
  id: number;
  name: string;
  division_code: string;
  district_code: string;
  price: Fen;
  /** The operator (registry organisation): its staff record the meal point's meals. */
  organisation_id: number | null;
}

async function mealPoint(db: EldercareDb, id: number): Promise<MealPoint> {
  const row = await db.selectFrom('eldercare.facilities').select(['id', 'kind', 'name', 'status', 'division_code', 'district_code', 'meal_price_fen', 'organisation_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('ELDERCARE_MEAL_POINT_NOT_FOUND', `助餐点 ${id} 不存在`);
  if (row.kind !== 'meal_point') throw invalid('ELDERCARE_NOT_A_MEAL_POINT', `「${row.name}」不是社区长者食堂（助餐点），不能登记用餐`);
  if (row.status !== 'open') throw conflict('ELDERCARE_MEAL_POINT_NOT_OPEN', `助餐点「${row.name}」已暂停或关闭，不能登记用餐`);
  if (row.meal_price_fen === null) throw conflict('ELDERCARE_MEAL_PRICE_MISSING', `助餐点「${row.name}」未登记每餐价格，请先补充`);
  return { id: row.id, name: row.name, division_code: row.division_code, district_code: row.district_code, price: row.meal_price_fen, organisation_id: row.organisation_id };
}

const selectMeals = (db: MealDb) =>
  db
    .selectFrom('eldercare.meals as m')
    .innerJoin('eldercare.facilities as f', 'f.id', 'm.meal_point_id')
    .select([
      'm.id',
      'm.meal_point_id',
      'f.name as meal_point_name',
      'm.person_id',
      'm.served_on',
      'm.meal',
      'm.price_fen',
      'm.subsidy_fen',
      'm.paid_fen',
      'm.band',
      'm.daily_subsidy_fen',
      'm.point_division_code',
      'm.point_district_code',
      'm.subsidy_district_code',
      'm.rule_version',
      'm.recorded_at',
    ]);

type SelectedMeal = Awaited<ReturnType<ReturnType<typeof selectMeals>['executeTakeFirstOrThrow']>>;

function view(r: SelectedMeal): MealView {
  return {
    id: r.id,
    mealPointId: r.meal_point_id,
    mealPointName: r.meal_point_name,
    personId: r.person_id,
    servedOn: r.served_on,
    meal: r.meal,
    mealName: mealNames[r.meal],
    priceFen: r.price_fen,
    subsidyFen: r.subsidy_fen,
    paidFen: r.paid_fen,
    band: r.band,
    bandName: r.band ? mealBandNames[r.band] : null,
    dailySubsidyFen: r.daily_subsidy_fen,
    pointDivisionCode: r.point_division_code,
    pointDistrictCode: r.point_district_code,
    subsidyDistrictCode: r.subsidy_district_code,
    crossDistrict: r.subsidy_district_code !== null && r.subsidy_district_code !== r.point_district_code,
    ruleVersion: r.rule_version,
    recordedAt: new Date(r.recorded_at).toISOString(),
  };
}

/**
 * Records one meal at a meal point. The person and their household's policy input are read from the registry
 * as the recording user; the meal pack decides the daily subsidy for the meal's month; this meal gets what is
 * left of that day's subsidy, at most its price. The same person, day and meal recorded again returns the
 * first record (at another meal point: 409).
 */
export async function recordMeal(deps: EldercareDeps, actor: Actor, input: RecordMealInput): Promise<MealRecorded> {
  const mealPointId = positiveId(input.mealPointId, '助餐点编号', MEAL);
  const personId = positiveId(input.personId, '人员编号', MEAL);
  const servedOn = pastDay(input.servedOn, '用餐日期', today(deps), MEAL);
  const meal = checkMeal(input.meal);
  const db = tables(deps);
  const point = await mealPoint(db, mealPointId);
  // The meal point's own staff record its meals (eldercare.operate); street and district staff may too.
  const request: AccessRequest = {
    permission: permissionFor(actor, point.organisation_id, 'eldercare.meals.record'),
    action: 'eldercare.meal.record',
    entityType: 'person',
    entityId: personId,
    divisionCodes: [point.division_code],
    detail: { mealPointId, servedOn, meal },
  };
  await refuseEarly(db, actor, request);

  // A meal point serves whoever comes (人户分离 diners included): once the recorder is allowed at this meal point,
  // the diner's eligibility is read as the system, and the recorder's audit entry above names the person.
  const person = await deps.registry.person(ELDERCARE_SYSTEM_ACTOR, personId);
  if (person.deathDate && person.deathDate <= servedOn) throw invalid('ELDERCARE_MEAL_PERSON_DECEASED', `${person.name} 已于 ${person.deathDate} 登记死亡，不能登记此后的用餐`);
  const month = monthOf(servedOn);
  if (!person.householdId) throw conflict('ELDERCARE_MEAL_NO_HOUSEHOLD', `${person.name} 未登记家庭，无法核定助餐补贴；请先在人口库登记其家庭`);
  const household = await deps.registry.householdInput(ELDERCARE_SYSTEM_ACTOR, person.householdId, month);
  if (!household.members.some((m) => m.id === String(personId))) {
    throw conflict('ELDERCARE_MEAL_NOT_IN_HOUSEHOLD', `${person.name} 在 ${month}-01 不是其现家庭的成员，无法核定 ${month} 的助餐补贴；请核对人口库的家庭成员登记`);
  }
  const decision = await decideMeal(deps.db, household, String(personId), month);
  const subsidyDistrict = decision.band ? districtOf(person.hukouDivision) : null;

  return guardedTransaction(db, actor, async (trx, allow) => {
    const m = meals(trx);
    await sql`select pg_advisory_xact_lock(${MEAL_DAY_LOCK}, hashtext(${`${personId}|${servedOn}`}))`.execute(m);
    const existing = await selectMeals(m).where('m.person_id', '=', personId).where('m.served_on', '=', servedOn).where('m.meal', '=', meal).executeTakeFirst();
    if (existing) {
      await allow({ ...request, action: 'eldercare.meal.replay', detail: { ...request.detail, mealId: existing.id } });
      if (existing.meal_point_id !== mealPointId) throw conflict('ELDERCARE_MEAL_ALREADY_RECORDED', `${person.name} ${servedOn} 的${mealNames[meal]}已在「${existing.meal_point_name}」登记，不能重复登记`);
      return { ...view(existing), replayed: true, reasons: [] };
    }
    const used = await m
      .selectFrom('eldercare.meals')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('subsidy_fen'), sql<number>`0`).as('fen'))
      .where('person_id', '=', personId)
      .where('served_on', '=', servedOn)
      .executeTakeFirstOrThrow();
    const subsidy = Math.min(Math.max(0, decision.perDayFen - Number(used.fen)), point.price);
    await allow({ ...request, detail: { ...request.detail, band: decision.band, subsidyFen: subsidy, subsidyDistrict } });
    const inserted = await m
      .insertInto('eldercare.meals')
      .values({
        meal_point_id: point.id,
        person_id: personId,
        household_id: person.householdId ?? null,
        served_on: servedOn,
        meal,
        price_fen: point.price,
        subsidy_fen: subsidy,
        paid_fen: point.price - subsidy,
        band: decision.band,
        daily_subsidy_fen: decision.perDayFen,
        point_division_code: point.division_code,
        point_district_code: point.district_code,
        subsidy_district_code: subsidyDistrict,
        rule_version: decision.ruleVersion,
        rules_fingerprint: decision.rulesFingerprint,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await selectMeals(m).where('m.id', '=', inserted.id).executeTakeFirstOrThrow();
    return { ...view(row), replayed: false, reasons: decision.reasons };
  });
}

export interface MealQuery {
  divisionCode?: string;
  /** point (default): meals at meal points in the division; payer: meals whose subsidy the division bears (its 户籍 residents). */
  side?: 'point' | 'payer';
  mealPointId?: number;
  personId?: number;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

const MAX_LIST_DAYS = 366;

export function checkPeriod(from: unknown, to: unknown, maxDays: number, code: string): { from: IsoDate; to: IsoDate } {
  if (typeof from !== 'string' || typeof to !== 'string' || !isValidDate(from) || !isValidDate(to) || from > to) throw invalid(code, '起止日期须为 YYYY-MM-DD 格式的有效日期，且起始日期不晚于结束日期');
  if (addDays(from, maxDays - 1) < to) throw invalid(code, `查询期间不能超过 ${maxDays} 天`);
  return { from, to };
}

/**
 * Meals served, newest first: at meal points in the division (default), or — for the district that pays — the
 * meals of its 户籍 residents wherever they ate. Personal data: one audit entry per page naming the persons.
 */
export async function listMeals(deps: EldercareDeps, actor: Actor, query: MealQuery = {}): Promise<{ items: MealView[]; limit: number; offset: number }> {
  const scope = scopeOf(actor, query.divisionCode);
  const side = query.side ?? 'point';
  if (side !== 'point' && side !== 'payer') throw invalid('ELDERCARE_MEAL_INVALID_SIDE', '查询口径须为 point（助餐点所在地）或 payer（补贴承担区）');
  const on = today(deps);
  const period = checkPeriod(query.from ?? `${monthOf(on)}-01`, query.to ?? on, MAX_LIST_DAYS, 'ELDERCARE_MEAL_INVALID_PERIOD');
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('ELDERCARE_INVALID_LIMIT', '每页条数须为 1–500');
  if (!Number.isInteger(offset) || offset < 0) throw invalid('ELDERCARE_INVALID_OFFSET', '偏移量须为非负整数');
  const db = tables(deps);
  const request: AccessRequest = { permission: 'eldercare.persons.read', action: 'eldercare.meal.list', entityType: 'division', entityId: scope, divisionCodes: [scope] };
  await refuseEarly(db, actor, request);
  const prefix = `${divisionPrefix(scope)}%`;
  const rows = await selectMeals(meals(db))
    .where(side === 'point' ? 'm.point_division_code' : 'm.subsidy_district_code', 'like', prefix)
    .where('m.served_on', '>=', period.from)
    .where('m.served_on', '<=', period.to)
    .$if(query.mealPointId !== undefined, (q) => q.where('m.meal_point_id', '=', query.mealPointId as number))
    .$if(query.personId !== undefined, (q) => q.where('m.person_id', '=', query.personId as number))
    .orderBy('m.served_on', 'desc')
    .orderBy('m.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  await allowRead(db, actor, { ...request, detail: { side, ...period, mealPointId: query.mealPointId, personId: query.personId, persons: [...new Set(rows.map((r) => r.person_id))] } });
  return { items: rows.map(view), limit, offset };
}

export interface MealSubsidyExplanation {
  personId: number;
  month: Month;
  eligible: boolean;
  band: MealBand | null;
  bandName: string | null;
  perDayFen: Fen;
  subsidyDistrictCode: string | null;
  reasons: string[];
  ruleVersion: string;
  parameters: { name: string; label: string; value: number | number[]; from: IsoDate; verified: boolean }[];
}

/** A person's meal subsidy for a month with its reasons, as the meal pack decides it today. */
export async function explainMealSubsidy(deps: EldercareDeps, actor: Actor, personId: number, month: string): Promise<MealSubsidyExplanation> {
  positiveId(personId, '人员编号', MEAL);
  if (!isValidMonth(month)) throw invalid('ELDERCARE_INVALID_MONTH', `月份须为 YYYY-MM 格式：${month}`);
  const db = tables(deps);
  const request: AccessRequest = { permission: 'eldercare.persons.read', action: 'eldercare.meal.subsidy_read', entityType: 'person', entityId: personId, detail: { month } };
  await refuseEarly(db, actor, request);
  const person = await deps.registry.person(actor, personId);
  if (!person.householdId) throw conflict('ELDERCARE_MEAL_NO_HOUSEHOLD', `${person.name} 未登记家庭，无法核定助餐补贴；请先在人口库登记其家庭`);
  const household = await deps.registry.householdInput(actor, person.householdId, month);
  if (!household.members.some((m) => m.id === String(personId))) throw conflict('ELDERCARE_MEAL_NOT_IN_HOUSEHOLD', `${person.name} 在 ${month}-01 不是其现家庭的成员，无法核定 ${month} 的助餐补贴`);
  const decision = await decideMeal(deps.db, household, String(personId), month);
  await allowRead(db, actor, { ...request, divisionCodes: [person.residenceDivision, person.hukouDivision] });
  return {
    personId,
    month,
    eligible: decision.eligible,
    band: decision.band,
    bandName: decision.band ? mealBandNames[decision.band] : null,
    perDayFen: decision.perDayFen,
    subsidyDistrictCode: decision.band ? districtOf(person.hukouDivision) : null,
    reasons: decision.reasons,
    ruleVersion: decision.ruleVersion,
    parameters: decision.parameters.map((p) => ({ name: p.name, label: p.label, value: p.value, from: p.from, verified: p.verified })),
  };
}
