/** Routes of the advisor's and the street's work: warnings (closed loop), leads (政策找人), grants (免申即享). */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import type { MonitoringDeps } from './deps.js';
import { allowancePaymentFile } from './grant-payments.js';
import { grantAllowances, listGrants } from './grants.js';
import { contactLead, getLead, listLeads, recordLeadOutcome } from './leads.js';
import {
  AssignBody,
  AutoProgrammeSchema,
  CloseBody,
  ContactBody,
  GrantViewSchema,
  HandleBody,
  IdParams,
  LeadDetailSchema,
  LeadListQuery,
  LeadPageSchema,
  LeadReadQuery,
  monitoringErrors,
  MonthString,
  OutcomeBody,
  VisitBody,
  WarningDetailSchema,
  WarningListQuery,
  WarningPageSchema,
} from './schemas.js';
import { assignWarning, closeWarning, handleWarning, recordWarningVisit } from './warning-actions.js';
import { getWarning, listWarnings } from './warning-queries.js';

const warningTags = ['预警闭环'];
const leadTags = ['政策找人'];
const grantTags = ['免申即享'];

export async function workRoutes(app: AppInstance, deps: MonitoringDeps): Promise<void> {
  app.get(
    '/monitoring/warnings',
    { schema: { tags: warningTags, summary: '预警列表（按辖区；可按状态、类型、逾期、派给我筛选）', security: bearer, querystring: WarningListQuery, response: { 200: WarningPageSchema, ...monitoringErrors } } },
    async (request) => listWarnings(deps, actorOf(request), request.query),
  );
  app.get('/monitoring/warnings/:id', { schema: { tags: warningTags, summary: '预警详情与处置记录', security: bearer, params: IdParams, response: { 200: WarningDetailSchema, ...monitoringErrors } } }, async (request) =>
    getWarning(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/monitoring/warnings/:id/assign',
    { schema: { tags: warningTags, summary: '改派（须为辖区覆盖该家庭的顾问或街镇经办人）', security: bearer, params: IdParams, body: AssignBody, response: { 200: WarningDetailSchema, ...monitoringErrors } } },
    async (request) => assignWarning(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/monitoring/warnings/:id/visit',
    { schema: { tags: warningTags, summary: '登记上门核实（日期、情况、照片引用）', security: bearer, params: IdParams, body: VisitBody, response: { 200: WarningDetailSchema, ...monitoringErrors } } },
    async (request) => recordWarningVisit(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/monitoring/warnings/:id/handle',
    { schema: { tags: warningTags, summary: '登记处置（转介救助、转介服务，或无需处置并说明理由）', security: bearer, params: IdParams, body: HandleBody, response: { 200: WarningDetailSchema, ...monitoringErrors } } },
    async (request) => handleWarning(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/monitoring/warnings/:id/close', { schema: { tags: warningTags, summary: '办结', security: bearer, params: IdParams, body: CloseBody, response: { 200: WarningDetailSchema, ...monitoringErrors } } }, async (request) =>
    closeWarning(deps, actorOf(request), request.params.id, request.body),
  );

  app.get('/monitoring/leads', { schema: { tags: leadTags, summary: '政策找人线索列表（按辖区）', security: bearer, querystring: LeadListQuery, response: { 200: LeadPageSchema, ...monitoringErrors } } }, async (request) =>
    listLeads(deps, actorOf(request), request.query),
  );
  app.get(
    '/monitoring/leads/:id',
    {
      schema: {
        tags: leadTags,
        summary: '线索详情（户主、住址、符合条件的项目与理由、跟进记录；非上门角色查看完整姓名住址须填写目的，全程审计）',
        security: bearer,
        params: IdParams,
        querystring: LeadReadQuery,
        response: { 200: LeadDetailSchema, ...monitoringErrors },
      },
    },
    async (request) => getLead(deps, actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/monitoring/leads/:id/contact',
    { schema: { tags: leadTags, summary: '登记联系情况（上门、电话）', security: bearer, params: IdParams, body: ContactBody, response: { 200: LeadDetailSchema, ...monitoringErrors } } },
    async (request) => contactLead(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/monitoring/leads/:id/outcome',
    { schema: { tags: leadTags, summary: '登记结果：已申请、本人放弃、核实后不符合', security: bearer, params: IdParams, body: OutcomeBody, response: { 200: LeadDetailSchema, ...monitoringErrors } } },
    async (request) => recordLeadOutcome(deps, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/monitoring/grants/runs',
    {
      schema: {
        tags: grantTags,
        summary: '老年综合津贴按月免申即享（年满 65 周岁当月起）',
        security: bearer,
        body: Type.Object({ month: MonthString, divisionCode: Type.Optional(Type.String()) }),
        response: { 200: Type.Object({ month: Type.String(), candidates: Type.Integer(), granted: Type.Integer() }), ...monitoringErrors },
      },
    },
    async (request) => grantAllowances(deps, actorOf(request), request.body.month, request.body.divisionCode),
  );
  app.get(
    '/monitoring/grants',
    {
      schema: {
        tags: grantTags,
        summary: '免申即享发放对象及每次发放、停发的理由',
        security: bearer,
        querystring: Type.Object({
          programme: Type.Optional(AutoProgrammeSchema),
          status: Type.Optional(Type.Unsafe<'active' | 'stopped'>({ type: 'string', enum: ['active', 'stopped'] })),
          personId: Type.Optional(Type.Integer({ minimum: 1 })),
          division: Type.Optional(Type.String()),
          cursor: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(GrantViewSchema), nextCursor: Type.Union([Type.Integer(), Type.Null()]) }), ...monitoringErrors },
      },
    },
    async (request) => listGrants(deps, actorOf(request), request.query),
  );
  app.get(
    '/monitoring/grants/payments/:month',
    {
      schema: {
        tags: grantTags,
        summary: '按区生成当月免申即享津贴发放文件（CSV；每人每月只发一次，重复生成内容不变）',
        security: bearer,
        params: Type.Object({ month: MonthString }),
        querystring: Type.Object({ divisionCode: Type.String({ description: '区级区划代码' }) }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'CSV 发放文件' }), ...monitoringErrors },
      },
    },
    async (request, reply) => {
      const file = await allowancePaymentFile(deps, actorOf(request), { month: request.params.month, divisionCode: request.query.divisionCode });
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .header('x-payment-count', String(file.count))
        .header('x-payment-total-fen', String(file.totalFen))
        .send(file.body);
    },
  );
}
