/**
 * Objections (异议) and consents (授权核对). An objection to a running 公示 is also logged on the case as a
 * 公示异议, so the caseworker resolves it where the decision is made; every objection is a task with an
 * answer deadline (SLA) on the staff list of the street (`GET /api/v1/resident-objections`).
 */
import type { Actor } from '../access/index.js';
import { appendAudit, hasPermission, jurisdictionPrefix, scopeDivision } from '../access/index.js';
import { assistanceDeps, recordObjection } from '../assistance/index.js';
import { addDays, conflict, forbidden, invalid, recordNotFound } from '../kernel/index.js';
import { applicationForAct, objectionWindow } from './applications.js';
import { auditDb, portalActor, tables, today, type ResidentDeps } from './deps.js';
import type { ResidentSession } from './identity.js';
import { consentScopeNames, objectionKindNames, objectionStatusNames, type ConsentScope, type ObjectionKind, type ResidentTables } from './model.js';
import { actingFor, circleOf, personRef, recordAct } from './people.js';
import { personsById } from './ports.js';

/** Days the caseworker has to answer (RESIDENT_OBJECTION_SLA_DAYS, default 15). */
export const objectionSlaDays = () => {
  const days = Number(process.env.RESIDENT_OBJECTION_SLA_DAYS ?? 15);
  return Number.isSafeInteger(days) && days > 0 ? days : 15;
};

type ObjectionRow = ResidentTables['residents.objections'] & { id: number; filed_at: Date; status: 'open' | 'upheld' | 'dismissed' };

const view = (r: ObjectionRow) => ({
  id: r.id,
  applicationId: r.application_id,
  kind: r.kind,
  kindName: objectionKindNames[r.kind],
  reason: r.reason,
  status: r.status,
  statusName: objectionStatusNames[r.status],
  filedAt: r.filed_at.toISOString(),
  dueOn: typeof r.due_on === 'string' ? r.due_on : new Date(r.due_on as unknown as Date).toISOString().slice(0, 10),
  answer: r.answer,
  answeredAt: r.answered_at?.toISOString() ?? null,
});

