/**
 * 行政处罚 on social organisations and their credit effects (民政部令第60号, shared/reference §7 and §9): a warning
 * or a fine under 5万元 → 活动异常名录; a fine of 5万元 or more, 限期停止活动, revocation, or the second light
 * penalty within 3 years → 严重违法失信名单. The registrar records its own decisions here; other departments'
 * arrive as batches (imports.ts) through the same `recordPenalty`, so both list alike.
 */
import { requirePermission, type Actor } from '../access/index.js';
import { addMonthsToDate, divisionPrefix, formatYuan, invalid, isValidDate, recordNotFound, type IsoDate } from '../kernel/index.js';
import { sql } from 'kysely';
import { raiseEntry } from './credit-lists.js';
import { tables, today, type SocialorgDeps } from './deps.js';
import { emitEvent, guardedTransaction } from './guard.js';
import { LIST_REASONS, PENALTY_KINDS, penaltyKindNames, type ListReason, type PenaltyKind, type SocialorgDb } from './model.js';
import { PAGE_DEFAULT, pageOf, parseCursor, type Cursor } from './keyset.js';
import { ruleBreach } from './rules.js';
import { loadSettings, type SocialorgSettings } from './settings.js';

export interface PenaltyInput {
  kind: PenaltyKind;
  amountFen?: number;
  basis: string;
  department?: string;
  decisionNo: string;
  decidedOn: IsoDate;
  carriedOutOn?: IsoDate | null;
}

export interface PenaltyView {
  id: number;
  organisationId: number;
  organisationName: string;
  creditCode: string | null;
  kind: PenaltyKind;
  kindName: string;
  amountFen: number;
  basis: string;
  department: string;
  decisionNo: string;
  decidedOn: IsoDate;
  carriedOutOn: IsoDate | null;
  batchId: string | null;
  recordedOn: IsoDate;
}

/** What is wrong with one penalty's fields, as messages per field (the batch reader turns them into row errors). */
export function penaltyProblems(input: Partial<PenaltyInput>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!input.kind || !(PENALTY_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: `处罚种类须为：${PENALTY_KINDS.map((k) => `${k}（${penaltyKindNames[k]}）`).join('、')}` });
  const amount = input.amountFen ?? 0;
  if (!Number.isSafeInteger(amount) || amount < 0) problems.push({ field: 'amountFen', message: '罚没金额须为非负整数（分）' });
  else if (input.kind === 'fine' && amount === 0) problems.push({ field: 'amountFen', message: '罚款须填写金额（分）' });
  if (!input.basis?.trim()) problems.push({ field: 'basis', message: '须填写处罚依据' });
  if (!input.decisionNo?.trim() || input.decisionNo.trim().length > 100) problems.push({ field: 'decisionNo', message: '须填写处罚决定书文号（不超过100字）' });
  if (!input.decidedOn || !isValidDate(input.decidedOn)) problems.push({ field: 'decidedOn', message: `处罚决定日期无效：${input.decidedOn ?? ''}` });
  if (input.carriedOutOn && !isValidDate(input.carriedOutOn)) problems.push({ field: 'carriedOutOn', message: `执行完毕日期无效：${input.carriedOutOn}` });
  else if (input.carriedOutOn && input.decidedOn && input.carriedOutOn < input.decidedOn) problems.push({ field: 'carriedOutOn', message: '执行完毕日期不能早于决定日期' });
  return problems;
}

const isLight = (kind: PenaltyKind, amountFen: number, settings: SocialorgSettings) => kind === 'warning' || (kind === 'fine' && amountFen < settings.num('credit.heavyFineFen'));

/** The list a penalty puts the organisation on, if any (民政部令第60号 第十条、第十六条). */
export function penaltyListing(kind: PenaltyKind, amountFen: number, settings: SocialorgSettings): ListReason | null {
  if (isLight(kind, amountFen, settings)) return 'light_penalty';
  if (kind === 'fine') return 'heavy_penalty';
  if (kind === 'suspension') return 'suspended';
  if (kind === 'revocation') return 'revoked';
  return null;
}

/**
 * Stores one penalty (unless its department and decision number are already known: then null) and raises the
 * entries it causes, each under a source key of its own so a re-sent decision lists nothing twice.
 */
