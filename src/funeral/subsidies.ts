/**
 * 基本殡葬服务补贴 (上海市民政局《关于本市安葬服务的便民问答》, 2024-10-21): the deceased held Shanghai hukou and
 * was a 低保, 特困 or 因病支出型贫困 recipient (from approved assistance cases), a key 优抚 recipient or on 定期定量
 * relief (with proof), or got no social-insurance funeral grant; cremated in Shanghai. Amount = the actual cost
 * of the four basic items, at most `subsidy.basicCapFen` (980 yuan). Sea burial: family + transport parts, paid
 * `subsidy.seaPayWorkingDays` working days after the ceremony. One subsidy per deceased and kind.
 */
import { sql } from 'kysely';
import { jurisdictionPrefix, requirePermission, type Actor } from '../access/index.js';
import { addWorkingDays, conflict, csvDocument, formatYuan, invalid, isValidDate, monthOf, notFound, type Fen, type IsoDate } from '../kernel/index.js';
import { allowRead, guardedTransaction, tables, today, type FuneralDeps } from './deps.js';
import { BASIC_ITEMS, SUBSIDY_KINDS, subsidyKindNames, type FuneralDb, type SubsidyKind } from './model.js';
import { settingOn } from './setting-defs.js';

export const PROOF_GROUNDS = ['youfu', 'regular_relief', 'no_insurance_grant'] as const;
export type ProofGround = (typeof PROOF_GROUNDS)[number];
const proofGroundNames: Record<ProofGround, string> = { youfu: '重点优抚对象', regular_relief: '民政定期定量生活补助对象', no_insurance_grant: '未享受社保丧葬费补贴人员' };
const rosterNames: Record<string, string> = { dibao: '城乡低保家庭成员', destitute: '特困供养人员', expense_poverty: '因病支出型贫困救助对象' };

export interface SubsidyInput {
  deathId?: number;
  /** Instead of deathId: the registry person (refused while the person is not registered dead). */
  personId?: number;
  kind: SubsidyKind;
  organiserName: string;
  bankAccount: string;
  /** For the grounds that need a proof (优抚, 定期定量, no social-insurance grant). */
  ground?: ProofGround;
  groundProof?: string;
  /** Sea and eco burials: the ceremony or burial date. */
  ceremonyDate?: IsoDate;
}

export interface SubsidyView {
  id: number;
  deathId: number;
  deceasedName: string;
  kind: SubsidyKind;
  amountFen: Fen;
  costFen: Fen;
  grounds: string;
  rule: string;
  organiserName: string;
  bankAccountMasked: string;
  status: 'approved' | 'paid';
  payableOn: IsoDate;
  appliedAt: string;
}

/** The roster grounds: an approved case of the deceased's household in force in the month of death. */
async function rosterGround(trx: FuneralDb, householdId: number | null, deathDate: IsoDate): Promise<string | null> {
  if (householdId === null) return null;
  const month = monthOf(deathDate);
  const rows = await trx
    .selectFrom('funeral.assistance_roster')
    .select(['programme'])
    .where('household_id', '=', householdId)
    .where('programme', 'in', Object.keys(rosterNames))
    .where((eb) => eb.or([eb('active', '=', true), eb('stopped_month', '>', month)]))
    .execute();
  const first = rows[0];
  return first ? (rosterNames[first.programme] ?? null) : null;
}