export async function fileObjection(deps: ResidentDeps, session: ResidentSession, input: { applicationId: number; kind: ObjectionKind; reason: string }) {
  const { row, progress } = await applicationForAct(deps, session, input.applicationId);
  const on = today(deps);
  const reason = input.reason.trim();
  if (reason.length < 5) throw invalid('RESIDENT_OBJECTION_REASON', '请写明异议的具体理由（不少于 5 个字）');
  const window = objectionWindow(progress, on);
  if (window.kind !== input.kind) throw conflict('RESIDENT_OBJECTION_CLOSED', window.reason ?? `当前只能提出“${objectionKindNames[window.kind ?? 'decision']}”`);
  const open = await tables(deps).selectFrom('residents.objections').select('id').where('application_id', '=', row.id).where('kind', '=', input.kind).where('status', '=', 'open').executeTakeFirst();
  if (open) throw conflict('RESIDENT_OBJECTION_OPEN', '您对该事项已有待处理的异议，请等待答复');
  if (input.kind === 'notice_list' && row.case_id !== null) await recordObjection(assistanceDeps(deps.ctx), portalActor(session.residentId), row.case_id, { objection: `（居民在线提出）${reason}` });
  const created = await tables(deps)
    .insertInto('residents.objections')
    .values({
      application_id: row.id,
      resident_id: session.residentId,
      person_id: row.person_id,
      kind: input.kind,
      reason,
      street_code: row.street_code,
      status: 'open',
      due_on: addDays(on, objectionSlaDays()),
      answer: null,
      answered_at: null,
      answered_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAct(deps, session, row.person_id, 'resident.objection.file', created.id);
  return view(created as ObjectionRow);
}

export async function myObjections(deps: ResidentDeps, session: ResidentSession) {
  const circle = await circleOf(deps, session);
  const rows = await tables(deps)
    .selectFrom('residents.objections')
    .selectAll()
    .where(
      'person_id',
      'in',
      circle.actFor.map((a) => a.person.id),
    )
    .orderBy('id', 'desc')
    .execute();
  return { items: rows.map((r) => view(r as ObjectionRow)) };
}

/** The street's objections for a caseworker: within the jurisdiction, overdue ones flagged; the read audited. */
export async function staffObjections(deps: ResidentDeps, actor: Actor, filter: { status?: 'open' | 'upheld' | 'dismissed'; division?: string }) {
  if (!hasPermission(actor.role, 'assistance.read')) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  const division = scopeDivision(actor, filter.division);
  const prefix = jurisdictionPrefix({ ...actor, jurisdiction: division });
  let query = tables(deps).selectFrom('residents.objections').selectAll().where('street_code', 'like', `${prefix}%`).orderBy('due_on').orderBy('id').limit(200);
  if (filter.status) query = query.where('status', '=', filter.status);
  const rows = (await query.execute()) as ObjectionRow[];
  return { items: await staffViews(deps, actor, rows, { action: 'residents.objections.list', detail: { division, ids: rows.map((r) => r.id) } }) };
}

/** Objections as the caseworker sees them: the person by name (masked number), the case, the deadline; the read audited. */
async function staffViews(deps: ResidentDeps, actor: Actor, rows: ObjectionRow[], read: { action: string; entityId?: number; detail: Record<string, unknown> }) {
  const on = today(deps);
  const persons = new Map((await personsById(deps, actor, [...new Set(rows.map((r) => r.person_id))], 'resident-objections')).map((p) => [p.id, p]));
  await appendAudit(auditDb(deps.db.kysely), { actor, action: read.action, entityType: 'resident_objection', entityId: read.entityId, result: 'ok', detail: read.detail });
  const cases = new Map(
    (
      await tables(deps)
        .selectFrom('residents.applications')
        .select(['id', 'case_id'])
        .where('id', 'in', rows.length ? rows.map((r) => r.application_id) : [0])
        .execute()
    ).map((a) => [a.id, a.case_id]),
  );
  return rows.flatMap((r) => {
    const person = persons.get(r.person_id);
    if (!person) return [];
    const v = view(r);
    return [{ ...v, caseId: cases.get(r.application_id) ?? null, person: personRef(person, null, on), streetCode: r.street_code, overdue: r.status === 'open' && v.dueOn < on }];
  });
}

export async function answerObjection(deps: ResidentDeps, actor: Actor, id: number, input: { upheld: boolean; answer: string }) {
  if (!hasPermission(actor.role, 'assistance.handle')) throw forbidden('ACCESS_PERMISSION_DENIED', '您的角色无权进行此操作');
  const db = tables(deps);
  const row = (await db.selectFrom('residents.objections').selectAll().where('id', '=', id).executeTakeFirst()) as ObjectionRow | undefined;
  if (!row?.street_code.startsWith(jurisdictionPrefix(actor))) throw recordNotFound();
  if (row.status !== 'open') throw conflict('RESIDENT_OBJECTION_ANSWERED', '该异议已答复');
  const answer = input.answer.trim();
  if (answer.length < 2) throw invalid('RESIDENT_OBJECTION_ANSWER', '请填写答复内容');
  const now = deps.clock.now();
  await deps.db.kysely.transaction().execute(async (raw) => {
    const trx = raw.withTables<ResidentTables>();
    await trx
      .updateTable('residents.objections')
      .set({ status: input.upheld ? 'upheld' : 'dismissed', answer, answered_at: now, answered_by: actor.userId })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('residents.inbox')
      .values({
        person_id: row.person_id,
        kind: 'objection_answer',
        title: `您提出的异议已答复：${input.upheld ? '异议成立' : '异议不成立'}`,
        body: answer,
        application_id: row.application_id,
        case_id: null,
        amount_fen: null,
        notice_html: null,
        dedup_key: `objection:${id}`,
        read_at: null,
      })
      .execute();
    await appendAudit(auditDb(raw), { actor, action: 'residents.objection.answer', entityType: 'resident_objection', entityId: id, result: 'ok', detail: { upheld: input.upheld } });
  });
  const updated = (await db.selectFrom('residents.objections').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as ObjectionRow;
  const [answered] = await staffViews(deps, actor, [updated], { action: 'residents.objection.read', entityId: id, detail: { answered: true } });
  if (!answered) throw recordNotFound();
  return answered;
}

export async function myConsents(deps: ResidentDeps, session: ResidentSession) {
  const circle = await circleOf(deps, session);
  const rows = await tables(deps)
    .selectFrom('residents.consents')
    .selectAll()
    .where(
      'person_id',
      'in',
      circle.actFor.map((a) => a.person.id),
    )
    .orderBy('id', 'desc')
    .execute();
  const on = today(deps);
  return {
    items: rows.flatMap((r) => {
      const who = circle.actFor.find((a) => a.person.id === r.person_id);
      return who
        ? [
            {
              id: r.id,
              scope: r.scope,
              scopeName: consentScopeNames[r.scope],
              person: personRef(who.person, who.relation, on),
              givenAt: r.given_at.toISOString(),
              revokedAt: r.revoked_at?.toISOString() ?? null,
              applicationId: r.application_id,
            },
          ]
        : [];
    }),
  };
}

export async function giveConsent(deps: ResidentDeps, session: ResidentSession, input: { scope: ConsentScope; forPersonId?: number }) {
  const circle = await circleOf(deps, session);
  const { person } = await actingFor(deps, session, circle, input.forPersonId, 'resident.consent.give');
  const row = await tables(deps).insertInto('residents.consents').values({ resident_id: session.residentId, person_id: person.id, scope: input.scope, application_id: null, revoked_at: null }).returning('id').executeTakeFirstOrThrow();
  await recordAct(deps, session, person.id, 'resident.consent.give', row.id);
  const found = (await myConsents(deps, session)).items.find((c) => c.id === row.id);
  if (!found) throw recordNotFound();
  return found;
}

export async function revokeConsent(deps: ResidentDeps, session: ResidentSession, id: number): Promise<void> {
  const circle = await circleOf(deps, session);
  const row = await tables(deps).selectFrom('residents.consents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !circle.actFor.some((a) => a.person.id === row.person_id)) throw recordNotFound();
  if (row.revoked_at) throw conflict('RESIDENT_CONSENT_REVOKED', '该授权已撤回');
  await tables(deps).updateTable('residents.consents').set({ revoked_at: deps.clock.now() }).where('id', '=', id).execute();
  await recordAct(deps, session, row.person_id, 'resident.consent.revoke', id);
}
