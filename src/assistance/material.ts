/**
 * 补充材料: the caseworker asks the applicant for material the registry does not hold; the applicant answers
 * online (the residents' end) with files it stores. Both are actions in the case log, so the request and its
 * answer show in the case history; the request is also an event, so the applicant's inbox hears of it.
 */
import type { Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, notFound, type IsoDate } from '../kernel/index.js';
import { appendAction, loadLog, lockCase, logged } from './case-log.js';
import { act, requireReason } from './cases.js';
import { tables, type AssistanceDeps } from './deps.js';
import type { CaseAction, CaseDetail } from './model.js';
import { caseDetail } from './queries.js';
import { assertTransition, reduceCase } from './states.js';

export const MATERIAL_REQUESTED = 'assistance.case.material_requested';

export interface MaterialRequest {
  seq: number;
  requestedAt: string;
  message: string;
  dueOn: IsoDate | null;
  answeredAt: string | null;
  answerSeq: number | null;
}

/** The material requests of a case log, each with its answer (the first `answer_material` naming it). */
export function materialRequests(log: readonly CaseAction[]): MaterialRequest[] {
  return log
    .filter((a) => a.action === 'request_material')
    .map((a) => {
      const answer = log.find((b) => b.action === 'answer_material' && b.payload.requestSeq === a.seq);
      return { seq: a.seq, requestedAt: a.at, message: a.reason ?? '', dueOn: typeof a.payload.dueOn === 'string' ? a.payload.dueOn : null, answeredAt: answer?.at ?? null, answerSeq: answer?.seq ?? null };
    });
}

export function requestMaterial(deps: AssistanceDeps, actor: Actor, caseId: number, input: { message: string; dueOn?: IsoDate }): Promise<CaseDetail> {
  return act(deps, actor, caseId, 'request_material', (c) => {
    const message = requireReason(input.message, '补充材料要求');
    if (input.dueOn !== undefined && (!isValidDate(input.dueOn) || input.dueOn < c.today)) throw invalid('ASSISTANCE_INVALID_DATE', '补充材料期限须为有效日期且不早于今天');
    const seq = c.log.length + 1;
    return {
      reason: message,
      payload: { dueOn: input.dueOn ?? null },
      event: { topic: MATERIAL_REQUESTED, key: String(caseId), payload: { caseId, seq, programme: c.row.programme, applicantPersonId: c.row.applicant_person_id, message, dueOn: input.dueOn ?? null } },
    };
  });
}

/**
 * The applicant's answer, recorded by the residents' end after it has stored the files and checked that the
 * resident may act on this case. `by` names the resident in the log (as the caseworker is named on theirs).
 */
export async function answerMaterialRequest(deps: AssistanceDeps, by: Actor, caseId: number, input: { requestSeq: number; files: { id: number; name: string; sha256: string }[] }): Promise<CaseDetail> {
  const today = deps.clock.today();
  return tables(deps)
    .transaction()
    .execute(async (trx) => {
      const row = await lockCase(trx, caseId);
      if (!row) throw notFound('ASSISTANCE_CASE_NOT_FOUND', `救助案件 ${caseId} 不存在`);
      const log = await loadLog(trx, caseId);
      assertTransition(reduceCase(log.map(logged)).status, 'answer_material');
      const request = materialRequests(log).find((r) => r.seq === input.requestSeq);
      if (!request) throw invalid('ASSISTANCE_UNKNOWN_MATERIAL_REQUEST', `本案件没有编号为 ${input.requestSeq} 的补充材料要求`);
      if (request.answeredAt) throw conflict('ASSISTANCE_MATERIAL_ANSWERED', '该补充材料要求已答复');
      await appendAction(trx, row, log, { action: 'answer_material', actor: by, onDate: today, reason: `申请人在线提交补充材料 ${input.files.length} 份`, payload: { requestSeq: input.requestSeq, files: input.files } });
      return caseDetail(trx, caseId, today, by);
    });
}
