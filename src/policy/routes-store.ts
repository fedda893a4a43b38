/**
 * HTTP routes of the database-backed policy services: parameter values, screening jobs and stored
 * simulation. Thin: the services validate (Chinese messages, policy codes), authorise and audit; the
 * schemas are for OpenAPI (validatorCompiler accepts the body as is, like the evaluate route).
 */
import { Type } from 'typebox';
import { hasPermission, requirePermission } from '../access/index.js';
import type { AppContext } from '../context.js';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import { invalid } from '../kernel/index.js';
import { activePack } from './active-pack.js';
import { addParameterValue, listParameters, type NewParameterValue } from './parameter-store.js';
import {
  ParameterListingSchema,
  ParameterValueBody,
  ParameterValueCreated,
  ScreenBody,
  ScreenBreakdownSchema,
  ScreenHouseholdPageSchema,
  ScreenResultsPage,
  ScreenRunSchema,
  ScreenStarted,
  SimulateBody,
  SimulationReportSchema,
  type SimulationReportBody,
} from './schemas-store.js';
import { startScreenRun, type ScreenRequest } from './screen-jobs.js';
import { screenLedgerRoutes } from './routes-ledgers.js';
import { screenBreakdown, screenHouseholds } from './screen-drill.js';
import { getScreenRun, listScreenResults } from './screen-queries.js';
import { simulateStored, type SimulateStoredRequest } from './simulate-db.js';
import { policyDb, type PolicyContext } from './store-model.js';

const tags = ['政策引擎'];
const acceptAll = () => (data: unknown) => ({ value: data });
const RunParams = Type.Object({ id: Type.String({ pattern: '^\\d+$' }) });

function runId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id)) throw invalid('POLICY_INVALID_RUN_ID', `任务编号无效：${raw}`);
  return id;
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('POLICY_INVALID_INPUT', '请求体须为 JSON 对象');
  return body as Record<string, unknown>;
}

export async function policyStoreRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const pctx: PolicyContext = { db: ctx.db, databaseUrl: ctx.config.databaseUrl };

  app.get('/policy/parameters', { schema: { tags, summary: '政策参数：全部取值及生效日期、是否已核实、来源', security: bearer, response: { 200: ParameterListingSchema, ...errorResponses } } }, async (request) => {
    // The parameters are public rules, read by whoever calculates one household or simulates a change.
    const actor = actorOf(request);
    if (!hasPermission(actor.role, 'policy.simulate')) requirePermission(actor, 'policy.evaluate');
    return listParameters(policyDb(ctx.db), await activePack());
  });

  app.post(
    '/policy/parameters/:name/values',
    {
      schema: {
        tags,
        summary: '录入参数新值（市局管理员；审计；低保标准低于消费支出 33% 时返回警告）',
        security: bearer,
        params: Type.Object({ name: Type.String() }),
        body: ParameterValueBody,
        response: { 201: ParameterValueCreated, ...errorResponses },
      },
      validatorCompiler: acceptAll,
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const created = await addParameterValue(policyDb(ctx.db), actorOf(request), await activePack(), name, asObject(request.body) as unknown as NewParameterValue);
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/policy/screen',
    { schema: { tags, summary: '发起筛查任务（后台执行，按辖区；返回任务编号供查询进度）', security: bearer, body: ScreenBody, response: { 202: ScreenStarted, ...errorResponses } }, validatorCompiler: acceptAll },
    async (request, reply) => {
      const body = asObject(request.body);
      const id = await startScreenRun(pctx, actorOf(request), body as unknown as ScreenRequest);
      return reply.status(202).send({ runId: id, status: 'queued', poll: `/api/v1/policy/screen/${id}` });
    },
  );

  app.get('/policy/screen/:id', { schema: { tags, summary: '筛查任务状态、进度与分区汇总', security: bearer, params: RunParams, response: { 200: ScreenRunSchema, ...errorResponses } } }, async (request) => {
    return getScreenRun(pctx, actorOf(request), runId((request.params as { id: string }).id));
  });

  app.get(
    '/policy/screen/:id/results',
    {
      schema: {
        tags,
        summary: '筛查结果（符合条件的家庭/成员，分页；仅本人辖区）',
        security: bearer,
        params: RunParams,
        querystring: Type.Object({ programme: Type.Optional(Type.String()), cursor: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: ScreenResultsPage, ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query as { programme?: string; cursor?: string; limit?: number };
      return listScreenResults(pctx, actorOf(request), runId((request.params as { id: string }).id), query);
    },
  );

  app.get(
    '/policy/screen/:id/breakdown',
    {
      schema: {
        tags,
        summary: '筛查结果逐级下钻：市→区→街镇，各下级区划按项目的符合条件户数（仅本人辖区）',
        security: bearer,
        params: RunParams,
        querystring: Type.Object({ division: Type.Optional(Type.String({ description: '区划代码，默认本次筛查与本人辖区中较小者' })) }),
        response: { 200: ScreenBreakdownSchema, ...errorResponses },
      },
    },
    async (request) => screenBreakdown(pctx, actorOf(request), runId((request.params as { id: string }).id), request.query as { division?: string }),
  );

  app.get(
    '/policy/screen/:id/households',
    {
      schema: {
        tags,
        summary: '筛查结果下钻到家庭：某区划内符合条件的家庭（户主姓名脱敏），分页',
        security: bearer,
        params: RunParams,
        querystring: Type.Object({
          division: Type.Optional(Type.String()),
          programme: Type.Optional(Type.String()),
          cursor: Type.Optional(Type.Integer({ minimum: 1, description: '上一页的 nextCursor' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: { 200: ScreenHouseholdPageSchema, ...errorResponses },
      },
    },
    async (request) => screenHouseholds(pctx, actorOf(request), runId((request.params as { id: string }).id), request.query as { division?: string; programme?: string; cursor?: number; limit?: number }),
  );

  await screenLedgerRoutes(app, pctx, RunParams, runId);

  app.post(
    '/policy/simulate',
    {
      schema: { tags, summary: '政策模拟：参数调整对各区覆盖人数与费用的影响（与基线对比，不改动任何结果）', security: bearer, body: SimulateBody, response: { 200: SimulationReportSchema, ...errorResponses } },
      validatorCompiler: acceptAll,
    },
    // The report differs from the schema's type only in `readonly` (ReportMatchesSchema in schemas-store.ts checks it).
    async (request) => (await simulateStored(pctx, actorOf(request), asObject(request.body) as unknown as SimulateStoredRequest)) as SimulationReportBody,
  );
}
