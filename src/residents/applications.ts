/**
 * Online applications (一网通办): the resident applies for themself or for someone they act for; the case is
 * created by assistance (or the waitlist by eldercare) through their public functions, so it lands in the
 * street caseworker's list exactly as a window application does, with the registry's facts already in it.
 */
import type { Static } from 'typebox';
import { actionName, answerMaterialRequest, assistanceDeps, BEFORE_DECISION, applyForAssistance, getCase, materialRequests, withdrawCase, type CaseDetail, type Status } from '../assistance/index.js';
import { applyForBed, eldercareDeps, getApplication, withdrawApplication } from '../eldercare/index.js';
import { conflict, invalid, recordNotFound } from '../kernel/index.js';
import { portalActor, tables, thisMonth, today, type ResidentDeps } from './deps.js';
import { prefilledFacts } from './entitlements.js';
import type { ResidentSession } from './identity.js';
import { applicationKindNames, ASSISTANCE_KINDS, type ApplicationKind, type ResidentTables } from './model.js';
import { actingFor, circleOf, personRef, recordAct, type Circle } from './people.js';
import { policyInputOf } from './ports.js';
import type { ApplicationDetailSchema, ApplicationSummarySchema, ApplyBody } from './schemas.js';
import { ACCEPTED_TYPES, uploadRulesText } from './upload-rules.js';
import { plainWording } from './plain-wording.js';

export type ApplicationDetail = Static<typeof ApplicationDetailSchema>;
export type ApplicationSummary = Static<typeof ApplicationSummarySchema>;
type Row = ResidentTables['residents.applications'] & { id: number; submitted_at: Date; urgent: boolean };

const isAssistance = (kind: ApplicationKind) => (ASSISTANCE_KINDS as readonly string[]).includes(kind);
/** Case log entries whose text the applicant is meant to read (the caseworker's internal notes are not). */
const SHOWN_REASONS = new Set(['decline', 'reject', 'withdraw', 'request_material', 'answer_material', 'suspend', 'stop']);
const OBJECTION_DAYS_AFTER_DECISION = 60;

