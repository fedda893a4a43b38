/**
 * 遗体接运 and 火化: the collection, storage days, furnace type, 火化证明 number and what the four basic items
 * cost (the basic funeral subsidy reimburses them within the cap). Ashes: collected within
 * `notice.ashesDays` or stored (≤ 1 year).
 */
import { requirePermission, type Actor } from '../access/index.js';
import { addDays, addMonthsToDate, conflict, invalid, isValidDate, notFound, type Fen, type IsoDate } from '../kernel/index.js';
import { getDeath, type DeathView } from './deaths.js';
import { guardedTransaction, tables, today, type FuneralDeps } from './deps.js';
import { BASIC_ITEMS, type BasicItem } from './model.js';
import { settingOn } from './setting-defs.js';

export interface CremationInput {
  unitId: number;
  collectedOn: IsoDate;
  furnace: 'flat' | 'advanced';
  crematedOn?: IsoDate;
  certificateNumber?: string;
  storageDays: number;
  costFen: Partial<Record<BasicItem, Fen>>;
  /** 遗体接运单: where the body was collected, and the family member who signed the form. */
  collectionAddress?: string;
  familySigner?: string;
  /** Ashes picked up on a date, or stored from a date until a date at most one year on. */
  ashes?: { disposition: 'pickup' | 'stored'; on: IsoDate; until?: IsoDate };
  /** 跨省运输证明: the certificate number and the destination (province). */
  transport?: { certificateNumber: string; destination: string };
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
  collectionAddress: string | null;
  familySigner: string | null;
  ashes: { disposition: 'pickup' | 'stored'; on: IsoDate; until: IsoDate | null } | null;
  /** Until the ashes are picked up or stored: the last day to pick them up (notice.ashesDays after the cremation). */
  ashesDueBy: IsoDate | null;
  transport: { certificateNumber: string; destination: string } | null;
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** The ashes: a pickup on or after the cremation and not in the future; storage of at most one year. */
function checkAshes(input: CremationInput, on: IsoDate): void {
  const a = input.ashes;
  if (a === undefined) return;
  if (a.disposition !== 'pickup' && a.disposition !== 'stored') throw invalid('FUNERAL_INVALID_ASHES', '骨灰去向须为领取或寄存');
  if (input.crematedOn === undefined) throw invalid('FUNERAL_ASHES_BEFORE_CREMATION', '未火化不能登记骨灰领取或寄存');
  if (!isValidDate(String(a.on ?? '')) || a.on < input.crematedOn || a.on > on) throw invalid('FUNERAL_INVALID_DATE', '骨灰领取或寄存日期须不早于火化日期且不晚于今天');
  if (a.disposition === 'stored') {
    if (!isValidDate(String(a.until ?? '')) || (a.until as IsoDate) < a.on) throw invalid('FUNERAL_INVALID_DATE', '骨灰寄存须填写寄存截止日期，且不早于寄存日期');
    if ((a.until as IsoDate) > addMonthsToDate(a.on, 12)) throw invalid('FUNERAL_ASHES_STORAGE_TOO_LONG', `骨灰寄存期限不超过 1 年（至迟 ${addMonthsToDate(a.on, 12)}）`);
  }
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
  checkAshes(input, on);
  if (input.transport !== undefined && (!text(input.transport.certificateNumber) || !text(input.transport.destination))) throw invalid('FUNERAL_TRANSPORT_INCOMPLETE', '跨省运输须填写运输证明编号和目的地');
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
        collection_address: text(input.collectionAddress) || null,
        family_signer: text(input.familySigner) || null,
        ashes: input.ashes?.disposition ?? null,
        ashes_on: input.ashes?.on ?? null,
        ashes_until: input.ashes?.disposition === 'stored' ? (input.ashes.until ?? null) : null,
        transport_certificate: input.transport ? text(input.transport.certificateNumber) : null,
        transport_destination: input.transport ? text(input.transport.destination) : null,
      })
      .execute();
  });
  return getDeath(deps, actor, deathId);
}

export async function cremationOf(deps: FuneralDeps, deathId: number): Promise<CremationView | null> {
  const row = await tables(deps).selectFrom('funeral.cremations as c').innerJoin('funeral.units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.name').where('c.death_id', '=', deathId).executeTakeFirst();
  if (!row) return null;
  const ashesDays = row.cremated_on ? Number(settingOn('notice.ashesDays', row.cremated_on).value) : 0;
  return {
    unitId: row.unit_id,
    unitName: row.name,
    collectedOn: row.collected_on,
    furnace: row.furnace,
    crematedOn: row.cremated_on,
    certificateNumber: row.certificate_number,
    storageDays: row.storage_days,
    costFen: row.cost_fen,
    collectionAddress: row.collection_address,
    familySigner: row.family_signer,
    ashes: row.ashes && row.ashes_on ? { disposition: row.ashes, on: row.ashes_on, until: row.ashes_until } : null,
    ashesDueBy: !row.ashes && row.cremated_on ? addDays(row.cremated_on, ashesDays) : null,
    transport: row.transport_certificate && row.transport_destination ? { certificateNumber: row.transport_certificate, destination: row.transport_destination } : null,
  };
}
