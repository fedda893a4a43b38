/** Routes of the service registry, beds, stays, assessments and figures. */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { allocateBeds } from './allocation.js';
import { facilityBeds } from './beds.js';
import { expiringAssessments, personAssessments, recordAssessment } from './assessments.js';
import type { EldercareDeps } from './deps.js';
import { addBeds, createFacility, getFacility, listFacilities, setPrices } from './facilities.js';
import { eldercareFigures } from './figures.js';
import { DivisionQuery, eldercareErrors, IdParams, Reason, DateString, tags } from './schemas.js';
import { AssessmentBody, AssessmentSchema, BedListQuery, BedSchema, BedsBody, FacilityListQuery, FacilitySchema, FiguresSchema, NewFacilityBody, PricesBody, StaySchema } from './schemas-facilities.js';
import { admit, discharge, facilityResidents } from './stays.js';
import { AllocationSchema } from './schemas-waitlist.js';

export async function facilityRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  app.get(
    '/eldercare/facilities',
    { schema: { tags, summary: '养老服务设施名录（含床位数与占用情况）', security: bearer, querystring: FacilityListQuery, response: { 200: Type.Object({ items: Type.Array(FacilitySchema), total: Type.Integer() }), ...eldercareErrors } } },
    async (request) => listFacilities(deps, actorOf(request), { divisionCode: request.query.division, kind: request.query.kind, q: request.query.q, limit: request.query.limit, offset: request.query.offset }),
  );
  app.post('/eldercare/facilities', { schema: { tags, summary: '登记养老服务设施（可同时登记核定床位与收费标准）', security: bearer, body: NewFacilityBody, response: { 200: FacilitySchema, ...eldercareErrors } } }, async (request) =>
    createFacility(deps, actorOf(request), request.body),
  );
  app.get('/eldercare/facilities/:id', { schema: { tags, summary: '设施详情', security: bearer, params: IdParams, response: { 200: FacilitySchema, ...eldercareErrors } } }, async (request) =>
    getFacility(deps, actorOf(request), request.params.id),
  );
  app.post('/eldercare/facilities/:id/beds', { schema: { tags, summary: '增加核定床位', security: bearer, params: IdParams, body: BedsBody, response: { 200: FacilitySchema, ...eldercareErrors } } }, async (request) =>
    addBeds(deps, actorOf(request), request.params.id, request.body.beds),
  );
  app.put('/eldercare/facilities/:id/prices', { schema: { tags, summary: '设置床位收费标准', security: bearer, params: IdParams, body: PricesBody, response: { 200: FacilitySchema, ...eldercareErrors } } }, async (request) =>
    setPrices(deps, actorOf(request), request.params.id, request.body.prices),
  );
  app.get(
    '/eldercare/facilities/:id/beds',
    { schema: { tags, summary: '设施的床位（床位号、类型、是否保基本、当前状态）', security: bearer, params: IdParams, querystring: BedListQuery, response: { 200: Type.Array(BedSchema), ...eldercareErrors } } },
    async (request) => facilityBeds(deps, actorOf(request), request.params.id, { free: request.query.free }),
  );
  app.get('/eldercare/facilities/:id/residents', { schema: { tags, summary: '在院老人（个人信息，查看记入审计）', security: bearer, params: IdParams, response: { 200: Type.Array(StaySchema), ...eldercareErrors } } }, async (request) =>
    facilityResidents(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/eldercare/stays',
    {
      schema: {
        tags,
        summary: '办理入住（非保基本床位；保基本床位经轮候通知入住）',
        security: bearer,
        body: Type.Object({ bedId: Type.Integer({ minimum: 1 }), personId: Type.Integer({ minimum: 1 }), admittedOn: Type.Optional(DateString) }),
        response: { 200: StaySchema, ...eldercareErrors },
      },
    },
    async (request) => admit(deps, actorOf(request), request.body),
  );
  app.post(
    '/eldercare/stays/:id/discharge',
    {
      schema: {
        tags,
        summary: '办理离院；空出的保基本床位立即通知下一位轮候老人',
        security: bearer,
        params: IdParams,
        body: Type.Object({ dischargedOn: Type.Optional(DateString), reason: Reason }),
        response: { 200: Type.Object({ stay: StaySchema, passedOn: Type.Union([AllocationSchema, Type.Null()]) }), ...eldercareErrors },
      },
    },
    async (request) => discharge(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/eldercare/assessments', { schema: { tags, summary: '录入老年照护统一需求评估结论', security: bearer, body: AssessmentBody, response: { 200: AssessmentSchema, ...eldercareErrors } } }, async (request) =>
    recordAssessment(deps, actorOf(request), request.body),
  );
  app.get('/eldercare/persons/:id/assessments', { schema: { tags, summary: '某位老人的评估记录（最新在前）', security: bearer, params: IdParams, response: { 200: Type.Array(AssessmentSchema), ...eldercareErrors } } }, async (request) =>
    personAssessments(deps, actorOf(request), request.params.id),
  );
  app.get(
    '/eldercare/assessments/expiring',
    {
      schema: {
        tags,
        summary: '评估到期提醒清单（即将到期与已到期）',
        security: bearer,
        querystring: Type.Object({ division: DivisionQuery, state: Type.Optional(Type.Union([Type.Literal('expiring'), Type.Literal('expired'), Type.Literal('all')])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: Type.Object({ on: DateString, noticeDays: Type.Integer(), items: Type.Array(AssessmentSchema) }), ...eldercareErrors },
      },
    },
    async (request) => expiringAssessments(deps, actorOf(request), { divisionCode: request.query.division, state: request.query.state, limit: request.query.limit }),
  );
  app.get(
    '/eldercare/figures',
    {
      schema: {
        tags,
        summary: '养老服务指标：床位按类型与区、护理型床位占比、认知障碍照护床位、轮候人数与等待时间',
        security: bearer,
        querystring: Type.Object({ division: DivisionQuery }),
        response: { 200: FiguresSchema, ...eldercareErrors },
      },
    },
    async (request) => eldercareFigures(deps, actorOf(request), { divisionCode: request.query.division }),
  );
  app.post(
    '/eldercare/allocation/runs',
    { schema: { tags, summary: '立即分配辖区内空出的保基本床位（通常由后台自动执行）', security: bearer, body: Type.Object({ division: DivisionQuery }), response: { 200: AllocationSchema, ...eldercareErrors } } },
    async (request) => allocateBeds(deps, actorOf(request), { divisionCode: request.body.division ?? undefined }),
  );
}