export async function applySubsidy(deps: FuneralDeps, actor: Actor, input: SubsidyInput): Promise<SubsidyView> {
  requirePermission(actor, 'funeral.record');
  if (!(SUBSIDY_KINDS as readonly string[]).includes(input.kind)) throw invalid('FUNERAL_INVALID_SUBSIDY_KIND', `补贴类别须为：${SUBSIDY_KINDS.map((k) => subsidyKindNames[k]).join('、')}`);
  const organiser = String(input.organiserName ?? '').trim();
  if (!organiser) throw invalid('FUNERAL_ORGANISER_REQUIRED', '须填写丧事承办人姓名');
  const account = String(input.bankAccount ?? '').replace(/\s/g, '');
  if (!/^\d{12,19}$/.test(account)) throw invalid('FUNERAL_INVALID_BANK_ACCOUNT', '银行卡号须为 12–19 位数字（补贴打卡发放，不发现金）');
  if (input.ground !== undefined && !(PROOF_GROUNDS as readonly string[]).includes(input.ground)) throw invalid('FUNERAL_INVALID_GROUND', '补贴依据有误');
  if (input.ground && !input.groundProof?.trim()) throw invalid('FUNERAL_PROOF_REQUIRED', `以“${proofGroundNames[input.ground]}”申请须写明证明材料`);
  const on = today(deps);
  if (input.ceremonyDate !== undefined && (!isValidDate(input.ceremonyDate) || input.ceremonyDate > on)) throw invalid('FUNERAL_INVALID_DATE', '仪式（安葬）日期须为有效日期且不晚于今天');
  const db = tables(deps);
  const id = await guardedTransaction(db, actor, async (trx, allow) => {
    const base = trx.selectFrom('funeral.deaths').selectAll().forUpdate();
    const death = input.deathId !== undefined ? await base.where('id', '=', input.deathId).executeTakeFirst() : input.personId !== undefined ? await base.where('person_id', '=', input.personId).executeTakeFirst() : undefined;
    if (!death) {
      await allow({ permission: 'funeral.record', action: 'funeral.subsidy.apply', entityType: 'death', entityId: input.deathId ?? input.personId });
      if (input.deathId === undefined && input.personId !== undefined) throw conflict('FUNERAL_PERSON_NOT_DEAD', '该人员未登记死亡，不能申请殡葬补贴');
      throw notFound('FUNERAL_DEATH_NOT_FOUND', '逝者记录不存在或不在您的辖区范围内');
    }
    await allow({
      permission: 'funeral.record',
      action: 'funeral.subsidy.apply',
      entityType: 'death',
      entityId: death.id,
      divisionCodes: [death.hukou_division, death.residence_division],
      detail: { kind: input.kind, ground: input.ground ?? null },
    });
    const existing = await trx.selectFrom('funeral.subsidies').select(['id', 'applied_at']).where('death_id', '=', death.id).where('kind', '=', input.kind).executeTakeFirst();
    if (existing) throw conflict('FUNERAL_SUBSIDY_EXISTS', `该逝者已于 ${existing.applied_at.toISOString().slice(0, 10)} 享受${subsidyKindNames[input.kind]}，每位逝者每类补贴只能享受一次`);
    if (!death.shanghai_hukou) throw conflict('FUNERAL_NOT_SHANGHAI_HUKOU', `${subsidyKindNames[input.kind]}限本市户籍逝者`);
    let amount: Fen;
    let cost: Fen;
    let grounds: string;
    let rule: string;
    let payableOn = on;
    if (input.kind === 'basic') {
      const roster = await rosterGround(trx, death.household_id, death.death_date);
      grounds = roster ?? (input.ground ? `${proofGroundNames[input.ground]}（${input.groundProof?.trim()}）` : '');
      if (!grounds) throw conflict('FUNERAL_NOT_ELIGIBLE', '逝者不属于低保、特困、因病支出型贫困、重点优抚、定期定量补助对象，亦未写明未享受社保丧葬费补贴，不符合基本殡葬服务补贴条件');
      const cremation = await trx.selectFrom('funeral.cremations').select(['cost_fen', 'cremated_on']).where('death_id', '=', death.id).executeTakeFirst();
      if (!cremation?.cremated_on) throw conflict('FUNERAL_NOT_CREMATED', '须在本市殡仪馆火化后申请（无本市火化记录）');
      cost = BASIC_ITEMS.reduce((n, item) => n + (cremation.cost_fen[item] ?? 0), 0);
      const cap = settingOn('subsidy.basicCapFen', death.death_date);
      amount = Math.min(cost, Number(cap.value));
      rule = `按实结算，最高 ${formatYuan(Number(cap.value))} 元（${cap.source}）：四项基本服务费用 ${formatYuan(cost)} 元，补贴 ${formatYuan(amount)} 元`;
    } else if (input.kind === 'sea') {
      if (!input.ceremonyDate) throw invalid('FUNERAL_CEREMONY_DATE_REQUIRED', '海葬补贴须填写海葬仪式日期');
      const family = settingOn('subsidy.seaFamilyFen', input.ceremonyDate);
      const transport = settingOn('subsidy.seaTransportFen', input.ceremonyDate);
      const days = Number(settingOn('subsidy.seaPayWorkingDays', input.ceremonyDate).value);
      amount = Number(family.value) + Number(transport.value);
      cost = amount;
      grounds = '本市户籍逝者海葬';
      payableOn = addWorkingDays(input.ceremonyDate, days);
      rule = `家属补贴 ${formatYuan(Number(family.value))} 元 + 交通船票保险 ${formatYuan(Number(transport.value))} 元（最多 6 人），仪式后 ${days} 个工作日打卡发放（${family.source}）`;
    } else {
      if (!input.ceremonyDate) throw invalid('FUNERAL_CEREMONY_DATE_REQUIRED', '节地生态安葬补贴须填写安葬日期');
      const eco = settingOn('subsidy.ecoFen', input.ceremonyDate);
      const fen = (eco.value as Record<string, Fen | null>)[input.kind] ?? null;
      if (fen === null) throw conflict('FUNERAL_SUBSIDY_NOT_CONFIGURED', `${subsidyKindNames[input.kind]}标准尚未配置（${eco.source}）`);
      amount = fen;
      cost = fen;
      grounds = '本市户籍逝者节地生态安葬';
      rule = `${subsidyKindNames[input.kind]} ${formatYuan(fen)} 元（${eco.source}）`;
    }
    const row = await trx
      .insertInto('funeral.subsidies')
      .values({ death_id: death.id, kind: input.kind, amount_fen: amount, cost_fen: cost, grounds, rule, organiser_name: organiser, bank_account: account, payable_on: payableOn, applied_by: actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  const [view] = await subsidyViews(deps, actor, db, [id]);
  return view as SubsidyView;
}

async function subsidyViews(deps: FuneralDeps, actor: Actor, db: FuneralDb, ids: number[]): Promise<SubsidyView[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('funeral.subsidies as s').innerJoin('funeral.deaths as d', 'd.id', 's.death_id').selectAll('s').select(['d.person_id', 'd.name']).where('s.id', 'in', ids).orderBy('s.id', 'desc').execute();
  const names = await deps.registry.names(
    actor,
    rows.flatMap((r) => (r.person_id === null ? [] : [r.person_id])),
    'funeral.subsidies',
  );
  return rows.map((r) => ({
    id: r.id,
    deathId: r.death_id,
    deceasedName: r.person_id === null ? (r.name ?? '') : (names.get(r.person_id)?.name ?? `人员 ${r.person_id}`),
    kind: r.kind,
    amountFen: r.amount_fen,
    costFen: r.cost_fen,
    grounds: r.grounds,
    rule: r.rule,
    organiserName: r.organiser_name,
    bankAccountMasked: `${r.bank_account.slice(0, 4)}****${r.bank_account.slice(-4)}`,
    status: r.status,
    payableOn: r.payable_on,
    appliedAt: r.applied_at.toISOString(),
  }));
}

export async function listSubsidies(deps: FuneralDeps, actor: Actor, query: { deathId?: number } = {}): Promise<{ items: SubsidyView[] }> {
  requirePermission(actor, 'funeral.read');
  const db = tables(deps);
  await allowRead(db, actor, { permission: 'funeral.read', action: 'funeral.subsidies.list', entityType: 'subsidy_list', detail: { ...query } });
  const prefix = jurisdictionPrefix(actor);
  let q = db
    .selectFrom('funeral.subsidies as s')
    .innerJoin('funeral.deaths as d', 'd.id', 's.death_id')
    .select('s.id')
    .where((eb) => eb.or([eb('d.residence_division', 'like', `${prefix}%`), eb('d.hukou_division', 'like', `${prefix}%`)]));
  if (query.deathId !== undefined) q = q.where('s.death_id', '=', query.deathId);
  const ids = (await q.orderBy('s.id', 'desc').limit(500).execute()).map((r) => r.id);
  return { items: await subsidyViews(deps, actor, db, ids) };
}

/** 打卡发放: the bank file of approved subsidies due by the date (CSV), marked paid in the same transaction. */
export async function subsidyBankFile(deps: FuneralDeps, actor: Actor, input: { dueBy: IsoDate }): Promise<{ csv: string; count: number; totalFen: Fen }> {
  requirePermission(actor, 'funeral.pay');
  if (!isValidDate(String(input.dueBy ?? ''))) throw invalid('FUNERAL_INVALID_DATE', `日期有误：${input.dueBy}`);
  return guardedTransaction(tables(deps), actor, async (trx, allow) => {
    await allow({ permission: 'funeral.pay', action: 'funeral.subsidies.bank_file', entityType: 'subsidy_batch', detail: { dueBy: input.dueBy } });
    const prefix = jurisdictionPrefix(actor);
    const rows = await trx
      .selectFrom('funeral.subsidies as s')
      .innerJoin('funeral.deaths as d', 'd.id', 's.death_id')
      .select(['s.id', 's.kind', 's.amount_fen', 's.organiser_name', 's.bank_account'])
      .where('s.status', '=', 'approved')
      .where('s.payable_on', '<=', input.dueBy)
      .where(sql<boolean>`(d.hukou_division like ${`${prefix}%`} or d.residence_division like ${`${prefix}%`})`)
      .orderBy('s.id')
      .forUpdate()
      .execute();
    if (rows.length)
      await trx
        .updateTable('funeral.subsidies')
        .set({ status: 'paid' })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    // Through the one CSV writer: the organiser's name is typed by staff and must never run as a spreadsheet formula.
    const csv = csvDocument([['序号', '收款人', '银行卡号', '金额（元）', '补贴类别'], ...rows.map((r, i) => [i + 1, r.organiser_name, r.bank_account, formatYuan(r.amount_fen), subsidyKindNames[r.kind]])]);
    return { csv, count: rows.length, totalFen: rows.reduce((n, r) => n + r.amount_fen, 0) };
  });
}
