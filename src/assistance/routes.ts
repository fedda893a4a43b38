/**
 * HTTP routes of the assistance module. Thin: validate (TypeBox), take the actor, call one service.
 * Built by a factory so a test can give the routes its own clock; the app mounts `assistanceRoutes`.
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../context.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { acceptCase, approveCase, declineCase, recordObjection, recordReview, recordVisit, rejectCase, resolveObjection, resumeCase, startNotice, stopCase, suspendCase, withdrawCase } from './actions.js';
import { adminRoutes } from './routes-admin.js';
import { ledgerRoutes } from './routes-ledgers.js';
import { EmergencyGrantBody, HardshipSchema, temporaryRoutes } from './routes-temporary.js';
import { filePaperwork, grantEmergency, reviewEmergency } from './temporary.js';
import { requestMaterial } from './material.js';
import { adjustPayments, recordRepayment, writeOffOverpayment } from './recovery.js';
import { recoveryRoutes } from './routes-recovery.js';
import { priceRoutes } from './routes-price.js';
import { applyForAssistance } from './cases.js';
import { assistanceDeps, systemClock, type AssistanceDeps, type Clock } from './deps.js';
import type { CaseDetail } from './model.js';
import { htmlToPdf } from './notice-pdf.js';
import { decisionNotice } from './notices.js';
import { casePayments } from './ledger.js';
import { getCase, listCases } from './queries.js';
import { assistanceStats } from './stats.js';
import { ApplyBody, AssistanceStatsSchema, assistanceErrors, CaseDetailSchema, CaseListQuery, CasePageSchema, DateString, FenSchema, IdParams, MonthString, PaymentSchema, ReproductionSchema, VerificationSchema } from './schemas.js';
import { correctFactAndReverify, getVerification, reproduceVerification, verifyCase } from './verification.js';

const tags = ['assistance'];
const Reason = Type.String({ minLength: 1, maxLength: 2000 });
const Note = Type.Optional(Type.String({ maxLength: 2000 }));

type Actor = Parameters<typeof acceptCase>[1];

interface CaseActionRoute {
  path: string;
  summary: string;
  body: TSchema;
  run: (deps: AssistanceDeps, actor: Actor, id: number, body: unknown, params: Record<string, number>) => Promise<CaseDetail>;
}

/** Ties the handler's body type to its schema: Fastify has validated the body against `body` before `run`. */
function action<S extends TSchema>(path: string, summary: string, body: S, run: (deps: AssistanceDeps, actor: Actor, id: number, body: Static<S>, params: Record<string, number>) => Promise<CaseDetail>): CaseActionRoute {
  return { path, summary, body, run: (deps, actor, id, value, params) => run(deps, actor, id, value as Static<S>, params) };
}

