/**
 * The registry of elderly-care services (机构、社区综合为老服务中心、日间照护、长者食堂、家庭照护床位) and their licensed
 * beds. Facilities and bed counts are not personal data: reading them needs `eldercare.read` and is scoped to the
 * jurisdiction but not audited; every change is authorised and audited.
 */
import { sql } from 'kysely';
import { hasPermission, outOfJurisdictionRecord, scopeDivision, type Actor } from '../access/index.js';
import { divisionLevel, divisionPrefix, forbidden, invalid, isWithin, normaliseDivisionCode, notFound, type Fen } from '../kernel/index.js';
import { tables, type EldercareDeps } from './deps.js';
import { guardedTransaction } from './guard.js';
import { BED_TYPES, FACILITY_KINDS, OWNERSHIPS, type BedType, type EldercareDb, type FacilityKind, type Ownership } from './model.js';

export interface BedBatch {
  bedType: BedType;
  count: number;
  basicGuarantee: boolean;
}

export interface BedPrice {
  bedType: BedType;
  monthlyPriceFen: Fen;
  basicGuaranteePriceFen?: Fen | null;
}

export interface NewFacility {
  kind: FacilityKind;
  name: string;
  ownership: Ownership;
  organisationId?: number | null;
  address?: string;
  divisionCode: string;
  mealPriceFen?: Fen | null;
  dayCarePlaces?: number | null;
  beds?: BedBatch[];
  prices?: BedPrice[];
}

export interface BedCounts {
  licensed: number;
  basicGuarantee: number;
  occupied: number;
  offered: number;
  free: number;
}

export interface FacilityView {
  id: number;
  kind: FacilityKind;
  name: string;
  ownership: Ownership;
  organisationId: number | null;
  creditCode: string | null;
  address: string;
  divisionCode: string;
  districtCode: string;
  status: 'open' | 'suspended' | 'closed';
  mealPriceFen: Fen | null;
  dayCarePlaces: number | null;
  beds: Record<BedType, BedCounts>;
  totalBeds: BedCounts;
  prices: { bedType: BedType; monthlyPriceFen: Fen; basicGuaranteePriceFen: Fen | null }[];
}

const emptyCounts = (): BedCounts => ({ licensed: 0, basicGuarantee: 0, occupied: 0, offered: 0, free: 0 });

export const districtOf = (code: string): string => `${code.slice(0, 6)}000000`;

/** A street/town or committee code of the configured city, in 12 digits. */
export function checkServiceDivision(raw: string): string {
  const code = normaliseDivisionCode(raw ?? '');
  if (!code || !['street', 'committee'].includes(divisionLevel(code))) throw invalid('ELDERCARE_INVALID_DIVISION', `所在区划须为街道（乡镇）或居（村）委会的 9 位或 12 位代码：${raw}`);
  return code;
}

function checkBeds(beds: readonly BedBatch[]): void {
  for (const b of beds) {
    if (!BED_TYPES.includes(b.bedType)) throw invalid('ELDERCARE_INVALID_BED_TYPE', `床位类型须为 ${BED_TYPES.join('、')} 之一`);
    if (!Number.isSafeInteger(b.count) || b.count < 1 || b.count > 5000) throw invalid('ELDERCARE_INVALID_BED_COUNT', '每批床位数须为 1–5000 的整数');
  }
}

function checkPrices(prices: readonly BedPrice[]): void {
  for (const p of prices) {
    if (!BED_TYPES.includes(p.bedType)) throw invalid('ELDERCARE_INVALID_BED_TYPE', `床位类型须为 ${BED_TYPES.join('、')} 之一`);
    for (const v of [p.monthlyPriceFen, p.basicGuaranteePriceFen ?? 0]) {
      if (!Number.isSafeInteger(v) || v < 0) throw invalid('ELDERCARE_INVALID_PRICE', '收费标准须为非负整数（分）');
    }
  }
}

