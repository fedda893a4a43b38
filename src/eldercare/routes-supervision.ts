/**
 * HTTP routes of 养老服务“云监管”: inspections and findings, the rectification loop, gradings and quality
 * scores, credit ratings and prepaid-fee reports. Thin: validate, take the actor, call one service.
 * Jurisdiction is the facility's division; `eldercare.supervise` writes, `eldercare.read` reads.
 */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { creditRating, creditRatings } from './credit.js';
import type { EldercareDeps } from './deps.js';
import { getFinding, listFindings } from './findings.js';
import { gradingsOfYear, listFacilityGradings, recordGrading } from './gradings.js';
import { getInspection, listInspections, recordInspection } from './inspections.js';
import { listPrepaidReports, prepaidRisks, recordPrepaidReport } from './prepaid.js';
import { escalateOverdueFindingsAs, extendDeadline, rectifyFinding, reopenFinding, verifyFinding } from './rectification.js';
import { eldercareErrors as errors, IdParams, MonthString } from './schemas.js';
import {
  CreditListSchema,
  CreditQuery,
  CreditSchema,
  ExtendBody,
  FacilityParams,
  FindingDetailSchema,
  FindingPageSchema,
  FindingQuery,
  GradingBody,
  GradingParams,
  GradingSchema,
  InspectionBody,
  InspectionPageSchema,
  InspectionQuery,
  InspectionSchema,
  PrepaidBody,
  PrepaidParams,
  PrepaidRisksSchema,
  PrepaidSchema,
  RecordedGradingSchema,
  RecordedInspectionSchema,
  RecordedPrepaidSchema,
  RectifyBody,
  ReopenBody,
  supervisionTags as tags,
  VerifyBody,
  YearSummarySchema,
} from './supervision-schemas.js';

const base = '/eldercare/supervision';