export async function recordPenalty(
  trx: SocialorgDb,
  actor: Actor | null,
  organisationId: number,
  input: PenaltyInput & { department: string },
  on: IsoDate,
  settings: SocialorgSettings,
  batch?: { batchId: string; row: number },
): Promise<{ id: number; listed: number } | null> {
  const amountFen = input.amountFen ?? 0;
  const inserted = await trx
    .insertInto('socialorg.penalties')
    .values({
      organisation_id: organisationId,
      kind: input.kind,
      amount_fen: amountFen,
      basis: input.basis.trim(),
      department: input.department.trim(),
      decision_no: input.decisionNo.trim(),
      decided_on: input.decidedOn,
      carried_out_on: input.carriedOutOn ?? null,
      batch_id: batch?.batchId ?? null,
      row_no: batch?.row ?? null,
      recorded_by: actor?.userId ?? null,
      recorded_on: on,
    })
    .onConflict((oc) => oc.columns(['department', 'decision_no']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return null;
  const id = Number(inserted.id);
  const evidence = `${input.department.trim()} ${input.decisionNo.trim()}：${penaltyKindNames[input.kind]}${amountFen ? ` ${formatYuan(amountFen)} 元` : ''}（${input.decidedOn}）`;
  let listed = 0;
  const reason = penaltyListing(input.kind, amountFen, settings);
  if (reason) {
    const { list, basis } = LIST_REASONS[reason];
    if (await raiseEntry(trx, actor, { organisationId, list, reason, basis, evidence, listedOn: on, sourceKey: `penalty:${id}` })) listed++;
  }
  if (reason === 'light_penalty') {
    // Two light penalties within the window (this one included) → 严重违法失信名单; counted by decision date.
    const since = addMonthsToDate(input.decidedOn, -settings.num('credit.repeatWindowMonths'));
    const earlier = await trx
      .selectFrom('socialorg.penalties')
      .select(['id', 'kind', 'amount_fen', 'decided_on'])
      .where('organisation_id', '=', organisationId)
      .where('decided_on', '>', since)
      .where('decided_on', '<=', input.decidedOn)
      .execute();
    const light = earlier.filter((p) => isLight(p.kind, Number(p.amount_fen), settings));
    if (light.length >= settings.num('credit.repeatLightPenalties')) {
      const { list, basis } = LIST_REASONS.light_penalty_repeat;
      const dates = light.map((p) => p.decided_on).sort();
      const added = await raiseEntry(trx, actor, {
        organisationId,
        list,
        reason: 'light_penalty_repeat',
        basis: `${basis}（${settings.used['credit.repeatWindowMonths'].source}）`,
        evidence: `${dates.join('、')} 共 ${light.length} 次`,
        listedOn: on,
        sourceKey: `penalty-repeat:${id}`,
      });
      if (added) listed++;
    }
  }
  await emitEvent(trx, { topic: 'socialorg.penalty.recorded', key: String(organisationId), payload: { organisationId, penaltyId: id, kind: input.kind, amountFen, decidedOn: input.decidedOn, department: input.department.trim() } });
  return { id, listed };
}

/** The registrar's own penalty decision on an organisation of its jurisdiction. */
export async function addPenalty(deps: SocialorgDeps, actor: Actor, organisationId: number, input: PenaltyInput): Promise<PenaltyView> {
  const problems = penaltyProblems(input);
  if (problems.length) throw invalid('SOCIALORG_INVALID_PENALTY', problems.map((p) => p.message).join('；'), { problems });
  requirePermission(actor, 'socialorg.supervise');
  const db = tables(deps);
  const org = await db.selectFrom('socialorg.organisations').select(['registrar_division', 'status']).where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw recordNotFound();
  const on = today(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({
      permission: 'socialorg.supervise',
      action: 'socialorg.penalty.record',
      entityType: 'socialorg',
      entityId: organisationId,
      divisionCodes: [org.registrar_division],
      detail: { kind: input.kind, decisionNo: input.decisionNo },
    });
    if (!['registered', 'liquidating'].includes(org.status)) throw ruleBreach('SOCIALORG_NOT_REGISTERED', '只能对已登记的社会组织记录行政处罚');
    const department = input.department?.trim() || '登记管理机关';
    const done = await recordPenalty(trx, actor, organisationId, { ...input, department }, on, await loadSettings(trx, on));
    if (!done) throw ruleBreach('SOCIALORG_DUPLICATE_PENALTY', `${department} 的处罚决定书 ${input.decisionNo} 已记录`);
    const [view] = await penaltyViews(trx, { ids: [done.id] });
    return view;
  });
}

/** 执行完毕: a penalty not carried out keeps an organisation from grading (民政部令第39号). */
export async function markCarriedOut(deps: SocialorgDeps, actor: Actor, penaltyId: number, carriedOutOn: IsoDate): Promise<PenaltyView> {
  if (!isValidDate(carriedOutOn)) throw invalid('SOCIALORG_INVALID_DATE', `日期无效：${carriedOutOn}`);
  requirePermission(actor, 'socialorg.supervise');
  const db = tables(deps);
  const seen = await db
    .selectFrom('socialorg.penalties as p')
    .innerJoin('socialorg.organisations as o', 'o.id', 'p.organisation_id')
    .select(['o.registrar_division', 'p.decided_on', 'p.carried_out_on'])
    .where('p.id', '=', penaltyId)
    .executeTakeFirst();
  if (!seen) throw recordNotFound();
  return guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'socialorg.supervise', action: 'socialorg.penalty.carried_out', entityType: 'socialorg_penalty', entityId: penaltyId, divisionCodes: [seen.registrar_division], detail: { carriedOutOn } });
    if (seen.carried_out_on) throw ruleBreach('SOCIALORG_ALREADY_CARRIED_OUT', `该处罚已于 ${seen.carried_out_on} 执行完毕`);
    if (carriedOutOn < seen.decided_on) throw invalid('SOCIALORG_INVALID_DATE', '执行完毕日期不能早于决定日期');
    await trx.updateTable('socialorg.penalties').set({ carried_out_on: carriedOutOn }).where('id', '=', penaltyId).execute();
    const [view] = await penaltyViews(trx, { ids: [penaltyId] });
    return view;
  });
}

