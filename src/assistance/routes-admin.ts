/** Routes for the district's work on many cases: payment runs and bank files, reviews, sampling, integrity, settings. */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer, requireStepUp } from '../http/auth.js';
import { exportBankFile } from './bank-export.js';
import type { AssistanceDeps } from './deps.js';
import { listRuns } from './ledger.js';
import { runPayments } from './payments.js';
import { fileRelative, listRelatives } from './relatives.js';
import { reviewsDue } from './reviews.js';
import { drawMonthlySample, getSample } from './sampling.js';
import { assistanceErrors, DateString, DueReviewSchema, IdParams, MonthString, RelationSchema, RelativeSchema, RunSummarySchema, SampleSchema, SettingSchema } from './schemas.js';
import { listSettings, updateSetting } from './settings.js';
import { tables } from './deps.js';
import { hasPermission, requirePermission } from '../access/index.js';

const tags = ['assistance'];
const DistrictCode = Type.String({ pattern: '^\\d{6}(\\d{6})?$', description: '区级区划代码（6 位或 12 位）' });

export async function adminRoutes(app: AppInstance, deps: AssistanceDeps): Promise<void> {
  app.post(
    '/assistance/payment-runs',
    {
      schema: {
        tags,
        summary: '按区运行月度发放（幂等：重复运行或中断后重跑不会重复发放）',
        security: bearer,
        body: Type.Object({ districtCode: DistrictCode, month: MonthString }),
        response: { 200: RunSummarySchema, ...assistanceErrors },
      },
    },
    async (request) => runPayments(deps, actorOf(request), request.body.districtCode, request.body.month),
  );

  app.get(
    '/assistance/payment-runs',
    { schema: { tags, summary: '发放批次列表', security: bearer, querystring: Type.Object({ districtCode: DistrictCode }), response: { 200: Type.Array(RunSummarySchema), ...assistanceErrors } } },
    async (request) => listRuns(deps, actorOf(request), request.query.districtCode),
  );

  app.get(
    '/assistance/payment-runs/:id/export',
    {
      schema: {
        tags,
        summary: '银行代发文件（CSV 或 Excel），合计与台账核对一致方可导出；须注明用途，且须在近期验证过动态口令（否则 401 STEP_UP_REQUIRED）',
        security: bearer,
        params: IdParams,
        querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])), purpose: Type.String({ minLength: 2, maxLength: 200, description: '导出用途（记入审计）' }) }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'CSV（UTF-8）或 Excel 文件' }), ...assistanceErrors },
      },
    },
    async (request, reply) => {
      const file = await exportBankFile(deps, requireStepUp(request), request.params.id, request.query.format ?? 'csv', request.query.purpose);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-total-fen', String(file.totalFen))
        .header('x-line-count', String(file.count))
        .send(file.body);
    },
  );

  app.get(
    '/assistance/reviews/due',
    {
      schema: {
        tags,
        summary: '到期复核清单（按街镇）',
        security: bearer,
        querystring: Type.Object({ division: Type.Optional(Type.String()), until: Type.Optional(DateString), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: Type.Object({ items: Type.Array(DueReviewSchema), total: Type.Integer() }), ...assistanceErrors },
      },
    },
    async (request) => reviewsDue(deps, actorOf(request), request.query),
  );

  app.post(
    '/assistance/samples',
    { schema: { tags, summary: '每月系统抽查（按区、按月，种子确定，可复现）并复算', security: bearer, body: Type.Object({ districtCode: DistrictCode, month: MonthString }), response: { 200: SampleSchema, ...assistanceErrors } } },
    async (request) => drawMonthlySample(deps, actorOf(request), request.body.districtCode, request.body.month),
  );

  app.get('/assistance/samples/:id', { schema: { tags, summary: '抽查报告', security: bearer, params: IdParams, response: { 200: SampleSchema, ...assistanceErrors } } }, async (request) =>
    getSample(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/assistance/staff-relatives',
    {
      schema: {
        tags,
        summary: '经办人员近亲属备案（本人备案，或由区纪检/审计人员代为备案）',
        security: bearer,
        body: Type.Object({ staffUserId: Type.Optional(Type.Integer({ minimum: 1 })), personId: Type.Integer({ minimum: 1 }), relation: RelationSchema }),
        response: { 201: RelativeSchema, ...assistanceErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await fileRelative(tables(deps), actorOf(request), request.body, deps.clock.today())),
  );

  app.get(
    '/assistance/staff-relatives',
    { schema: { tags, summary: '近亲属备案清单', security: bearer, querystring: Type.Object({ staffUserId: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: Type.Array(RelativeSchema), ...assistanceErrors } } },
    async (request) => listRelatives(tables(deps), actorOf(request), request.query.staffUserId),
  );

  app.get(
    '/assistance/settings',
    { schema: { tags, summary: '救助业务配置：现行值（含未核实标记）与全部取值历史（含未来生效的值）', security: bearer, response: { 200: Type.Array(SettingSchema), ...assistanceErrors } } },
    async (request) => {
      const actor = actorOf(request);
      if (!hasPermission(actor.role, 'assistance.configure')) requirePermission(actor, 'assistance.read');
      return listSettings(tables(deps), deps.clock.today());
    },
  );

  app.put(
    '/assistance/settings/:key',
    {
      schema: {
        tags,
        summary: '修改救助业务配置（市局管理员；自生效日期起适用，默认今天，不得早于今天；原值保留在历史中）',
        security: bearer,
        params: Type.Object({ key: Type.String() }),
        body: Type.Object({ value: Type.Unknown(), verified: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 500 })), from: Type.Optional(DateString) }),
        response: { 200: SettingSchema, ...assistanceErrors },
      },
    },
    async (request) => updateSetting(tables(deps), actorOf(request), request.params.key, request.body, deps.clock.today()),
  );
}
