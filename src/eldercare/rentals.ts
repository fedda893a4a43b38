/**
 * 康复辅具社区租赁: renting a catalogue device at a community rental point, returning it, the rentals list, and the
 * street coverage of rental points (indicator 8: streets and towns with an open point ÷ all streets and towns).
 * The rent and the subsidy share are the dated settings in force on the rental's first day, stored with the rental
 * with what decided them, so a later change of price or share never rewrites a running rental.
 */
import { sql } from 'kysely';
import { hasPermission, type AccessRequest, type Actor } from '../access/index.js';
import { ageOn, conflict, divisionPrefix, invalid, isValidDate, notFound, type Fen, type IsoDate } from '../kernel/index.js';
import { streetsOn, type RegistryDb, type RegistryTables } from '../registry/index.js';
import { pastDay, positiveId, refuseEarly } from './checks.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { scopeOf } from './facilities.js';
import { allowRead, guardedTransaction } from './guard.js';
import { permissionFor } from './operator.js';
import { divisionNames, ELDERCARE_SYSTEM_ACTOR } from './registry-port.js';
import { DEVICE_CODES, deviceNames, rentalGroupNames, type DeviceCode, type RentalDb, type RentalDecision, type RentalGroup, type RentalTables } from './rental-model.js';
import { loadSettings, type EldercareSettings } from './settings.js';
import type { EldercareDb } from './model.js';

export interface RentDeviceInput {
  pointId: number;
  personId: number;
  deviceCode: string;
  startedOn: string;
}

export interface RentalView {
  id: number;
  personId: number;
  personName: string;
  pointId: number;
  pointName: string;
  pointDivisionCode: string;
  deviceCode: DeviceCode;
  deviceName: string;
  startedOn: IsoDate;
  returnedOn: IsoDate | null;
  monthlyRentFen: Fen;
  subsidyPercent: number;
  monthlySubsidyFen: Fen;
  /** What the person pays each month: the rent less the subsidy. */
  monthlyPaidFen: Fen;
  subsidyGroup: RentalGroup | null;
  subsidyGroupName: string | null;
  reasons: string[];
}

export interface RentalRecorded extends RentalView {
  /** The same open rental was recorded before: it is returned as it was, nothing is added. */
  replayed: boolean;
}

const rentals = (db: EldercareDb): RentalDb => db.withTables<RentalTables>();

const RENTAL = 'ELDERCARE_RENTAL';

/** The subsidy share a person qualifies for on a day: the most favourable group they belong to, with the reasons. */
export function decideRental(settings: EldercareSettings, facts: { age: number; destitute: boolean; dibao: boolean }, device: DeviceCode): { rentFen: Fen; percent: number; subsidyFen: Fen; decision: RentalDecision } {
  const rentFen = settings.rental.rents[device];
  const held: RentalGroup[] = [];
  if (facts.destitute) held.push('destitute');
  if (facts.dibao) held.push('dibao');
  if (facts.age >= settings.age80) held.push('age80');
  if (facts.age >= 60) held.push('other');
  const best = held.reduce<RentalGroup | null>((b, g) => (b === null || settings.rental.subsidyPercent[g] > settings.rental.subsidyPercent[b] ? g : b), null);
  const percent = best ? settings.rental.subsidyPercent[best] : 0;
  // Rounded down to the fen: the subsidy never exceeds the share it is given as.
  const subsidyFen = Math.floor((rentFen * percent) / 100);
  const names = [`rental.rent.${device}`, ...(best ? [`rental.subsidyPercent.${best}`] : [])] as (keyof EldercareSettings['used'])[];
  const reasons = [`${deviceNames[device]}月租金 ${(rentFen / 100).toFixed(2)} 元（租赁目录）`];
  if (best) reasons.push(`${rentalGroupNames[best]}：补贴月租金的 ${percent}%，即 ${(subsidyFen / 100).toFixed(2)} 元，本人每月支付 ${((rentFen - subsidyFen) / 100).toFixed(2)} 元`);
  else reasons.push(`未满 60 周岁且不属特困、低保、低收入对象：不享受租金补贴，本人每月支付 ${(rentFen / 100).toFixed(2)} 元`);
  const used = names.map((name) => ({ name, ...settings.used[name] }));
  return { rentFen, percent, subsidyFen, decision: { settings: used, group: best, reasons } };
}

