/** The plan's indicators over HTTP: aggregates for any stats.read user (leaders too); manual entry and freeze by the city admin. */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import { errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { indicatorDeps, type IndicatorDeps } from './deps.js';
import { openDataRoutes } from './routes-open-data.js';
import { DistrictsSchema, DivisionQuery, EnteredSchema, FrozenSchema, HistorySchema, IndicatorListSchema, ManualEntrySchema, ManualInputSchema, MonthQuery, NoParams, tags } from './schemas.js';
import { enterManualValue, freezeMonth, indicatorByDistrict, indicatorHistory, listIndicators, manualEntries, type IndicatorValue } from './values.js';

const fmt = (v: number | null) => (v === null ? '' : String(v));

const TABLE: LedgerDefinition<IndicatorValue> = {
  list: 'indicators.table',
  title: '十四五规划主要指标完成情况',
  personal: false,
  columns: [
    { header: '序号', kind: 'integer', value: (r) => r.no },
    { header: '指标名称', width: 40, value: (r) => r.name },
    { header: '单位', value: (r) => r.unit },
    { header: '属性', value: (r) => r.natureName },
    { header: '2020年基准值', value: (r) => String(r.baseline) },
    { header: '2025年目标值', value: (r) => r.targetText },
    { header: '本期值', value: (r) => fmt(r.value) },
    { header: '分子', value: (r) => fmt(r.numerator) },
    { header: '分母', value: (r) => fmt(r.denominator) },
    { header: '按进度应达', value: (r) => String(r.expected) },
    { header: '状态', value: (r) => r.statusName },
    { header: '取值方式', value: (r) => r.originName },
    { header: '来源', width: 50, value: (r) => r.provenance || r.sourceText },
    { header: '指标定义', width: 50, value: (r) => r.formula },
  ],
};

export async function indicatorRoutes(app: AppInstance, ctx: AppContext, deps: IndicatorDeps = indicatorDeps(ctx)): Promise<void> {
  openDataRoutes(app, deps);
  app.get(
    '/indicators',
    {
      schema: {
        tags,
        summary: '“十四五”规划 15 项主要指标：本期值、目标、进度状态与来源（全市或某区）',
        security: bearer,
        querystring: Type.Object({ month: MonthQuery, division: DivisionQuery }),
        response: { 200: IndicatorListSchema, ...errorResponses },
      },
    },
    async (request) => listIndicators(deps, actorOf(request), request.query),
  );
  app.get(
    '/indicators/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出规划指标完成情况（Excel）',
        security: bearer,
        querystring: Type.Object({ month: MonthQuery, division: DivisionQuery, purpose: Type.Optional(PurposeField) }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, TABLE);
      const table = await listIndicators(deps, actor, request.query);
      return sendLedger(reply, TABLE, {
        db: deps.db.kysely.withTables<AccessTables>(),
        actor,
        purpose: request.query.purpose,
        filters: [
          { label: '月份', value: table.month },
          { label: '区划', value: table.divisionCode },
        ],
        rows: table.items,
      });
    },
  );
  app.get(
    '/indicators/:no/districts',
    { schema: { tags, summary: '某项指标分区情况（目标为全市目标）', security: bearer, params: NoParams, querystring: Type.Object({ month: MonthQuery }), response: { 200: DistrictsSchema, ...errorResponses } } },
    async (request) => indicatorByDistrict(deps, actorOf(request), request.params.no, request.query),
  );
  app.get(
    '/indicators/:no/history',
    { schema: { tags, summary: '某项指标逐月历史（自 2020 年 12 月基准起）', security: bearer, params: NoParams, querystring: Type.Object({ to: MonthQuery, division: DivisionQuery }), response: { 200: HistorySchema, ...errorResponses } } },
    async (request) => indicatorHistory(deps, actorOf(request), request.params.no, request.query),
  );
  app.get('/indicators/:no/values', { schema: { tags, summary: '某项指标的人工填报记录（含更正关系）', security: bearer, params: NoParams, response: { 200: Type.Array(ManualEntrySchema), ...errorResponses } } }, async (request) =>
    manualEntries(deps, actorOf(request), request.params.no),
  );
  app.post(
    '/indicators/:no/values',
    { schema: { tags, summary: '人工填报指标值（比率填分子分母；同月再填即为更正）', security: bearer, params: NoParams, body: ManualInputSchema, response: { 201: EnteredSchema, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await enterManualValue(deps, actorOf(request), request.params.no, request.body)),
  );
  app.post(
    '/indicators/months/:month/freeze',
    { schema: { tags, summary: '月末冻结：按当月数据固化各项指标值及其输入', security: bearer, params: Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }) }), response: { 200: FrozenSchema, ...errorResponses } } },
    async (request) => freezeMonth(deps, actorOf(request), request.params.month),
  );
}
