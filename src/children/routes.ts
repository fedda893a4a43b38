/**
 * HTTP routes of 儿童福利 and 残疾人福利. Thin: validate (TypeBox), take the actor, call one service. Built by a
 * factory so a test can give the routes its own clock.
 */
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { IdVault } from '../registry/index.js';
import { closeCase, decideCase, recheckCase, recordPlan, recordVisit, reviewCase, setGuardian } from './case-actions.js';
import { getCase, listCases, revealChildIdNumber } from './case-views.js';
import { recordSituation, reportChild } from './cases.js';
import { assessProtectionUnit, listProtectionUnits, registerProtectionUnit } from './protection.js';
import { enrolRehabParticipant, leaveRehab, listRehabParticipants, listRehabProviders, registerRehabProvider } from './rehab.js';
import { childrenDeps, systemClock, today, type Clock } from './deps.js';
import { childrenFigures } from './figures.js';
import type { Category } from './model.js';
import * as S from './schemas.js';
import { listSettings, setSetting } from './settings.js';
import { applyForSubsidy, decideSubsidy, listSubsidies, runSubsidyPayments, subsidyFile } from './subsidies.js';
import { appointWorker, listWorkers } from './workers.js';
import { childrenLedgerRoutes } from './routes-ledgers.js';

const t = S.childrenTags;
const d = S.disabilityTags;
const E = S.childrenErrors;
const Ok = Type.Object({ ok: Type.Boolean() });

