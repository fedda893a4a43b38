/**
 * Hotline complaints (12345 and others) about funeral services, each with an answer deadline in working days
 * (the one calendar: statutory holidays and 调休 weekends), overdue first; and the 八必问 intake checklist a
 * funeral home answers per death before taking the service on — every configured question, or nothing.
 */
import { requirePermission, type Actor } from '../access/index.js';
import { addWorkingDays, conflict, divisionPrefix, invalid, isValidDate, normaliseDivisionCode, notFound, type IsoDate } from '../kernel/index.js';
import { allowRead, guardedTransaction, tables, today, type FuneralDeps } from './deps.js';
import { COMPLAINT_CHANNELS, type ComplaintChannel } from './model.js';
import { settingOn } from './setting-defs.js';

export interface ComplaintView {
  id: number;
  channel: ComplaintChannel;
  ticket: string | null;
  receivedOn: IsoDate;
  deadline: IsoDate;
  divisionCode: string;
  unitId: number | null;
  unitName: string | null;
  category: string;
  summary: string;
  complainant: string | null;
  answeredOn: IsoDate | null;
  answer: string | null;
  /** 'open' before the deadline, 'overdue' after it unanswered, 'on_time' / 'late' once answered. */
  status: 'open' | 'overdue' | 'on_time' | 'late';
}

export interface ComplaintInput {
  channel: ComplaintChannel;
  ticket?: string;
  receivedOn: string;
  divisionCode: string;
  unitId?: number;
  category: string;
  summary: string;
  complainant?: string;
}

const text = (v: unknown) => String(v ?? '').trim();

