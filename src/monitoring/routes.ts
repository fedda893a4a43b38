/**
 * HTTP routes of 低收入人口动态监测. Thin: validate (TypeBox), take the actor, call one service. Built by a
 * factory so a test can give the routes its own clock; the app mounts `monitoringRoutes`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import type { AppInstance, RoutesPlugin } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { httpLimits } from '../http/limits.js';
import { invalid, todayInShanghai } from '../kernel/index.js';
import { monitoringDashboard } from './dashboards.js';
import { monitoringDeps, systemClock, type Clock } from './deps.js';
import { discoveryProgress, runDiscovery, startDiscovery } from './discovery.js';
import { getBatchReceipt } from './ingest-ledger.js';
import { ingestBatch } from './ingest.js';
import { escalateOverdueAs } from './jobs.js';
import { syncPersonIndex } from './person-index.js';
import { listRuleParameters, setRuleParameter } from './rule-settings.js';
import { workRoutes } from './routes-work.js';
import { ledgerRoutes } from './routes-ledgers.js';
import { BatchParams, DashboardSchema, DiscoveryBody, DiscoveryProgressSchema, DiscoveryRunSchema, monitoringErrors, MonthString, ReceiptSchema, RuleBody, RuleParameterSchema } from './schemas.js';

const tags = ['低收入人口动态监测'];
const RAW_TYPES = ['text/csv', 'application/x-ndjson', 'application/ndjson'];

export function createMonitoringRoutes(clock: Clock = systemClock): RoutesPlugin {
  return async (app: AppInstance, ctx: AppContext) => {
    const deps = monitoringDeps(ctx, clock);

    // The department's file is the body as sent (CSV or NDJSON), parsed here only as text: the service reads it row by row.
    await app.register(async (raw) => {
      const scope = raw.withTypeProvider<TypeBoxTypeProvider>();
      scope.addContentTypeParser(RAW_TYPES, { parseAs: 'string', bodyLimit: httpLimits(ctx.config).uploadLimitBytes }, (_request, body, done) => done(null, body));
      scope.post(
        '/monitoring/exchange/:source/batches/:batchId',
        {
          schema: {
            tags,
            summary: '接收部门数据批次（Content-Type: text/csv 或 application/x-ndjson）；同一批次号重发不产生任何变更；错误行逐行报告，其余行照常入库',
            security: bearer,
            params: BatchParams,
            response: { 200: ReceiptSchema, ...monitoringErrors },
          },
        },
        async (request) => {
          const contentType = String(request.headers['content-type'] ?? '');
          if (typeof request.body !== 'string' || !RAW_TYPES.some((t) => contentType.startsWith(t))) {
            throw invalid('MONITORING_UNSUPPORTED_FORMAT', '请以 text/csv 或 application/x-ndjson 上传部门数据文件');
          }
          const format = contentType.startsWith('text/csv') ? 'csv' : 'ndjson';
          return ingestBatch(deps, { source: request.params.source, batchId: request.params.batchId, format, content: request.body }, actorOf(request));
        },
      );
    });

    app.get('/monitoring/exchange/:source/batches/:batchId', { schema: { tags, summary: '批次回执（含错误行）', security: bearer, params: BatchParams, response: { 200: ReceiptSchema, ...monitoringErrors } } }, async (request) =>
      getBatchReceipt(deps, actorOf(request), request.params.source, request.params.batchId),
    );

    app.get('/monitoring/rules', { schema: { tags, summary: '预警规则参数（现行值与历史，含是否已核实）', security: bearer, response: { 200: Type.Array(RuleParameterSchema), ...monitoringErrors } } }, async (request) =>
      listRuleParameters(deps, actorOf(request), todayInShanghai(clock.now())),
    );

    app.put(
      '/monitoring/rules/:name',
      { schema: { tags, summary: '设置预警规则参数的新值（自生效日期起适用）', security: bearer, params: Type.Object({ name: Type.String() }), body: RuleBody, response: { 200: RuleParameterSchema, ...monitoringErrors } } },
      async (request) => setRuleParameter(deps, actorOf(request), request.params.name, request.body),
    );

    app.post(
      '/monitoring/persons/sync',
      {
        schema: {
          tags,
          summary: '从人口库重建监测人员索引（按区划分页读取，每页一条审计记录）',
          security: bearer,
          body: Type.Object({ divisionCode: Type.Optional(Type.String()) }),
          response: { 200: Type.Object({ persons: Type.Integer(), pages: Type.Integer() }), ...monitoringErrors },
        },
      },
      async (request) => syncPersonIndex(deps, actorOf(request), request.body.divisionCode),
    );

    app.post(
      '/monitoring/jobs/escalate',
      { schema: { tags, summary: '立即执行逾期预警升级（通常由后台定时执行）', security: bearer, response: { 200: Type.Object({ escalated: Type.Array(Type.Integer()) }), ...monitoringErrors } } },
      async (request) => escalateOverdueAs(deps, actorOf(request)),
    );

    app.post(
      '/monitoring/discovery/runs',
      { schema: { tags, summary: '政策找人：按月份筛查辖区内全部家庭，生成线索并办理免申即享', security: bearer, body: DiscoveryBody, response: { 200: DiscoveryRunSchema, ...monitoringErrors } } },
      async (request) => runDiscovery(deps, actorOf(request), request.body),
    );

    app.post(
      '/monitoring/discovery/jobs',
      {
        schema: {
          tags,
          summary: '政策找人（后台进行）：立即返回任务进度，记入任务中心；按进度接口查看已核查户数与线索数',
          security: bearer,
          body: DiscoveryBody,
          response: { 202: DiscoveryProgressSchema, ...monitoringErrors },
        },
      },
      async (request, reply) => reply.status(202).send(await startDiscovery(deps, actorOf(request), request.body)),
    );
    app.get(
      '/monitoring/discovery/runs/:id',
      { schema: { tags, summary: '政策找人任务进度（已核查户数/候选户数、线索数）', security: bearer, params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: DiscoveryProgressSchema, ...monitoringErrors } } },
      async (request) => discoveryProgress(deps, actorOf(request), request.params.id),
    );

    app.get(
      '/monitoring/dashboard',
      {
        schema: {
          tags,
          summary: '监测驾驶舱：预警按类型、状态、街镇与逾期统计，政策找人漏斗，免申即享发放',
          security: bearer,
          querystring: Type.Object({ division: Type.Optional(Type.String()), month: Type.Optional(MonthString) }),
          response: { 200: DashboardSchema, ...monitoringErrors },
        },
      },
      async (request) => monitoringDashboard(deps, actorOf(request), request.query),
    );

    await workRoutes(app, deps);
    await ledgerRoutes(app, deps);
  };
}

export const monitoringRoutes: RoutesPlugin = createMonitoringRoutes();
