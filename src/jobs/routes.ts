/**
 * 任务中心 over HTTP: the caller's own long jobs. Any signed-in user may list and forget their own jobs (nothing
 * here is anyone else's or personal data: titles and links to the modules, which check their own permissions).
 */
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { forgetMyJob, listMyJobs } from './jobs.js';
import { JOB_KINDS, type JobKind } from './model.js';

const tags = ['任务中心'];

export const JobSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Unsafe<JobKind>({ type: 'string', enum: [...JOB_KINDS], description: 'screen 政策筛查、simulation 政策模拟、import 数据导入、payment-run 发放批次、discovery 政策找人' }),
    moduleJobId: Type.String({ description: '任务在其所属模块中的编号（筛查任务号、导入的 来源:批次号 等）' }),
    title: Type.String(),
    ref: Type.Record(Type.String(), Type.Unknown(), { description: '任务页面据以找回任务的信息（筛查任务号；来源与批次号；模拟请求）' }),
    statusPath: Type.Union([Type.String(), Type.Null()], { description: '查询任务状态与进度的 API 路径；为空表示任务在请求内完成' }),
    resultPath: Type.Union([Type.String(), Type.Null()], { description: '任务结果的 API 路径（如有）' }),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time', description: '最近一次发起的时间' }),
  },
  { $id: 'Job' },
);
export const JobPageSchema = Type.Object({ items: Type.Array(JobSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
const JobListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ description: '上一页的 nextCursor' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: '每页条数，默认 20' })),
});

export async function jobRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get('/jobs', { schema: { tags, summary: '本人发起的长时间任务（筛查、模拟、导入），新的在前，分页', security: bearer, querystring: JobListQuery, response: { 200: JobPageSchema, ...errorResponses } } }, async (request) =>
    listMyJobs(ctx.db, actorOf(request), request.query),
  );

  app.delete(
    '/jobs/:id',
    { schema: { tags, summary: '从任务中心移出（任务本身及其结果不受影响）', security: bearer, params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 204: Type.Null(), ...errorResponses } } },
    async (request, reply) => {
      await forgetMyJob(ctx.db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