export async function createFacility(deps: EldercareDeps, actor: Actor, input: NewFacility): Promise<FacilityView> {
  if (!FACILITY_KINDS.includes(input.kind)) throw invalid('ELDERCARE_INVALID_KIND', `服务类型须为 ${FACILITY_KINDS.join('、')} 之一`);
  if (!OWNERSHIPS.includes(input.ownership)) throw invalid('ELDERCARE_INVALID_OWNERSHIP', '举办性质须为 public（公办）、public_private（公建民营）或 private（民办）');
  const name = (input.name ?? '').trim();
  if (!name || name.length > 200) throw invalid('ELDERCARE_INVALID_NAME', '名称不能为空，且不超过 200 个字符');
  const divisionCode = checkServiceDivision(input.divisionCode);
  const beds = input.beds ?? [];
  const prices = input.prices ?? [];
  checkBeds(beds);
  checkPrices(prices);
  if (beds.length > 0 && input.kind !== 'institution' && input.kind !== 'family_bed_station') throw invalid('ELDERCARE_BEDS_NOT_ALLOWED', '只有养老机构和家庭照护床位服务站登记床位');
  if (input.kind === 'meal_point' && (input.mealPriceFen === undefined || input.mealPriceFen === null)) throw invalid('ELDERCARE_MEAL_PRICE_REQUIRED', '长者食堂须登记每餐标准价格（分）');
  if (input.mealPriceFen != null && (!Number.isSafeInteger(input.mealPriceFen) || input.mealPriceFen < 0)) throw invalid('ELDERCARE_INVALID_PRICE', '每餐价格须为非负整数（分）');
  // The operator's credit code comes from the registry (GB 32100 checked there), read as the actor.
  const organisation = input.organisationId ? await deps.registry.organisation(actor, input.organisationId) : null;
  const id = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'eldercare.facilities.manage', action: 'eldercare.facility.create', entityType: 'facility', divisionCodes: [divisionCode], detail: { kind: input.kind, name, beds } });
    const row = await trx
      .insertInto('eldercare.facilities')
      .values({
        kind: input.kind,
        name,
        ownership: input.ownership,
        organisation_id: organisation?.id ?? null,
        credit_code: organisation?.creditCode ?? null,
        address: (input.address ?? '').trim(),
        division_code: divisionCode,
        district_code: districtOf(divisionCode),
        meal_price_fen: input.mealPriceFen ?? null,
        day_care_places: input.dayCarePlaces ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertBeds(trx, row.id, beds, deps.clock.now());
    await upsertPrices(trx, row.id, prices);
    return row.id;
  });
  return getFacility(deps, actor, id);
}

async function insertBeds(trx: EldercareDb, facilityId: number, beds: readonly BedBatch[], now: Date): Promise<number> {
  let added = 0;
  for (const batch of beds) {
    const prefix = { nursing: 'H', cognitive: 'R', ordinary: 'P' }[batch.bedType] + (batch.basicGuarantee ? 'B' : '');
    const taken = await trx.selectFrom('eldercare.beds').select(sql<number>`count(*)::int`.as('n')).where('facility_id', '=', facilityId).where('label', 'like', `${prefix}-%`).executeTakeFirstOrThrow();
    const rows = Array.from({ length: batch.count }, (_, i) => ({ facility_id: facilityId, bed_type: batch.bedType, basic_guarantee: batch.basicGuarantee, label: `${prefix}-${String(taken.n + i + 1).padStart(4, '0')}`, freed_at: now }));
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('eldercare.beds')
        .values(rows.slice(i, i + 1000))
        .execute();
    added += batch.count;
  }
  return added;
}

async function upsertPrices(trx: EldercareDb, facilityId: number, prices: readonly BedPrice[]): Promise<void> {
  for (const p of prices) {
    const values = { monthly_price_fen: p.monthlyPriceFen, basic_guarantee_price_fen: p.basicGuaranteePriceFen ?? null };
    await trx
      .insertInto('eldercare.bed_prices')
      .values({ facility_id: facilityId, bed_type: p.bedType, ...values })
      .onConflict((oc) => oc.columns(['facility_id', 'bed_type']).doUpdateSet(values))
      .execute();
  }
}

async function facilityRow(db: EldercareDb, id: number) {
  const row = await db.selectFrom('eldercare.facilities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('ELDERCARE_FACILITY_NOT_FOUND', `养老服务设施 ${id} 不存在`);
  return row;
}

/** Adds licensed beds (核定床位) to an institution, e.g. after a licence change; audited. */
export async function addBeds(deps: EldercareDeps, actor: Actor, facilityId: number, beds: BedBatch[]): Promise<FacilityView> {
  checkBeds(beds);
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const facility = await facilityRow(trx, facilityId);
    await allow({ permission: 'eldercare.facilities.manage', action: 'eldercare.beds.add', entityType: 'facility', entityId: facilityId, divisionCodes: [facility.division_code], detail: { beds } });
    if (facility.kind !== 'institution' && facility.kind !== 'family_bed_station') throw invalid('ELDERCARE_BEDS_NOT_ALLOWED', '只有养老机构和家庭照护床位服务站登记床位');
    await insertBeds(trx, facilityId, beds, deps.clock.now());
  });
  return getFacility(deps, actor, facilityId);
}

export async function setPrices(deps: EldercareDeps, actor: Actor, facilityId: number, prices: BedPrice[]): Promise<FacilityView> {
  checkPrices(prices);
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const facility = await facilityRow(trx, facilityId);
    await allow({ permission: 'eldercare.facilities.manage', action: 'eldercare.prices.set', entityType: 'facility', entityId: facilityId, divisionCodes: [facility.division_code], detail: { prices } });
    await upsertPrices(trx, facilityId, prices);
  });
  return getFacility(deps, actor, facilityId);
}