export async function supervisionRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  app.post(
    `${base}/inspections`,
    { schema: { tags, summary: '登记监督检查及发现的问题（逐项限期整改；同一请求编号重试不重复登记）', security: bearer, body: InspectionBody, response: { 200: RecordedInspectionSchema, ...errors } } },
    async (request) => recordInspection(deps, actorOf(request), request.body),
  );
  app.get(`${base}/inspections`, { schema: { tags, summary: '检查记录列表（按辖区，新者在前）', security: bearer, querystring: InspectionQuery, response: { 200: InspectionPageSchema, ...errors } } }, async (request) =>
    listInspections(deps, actorOf(request), request.query),
  );
  app.get(`${base}/inspections/:id`, { schema: { tags, summary: '检查记录及其发现的问题', security: bearer, params: IdParams, response: { 200: InspectionSchema, ...errors } } }, async (request) =>
    getInspection(deps, actorOf(request), request.params.id),
  );

  app.get(`${base}/findings`, { schema: { tags, summary: '发现问题列表（可按状态、类别、等级、逾期筛选）', security: bearer, querystring: FindingQuery, response: { 200: FindingPageSchema, ...errors } } }, async (request) =>
    listFindings(deps, actorOf(request), request.query),
  );
  app.get(`${base}/findings/:id`, { schema: { tags, summary: '问题详情与整改记录', security: bearer, params: IdParams, response: { 200: FindingDetailSchema, ...errors } } }, async (request) =>
    getFinding(deps, actorOf(request), request.params.id),
  );
  app.post(
    `${base}/findings/:id/rectify`,
    { schema: { tags, summary: '登记整改完成（整改措施、完成日期、材料）', security: bearer, params: IdParams, body: RectifyBody, response: { 200: FindingDetailSchema, ...errors } } },
    async (request) => rectifyFinding(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(`${base}/findings/:id/verify`, { schema: { tags, summary: '复核通过，销号', security: bearer, params: IdParams, body: VerifyBody, response: { 200: FindingDetailSchema, ...errors } } }, async (request) =>
    verifyFinding(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(`${base}/findings/:id/reopen`, { schema: { tags, summary: '复核未通过，重新限期整改', security: bearer, params: IdParams, body: ReopenBody, response: { 200: FindingDetailSchema, ...errors } } }, async (request) =>
    reopenFinding(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(`${base}/findings/:id/extend`, { schema: { tags, summary: '延长整改期限（须说明理由）', security: bearer, params: IdParams, body: ExtendBody, response: { 200: FindingDetailSchema, ...errors } } }, async (request) =>
    extendDeadline(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    `${base}/jobs/escalate-overdue`,
    { schema: { tags, summary: '立即执行逾期未整改问题的升级（通常由后台定时执行）', security: bearer, response: { 200: Type.Object({ escalated: Type.Array(Type.Integer()), more: Type.Boolean() }), ...errors } } },
    async (request) => escalateOverdueFindingsAs(deps, actorOf(request)),
  );

  app.put(
    `${base}/facilities/:id/gradings/:year`,
    { schema: { tags, summary: '登记（或更正）年度等级评定与服务质量监测结果', security: bearer, params: GradingParams, body: GradingBody, response: { 200: RecordedGradingSchema, ...errors } } },
    async (request) => recordGrading(deps, actorOf(request), request.params.id, request.params.year, request.body),
  );
  app.get(`${base}/facilities/:id/gradings`, { schema: { tags, summary: '机构历年等级评定与服务质量监测结果', security: bearer, params: FacilityParams, response: { 200: Type.Array(GradingSchema), ...errors } } }, async (request) =>
    listFacilityGradings(deps, actorOf(request), request.params.id),
  );
  app.get(
    `${base}/gradings`,
    {
      schema: {
        tags,
        summary: '年度服务质量监测与等级评定结果（按辖区汇总）',
        security: bearer,
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), division: Type.Optional(Type.String()) }),
        response: { 200: YearSummarySchema, ...errors },
      },
    },
    async (request) => gradingsOfYear(deps, actorOf(request), request.query.year, request.query.division),
  );

  app.get(`${base}/facilities/:id/credit`, { schema: { tags, summary: '机构信用评价（A/B/C/D，列明每项依据与所用参数）', security: bearer, params: FacilityParams, response: { 200: CreditSchema, ...errors } } }, async (request) =>
    creditRating(deps, actorOf(request), request.params.id),
  );
  app.get(`${base}/credit`, { schema: { tags, summary: '辖区内机构信用评价（差者在前）', security: bearer, querystring: CreditQuery, response: { 200: CreditListSchema, ...errors } } }, async (request) =>
    creditRatings(deps, actorOf(request), request.query),
  );

  app.put(
    `${base}/facilities/:id/prepaid/:month`,
    { schema: { tags, summary: '登记（或更正）机构当月预收费情况（金额单位：分）', security: bearer, params: PrepaidParams, body: PrepaidBody, response: { 200: RecordedPrepaidSchema, ...errors } } },
    async (request) => recordPrepaidReport(deps, actorOf(request), request.params.id, request.params.month, request.body),
  );
  app.get(
    `${base}/facilities/:id/prepaid`,
    {
      schema: {
        tags,
        summary: '机构预收费月报（默认近两年）',
        security: bearer,
        params: FacilityParams,
        querystring: Type.Object({ from: Type.Optional(MonthString), to: Type.Optional(MonthString) }),
        response: { 200: Type.Array(PrepaidSchema), ...errors },
      },
    },
    async (request) => listPrepaidReports(deps, actorOf(request), request.params.id, request.query),
  );
  app.get(
    `${base}/prepaid/risks`,
    { schema: { tags, summary: '预收费资金风险清单（存管资金低于规定比例）', security: bearer, querystring: Type.Object({ month: MonthString, division: Type.Optional(Type.String()) }), response: { 200: PrepaidRisksSchema, ...errors } } },
    async (request) => prepaidRisks(deps, actorOf(request), request.query.month, request.query.division),
  );
}