export async function recordComplaint(deps: FuneralDeps, actor: Actor, input: ComplaintInput): Promise<ComplaintView> {
  requirePermission(actor, 'funeral.record');
  if (!(COMPLAINT_CHANNELS as readonly string[]).includes(input.channel)) throw invalid('FUNERAL_INVALID_CHANNEL', '投诉渠道无效');
  if (typeof input.receivedOn !== 'string' || !isValidDate(input.receivedOn)) throw invalid('FUNERAL_INVALID_DATE', '受理日期不是有效日期（YYYY-MM-DD）');
  if (input.receivedOn > today(deps)) throw invalid('FUNERAL_DATE_IN_FUTURE', '受理日期不能晚于今天');
  const division = normaliseDivisionCode(String(input.divisionCode ?? ''));
  if (!division) throw invalid('FUNERAL_INVALID_DIVISION', '区划代码无效');
  if (!text(input.summary)) throw invalid('FUNERAL_SUMMARY_REQUIRED', '须填写投诉内容');
  if (!text(input.category)) throw invalid('FUNERAL_CATEGORY_REQUIRED', '须选择投诉类别');
  const deadline = addWorkingDays(input.receivedOn, Number(settingOn('complaint.answerWorkingDays', input.receivedOn).value));
  const db = tables(deps);
  const id = await guardedTransaction(db, actor, async (trx, allow) => {
    await allow({ permission: 'funeral.record', action: 'funeral.complaint.record', entityType: 'division', entityId: division, divisionCodes: [division], detail: { channel: input.channel, ticket: input.ticket ?? null } });
    if (input.unitId !== undefined) {
      const unit = await trx.selectFrom('funeral.units').select('id').where('id', '=', input.unitId).executeTakeFirst();
      if (!unit) throw notFound('FUNERAL_UNIT_NOT_FOUND', '被投诉的殡葬服务单位不存在');
    }
    const ticket = text(input.ticket) || null;
    if (ticket) {
      const seen = await trx.selectFrom('funeral.complaints').select('id').where('channel', '=', input.channel).where('ticket', '=', ticket).executeTakeFirst();
      if (seen) throw conflict('FUNERAL_COMPLAINT_DUPLICATE', `工单号 ${ticket} 已登记（投诉 ${seen.id}）`);
    }
    const row = await trx
      .insertInto('funeral.complaints')
      .values({
        channel: input.channel,
        ticket,
        received_on: input.receivedOn,
        deadline,
        division_code: division,
        unit_id: input.unitId ?? null,
        category: text(input.category),
        summary: text(input.summary),
        complainant: text(input.complainant) || null,
        answered_on: null,
        answer: null,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return (await complaintViews(deps, { ids: [id] }))[0] as ComplaintView;
}

export async function answerComplaint(deps: FuneralDeps, actor: Actor, complaintId: number, input: { answeredOn: string; answer: string }): Promise<ComplaintView> {
  requirePermission(actor, 'funeral.record');
  if (typeof input.answeredOn !== 'string' || !isValidDate(input.answeredOn)) throw invalid('FUNERAL_INVALID_DATE', '办结日期不是有效日期（YYYY-MM-DD）');
  if (input.answeredOn > today(deps)) throw invalid('FUNERAL_DATE_IN_FUTURE', '办结日期不能晚于今天');
  const answer = text(input.answer);
  if (!answer) throw invalid('FUNERAL_ANSWER_REQUIRED', '须填写办理结果');
  await guardedTransaction(tables(deps), actor, async (trx, allow) => {
    const row = await trx.selectFrom('funeral.complaints').select(['id', 'division_code', 'received_on', 'answered_on']).where('id', '=', complaintId).forUpdate().executeTakeFirst();
    if (!row) {
      await allow({ permission: 'funeral.record', action: 'funeral.complaint.answer', entityType: 'funeral_complaint', entityId: complaintId });
      throw notFound('FUNERAL_COMPLAINT_NOT_FOUND', '投诉不存在或不在您的辖区范围内');
    }
    await allow({ permission: 'funeral.record', action: 'funeral.complaint.answer', entityType: 'funeral_complaint', entityId: complaintId, divisionCodes: [row.division_code], detail: { answeredOn: input.answeredOn } });
    if (row.answered_on) throw conflict('FUNERAL_COMPLAINT_ANSWERED', `该投诉已于 ${row.answered_on} 办结`);
    if (input.answeredOn < row.received_on) throw invalid('FUNERAL_INVALID_DATE', '办结日期不能早于受理日期');
    await trx.updateTable('funeral.complaints').set({ answered_on: input.answeredOn, answer }).where('id', '=', complaintId).execute();
  });
  return (await complaintViews(deps, { ids: [complaintId] }))[0] as ComplaintView;
}

/** The complaints in the caller's area: unanswered overdue first, then open by deadline, then answered. */
export async function listComplaints(deps: FuneralDeps, actor: Actor): Promise<{ items: ComplaintView[]; onTimeRate: number | null }> {
  requirePermission(actor, 'funeral.read');
  await allowRead(tables(deps), actor, { permission: 'funeral.read', action: 'funeral.complaints.list', entityType: 'funeral_complaint_list' });
  const items = await complaintViews(deps, { within: actor.jurisdiction });
  const rank = { overdue: 0, open: 1, late: 2, on_time: 2 } as const;
  items.sort((a, b) => rank[a.status] - rank[b.status] || a.deadline.localeCompare(b.deadline) || a.id - b.id);
  const answered = items.filter((c) => c.answeredOn !== null);
  return { items, onTimeRate: answered.length ? answered.filter((c) => c.status === 'on_time').length / answered.length : null };
}

async function complaintViews(deps: FuneralDeps, filter: { ids?: number[]; within?: string }): Promise<ComplaintView[]> {
  let q = tables(deps).selectFrom('funeral.complaints as c').leftJoin('funeral.units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.name as unit_name');
  if (filter.ids) q = q.where('c.id', 'in', filter.ids);
  if (filter.within) q = q.where('c.division_code', 'like', `${divisionPrefix(filter.within)}%`);
  const rows = await q.orderBy('c.id', 'desc').limit(1000).execute();
  const on = today(deps);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    ticket: r.ticket,
    receivedOn: r.received_on,
    deadline: r.deadline,
    divisionCode: r.division_code,
    unitId: r.unit_id,
    unitName: r.unit_name,
    category: r.category,
    summary: r.summary,
    complainant: r.complainant,
    answeredOn: r.answered_on,
    answer: r.answer,
    status: r.answered_on ? (r.answered_on <= r.deadline ? 'on_time' : 'late') : on > r.deadline ? 'overdue' : 'open',
  }));
}

export interface IntakeView {
  deathId: number;
  unitId: number | null;
  answers: { key: string; question: string; answer: string }[];
  askedAt: string;
}

/** The 八必问 questions in force on a date (a dated setting). */
export const intakeQuestions = (on: IsoDate) => settingOn('intake.questions', on).value;

/** Records the 八必问 answers of a death: every configured question answered, once per death. */
export async function recordIntake(deps: FuneralDeps, actor: Actor, deathId: number, input: { unitId?: number; answers: Record<string, string> }): Promise<IntakeView> {
  requirePermission(actor, 'funeral.record');
  const questions = intakeQuestions(today(deps));
  const answers = questions.map((q) => ({ key: q.key, question: q.question, answer: text(input.answers?.[q.key]) }));
  const missing = answers.filter((a) => !a.answer);
  if (missing.length) throw invalid('FUNERAL_INTAKE_INCOMPLETE', `“八必问”尚有 ${missing.length} 项未问询：${missing.map((m) => m.question).join('；')}`, { missing: missing.map((m) => m.key) });
  const db = tables(deps);
  await guardedTransaction(db, actor, async (trx, allow) => {
    const death = await trx.selectFrom('funeral.deaths').select(['id', 'hukou_division', 'residence_division']).where('id', '=', deathId).forUpdate().executeTakeFirst();
    if (!death) {
      await allow({ permission: 'funeral.record', action: 'funeral.intake.record', entityType: 'death', entityId: deathId });
      throw notFound('FUNERAL_DEATH_NOT_FOUND', '逝者记录不存在或不在您的辖区范围内');
    }
    await allow({ permission: 'funeral.record', action: 'funeral.intake.record', entityType: 'death', entityId: deathId, divisionCodes: [death.hukou_division, death.residence_division] });
    if (input.unitId !== undefined && !(await trx.selectFrom('funeral.units').select('id').where('id', '=', input.unitId).executeTakeFirst())) throw notFound('FUNERAL_UNIT_NOT_FOUND', '殡葬服务单位不存在');
    const done = await trx.selectFrom('funeral.intakes').select('asked_at').where('death_id', '=', deathId).executeTakeFirst();
    if (done) throw conflict('FUNERAL_INTAKE_RECORDED', '该逝者的“八必问”已登记');
    await trx
      .insertInto('funeral.intakes')
      .values({ death_id: deathId, unit_id: input.unitId ?? null, answers: JSON.stringify(answers), asked_by: actor.userId })
      .execute();
  });
  return (await intakeOf(deps, actor, deathId)) as IntakeView;
}

export async function intakeOf(deps: FuneralDeps, actor: Actor, deathId: number): Promise<IntakeView | null> {
  requirePermission(actor, 'funeral.read');
  const db = tables(deps);
  const death = await db.selectFrom('funeral.deaths').select(['hukou_division', 'residence_division']).where('id', '=', deathId).executeTakeFirst();
  await allowRead(db, actor, { permission: 'funeral.read', action: 'funeral.intake.read', entityType: 'death', entityId: deathId, ...(death ? { divisionCodes: [death.hukou_division, death.residence_division] } : {}) });
  if (!death) throw notFound('FUNERAL_DEATH_NOT_FOUND', '逝者记录不存在或不在您的辖区范围内');
  const row = await db.selectFrom('funeral.intakes').selectAll().where('death_id', '=', deathId).executeTakeFirst();
  return row ? { deathId, unitId: row.unit_id, answers: row.answers, askedAt: row.asked_at.toISOString() } : null;
}