/** One entry per action: the OpenAPI document lists each with its own body. */
const caseActions: CaseActionRoute[] = [
  action('accept', '受理（户籍地街镇）', Type.Object({ note: Note }), (d, a, id, b) => acceptCase(d, a, id, b)),
  action('decline', '不予受理', Type.Object({ reason: Reason }), (d, a, id, b) => declineCase(d, a, id, b)),
  action('withdraw', '撤回申请', Type.Object({ reason: Reason }), (d, a, id, b) => withdrawCase(d, a, id, b)),
  action(
    'visit',
    '登记入户调查（临时救助在此提出金额，不超过配置上限）',
    Type.Object({ visitedOn: Type.Optional(DateString), findings: Reason, proposedAmountFen: Type.Optional(FenSchema), hardshipType: Type.Optional(HardshipSchema) }),
    (d, a, id, b) => recordVisit(d, a, id, b),
  ),
  action('public-notice', '开始公示（公示期按配置，默认 7 天）', Type.Object({}), (d, a, id) => startNotice(d, a, id)),
  action('objections', '登记公示异议', Type.Object({ objection: Reason, receivedOn: Type.Optional(DateString) }), (d, a, id, b) => recordObjection(d, a, id, b)),
  action('objections/:seq/resolve', '处理公示异议（核实情况）', Type.Object({ finding: Reason, upheld: Type.Boolean() }), (d, a, id, b, p) => resolveObjection(d, a, id, { ...b, objectionSeq: p.seq })),
  action('approve', '区民政局批准（金额取自最近一次核对；受理人不得审批）', Type.Object({ amountFen: Type.Optional(FenSchema), note: Note }), (d, a, id, b) => approveCase(d, a, id, b)),
  action('reject', '不予批准（须写明理由）', Type.Object({ reasons: Type.Array(Reason, { minItems: 1 }) }), (d, a, id, b) => rejectCase(d, a, id, b)),
  action('suspend', '暂停发放', Type.Object({ reason: Reason }), (d, a, id, b) => suspendCase(d, a, id, b)),
  action('resume', '恢复发放（须在暂停后重新核对；带 backPayFrom 时自该月起逐月补发暂停期间少发的救助金，仅一次）', Type.Object({ note: Note, backPayFrom: Type.Optional(MonthString) }), (d, a, id, b) => resumeCase(d, a, id, b)),
  action('adjustments', '追溯调整发放：自某月起逐月复算应发金额，与已发之差补发或列为多发追回（区民政局）', Type.Object({ fromMonth: MonthString, reason: Reason }), (d, a, id, b) => adjustPayments(d, a, id, b)),
  action(
    'repayments',
    '登记本人退回的多发救助金（凭收据，每张收据登记一次，不超过待追回余额）',
    Type.Object({ amountFen: FenSchema, receiptNo: Type.String({ minLength: 1, maxLength: 40 }), paidOn: Type.Optional(DateString), note: Note }),
    (d, a, id, b) => recordRepayment(d, a, id, b),
  ),
  action('write-offs', '核销无法追回的多发救助金（区民政局审批，受理人不得核销）', Type.Object({ amountFen: FenSchema, reason: Reason }), (d, a, id, b) => writeOffOverpayment(d, a, id, b)),
  action('review', '登记定期复核（须先重新核对）', Type.Object({ findings: Reason }), (d, a, id, b) => recordReview(d, a, id, b)),
  action('material-requests', '要求申请人补充材料（申请人在居民端上传后答复）', Type.Object({ message: Reason, dueOn: Type.Optional(DateString) }), (d, a, id, b) => requestMaterial(d, a, id, b)),
  action('emergency-grant', '先行救助：街镇当场决定并发放（仅急难型临时救助，不超过当场上限）', EmergencyGrantBody, (d, a, id, b) => grantEmergency(d, a, id, b)),
  action('paperwork', '补办先行救助手续（期限按配置，逾期标记）', Type.Object({ summary: Reason }), (d, a, id, b) => filePaperwork(d, a, id, b)),
  action('emergency-review', '先行救助事后审核（区民政局；发放人不得审核）', Type.Object({ confirmed: Type.Boolean(), note: Reason }), (d, a, id, b) => reviewEmergency(d, a, id, b)),
  action('stop', '终止救助', Type.Object({ reason: Reason, effectiveMonth: Type.Optional(MonthString) }), (d, a, id, b) => stopCase(d, a, id, b)),
];

