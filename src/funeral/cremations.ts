/**
 * 遗体接运 and 火化: the collection, storage days, furnace type, 火化证明 number and what the four basic items
 * cost (the basic funeral subsidy reimburses them within the cap). Ashes: collected within
 * `notice.ashesDays` or stored (≤ 1 year).
 */
import { requirePermission, type Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, notFound, type Fen, type IsoDate } from '../kernel/index.js';
import { getDeath, type DeathView } from './deaths.js';
import { guardedTransaction, tables, today, type FuneralDeps } from './deps.js';
import { BASIC_ITEMS, type BasicItem } from './model.js';

export interface CremationInput {
  unitId: number;
  collectedOn: IsoDate;
  furnace: 'flat' | 'advanced';
  crematedOn?: IsoDate;
  certificateNumber?: string;
  storageDays: number;
  costFen: Partial<Record<BasicItem, Fen>>;
}

export interface CremationView {
  unitId: number;
  unitName: string;
  collectedOn: IsoDate;
  furnace: 'flat' | 'advanced';
  crematedOn: IsoDate | null;
  certificateNumber: string | null;
  storageDays: number;
  costFen: Partial<Record<BasicItem, Fen>>;
}

export async function recordCremation(deps: FuneralDeps, actor: Actor, deathId: number, input: CremationInput): Promise<DeathView> {
  requirePermission(actor, 'funeral.record');
  const on = today(deps);
  if (!isValidDate(String(input.collectedOn ?? '')) || input.collectedOn > on) throw invalid('FUNERAL_INVALID_DATE', '接运日期须为有效日期且不晚于今天');
  if (input.crematedOn !== undefined && (!isValidDate(input.crematedOn) || input.crematedOn > on || input.crematedOn < input.collectedOn)) throw invalid('FUNERAL_INVALID_DATE', '火化日期须为有效日期，不早于接运日期且不晚于今天');
  if (input.furnace !== 'flat' && input.furnace !== 'advanced') throw invalid('FUNERAL_INVALID_FURNACE', '火化炉型须为平板炉或拣灰炉');
  if (!Number.isInteger(input.storageDays) || input.storageDays < 0 || input.storageDays > 365) throw invalid('FUNERAL_INVALID_STORAGE_DAYS', '冷藏天数须为 0–365');
  const cost: Partial<Record<BasicItem, Fen>> = {};
  for (const [item, fen] of Object.entries(input.costFen ?? {})) {
    if (!(BASIC_ITEMS as readonly string[]).includes(item)) throw invalid('FUNERAL_INVALID_BASIC_ITEM', `基本服务项目有误：${item}`);
    if (!Number.isSafeInteger(fen) || (fen as number) < 0) throw invalid('FUNERAL_INVALID_PRICE', '费用须为不小于 0 的整数（单位：分）');
    cost[item as BasicItem] = fen as number;
  }
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const death = await trx.selectFrom('funeral.deaths').select(['id', 'death_date', 'hukou_division', 'residence_division']).where('id', '=', deathId).forUpdate().executeTakeFirst();
    if (!death) {
      await allow({ permission: 'funeral.record', action: 'funeral.cremation.record', entityType: 'death', entityId: deathId });
      throw notFound('FUNERAL_DEATH_NOT_FOUND', '逝者记录不存在或不在您的辖区范围内');
    }
    await allow({ permission: 'funeral.record', action: 'funeral.cremation.record', entityType: 'death', entityId: deathId, divisionCodes: [death.hukou_division, death.residence_division], detail: { ...input } });
    const unit = await trx.selectFrom('funeral.units').select(['id', 'kind']).where('id', '=', input.unitId).executeTakeFirst();
    if (unit?.kind !== 'funeral_home') throw invalid('FUNERAL_UNIT_NOT_FOUND', '所选殡仪馆不存在');
    if (input.collectedOn < death.death_date) throw invalid('FUNERAL_INVALID_DATE', `接运日期不能早于死亡日期 ${death.death_date}`);
    const done = await trx.selectFrom('funeral.cremations').select('id').where('death_id', '=', deathId).executeTakeFirst();
    if (done) throw conflict('FUNERAL_CREMATION_EXISTS', '该逝者已有接运火化记录');
    await trx
      .insertInto('funeral.cremations')
      .values({
        death_id: deathId,
        unit_id: input.unitId,
        collected_on: input.collectedOn,
        furnace: input.furnace,
        cremated_on: input.crematedOn ?? null,
        certificate_number: input.certificateNumber?.trim() || null,
        storage_days: input.storageDays,
        cost_fen: JSON.stringify(cost),
        recorded_by: actor.userId,
      })
      .execute();
  });
  return getDeath(deps, actor, deathId);
}

export async function cremationOf(deps: FuneralDeps, deathId: number): Promise<CremationView | null> {
  const row = await tables(deps)
    .selectFrom('funeral.cremations as c')
    .innerJoin('funeral.units as u', 'u.id', 'c.unit_id')
    .select(['c.unit_id', 'u.name', 'c.collected_on', 'c.furnace', 'c.cremated_on', 'c.certificate_number', 'c.storage_days', 'c.cost_fen'])
    .where('c.death_id', '=', deathId)
    .executeTakeFirst();
  return row
    ? { unitId: row.unit_id, unitName: row.name, collectedOn: row.collected_on, furnace: row.furnace, crematedOn: row.cremated_on, certificateNumber: row.certificate_number, storageDays: row.storage_days, costFen: row.cost_fen }
    : null;
}