export function requireRead(actor: Actor): void {
  if (!hasPermission(actor.role, 'eldercare.read')) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权查看养老服务信息');
}

async function bedCounts(db: EldercareDb, facilityIds: readonly number[]): Promise<Map<number, Record<BedType, BedCounts>>> {
  const out = new Map<number, Record<BedType, BedCounts>>();
  if (facilityIds.length === 0) return out;
  const rows = await db
    .selectFrom('eldercare.beds')
    .select(['facility_id', 'bed_type'])
    .select(sql<number>`count(*) filter (where status <> 'closed')::int`.as('licensed'))
    .select(sql<number>`count(*) filter (where status <> 'closed' and basic_guarantee)::int`.as('basic'))
    .select(sql<number>`count(*) filter (where status = 'occupied')::int`.as('occupied'))
    .select(sql<number>`count(*) filter (where status = 'offered')::int`.as('offered'))
    .select(sql<number>`count(*) filter (where status = 'free')::int`.as('free'))
    .where('facility_id', 'in', facilityIds)
    .groupBy(['facility_id', 'bed_type'])
    .execute();
  for (const id of facilityIds) out.set(id, { nursing: emptyCounts(), cognitive: emptyCounts(), ordinary: emptyCounts() });
  for (const r of rows) out.get(r.facility_id)![r.bed_type] = { licensed: r.licensed, basicGuarantee: r.basic, occupied: r.occupied, offered: r.offered, free: r.free };
  return out;
}

const sumCounts = (byType: Record<BedType, BedCounts>): BedCounts =>
  Object.values(byType).reduce((a, c) => ({ licensed: a.licensed + c.licensed, basicGuarantee: a.basicGuarantee + c.basicGuarantee, occupied: a.occupied + c.occupied, offered: a.offered + c.offered, free: a.free + c.free }), emptyCounts());

type FacilityRow = Awaited<ReturnType<typeof facilityRow>>;

async function views(db: EldercareDb, rows: FacilityRow[]): Promise<FacilityView[]> {
  const ids = rows.map((r) => r.id);
  const counts = await bedCounts(db, ids);
  const prices = ids.length ? await db.selectFrom('eldercare.bed_prices').selectAll().where('facility_id', 'in', ids).execute() : [];
  return rows.map((r) => {
    const beds = counts.get(r.id)!;
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      ownership: r.ownership,
      organisationId: r.organisation_id,
      creditCode: r.credit_code,
      address: r.address,
      divisionCode: r.division_code,
      districtCode: r.district_code,
      status: r.status,
      mealPriceFen: r.meal_price_fen,
      dayCarePlaces: r.day_care_places,
      beds,
      totalBeds: sumCounts(beds),
      prices: prices.filter((p) => p.facility_id === r.id).map((p) => ({ bedType: p.bed_type, monthlyPriceFen: p.monthly_price_fen, basicGuaranteePriceFen: p.basic_guarantee_price_fen })),
    };
  });
}

export async function getFacility(deps: EldercareDeps, actor: Actor, id: number): Promise<FacilityView> {
  requireRead(actor);
  const db = tables(deps);
  const row = await facilityRow(db, id);
  if (!isWithin(row.division_code, actor.jurisdiction)) throw outOfJurisdictionRecord();
  return (await views(db, [row]))[0];
}

export interface FacilityQuery {
  divisionCode?: string;
  kind?: FacilityKind;
  q?: string;
  limit?: number;
  offset?: number;
}

export async function listFacilities(deps: EldercareDeps, actor: Actor, query: FacilityQuery = {}): Promise<{ items: FacilityView[]; total: number }> {
  requireRead(actor);
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('ELDERCARE_INVALID_LIMIT', '每页条数须为 1–500');
  const scope = scopeOf(actor, query.divisionCode);
  const db = tables(deps);
  let q = db.selectFrom('eldercare.facilities').where('division_code', 'like', `${divisionPrefix(scope)}%`);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.q?.trim()) q = q.where('name', 'like', `%${query.q.trim()}%`);
  const total = (await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  const rows = await q
    .selectAll()
    .orderBy('district_code')
    .orderBy('id')
    .limit(limit)
    .offset(query.offset ?? 0)
    .execute();
  return { items: await views(db, rows), total };
}

/** The division asked for, narrowed to the actor's jurisdiction; a division outside it is refused. */
export function scopeOf(actor: Actor, requested?: string): string {
  if (!requested) return actor.jurisdiction;
  const code = normaliseDivisionCode(requested);
  if (!code) throw invalid('ELDERCARE_INVALID_DIVISION', `区划代码格式错误：${requested}`);
  return scopeDivision(actor, code);
}