/** The registrar's penalties, newest decision first, a keyset page at a time (`keyset.ts`). */
export async function listPenalties(deps: SocialorgDeps, actor: Actor, filter: { organisationId?: number; limit?: number; cursor?: string } = {}): Promise<{ items: PenaltyView[]; nextCursor: string | null }> {
  requirePermission(actor, 'socialorg.read');
  const limit = filter.limit ?? PAGE_DEFAULT;
  const rows = await penaltyViews(tables(deps), { organisationId: filter.organisationId, registrarPrefix: divisionPrefix(actor.jurisdiction), limit: limit + 1, after: parseCursor(filter.cursor) });
  return pageOf(rows, limit, (p) => ({ date: p.decidedOn, id: p.id }));
}

export async function penaltyViews(db: SocialorgDb, filter: { ids?: number[]; organisationId?: number; registrarPrefix?: string; limit?: number; after?: Cursor }): Promise<PenaltyView[]> {
  let q = db
    .selectFrom('socialorg.penalties as p')
    .innerJoin('socialorg.organisations as o', 'o.id', 'p.organisation_id')
    .select(['p.id', 'p.organisation_id', 'o.name', 'o.credit_code', 'p.kind', 'p.amount_fen', 'p.basis', 'p.department', 'p.decision_no', 'p.decided_on', 'p.carried_out_on', 'p.batch_id', 'p.recorded_on']);
  if (filter.ids) q = q.where('p.id', 'in', filter.ids);
  if (filter.organisationId !== undefined) q = q.where('p.organisation_id', '=', filter.organisationId);
  if (filter.registrarPrefix) q = q.where('o.registrar_division', 'like', `${filter.registrarPrefix}%`);
  if (filter.after) q = q.where(sql<boolean>`(p.decided_on, p.id) < (${filter.after.date}::date, ${filter.after.id})`);
  const rows = await q
    .orderBy('p.decided_on', 'desc')
    .orderBy('p.id', 'desc')
    .limit(filter.limit ?? 1000)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    organisationId: Number(r.organisation_id),
    organisationName: r.name,
    creditCode: r.credit_code,
    kind: r.kind,
    kindName: penaltyKindNames[r.kind],
    amountFen: Number(r.amount_fen),
    basis: r.basis,
    department: r.department,
    decisionNo: r.decision_no,
    decidedOn: r.decided_on,
    carriedOutOn: r.carried_out_on,
    batchId: r.batch_id,
    recordedOn: r.recorded_on,
  }));
}
