/** Routes of the pooled waitlist for basic-guarantee beds (保基本床位统筹轮候). */
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import type { EldercareDeps } from './deps.js';
import { rerankQueueAs } from './jobs.js';
import { acceptOffer, declineOffer } from './offers.js';
import { DateString, eldercareErrors, IdParams, Reason, tags } from './schemas.js';
import { AllocationSchema, ApplicationBody, ApplicationDetailSchema, QueueEntrySchema, QueueQuery } from './schemas-waitlist.js';
import { applyForBed, getApplication, listQueue, withdrawApplication } from './waitlist.js';

export async function waitlistRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  app.post(
    '/eldercare/waitlist/applications',
    { schema: { tags, summary: '受理保基本床位轮候申请（须持有效评估结论）', security: bearer, body: ApplicationBody, response: { 200: ApplicationDetailSchema, ...eldercareErrors } } },
    async (request) => applyForBed(deps, actorOf(request), request.body),
  );
  app.get(
    '/eldercare/waitlist/applications',
    {
      schema: {
        tags,
        summary: '轮候队列（辖区内申请人，按全市统一排序，含全市排位）',
        security: bearer,
        querystring: QueueQuery,
        response: { 200: Type.Object({ items: Type.Array(QueueEntrySchema), total: Type.Integer() }), ...eldercareErrors },
      },
    },
    async (request) => listQueue(deps, actorOf(request), { divisionCode: request.query.division, status: request.query.status, group: request.query.group, limit: request.query.limit, offset: request.query.offset }),
  );
  app.get(
    '/eldercare/waitlist/applications/:id',
    { schema: { tags, summary: '轮候申请详情：排位及其理由（为什么排第 N 位）、床位通知、办理记录', security: bearer, params: IdParams, response: { 200: ApplicationDetailSchema, ...eldercareErrors } } },
    async (request) => getApplication(deps, actorOf(request), request.params.id),
  );
  app.post(
    '/eldercare/waitlist/applications/:id/withdraw',
    { schema: { tags, summary: '撤回轮候申请', security: bearer, params: IdParams, body: Type.Object({ reason: Reason }), response: { 200: ApplicationDetailSchema, ...eldercareErrors } } },
    async (request) => withdrawApplication(deps, actorOf(request), request.params.id, request.body.reason),
  );
  app.post(
    '/eldercare/waitlist/offers/:id/accept',
    { schema: { tags, summary: '接受床位通知并办理入住', security: bearer, params: IdParams, body: Type.Object({ admittedOn: Type.Optional(DateString) }), response: { 200: ApplicationDetailSchema, ...eldercareErrors } } },
    async (request) => acceptOffer(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/eldercare/waitlist/offers/:id/decline',
    {
      schema: {
        tags,
        summary: '放弃床位（须填写原因）；床位立即通知下一位',
        security: bearer,
        params: IdParams,
        body: Type.Object({ reason: Reason }),
        response: { 200: Type.Object({ application: ApplicationDetailSchema, passedOn: AllocationSchema }), ...eldercareErrors },
      },
    },
    async (request) => declineOffer(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/eldercare/waitlist/rerank', { schema: { tags, summary: '按现行参数重新排序轮候队列（通常每日自动执行）', security: bearer, response: { 200: Type.Object({ changed: Type.Integer() }), ...eldercareErrors } } }, async (request) =>
    rerankQueueAs(deps, actorOf(request)),
  );
}
