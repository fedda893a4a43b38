/**
 * Funeral units as data: 殡仪馆, 公墓 (经营性, 公益性, 公益性埋葬地), 骨灰堂, 殡仪服务站, sea-burial providers and
 * agencies, with licence and yearly check, capacity, dated prices by category (明码标价) and burial plots.
 */
import { requirePermission, type Actor } from '../access/index.js';
import { invalid, isValidDate, normaliseDivisionCode, notFound, type Fen, type IsoDate } from '../kernel/index.js';
import { allowRead, guardedTransaction, tables, today, type FuneralDeps } from './deps.js';
import { BASIC_ITEMS, BURIAL_TYPES, PRICE_CATEGORIES, UNIT_KINDS, type BasicItem, type BurialType, type FuneralDb, type PriceCategory, type UnitKind } from './model.js';

export interface UnitInput {
  kind: UnitKind;
  name: string;
  divisionCode: string;
  organisationId?: number;
  licenceNumber?: string;
  licenceCheckedYear?: number;
  /** e.g. { cremators: { flat: 4, advanced: 2 }, coldStorage: 60, halls: 8 } */
  capacity?: Record<string, unknown>;
}

export interface PriceView {
  id: number;
  item: string;
  category: PriceCategory;
  priceFen: Fen;
  basicItem: BasicItem | null;
  fromDate: IsoDate;
}

export interface UnitView {
  id: number;
  kind: UnitKind;
  name: string;
  divisionCode: string;
  organisationId: number | null;
  licenceNumber: string | null;
  licenceCheckedYear: number | null;
  capacity: Record<string, unknown>;
  status: string;
  /** The prices in force today, one per item (明码标价). */
  prices: PriceView[];
  plots: { burialType: BurialType; total: number; free: number; smallNew: number }[];
}

async function unitRow(trx: FuneralDb, _actor: Actor, allow: (r: Parameters<typeof allowRead>[2]) => Promise<void>, id: number, permission: 'funeral.read' | 'funeral.units.manage', action: string, detail: Record<string, unknown> = {}) {
  const row = await trx.selectFrom('funeral.units').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) {
    await allow({ permission, action, entityType: 'funeral_unit', entityId: id });
    throw notFound('FUNERAL_UNIT_NOT_FOUND', '殡葬服务单位不存在或不在您的辖区范围内');
  }
  // Units are public (the city's funeral platform maps all of them): reads need the permission only.
  await allow({ permission, action, entityType: 'funeral_unit', entityId: id, ...(permission === 'funeral.read' ? {} : { divisionCodes: [row.division_code] }), detail });
  return row;
}