export function createChildrenRoutes(clock: Clock = systemClock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = childrenDeps(ctx, clock);
    const vault = new IdVault(ctx.config.secretKey);
    const db = () => deps.db.kysely.withTables<import('./model.js').ChildrenTables>();
    const send = (reply: import('fastify').FastifyReply, file: { filename: string; body: Buffer }) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .send(file.body);

    app.get('/children/settings', { schema: { tags: t, summary: '儿童福利与残疾人福利参数（现行值、历史、是否已核实及来源）', security: bearer, response: { 200: Type.Array(S.SettingSchema), ...E } } }, async (request) =>
      listSettings(db(), actorOf(request), today(deps)),
    );
    app.put(
      '/children/settings/:name',
      {
        schema: {
          tags: t,
          summary: '设置参数的新值（自生效日期起适用；仅市局管理员）',
          security: bearer,
          params: Type.Object({ name: Type.String() }),
          body: Type.Object({ from: S.DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 200: S.SettingSchema, ...E },
        },
      },
      async (request) => setSetting(db(), actorOf(request), request.params.name, request.body, today(deps)),
    );

    app.get('/children/workers', { schema: { tags: t, summary: '儿童主任、儿童督导员名册（含培训情况）', security: bearer, response: { 200: Type.Array(S.WorkerSchema), ...E } } }, async (request) => listWorkers(deps, actorOf(request)));
    app.post('/children/workers', { schema: { tags: t, summary: '任命儿童主任（居委）或儿童督导员（街镇）', security: bearer, body: S.WorkerBody, response: { 200: S.WorkerSchema, ...E } } }, async (request) =>
      appointWorker(deps, actorOf(request), request.body),
    );

    app.get('/children/protection-units', { schema: { tags: t, summary: '未成年人保护工作站（街镇）与区未成年人保护机构及其年度达标评定', security: bearer, response: { 200: Type.Array(S.ProtectionUnitSchema), ...E } } }, async (request) =>
      listProtectionUnits(deps, actorOf(request)),
    );
    app.post(
      '/children/protection-units',
      {
        schema: {
          tags: t,
          summary: '登记未成年人保护工作站（按街镇）或区未成年人保护机构（按区）；同一区划同类只能有一个',
          security: bearer,
          body: S.ProtectionUnitBody,
          response: { 201: Type.Object({ unitId: Type.Integer() }), ...E },
        },
      },
      async (request, reply) => reply.status(201).send(await registerProtectionUnit(deps, actorOf(request), request.body)),
    );
    app.post(
      '/children/protection-units/:id/assessments',
      {
        schema: {
          tags: t,
          summary: '市级评定区未成年人保护机构年度是否规范达标（指标 10；每年一次）',
          security: bearer,
          params: S.IdParams,
          body: S.ProtectionAssessmentBody,
          response: { 201: Type.Object({ ok: Type.Boolean() }), ...E },
        },
      },
      async (request, reply) => {
        await assessProtectionUnit(deps, actorOf(request), request.params.id, request.body);
        return reply.status(201).send({ ok: true });
      },
    );

    app.post(
      '/children/situations',
      {
        schema: {
          tags: t,
          summary: '登记父母（或儿童本人）的情形及证据；新的服刑在押、失联等情形为其未成年子女生成报告',
          security: bearer,
          body: S.SituationBody,
          response: { 201: Type.Object({ situationId: Type.Integer(), reportsOpened: Type.Integer() }), ...E },
        },
      },
      async (request, reply) => reply.status(201).send(await recordSituation(deps, actorOf(request), request.body)),
    );

    app.post(
      '/children/cases',
      { schema: { tags: t, summary: '发现报告：为未成年人建立案件（同一儿童只能有一个未结案件）', security: bearer, body: S.ReportBody, response: { 201: Type.Object({ caseId: Type.Integer() }), ...E } } },
      async (request, reply) => reply.status(201).send(await reportChild(deps, actorOf(request), request.body)),
    );
    app.get('/children/cases', { schema: { tags: t, summary: '儿童登记册（逾期走访在前；姓名脱敏）', security: bearer, querystring: S.CaseListQuery, response: { 200: Type.Array(S.CaseListItemSchema), ...E } } }, async (request) =>
      listCases(deps, actorOf(request), request.query),
    );
    app.get('/children/cases/:id', { schema: { tags: t, summary: '儿童案件：时间线、走访、监护、各类别认定条件和基本生活费说明', security: bearer, params: S.IdParams, response: { 200: S.CaseDetailSchema, ...E } } }, async (request) =>
      getCase(deps, actorOf(request), request.params.id),
    );
    app.get(
      '/children/cases/:id/id-number',
      {
        schema: {
          tags: t,
          summary: '查看儿童完整身份证号（须说明目的，全程留痕）',
          security: bearer,
          params: S.IdParams,
          querystring: Type.Object({ purpose: Type.Optional(Type.String()) }),
          response: { 200: Type.Object({ idNumber: Type.String() }), ...E },
        },
      },
      async (request) => revealChildIdNumber(deps, vault, actorOf(request), request.params.id, request.query.purpose),
    );
    app.post(
      '/children/cases/:id/visits',
      { schema: { tags: t, summary: '记录入户走访（儿童主任）', security: bearer, params: S.IdParams, body: S.VisitBody, response: { 201: Type.Object({ visitId: Type.Integer() }), ...E } } },
      async (request, reply) => reply.status(201).send(await recordVisit(deps, actorOf(request), request.params.id, request.body)),
    );
    app.post('/children/cases/:id/review', { schema: { tags: t, summary: '督导复核（儿童督导员）', security: bearer, params: S.IdParams, body: S.ReviewBody, response: { 200: Ok, ...E } } }, async (request) => {
      await reviewCase(deps, actorOf(request), request.params.id, { note: request.body.note, suggested: request.body.suggested });
      return { ok: true };
    });
    app.post(
      '/children/cases/:id/decision',
      { schema: { tags: t, summary: '区级认定类别（不符合条件时 422 并列明未满足的条件）', security: bearer, params: S.IdParams, body: S.DecisionBody, response: { 200: S.DecisionSchema, ...S.decisionErrors } } },
      async (request) => decideCase(deps, actorOf(request), request.params.id, { category: request.body.category as Category }),
    );
    app.post(
      '/children/cases/:id/recheck',
      {
        schema: {
          tags: t,
          summary: '复核（每年一次，父母释放后立即复核）：仍符合条件则定下次复核日期，不再符合则结案并列明未满足的条件',
          security: bearer,
          params: S.IdParams,
          body: S.RecheckBody,
          response: { 200: S.RecheckSchema, ...E },
        },
      },
      async (request) => recheckCase(deps, actorOf(request), request.params.id, request.body),
    );
    app.post('/children/cases/:id/plan', { schema: { tags: t, summary: '一人一策帮扶计划', security: bearer, params: S.IdParams, body: S.PlanBody, response: { 200: Ok, ...E } } }, async (request) => {
      await recordPlan(deps, actorOf(request), request.params.id, request.body);
      return { ok: true };
    });
    app.post(
      '/children/cases/:id/guardians',
      {
        schema: {
          tags: t,
          summary: '登记监护（父母、亲属、委托照护、家庭寄养、民政兜底监护、临时监护；期间不得重叠）',
          security: bearer,
          params: S.IdParams,
          body: S.GuardianBody,
          response: { 201: Type.Object({ guardianshipId: Type.Integer() }), ...E },
        },
      },
      async (request, reply) => reply.status(201).send(await setGuardian(deps, actorOf(request), request.params.id, request.body)),
    );
    app.post('/children/cases/:id/close', { schema: { tags: t, summary: '结案', security: bearer, params: S.IdParams, body: S.CloseBody, response: { 200: Ok, ...E } } }, async (request) => {
      await closeCase(deps, actorOf(request), request.params.id, request.body);
      return { ok: true };
    });

    app.get('/children/figures', { schema: { tags: t, summary: '儿童福利与残疾人福利驾驶舱（小于 5 的单元格显示为 <5）', security: bearer, response: { 200: S.FiguresSchema, ...E } } }, async (request) =>
      childrenFigures(deps, actorOf(request)),
    );

    app.post(
      '/disability/subsidies',
      { schema: { tags: d, summary: '申请两项补贴（街镇受理；同一人同一补贴只能有一个未办结申请）', security: bearer, body: S.SubsidyBody, response: { 201: Type.Object({ subsidyId: Type.Integer() }), ...E } } },
      async (request, reply) => reply.status(201).send(await applyForSubsidy(deps, actorOf(request), request.body)),
    );
    app.get(
      '/disability/subsidies',
      { schema: { tags: d, summary: '两项补贴台账（姓名脱敏）', security: bearer, querystring: Type.Object({ status: Type.Optional(Type.String()) }), response: { 200: Type.Array(S.SubsidySchema), ...E } } },
      async (request) => listSubsidies(deps, actorOf(request), { status: request.query.status as never }),
    );
    app.post(
      '/disability/subsidies/:id/decision',
      { schema: { tags: d, summary: '区级审批两项补贴（双人审核；不符合条件时 422）', security: bearer, params: S.IdParams, response: { 200: S.SubsidyDecisionSchema, ...S.decisionErrors } } },
      async (request) => decideSubsidy(deps, actorOf(request), request.params.id),
    );
    app.post('/disability/subsidies/runs', { schema: { tags: d, summary: '两项补贴按月发放（重复执行不重复发放）', security: bearer, body: S.RunBody, response: { 200: S.RunSchema, ...E } } }, async (request) =>
      runSubsidyPayments(deps, actorOf(request), request.body),
    );

    // 精神障碍社区康复: providers per street, the persons they serve (names masked), coverage in the figures.
    app.get('/disability/rehab/providers', { schema: { tags: d, summary: '精神障碍社区康复服务机构（按街镇；服务人数小于 5 显示为 <5）', security: bearer, response: { 200: Type.Array(S.RehabProviderSchema), ...E } } }, async (request) =>
      listRehabProviders(deps, actorOf(request)),
    );
    app.post(
      '/disability/rehab/providers',
      { schema: { tags: d, summary: '登记精神障碍社区康复服务机构（区级，按街镇登记）', security: bearer, body: S.RehabProviderBody, response: { 201: Type.Object({ providerId: Type.Integer() }), ...E } } },
      async (request, reply) => reply.status(201).send(await registerRehabProvider(deps, actorOf(request), request.body)),
    );
    app.get('/disability/rehab/participants', { schema: { tags: d, summary: '社区康复服务对象（姓名脱敏，不显示地址；查阅记入审计）', security: bearer, response: { 200: Type.Array(S.RehabParticipantSchema), ...E } } }, async (request) =>
      listRehabParticipants(deps, actorOf(request)),
    );
    app.post(
      '/disability/rehab/participants',
      { schema: { tags: d, summary: '登记社区康复服务对象（同一人只能有一个在册记录）', security: bearer, body: S.RehabEnrolBody, response: { 201: Type.Object({ participantId: Type.Integer() }), ...E } } },
      async (request, reply) => reply.status(201).send(await enrolRehabParticipant(deps, actorOf(request), request.body)),
    );
    app.post('/disability/rehab/participants/:id/leave', { schema: { tags: d, summary: '登记退出社区康复服务', security: bearer, params: S.IdParams, body: S.RehabLeaveBody, response: { 200: Ok, ...E } } }, async (request) => {
      await leaveRehab(deps, actorOf(request), request.params.id, request.body);
      return { ok: true };
    });
    await childrenLedgerRoutes(app, deps);
    app.get('/disability/subsidies/file', { schema: { tags: d, summary: '两项补贴发放文件（CSV）', security: bearer, querystring: S.FileQuery, response: { 200: S.CsvFile, ...E } } }, async (request, reply) =>
      send(reply, await subsidyFile(deps, actorOf(request), request.query)),
    );
  };
}

export const childrenRoutes: RoutesPlugin = createChildrenRoutes();