async function rentalPoint(db: EldercareDb, id: number) {
  const row = await db.selectFrom('eldercare.facilities').select(['id', 'kind', 'name', 'status', 'division_code', 'organisation_id']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('ELDERCARE_RENTAL_POINT_NOT_FOUND', `租赁点 ${id} 不存在`);
  if (row.kind !== 'rental_point') throw invalid('ELDERCARE_NOT_A_RENTAL_POINT', `「${row.name}」不是康复辅具社区租赁点，不能登记租赁`);
  if (row.status !== 'open') throw conflict('ELDERCARE_RENTAL_POINT_NOT_OPEN', `租赁点「${row.name}」已暂停或关闭，不能登记租赁`);
  return row;
}

/** A role that can never record rentals is refused (and audited) before anything is looked up. */
async function refuseRole(db: EldercareDb, actor: Actor, action: string, detail: Record<string, unknown>): Promise<void> {
  if (!hasPermission(actor.role, 'eldercare.rentals.record') && !hasPermission(actor.role, 'eldercare.operate')) {
    await allowRead(db, actor, { permission: 'eldercare.rentals.record', action, entityType: 'eldercare_rental', detail });
  }
}

async function rosterOf(db: EldercareDb, householdId: number | null | undefined): Promise<{ destitute: boolean; dibao: boolean }> {
  if (!householdId) return { destitute: false, dibao: false };
  const rows = await db.selectFrom('eldercare.assistance_roster').select('programme').where('household_id', '=', householdId).where('active', '=', true).execute();
  return { destitute: rows.some((r) => r.programme === 'destitute'), dibao: rows.some((r) => r.programme === 'dibao' || r.programme === 'low_income') };
}

const selectRentals = (db: RentalDb) =>
  db
    .selectFrom('eldercare.device_rentals as r')
    .innerJoin('eldercare.facilities as f', 'f.id', 'r.point_id')
    .select([
      'r.id',
      'r.person_id',
      'r.point_id',
      'f.name as point_name',
      'r.point_division_code',
      'r.device_code',
      'r.device_name',
      'r.started_on',
      'r.returned_on',
      'r.monthly_rent_fen',
      'r.subsidy_percent',
      'r.monthly_subsidy_fen',
      'r.subsidy_group',
      'r.decided_by',
    ]);
type RentalRow = Awaited<ReturnType<ReturnType<typeof selectRentals>['executeTakeFirstOrThrow']>>;

const view = (r: RentalRow, personName: string): RentalView => ({
  id: r.id,
  personId: r.person_id,
  personName,
  pointId: r.point_id,
  pointName: r.point_name,
  pointDivisionCode: r.point_division_code,
  deviceCode: r.device_code,
  deviceName: r.device_name,
  startedOn: r.started_on,
  returnedOn: r.returned_on,
  monthlyRentFen: r.monthly_rent_fen,
  subsidyPercent: r.subsidy_percent,
  monthlySubsidyFen: r.monthly_subsidy_fen,
  monthlyPaidFen: r.monthly_rent_fen - r.monthly_subsidy_fen,
  subsidyGroup: r.subsidy_group,
  subsidyGroupName: r.subsidy_group ? rentalGroupNames[r.subsidy_group] : null,
  reasons: (r.decided_by as unknown as RentalDecision).reasons ?? [],
});

/**
 * Rents a catalogue device to a person at a rental point. The point's own operator staff record its rentals; street
 * and district staff may too. One open rental per person and device: the same rental sent again returns the first.
 */
export async function rentDevice(deps: EldercareDeps, actor: Actor, input: RentDeviceInput): Promise<RentalRecorded> {
  const pointId = positiveId(input.pointId, '租赁点编号', RENTAL);
  const personId = positiveId(input.personId, '人员编号', RENTAL);
  if (!DEVICE_CODES.includes(input.deviceCode as DeviceCode)) throw invalid('ELDERCARE_DEVICE_UNKNOWN', `租赁目录中没有此辅具：${String(input.deviceCode)}`);
  const device = input.deviceCode as DeviceCode;
  const startedOn = pastDay(input.startedOn, '租赁开始日期', today(deps), RENTAL);
  const db = tables(deps);
  await refuseRole(db, actor, 'eldercare.rental.start', { pointId });
  const point = await rentalPoint(db, pointId);
  const request: AccessRequest = {
    permission: permissionFor(actor, point.organisation_id, 'eldercare.rentals.record'),
    action: 'eldercare.rental.start',
    entityType: 'person',
    entityId: personId,
    divisionCodes: [point.division_code],
    detail: { pointId, device, startedOn },
  };
  await refuseEarly(db, actor, request);
  const settings = await loadSettings(db, startedOn);
  if (settings.rental.rents[device] <= 0) throw invalid('ELDERCARE_DEVICE_NOT_IN_CATALOGUE', `「${deviceNames[device]}」${startedOn} 不在租赁目录内（目录月租金为 0），不能新租`);
  // A rental point serves whoever comes: once the recorder is allowed at this point, the person is read as the system.
  const person = await deps.registry.person(ELDERCARE_SYSTEM_ACTOR, personId);
  if (person.deathDate && person.deathDate <= startedOn) throw invalid('ELDERCARE_RENTAL_PERSON_DECEASED', `${person.name} 已于 ${person.deathDate} 登记死亡，不能登记此后的租赁`);
  const roster = await rosterOf(db, person.householdId);
  const decided = decideRental(settings, { age: ageOn(person.birthDate, startedOn), ...roster }, device);

  return guardedTransaction(db, actor, async (trx, allow) => {
    const r = rentals(trx);
    const inserted = await r
      .insertInto('eldercare.device_rentals')
      .values({
        person_id: personId,
        household_id: person.householdId ?? null,
        point_id: pointId,
        point_division_code: point.division_code,
        device_code: device,
        device_name: deviceNames[device],
        started_on: startedOn,
        monthly_rent_fen: decided.rentFen,
        subsidy_percent: decided.percent,
        monthly_subsidy_fen: decided.subsidyFen,
        subsidy_group: decided.decision.group,
        decided_by: JSON.stringify(decided.decision),
        recorded_by: actor.userId || null,
      })
      .onConflict((oc) => oc.columns(['person_id', 'device_code']).where('returned_on', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    const row = await selectRentals(r).where('r.person_id', '=', personId).where('r.device_code', '=', device).where('r.returned_on', 'is', null).executeTakeFirstOrThrow();
    if (!inserted) {
      await allow({ ...request, action: 'eldercare.rental.replay', detail: { ...request.detail, rentalId: row.id } });
      if (row.point_id !== pointId || row.started_on !== startedOn) {
        throw conflict('ELDERCARE_RENTAL_ALREADY_OPEN', `${person.name} 已于 ${row.started_on} 在「${row.point_name}」租用${deviceNames[device]}，尚未归还；请先登记归还`);
      }
      return { ...view(row, person.name), replayed: true };
    }
    await allow({ ...request, detail: { ...request.detail, rentalId: row.id, subsidyPercent: decided.percent } });
    return { ...view(row, person.name), replayed: false };
  });
}

/** Records the return of a rented device; the same return sent again answers as the first. */
export async function returnDevice(deps: EldercareDeps, actor: Actor, rentalId: number, input: { returnedOn: string }): Promise<RentalView> {
  const id = positiveId(rentalId, '租赁编号', RENTAL);
  const returnedOn = pastDay(input.returnedOn, '归还日期', today(deps), RENTAL);
  const db = tables(deps);
  await refuseRole(db, actor, 'eldercare.rental.return', { rentalId: id });
  const found = await selectRentals(rentals(db)).where('r.id', '=', id).executeTakeFirst();
  if (!found) throw notFound('ELDERCARE_RENTAL_NOT_FOUND', `租赁记录 ${id} 不存在`);
  const point = await db.selectFrom('eldercare.facilities').select(['organisation_id']).where('id', '=', found.point_id).executeTakeFirstOrThrow();
  const request: AccessRequest = {
    permission: permissionFor(actor, point.organisation_id, 'eldercare.rentals.record'),
    action: 'eldercare.rental.return',
    entityType: 'person',
    entityId: found.person_id,
    divisionCodes: [found.point_division_code],
    detail: { rentalId: id, returnedOn },
  };
  await refuseEarly(db, actor, request);
  if (returnedOn < found.started_on) throw invalid('ELDERCARE_RENTAL_RETURN_BEFORE_START', `归还日期 ${returnedOn} 早于租赁开始日期 ${found.started_on}`);
  const person = await deps.registry.person(ELDERCARE_SYSTEM_ACTOR, found.person_id);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const r = rentals(trx);
    const updated = await r
      .updateTable('eldercare.device_rentals')
      .set({ returned_on: returnedOn, return_recorded_by: actor.userId || null })
      .where('id', '=', id)
      .where('person_id', '=', found.person_id)
      .where('returned_on', 'is', null)
      .executeTakeFirst();
    const row = await selectRentals(r).where('r.id', '=', id).executeTakeFirstOrThrow();
    if (updated.numUpdatedRows === 0n && row.returned_on !== returnedOn) throw conflict('ELDERCARE_RENTAL_ALREADY_RETURNED', `此租赁已于 ${row.returned_on} 登记归还`);
    await allow(request);
    return view(row, person.name);
  });
}

export interface RentalQuery {
  divisionCode?: string;
  pointId?: number;
  open?: boolean;
  limit?: number;
  offset?: number;
}

/** Rentals within the caller's jurisdiction (personal data: names masked as the registry decides, the read audited). */
export async function listRentals(deps: EldercareDeps, actor: Actor, query: RentalQuery): Promise<{ items: RentalView[]; total: number; limit: number; offset: number }> {
  const division = scopeOf(actor, query.divisionCode);
  const limit = Math.min(query.limit ?? 50, 500);
  const offset = query.offset ?? 0;
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'eldercare.persons.read', action: 'eldercare.rental.list', entityType: 'division', entityId: division, divisionCodes: [division] });
  let q = selectRentals(rentals(db)).where('r.point_division_code', 'like', `${divisionPrefix(division)}%`);
  if (query.pointId) q = q.where('r.point_id', '=', query.pointId);
  if (query.open === true) q = q.where('r.returned_on', 'is', null);
  if (query.open === false) q = q.where('r.returned_on', 'is not', null);
  const [rows, count] = await Promise.all([
    q.orderBy('r.started_on', 'desc').orderBy('r.id', 'desc').limit(limit).offset(offset).execute(),
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  const names = await deps.registry.names(
    actor,
    rows.map((r) => r.person_id),
    `eldercare.rentals:${division}`,
  );
  return { items: rows.map((r) => view(r, names.get(r.person_id)?.name ?? String(r.person_id))), total: Number(count.n), limit, offset };
}

export interface RentalCoverage {
  on: IsoDate;
  divisionCode: string;
  streets: number;
  covered: number;
  percent: number | null;
  openRentals: number;
  byDistrict: { districtCode: string; districtName: string; streets: number; covered: number; percent: number | null }[];
  uncovered: { code: string; name: string }[];
}

/**
 * Indicator 8 (规划：有康复辅助器具租赁服务实体点的街镇（乡）数 / 全市街镇（乡）数): a street or town counts as
 * covered when an open rental point lies within it on the day. Aggregates only, no personal data.
 */
export async function rentalCoverage(deps: EldercareDeps, actor: Actor, query: { divisionCode?: string; on?: string }): Promise<RentalCoverage> {
  const division = scopeOf(actor, query.divisionCode);
  const on = query.on ?? today(deps);
  if (!isValidDate(on)) throw invalid('ELDERCARE_RENTAL_INVALID_DATE', `日期须为 YYYY-MM-DD 格式的有效日期：${on}`);
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'eldercare.read', action: 'eldercare.rental.coverage', entityType: 'division', entityId: division, divisionCodes: [division] });
  const registry = db.withTables<RegistryTables>() as unknown as RegistryDb;
  const streets = await streetsOn(registry, division, on);
  const prefix = divisionPrefix(division);
  const points = await db
    .selectFrom('eldercare.facilities')
    .select(sql<string>`substr(division_code, 1, 9)`.as('street'))
    .where('kind', '=', 'rental_point')
    .where('status', '=', 'open')
    .where('division_code', 'like', `${prefix}%`)
    .groupBy(sql`substr(division_code, 1, 9)`)
    .execute();
  const coveredStreets = new Set(points.map((p) => `${p.street}000`));
  const open = await rentals(db)
    .selectFrom('eldercare.device_rentals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('point_division_code', 'like', `${prefix}%`)
    .where('returned_on', 'is', null)
    .executeTakeFirstOrThrow();
  const pct = (covered: number, all: number) => (all === 0 ? null : Math.round((covered * 1000) / all) / 10);
  const districts = new Map<string, { streets: number; covered: number }>();
  for (const s of streets) {
    const d = `${s.code.slice(0, 6)}000000`;
    const entry = districts.get(d) ?? { streets: 0, covered: 0 };
    entry.streets += 1;
    if (coveredStreets.has(s.code)) entry.covered += 1;
    districts.set(d, entry);
  }
  const districtNames = await divisionNames(db, [...districts.keys()]);
  const covered = streets.filter((s) => coveredStreets.has(s.code)).length;
  return {
    on,
    divisionCode: division,
    streets: streets.length,
    covered,
    percent: pct(covered, streets.length),
    openRentals: Number(open.n),
    byDistrict: [...districts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([code, v]) => ({ districtCode: code, districtName: districtNames.get(code) ?? code, streets: v.streets, covered: v.covered, percent: pct(v.covered, v.streets) })),
    uncovered: streets.filter((s) => !coveredStreets.has(s.code)).map((s) => ({ code: s.code, name: s.name })),
  };
}