export async function createUnit(deps: FuneralDeps, actor: Actor, input: UnitInput): Promise<UnitView> {
  requirePermission(actor, 'funeral.units.manage');
  if (!(UNIT_KINDS as readonly string[]).includes(input.kind)) throw invalid('FUNERAL_INVALID_UNIT_KIND', `单位类别须为：${UNIT_KINDS.join('、')}`);
  const name = String(input.name ?? '').trim();
  if (!name) throw invalid('FUNERAL_NAME_REQUIRED', '须填写单位名称');
  const division = normaliseDivisionCode(String(input.divisionCode ?? ''));
  if (!division) throw invalid('FUNERAL_INVALID_DIVISION', `区划代码有误：${input.divisionCode}`);
  const year = input.licenceCheckedYear;
  if (year !== undefined && (!Number.isInteger(year) || year < 1998 || year > Number(today(deps).slice(0, 4)))) throw invalid('FUNERAL_INVALID_YEAR', '年检年度须为 1998 年至今');
  const id = await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'funeral.units.manage', action: 'funeral.unit.create', entityType: 'funeral_unit', divisionCodes: [division], detail: { kind: input.kind, name } });
    const row = await trx
      .insertInto('funeral.units')
      .values({
        kind: input.kind,
        name,
        division_code: division,
        organisation_id: input.organisationId ?? null,
        licence_number: input.licenceNumber?.trim() || null,
        licence_checked_year: year ?? null,
        capacity: JSON.stringify(input.capacity ?? {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return getUnit(deps, actor, id);
}

export async function addPrice(deps: FuneralDeps, actor: Actor, unitId: number, input: { item: string; category: PriceCategory; priceFen: number; basicItem?: BasicItem; fromDate: IsoDate }): Promise<UnitView> {
  requirePermission(actor, 'funeral.units.manage');
  const item = String(input.item ?? '').trim();
  if (!item) throw invalid('FUNERAL_ITEM_REQUIRED', '须填写服务项目名称');
  if (!(PRICE_CATEGORIES as readonly string[]).includes(input.category)) throw invalid('FUNERAL_INVALID_PRICE_CATEGORY', '价格类别须为政府定价、政府指导价或市场调节价');
  if (!Number.isSafeInteger(input.priceFen) || input.priceFen < 0) throw invalid('FUNERAL_INVALID_PRICE', '价格须为不小于 0 的整数（单位：分）');
  if (input.basicItem !== undefined && !(BASIC_ITEMS as readonly string[]).includes(input.basicItem)) throw invalid('FUNERAL_INVALID_BASIC_ITEM', '基本服务项目须为接运、冷藏、火化或骨灰寄存');
  if (!isValidDate(String(input.fromDate ?? ''))) throw invalid('FUNERAL_INVALID_DATE', `生效日期不是有效日期：${input.fromDate}`);
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await unitRow(trx, actor, allow, unitId, 'funeral.units.manage', 'funeral.unit.price', { item, priceFen: input.priceFen, fromDate: input.fromDate });
    await trx
      .insertInto('funeral.prices')
      .values({ unit_id: unitId, item, category: input.category, price_fen: input.priceFen, basic_item: input.basicItem ?? null, from_date: input.fromDate })
      .onConflict((oc) => oc.columns(['unit_id', 'item', 'from_date']).doUpdateSet({ category: input.category, price_fen: input.priceFen, basic_item: input.basicItem ?? null }))
      .execute();
  });
  return getUnit(deps, actor, unitId);
}

export async function addPlots(deps: FuneralDeps, actor: Actor, unitId: number, input: { burialType: BurialType; areaM2: number; newArea: boolean; count: number }): Promise<UnitView> {
  requirePermission(actor, 'funeral.units.manage');
  if (!(BURIAL_TYPES as readonly string[]).includes(input.burialType)) throw invalid('FUNERAL_INVALID_BURIAL_TYPE', `安葬方式须为：${BURIAL_TYPES.join('、')}`);
  if (typeof input.areaM2 !== 'number' || !(input.areaM2 >= 0) || input.areaM2 > 100) throw invalid('FUNERAL_INVALID_AREA', '单穴面积须为 0–100 平方米');
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 5000) throw invalid('FUNERAL_INVALID_COUNT', '穴位数须为 1–5000');
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const unit = await unitRow(trx, actor, allow, unitId, 'funeral.units.manage', 'funeral.unit.plots', { ...input });
    if (!['cemetery_commercial', 'cemetery_public', 'burial_ground_public', 'columbarium', 'sea_burial'].includes(unit.kind))
      throw invalid('FUNERAL_NOT_A_CEMETERY', '只有公墓、公益性埋葬地、骨灰堂和海葬服务机构可登记穴位（海葬为批次名额）');
    await trx
      .insertInto('funeral.plots')
      .values(Array.from({ length: input.count }, () => ({ unit_id: unitId, burial_type: input.burialType, area_m2: input.areaM2, new_area: input.newArea === true, buried_on: null, death_id: null })))
      .execute();
  });
  return getUnit(deps, actor, unitId);
}