export async function apply(deps: ResidentDeps, session: ResidentSession, body: Static<typeof ApplyBody>): Promise<ApplicationDetail> {
  const circle = await circleOf(deps, session);
  const { person } = await actingFor(deps, session, circle, body.forPersonId, 'resident.application.create');
  const actor = portalActor(session.residentId);
  if (body.urgent && body.kind !== 'temporary') throw invalid('RESIDENT_URGENT_ONLY_TEMPORARY', '只有临时救助（急难型）可以申请加急办理');
  const householdId = person.householdId ?? null;
  const input = householdId ? await policyInputOf(deps, actor, householdId, thisMonth(deps)) : null;
  const prefilled = prefilledFacts(input, person.id);
  const street = `${person.hukouDivision.slice(0, 9)}000`;
  let caseId: number | null = null;
  let eldercareId: number | null = null;
  if (isAssistance(body.kind)) {
    if (!householdId) throw invalid('RESIDENT_NO_HOUSEHOLD', '人口库中没有您的家庭登记信息，请到街镇社区事务受理服务中心办理');
    const reason = `${body.reason?.trim() || `居民通过“一网通办”在线申请${applicationKindNames[body.kind]}`}（已授权核对家庭经济状况；家庭信息取自政府部门共享数据）`;
    const created = await applyForAssistance(assistanceDeps(deps.ctx), actor, {
      programme: body.kind as (typeof ASSISTANCE_KINDS)[number],
      householdId,
      applicantPersonId: person.id,
      reason,
      bankAccount: body.bankAccount,
      urgent: body.urgent === true,
    });
    caseId = created.id;
  } else if (body.kind === 'bed_waitlist') {
    const created = await applyForBed(eldercareDeps(deps.ctx), actor, { personId: person.id, bedType: body.bedType ?? 'nursing' });
    eldercareId = created.id;
  }
  const id = await deps.db.kysely.transaction().execute(async (raw) => {
    const trx = raw.withTables<ResidentTables>();
    const row = await trx
      .insertInto('residents.applications')
      .values({
        resident_id: session.residentId,
        person_id: person.id,
        acted_by_person_id: person.id === session.personId ? null : session.personId,
        kind: body.kind,
        urgent: body.urgent === true,
        case_id: caseId,
        eldercare_id: eldercareId,
        street_code: street,
        prefilled: JSON.stringify(prefilled),
        withdrawn_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (isAssistance(body.kind)) await trx.insertInto('residents.consents').values({ resident_id: session.residentId, person_id: person.id, scope: 'income_assets', application_id: row.id, revoked_at: null }).execute();
    return row.id;
  });
  await recordAct(deps, session, person.id, 'resident.application.create', id);
  return detailOf(deps, session, circle, await rowOf(deps, id));
}

async function rowOf(deps: ResidentDeps, id: number): Promise<Row> {
  const row = await tables(deps).selectFrom('residents.applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw recordNotFound();
  return row as Row;
}

/** An application the resident may see: theirs, or for a person they may act for today. */
export async function visibleRow(deps: ResidentDeps, _session: ResidentSession, circle: Circle, id: number): Promise<Row> {
  const row = await tables(deps).selectFrom('residents.applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !circle.actFor.some((a) => a.person.id === row.person_id)) throw recordNotFound();
  return row as Row;
}

export async function listApplications(deps: ResidentDeps, session: ResidentSession): Promise<{ items: ApplicationSummary[] }> {
  const circle = await circleOf(deps, session);
  const ids = circle.actFor.map((a) => a.person.id);
  const rows = (await tables(deps).selectFrom('residents.applications').selectAll().where('person_id', 'in', ids).orderBy('id', 'desc').limit(100).execute()) as Row[];
  const items: ApplicationSummary[] = [];
  for (const row of rows) {
    const {
      steps: _s,
      requests: _r,
      files: _f,
      prefilled: _p,
      canWithdraw: _w,
      withdrawDisabledReason: _wr,
      canObject: _o,
      objectDisabledReason: _or,
      noticeEndsOn: _n,
      uploadRules: _u,
      amountFen: _a,
      ...summary
    } = await detailOf(deps, session, circle, row, false);
    items.push(summary);
  }
  await recordAct(deps, session, session.personId, 'resident.application.list');
  return { items };
}

export async function applicationDetail(deps: ResidentDeps, session: ResidentSession, id: number): Promise<ApplicationDetail> {
  const circle = await circleOf(deps, session);
  const row = await visibleRow(deps, session, circle, id);
  const detail = await detailOf(deps, session, circle, row);
  await recordAct(deps, session, row.person_id, 'resident.application.read', id);
  return detail;
}

interface Progress {
  status: string;
  statusName: string;
  decided: boolean;
  decidedOn: string | null;
  caseStatus: Status | null;
  amountFen: number | null;
  noticeEndsOn: string | null;
  steps: ApplicationDetail['steps'];
  requests: ApplicationDetail['requests'];
}

async function progressOf(deps: ResidentDeps, session: ResidentSession, row: Row): Promise<Progress> {
  const actor = portalActor(session.residentId);
  if (row.case_id !== null) {
    const c: CaseDetail = await getCase(assistanceDeps(deps.ctx), actor, row.case_id);
    const decision = c.actions.find((a) => ['approve', 'reject', 'decline'].includes(a.action));
    return {
      status: c.status,
      statusName: c.status === 'applied' ? '已提交，等待街镇受理' : c.statusName,
      decided: !BEFORE_DECISION.includes(c.status),
      decidedOn: decision?.onDate ?? null,
      caseStatus: c.status,
      amountFen: c.amountFen,
      noticeEndsOn: c.noticeEndsOn,
      steps: c.actions.map((a) => ({ at: a.at, onDate: a.onDate, name: a.action === 'apply' ? '在线提交申请' : actionName(a.action), note: SHOWN_REASONS.has(a.action) && a.reason ? plainWording(a.reason) : null })),
      requests: materialRequests(c.actions).map((r) => ({ seq: r.seq, requestedAt: r.requestedAt, message: r.message, dueOn: r.dueOn, answeredAt: r.answeredAt })),
    };
  }
  if (row.eldercare_id !== null) {
    const a = await getApplication(eldercareDeps(deps.ctx), actor, row.eldercare_id);
    const waiting = a.status === 'waiting';
    return {
      status: a.status,
      statusName: a.statusName,
      decided: !waiting,
      decidedOn: null,
      caseStatus: null,
      amountFen: null,
      noticeEndsOn: null,
      steps: a.log.map((l) => ({ at: l.at, onDate: l.at.slice(0, 10), name: l.action, note: l.reason ? plainWording(l.reason) : null })),
      requests: [],
    };
  }
  const submitted = { at: row.submitted_at.toISOString(), onDate: row.submitted_at.toISOString().slice(0, 10), name: '在线提交申请', note: null };
  return {
    status: row.withdrawn_at ? 'withdrawn' : 'submitted',
    statusName: row.withdrawn_at ? '已撤回' : '已提交，街镇将联系您安排上门评估',
    decided: false,
    decidedOn: null,
    caseStatus: null,
    amountFen: null,
    noticeEndsOn: null,
    steps: row.withdrawn_at ? [submitted, { at: row.withdrawn_at.toISOString(), onDate: row.withdrawn_at.toISOString().slice(0, 10), name: '撤回申请', note: null }] : [submitted],
    requests: [],
  };
}

async function detailOf(deps: ResidentDeps, session: ResidentSession, circle: Circle, row: Row, withFiles = true): Promise<ApplicationDetail> {
  const on = today(deps);
  const progress = await progressOf(deps, session, row);
  const member = (id: number) => circle.actFor.find((a) => a.person.id === id);
  const target = member(row.person_id);
  if (!target) throw recordNotFound();
  const actedBy = row.acted_by_person_id === null ? null : member(row.acted_by_person_id);
  const files = withFiles ? await tables(deps).selectFrom('residents.files').select(['id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at', 'request_seq']).where('application_id', '=', row.id).orderBy('id').execute() : [];
  const withdrawn = progress.status === 'withdrawn';
  const withdrawDisabledReason = withdrawn ? '申请已撤回' : progress.decided ? '已作出决定，不能撤回；如有异议可在期限内提出' : null;
  const objection = objectionWindow(progress, on);
  return {
    id: row.id,
    kind: row.kind,
    kindName: applicationKindNames[row.kind],
    person: personRef(target.person, target.relation, on),
    actedBy: actedBy
      ? personRef(actedBy.person, actedBy.relation, on)
      : row.acted_by_person_id === null
        ? null
        : { personId: row.acted_by_person_id, nameMasked: '代办人', idNumberMasked: '', age: 0, relation: 'self', relationName: '代办人' },
    submittedAt: row.submitted_at.toISOString(),
    urgent: row.urgent,
    status: progress.status,
    statusName: progress.statusName,
    decided: progress.decided,
    openRequests: progress.requests.filter((r) => r.answeredAt === null).length,
    amountFen: progress.amountFen,
    steps: progress.steps,
    requests: progress.requests,
    files: files.map((f) => ({ id: f.id, fileName: f.file_name, mediaType: f.media_type, sizeBytes: f.size_bytes, sha256: f.sha256, uploadedAt: f.uploaded_at.toISOString(), requestSeq: f.request_seq })),
    prefilled: Array.isArray(row.prefilled) ? (row.prefilled as ApplicationDetail['prefilled']) : [],
    canWithdraw: withdrawDisabledReason === null,
    withdrawDisabledReason,
    canObject: objection.kind !== null,
    objectDisabledReason: objection.reason,
    noticeEndsOn: progress.noticeEndsOn,
    uploadRules: { maxBytes: deps.uploads.maxBytes, types: [...ACCEPTED_TYPES], text: uploadRulesText(deps.uploads.maxBytes) },
  };
}

/** Which objection the application allows today: to the 公示 while it runs, to the decision within 60 days. */
export function objectionWindow(progress: Pick<Progress, 'caseStatus' | 'noticeEndsOn' | 'decidedOn'>, on: string): { kind: 'decision' | 'notice_list' | null; reason: string | null } {
  if (progress.caseStatus === 'in_notice' && progress.noticeEndsOn && on <= progress.noticeEndsOn) return { kind: 'notice_list', reason: null };
  if (progress.caseStatus === null) return { kind: null, reason: '该类申请不适用在线异议，请联系街镇' };
  if (progress.decidedOn) {
    const last = new Date(`${progress.decidedOn}T00:00:00Z`);
    last.setUTCDate(last.getUTCDate() + OBJECTION_DAYS_AFTER_DECISION);
    if (on <= last.toISOString().slice(0, 10)) return { kind: 'decision', reason: null };
    return { kind: null, reason: `已超过决定作出后 ${OBJECTION_DAYS_AFTER_DECISION} 日的异议期限` };
  }
  return { kind: null, reason: '尚未公示或作出决定，暂不能提出异议' };
}

export async function withdraw(deps: ResidentDeps, session: ResidentSession, id: number, reason: string | undefined): Promise<ApplicationDetail> {
  const circle = await circleOf(deps, session);
  const row = await visibleRow(deps, session, circle, id);
  const progress = await progressOf(deps, session, row);
  if (progress.status === 'withdrawn' || row.withdrawn_at) throw conflict('RESIDENT_ALREADY_WITHDRAWN', '该申请已撤回');
  if (progress.decided) throw conflict('RESIDENT_ALREADY_DECIDED', '该申请已作出决定，不能撤回；如对决定有异议，可在期限内提出异议');
  const why = reason?.trim() || '申请人在线撤回申请';
  const actor = portalActor(session.residentId);
  if (row.case_id !== null) await withdrawCase(assistanceDeps(deps.ctx), actor, row.case_id, { reason: why });
  if (row.eldercare_id !== null) await withdrawApplication(eldercareDeps(deps.ctx), actor, row.eldercare_id, why);
  await tables(deps).updateTable('residents.applications').set({ withdrawn_at: deps.clock.now() }).where('id', '=', id).execute();
  await recordAct(deps, session, row.person_id, 'resident.application.withdraw', id);
  return detailOf(deps, session, circle, await rowOf(deps, id));
}

/** For uploads and objections: the visible application with its case progress. */
export async function applicationForAct(deps: ResidentDeps, session: ResidentSession, id: number) {
  const circle = await circleOf(deps, session);
  const row = await visibleRow(deps, session, circle, id);
  return { circle, row, progress: await progressOf(deps, session, row) };
}

export async function answerRequest(deps: ResidentDeps, session: ResidentSession, caseId: number, requestSeq: number, files: { id: number; name: string; sha256: string }[]) {
  return answerMaterialRequest(assistanceDeps(deps.ctx), portalActor(session.residentId), caseId, { requestSeq, files });
}