export function createAssistanceRoutes(clock: Clock = systemClock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = assistanceDeps(ctx, clock);

    app.post(
      '/assistance/cases',
      { config: { idempotencyKey: true }, schema: { tags, summary: '提交救助申请（户籍地街镇经办人录入）', security: bearer, body: ApplyBody, response: { 201: CaseDetailSchema, ...assistanceErrors } } },
      async (request, reply) => {
        return reply.status(201).send(await applyForAssistance(deps, actorOf(request), request.body));
      },
    );

    app.get(
      '/assistance/cases',
      { schema: { tags, summary: '救助案件列表（按辖区；可按状态、项目、街镇、逾期筛选，游标分页）', security: bearer, querystring: CaseListQuery, response: { 200: CasePageSchema, ...assistanceErrors } } },
      async (request) => listCases(deps, actorOf(request), request.query),
    );

    app.get('/assistance/cases/:id', { schema: { tags, summary: '案件详情与操作记录', security: bearer, params: IdParams, response: { 200: CaseDetailSchema, ...assistanceErrors } } }, async (request) =>
      getCase(deps, actorOf(request), request.params.id),
    );

    for (const route of caseActions) {
      const params = route.path.includes(':seq') ? Type.Object({ id: Type.Integer({ minimum: 1 }), seq: Type.Integer({ minimum: 1 }) }) : IdParams;
      app.post(
        `/assistance/cases/:id/${route.path}`,
        { config: { idempotencyKey: true }, schema: { tags, summary: route.summary, security: bearer, params, body: route.body, response: { 200: CaseDetailSchema, ...assistanceErrors } } },
        async (request) => {
          const p = request.params as Record<string, number>;
          return route.run(deps, actorOf(request), p.id, request.body, p);
        },
      );
    }

    app.post(
      '/assistance/cases/:id/verify',
      {
        schema: {
          tags,
          summary: '经济状况核对：汇集家庭事实，运行政策引擎，保存可复现的核对报告',
          security: bearer,
          params: IdParams,
          response: { 200: Type.Object({ case: CaseDetailSchema, verification: VerificationSchema }), ...assistanceErrors },
        },
      },
      async (request) => verifyCase(deps, actorOf(request), request.params.id),
    );

    app.post(
      '/assistance/cases/:id/fact-corrections',
      {
        schema: {
          tags,
          summary: '更正家庭事实（登记新事实并注明原因，原记录保留），随后重新核对',
          security: bearer,
          params: IdParams,
          body: Type.Object({
            factId: Type.Integer({ minimum: 1 }),
            amountFen: Type.Optional(Type.Union([FenSchema, Type.Null()])),
            attributes: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
            validFrom: Type.Optional(DateString),
            validTo: Type.Optional(Type.Union([DateString, Type.Null()])),
            reason: Reason,
          }),
          response: { 200: Type.Object({ fact: Type.Unknown(), case: CaseDetailSchema, verification: VerificationSchema }), ...assistanceErrors },
        },
      },
      async (request) => correctFactAndReverify(deps, actorOf(request), request.params.id, request.body),
    );

    app.get('/assistance/cases/:id/payments', { schema: { tags, summary: '案件发放记录', security: bearer, params: IdParams, response: { 200: Type.Array(PaymentSchema), ...assistanceErrors } } }, async (request) =>
      casePayments(deps, actorOf(request), request.params.id),
    );

    app.get(
      '/assistance/cases/:id/decision-notice',
      {
        schema: {
          tags,
          summary: '决定书（批准 / 不予批准 / 终止；含行政复议与行政诉讼告知），HTML 或 PDF',
          security: bearer,
          params: IdParams,
          querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('html'), Type.Literal('pdf')])) }),
          response: { 200: Type.Unsafe<Buffer | string>({ type: 'string', description: '决定书 HTML 或 PDF 文件' }), ...assistanceErrors },
        },
      },
      async (request, reply) => {
        const notice = await decisionNotice(deps, actorOf(request), request.params.id);
        if (request.query.format === 'pdf') {
          const pdf = await htmlToPdf(notice.html);
          return reply
            .header('content-type', 'application/pdf')
            .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${notice.title}-${request.params.id}.pdf`)}`)
            .send(pdf);
        }
        return reply.header('content-type', 'text/html; charset=utf-8').send(notice.html);
      },
    );

    app.get('/assistance/verifications/:id', { schema: { tags, summary: '核对报告', security: bearer, params: IdParams, response: { 200: VerificationSchema, ...assistanceErrors } } }, async (request) =>
      getVerification(deps, actorOf(request), request.params.id),
    );

    app.get(
      '/assistance/verifications/:id/reproduce',
      { schema: { tags, summary: '用报告记录的输入与参数值重新计算，验证结论可复现', security: bearer, params: IdParams, response: { 200: ReproductionSchema, ...assistanceErrors } } },
      async (request) => reproduceVerification(deps, actorOf(request), request.params.id),
    );

    app.get(
      '/assistance/stats',
      {
        schema: {
          tags,
          summary: '救助发放统计：按月、区、项目的户数与金额（驾驶舱）',
          security: bearer,
          querystring: Type.Object({ from: MonthString, to: MonthString, division: Type.Optional(Type.String()) }),
          response: {
            200: AssistanceStatsSchema,
            ...assistanceErrors,
          },
        },
      },
      async (request) => assistanceStats(deps, actorOf(request), request.query),
    );

    await adminRoutes(app, deps);
    await ledgerRoutes(app, deps);
    await temporaryRoutes(app, deps);
    await recoveryRoutes(app, deps);
    await priceRoutes(app, deps);
  };
}

export const assistanceRoutes: RoutesPlugin = createAssistanceRoutes();
