/**
 * Court judgements (A2): a divorce ends the marriage from the day it takes effect (no cooling-off, 民法典 1080); a
 * void (1051) or annulled (1052/1053) marriage has no effect from the start (1054): the archive is annotated, the
 * certificates are void and the parties' status is as before. Entered by the registrar or imported; a case
 * number is entered once (a retry returns the first entry).
 */
import { requirePermission, type Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { endMarriage } from './divorce.js';
import { guardedTransaction, tables, today, type MarriageDeps } from './deps.js';
import type { JudgementKind, MarriageDb } from './model.js';

export interface JudgementInput {
  marriageId: number;
  kind: JudgementKind;
  court: string;
  caseNumber: string;
  effectiveOn: IsoDate;
}

export interface JudgementView extends JudgementInput {
  id: number;
  article: string;
  annotation: string;
}

const ARTICLE: Record<JudgementKind, string> = { divorce: '《民法典》第1079条、第1080条', void: '《民法典》第1051条、第1054条', annulment: '《民法典》第1052条、第1053条、第1054条' };
const ANNOTATION: Record<JudgementKind, string> = { divorce: '法院判决（调解）离婚', void: '备注婚姻无效', annulment: '撤销婚姻' };
const END = { divorce: 'court_divorce', void: 'void', annulment: 'annulled' } as const;

export async function enterJudgement(deps: MarriageDeps, actor: Actor, input: JudgementInput): Promise<JudgementView> {
  requirePermission(actor, 'marriage.register');
  if (!isValidDate(input.effectiveOn) || input.effectiveOn > today(deps)) throw invalid('MARRIAGE_INVALID_DATE', '判决生效日期无效或晚于今天');
  if (!input.court.trim() || !input.caseNumber.trim()) throw invalid('MARRIAGE_JUDGEMENT_INCOMPLETE', '须填写法院和案号');
  const db = tables(deps);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const office = await trx.selectFrom('marriage.marriages as m').leftJoin('marriage.offices as o', 'o.id', 'm.office_id').select('o.district_code').where('m.id', '=', input.marriageId).executeTakeFirst();
    // A marriage is annotated by the office holding its archive; an imported record without an office by any registry.
    await allow({ permission: 'marriage.register', action: 'marriage.judgement.enter', entityType: 'marriage', entityId: input.marriageId, ...(office?.district_code ? { divisionCodes: [office.district_code] } : {}) });
    return applyJudgement(trx, input.marriageId, input, actor.userId);
  });
}

/**
 * The judgement's effect inside the caller's transaction (desk entry or a court batch): the marriage ends (a
 * divorce from its effective day, void and annulled from the start), the archive is annotated, J/BJ certificates
 * of a void or annulled marriage become void. A case number entered before answers its first entry.
 */
export async function applyJudgement(trx: MarriageDb, marriageId: number, input: JudgementInput, enteredBy: number | null): Promise<JudgementView> {
  const m = await trx.selectFrom('marriage.marriages').select(['id', 'ended_on', 'end_reason', 'registered_on']).where('id', '=', marriageId).forUpdate().executeTakeFirst();
  if (!m) throw notFound('MARRIAGE_UNKNOWN_MARRIAGE', '婚姻登记档案不存在');
  const done = await trx.selectFrom('marriage.judgements').selectAll().where('case_number', '=', input.caseNumber.trim()).executeTakeFirst();
  if (done) {
    if (Number(done.marriage_id) !== marriageId) throw conflict('MARRIAGE_CASE_NUMBER_USED', '该案号已登记在另一婚姻档案上');
    return view(done);
  }
  if (input.effectiveOn < m.registered_on) throw invalid('MARRIAGE_INVALID_DATE', '判决生效日期早于结婚登记日期');
  if (m.ended_on && (input.kind === 'divorce' || m.end_reason === 'void' || m.end_reason === 'annulled')) throw conflict('MARRIAGE_ALREADY_ENDED', `该婚姻已于 ${m.ended_on} 终止`);
  if (m.ended_on) {
    // A divorced or widowed marriage later found void: void from the start all the same.
    await trx.updateTable('marriage.marriages').set({ ended_on: m.registered_on, end_reason: END[input.kind], void_from_start: true }).where('id', '=', m.id).execute();
  } else {
    await endMarriage(trx, m.id, input.kind === 'divorce' ? input.effectiveOn : m.registered_on, END[input.kind]);
  }
  await trx
    .updateTable('marriage.marriages')
    .set({ annotation: `${ANNOTATION[input.kind]}（${input.court} ${input.caseNumber}，${input.effectiveOn} 生效）` })
    .where('id', '=', m.id)
    .execute();
  if (input.kind !== 'divorce') await trx.updateTable('marriage.certificates').set({ status: 'void' }).where('marriage_id', '=', m.id).where('kind', 'in', ['J', 'BJ']).where('status', '=', 'valid').execute();
  const row = await trx
    .insertInto('marriage.judgements')
    .values({ marriage_id: m.id, kind: input.kind, court: input.court.trim(), case_number: input.caseNumber.trim(), effective_on: input.effectiveOn, article: ARTICLE[input.kind], entered_by: enteredBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return view(row);
}

const view = (r: { id: number; marriage_id: number; kind: JudgementKind; court: string; case_number: string; effective_on: string; article: string }): JudgementView => ({
  id: r.id,
  marriageId: Number(r.marriage_id),
  kind: r.kind,
  court: r.court,
  caseNumber: r.case_number,
  effectiveOn: r.effective_on,
  article: r.article,
  annotation: ANNOTATION[r.kind],
});