/** 安葬: a free plot of the type is taken for the deceased on the day (the eco-burial share counts these). */
export async function recordBurial(deps: FuneralDeps, actor: Actor, unitId: number, input: { burialType: BurialType; buriedOn: IsoDate; deathId?: number }): Promise<UnitView> {
  requirePermission(actor, 'funeral.units.manage');
  if (!isValidDate(String(input.buriedOn ?? '')) || input.buriedOn > today(deps)) throw invalid('FUNERAL_INVALID_DATE', '安葬日期须为有效日期且不晚于今天');
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await unitRow(trx, actor, allow, unitId, 'funeral.units.manage', 'funeral.unit.burial', { ...input });
    const plot = await trx.selectFrom('funeral.plots').select('id').where('unit_id', '=', unitId).where('burial_type', '=', input.burialType).where('buried_on', 'is', null).orderBy('id').limit(1).forUpdate().executeTakeFirst();
    if (!plot) throw invalid('FUNERAL_NO_FREE_PLOT', '该单位此类安葬方式已无空余穴位');
    await trx
      .updateTable('funeral.plots')
      .set({ buried_on: input.buriedOn, death_id: input.deathId ?? null })
      .where('id', '=', plot.id)
      .execute();
  });
  return getUnit(deps, actor, unitId);
}

async function unitViews(trx: FuneralDb, rows: Awaited<ReturnType<typeof selectUnits>>, on: IsoDate): Promise<UnitView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const prices = await trx.selectFrom('funeral.prices').selectAll().where('unit_id', 'in', ids).where('from_date', '<=', on).orderBy('from_date', 'desc').execute();
  const plots = await trx
    .selectFrom('funeral.plots')
    .select((eb) => ['unit_id', 'burial_type', eb.fn.countAll<string>().as('total'), eb.fn.count<string>('buried_on').as('used'), eb.fn.sum<string>(eb.case().when('new_area', '=', true).then(1).else(0).end()).as('new_count')])
    .where('unit_id', 'in', ids)
    .groupBy(['unit_id', 'burial_type'])
    .execute();
  return rows.map((r) => {
    const seen = new Set<string>();
    const current = prices.filter((p) => p.unit_id === r.id && !seen.has(p.item) && seen.add(p.item));
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      divisionCode: r.division_code,
      organisationId: r.organisation_id,
      licenceNumber: r.licence_number,
      licenceCheckedYear: r.licence_checked_year,
      capacity: r.capacity,
      status: r.status,
      prices: current.map((p) => ({ id: p.id, item: p.item, category: p.category, priceFen: p.price_fen, basicItem: p.basic_item, fromDate: p.from_date })).sort((a, b) => a.item.localeCompare(b.item)),
      plots: plots.filter((p) => p.unit_id === r.id).map((p) => ({ burialType: p.burial_type, total: Number(p.total), free: Number(p.total) - Number(p.used), smallNew: Number(p.new_count ?? 0) })),
    };
  });
}

const selectUnits = (db: FuneralDb) => db.selectFrom('funeral.units').selectAll().execute();

export async function getUnit(deps: FuneralDeps, actor: Actor, id: number): Promise<UnitView> {
  requirePermission(actor, 'funeral.read');
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await unitRow(trx, actor, allow, id, 'funeral.read', 'funeral.unit.read');
    const [view] = await unitViews(trx, [row], today(deps));
    return view as UnitView;
  });
}

/** Every unit of the city (public information, as on the city's funeral service platform). */
export async function listUnits(deps: FuneralDeps, actor: Actor, query: { kind?: UnitKind } = {}): Promise<{ items: UnitView[] }> {
  requirePermission(actor, 'funeral.read');
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'funeral.read', action: 'funeral.units.list', entityType: 'funeral_unit_list' });
  let q = db.selectFrom('funeral.units').selectAll();
  if (query.kind) q = q.where('kind', '=', query.kind);
  const rows = await q.orderBy('kind').orderBy('name').execute();
  return { items: await unitViews(db, rows, today(deps)) };
}
