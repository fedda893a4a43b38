/**
 * HTTP routes of 社会组织与慈善. Thin: validate (TypeBox), take the actor, call one service. Built by a factory
 * so a test can give the routes its own clock. Staff routes need a session; the public register's routes
 * (`/public/socialorg/…`) need none, carry no personal data and are rate-limited per source address.
 */
import { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { concludeAnnualReport, fileAnnualReport, runAnnualListing } from './annual.js';
import { removeEntry, runCreditLists } from './credit-lists.js';
import { socialorgDeps, systemClock, today, type Clock } from './deps.js';
import { socialorgFigures } from './figures.js';
import { importSocialWorkerFigures, listSocialWorkerFigures, MAX_FIGURE_ROWS } from './social-workers.js';
import { PageQuery } from './keyset.js';
import { socialorgLedgerRoutes } from './routes-ledgers.js';
import { socialorgPenaltyRoutes } from './routes-penalties.js';
import { socialorgBulkRoutes } from './routes-bulk.js';
import { socialorgCharityRoutes } from './routes-charity.js';
import { socialorgDeptRoutes } from './routes-dept.js';
import { myOrganisation } from './my-organisation.js';
import { publicCsv, publicOrganisation, publicSearch } from './public.js';
import { getOrganisationDetail, listEntries, listOrganisations } from './queries.js';
import { approveName, checkName, takeStep } from './registration.js';
import {
  AnnualRunSchema,
  ConclusionBody,
  CreditRunSchema,
  DateString,
  DetailSchema,
  Enum,
  EntrySchema,
  errors,
  FiguresSchema,
  GradeRowSchema,
  SocialWorkerFigureSchema,
  NameApplicationBody,
  NameCheckSchema,
  OrganisationPageSchema,
  OrganisationSchema,
  PublicDetailSchema,
  PublicPageSchema,
  PublicQuery,
  publicErrors,
  publicTags,
  ReportBody,
  ReportSchema,
  RunBody,
  SettingSchema,
  EligibilitySchema,
  GradeSchema,
  SpendingCheckSchema,
  StepAction,
  StepBody,
  tags,
} from './schemas.js';
import { listSettings, setSetting } from './settings.js';
import { spendingCheckOf } from './spending-check.js';
import { eligibilityOf, expireGrades, GRADE_STATES, listGrades, recordGrade } from './grades.js';
import { tables } from './deps.js';
import { LISTS, ORG_TYPES, STATUSES } from './model.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
/** The public register's quota per source address (the bulk file is for bulk use). */
const PUBLIC_RATE = { rateLimit: { max: 120, timeWindow: 60_000 } };

export function createSocialorgRoutes(clock: Clock = systemClock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = socialorgDeps(ctx, clock);
    const db = tables(deps);

    app.get('/socialorg/settings', { schema: { tags, summary: '社会组织登记管理参数（现行值与历史，含是否已核实及来源）', security: bearer, response: { 200: Type.Array(SettingSchema), ...errors } } }, async (request) =>
      listSettings(db, actorOf(request), today(deps)),
    );
    app.put(
      '/socialorg/settings/:name',
      {
        schema: {
          tags,
          summary: '设置社会组织参数的新值（自生效日期起适用；仅市局管理员）',
          security: bearer,
          params: Type.Object({ name: Type.String() }),
          body: Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String({ minLength: 1, maxLength: 500 }) }),
          response: { 200: SettingSchema, ...errors },
        },
      },
      async (request) => setSetting(db, actorOf(request), request.params.name, request.body),
    );

    app.post('/socialorg/name-approvals', { schema: { tags, summary: '名称核准：通过名称规则后建立登记档案', security: bearer, body: NameApplicationBody, response: { 200: OrganisationSchema, ...errors } } }, async (request) =>
      approveName(deps, actorOf(request), request.body),
    );
    app.get(
      '/socialorg/organisations',
      {
        schema: {
          tags,
          summary: '本登记管理机关的社会组织（可按名称、类型、状态、区、审查超期筛选）',
          security: bearer,
          querystring: Type.Object({
            q: Type.Optional(Type.String({ maxLength: 50 })),
            orgType: Type.Optional(Enum(ORG_TYPES)),
            status: Type.Optional(Enum(STATUSES)),
            districtCode: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
            overdue: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
          }),
          response: { 200: OrganisationPageSchema, ...errors },
        },
      },
      async (request) => listOrganisations(deps, actorOf(request), request.query),
    );
    app.get('/socialorg/organisations/:id', { schema: { tags, summary: '社会组织登记档案：登记事项、年检、名录', security: bearer, params: IdParams, response: { 200: DetailSchema, ...errors } } }, async (request) =>
      getOrganisationDetail(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/socialorg/organisations/:id/steps/:action',
      {
        schema: {
          tags,
          summary: '办理登记事项（筹备、成立、变更、清算、注销、撤销、慈善组织认定、公开募捐资格）',
          security: bearer,
          params: Type.Object({ id: Type.Integer({ minimum: 1 }), action: StepAction }),
          body: StepBody,
          response: { 200: OrganisationSchema, ...errors },
        },
      },
      async (request) => takeStep(deps, actorOf(request), request.params.id, request.params.action, request.body),
    );
    app.post(
      '/socialorg/organisations/:id/annual-reports/:year/conclusion',
      {
        schema: {
          tags,
          summary: '年检结论（合格、基本合格、不合格；双重管理的须先经业务主管单位初审）',
          security: bearer,
          params: Type.Object({ id: Type.Integer({ minimum: 1 }), year: Type.Integer({ minimum: 1990, maximum: 2999 }) }),
          body: ConclusionBody,
          response: { 200: ReportSchema, ...errors },
        },
      },
      async (request) => concludeAnnualReport(deps, actorOf(request), request.params.id, request.params.year, request.body),
    );
    app.get('/socialorg/my-organisation', { schema: { tags, summary: '本组织的登记信息与年度报告（社会组织工作人员）', security: bearer, response: { 200: DetailSchema, ...errors } } }, async (request) =>
      myOrganisation(deps, actorOf(request)),
    );
    app.post('/socialorg/annual-reports', { schema: { tags, summary: '报送本组织的年度工作报告（社会组织工作人员）', security: bearer, body: ReportBody, response: { 200: ReportSchema, ...errors } } }, async (request) =>
      fileAnnualReport(deps, actorOf(request), request.body),
    );
    app.post('/socialorg/runs/annual-listing', { schema: { tags, summary: '年报截止次日：未按时报送的列入活动异常名录（可重复执行）', security: bearer, body: RunBody, response: { 200: AnnualRunSchema, ...errors } } }, async (request) =>
      runAnnualListing(deps, actorOf(request), request.body.year, request.body.onDate ?? today(deps)),
    );
    app.post(
      '/socialorg/runs/credit',
      { schema: { tags, summary: '信用名录日常处理：异常名录满2年转严重违法失信名单、到期自动移出（可重复执行）', security: bearer, body: Type.Object({ onDate: Type.Optional(DateString) }), response: { 200: CreditRunSchema, ...errors } } },
      async (request) => runCreditLists(deps, actorOf(request), request.body.onDate ?? today(deps)),
    );
    app.get(
      '/socialorg/list-entries',
      {
        schema: {
          tags,
          summary: '活动异常名录与严重违法失信名单',
          security: bearer,
          description: '按列入日期从新到旧分页（键集分页：以上一页的 nextCursor 续读，无上限）',
          querystring: Type.Object({ list: Type.Optional(Enum(LISTS)), open: Type.Optional(Type.Boolean()), ...PageQuery }),
          response: { 200: Type.Object({ items: Type.Array(EntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors },
        },
      },
      async (request) => listEntries(deps, actorOf(request), request.query),
    );
    app.post(
      '/socialorg/list-entries/:id/removal',
      {
        schema: {
          tags,
          summary: '核实后移出名录',
          security: bearer,
          params: IdParams,
          body: Type.Object({ verifiedOn: Type.Optional(DateString), reason: Type.String({ minLength: 1, maxLength: 2000 }) }),
          response: { 200: Type.Intersect([EntrySchema, Type.Object({ removalDue: DateString })]), ...errors },
        },
      },
      async (request) => removeEntry(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/socialorg/figures',
      {
        schema: {
          tags,
          summary: '社会组织统计：数量、新设与注销、参检率与合格率、名录、慈善组织',
          security: bearer,
          querystring: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2999 }) }),
          response: { 200: FiguresSchema, ...errors },
        },
      },
      async (request) => socialorgFigures(deps, actorOf(request), request.query.year),
    );

    app.get('/socialorg/social-worker-figures', { schema: { tags, summary: '持证社会工作者人数（按截至日期导入的全市数字）', security: bearer, response: { 200: Type.Array(SocialWorkerFigureSchema), ...errors } } }, async (request) =>
      listSocialWorkerFigures(deps, actorOf(request)),
    );
    app.post(
      '/socialorg/social-worker-figures',
      {
        schema: {
          tags,
          summary: '导入持证社会工作者人数（每个截至日期一行，注明来源；同一日期再次导入即更正）',
          security: bearer,
          body: Type.Object({ rows: Type.Array(SocialWorkerFigureSchema, { minItems: 1, maxItems: MAX_FIGURE_ROWS }) }),
          response: { 200: Type.Object({ imported: Type.Integer(), figures: Type.Array(SocialWorkerFigureSchema) }), ...errors },
        },
      },
      async (request) => importSocialWorkerFigures(deps, actorOf(request), request.body.rows),
    );

    app.get(
      '/socialorg/organisations/:id/spending-check',
      {
        schema: {
          tags,
          summary: '慈善组织年度支出和管理费用检查（逐项说明）',
          security: bearer,
          params: IdParams,
          querystring: Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2999 }) }),
          response: { 200: SpendingCheckSchema, ...errors },
        },
      },
      async (request) => spendingCheckOf(deps, actorOf(request), request.params.id, request.query.year),
    );
    app.get(
      '/socialorg/organisations/:id/grading-eligibility',
      { schema: { tags, summary: '能否参加等级评估（逐条说明不符合的原因）', security: bearer, params: IdParams, response: { 200: EligibilitySchema, ...errors } } },
      async (request) => eligibilityOf(deps, actorOf(request), request.params.id),
    );
    app.post(
      '/socialorg/organisations/:id/grades',
      {
        schema: {
          tags,
          summary: '记录等级评估结果（1000分制，按分数线评定 1A–5A，有效期5年）',
          security: bearer,
          params: IdParams,
          body: Type.Object({ score: Type.Integer({ minimum: 0, maximum: 1000 }), evaluatedOn: Type.Optional(DateString) }),
          response: { 200: GradeSchema, ...errors },
        },
      },
      async (request) => recordGrade(deps, actorOf(request), request.params.id, request.body),
    );
    app.get(
      '/socialorg/grades',
      {
        schema: {
          tags,
          summary: '等级评估台账（按评估日期从新到旧，键集分页）',
          security: bearer,
          querystring: Type.Object({ state: Type.Optional(Enum(GRADE_STATES)), ...PageQuery }),
          response: { 200: Type.Object({ items: Type.Array(GradeRowSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors },
        },
      },
      async (request) => listGrades(deps, actorOf(request), request.query),
    );
    app.post(
      '/socialorg/runs/grade-expiry',
      { schema: { tags, summary: '评估等级满5年失效（可重复执行）', security: bearer, body: Type.Object({ onDate: Type.Optional(DateString) }), response: { 200: Type.Object({ expired: Type.Integer() }), ...errors } } },
      async (request) => expireGrades(deps, actorOf(request), request.body.onDate ?? today(deps)),
    );
    await socialorgLedgerRoutes(app, deps);
    await socialorgPenaltyRoutes(app, deps);
    await socialorgCharityRoutes(app, deps, PUBLIC_RATE);
    await socialorgBulkRoutes(app, deps, PUBLIC_RATE);
    await socialorgDeptRoutes(app, deps);

    // The public register: no session, no personal data, a quota per source address.
    app.post(
      '/public/socialorg/name-check',
      { config: PUBLIC_RATE, schema: { tags: publicTags, summary: '社会组织名称自助预查（不保存）', body: NameApplicationBody, response: { 200: NameCheckSchema, ...publicErrors } } },
      async (request) => checkName(deps, request.body),
    );
    app.get('/public/socialorg/organisations', { config: PUBLIC_RATE, schema: { tags: publicTags, summary: '社会组织公开查询', querystring: PublicQuery, response: { 200: PublicPageSchema, ...publicErrors } } }, async (request) =>
      publicSearch(deps, request.query),
    );
    app.get(
      '/public/socialorg/organisations/:creditCode',
      {
        config: PUBLIC_RATE,
        schema: { tags: publicTags, summary: '社会组织公开信息：登记事项、年检、财务、名录', params: Type.Object({ creditCode: Type.String({ minLength: 18, maxLength: 18 }) }), response: { 200: PublicDetailSchema, ...publicErrors } },
      },
      async (request) => publicOrganisation(deps, request.params.creditCode),
    );
    app.get(
      '/public/socialorg/export.csv',
      { config: PUBLIC_RATE, schema: { tags: publicTags, summary: '按查询条件下载 CSV（行数与查询结果总数一致）', querystring: PublicQuery, response: { 200: Type.String({ description: 'text/csv' }), ...publicErrors } } },
      async (request, reply) => {
        const { limit: _l, offset: _o, ...filter } = request.query;
        await publicSearch(deps, { ...filter, limit: 1 }); // validates the filter before the first byte is sent
        reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="socialorg-${today(deps)}.csv"`);
        return reply.send(Readable.from(publicCsv(deps, filter)) as never);
      },
    );
  };
}

export const socialorgRoutes: RoutesPlugin = createSocialorgRoutes();
