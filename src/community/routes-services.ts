/**
 * 社区事务受理 over HTTP: service points (community.services.manage), the item catalogue (community.services.catalogue),
 * 办件 imported from 一网通办 (manage) or keyed at the window (community.services.record), and the processing-time
 * figures with their Excel (stats.read: aggregates, no personal data).
 */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import { errorResponses } from '../http/schemas.js';
import { httpLimits } from '../http/limits.js';
import type { AppInstance } from '../http/types.js';
import { CHANNELS, POINT_KINDS } from './model.js';
import type { CommunityDeps } from './roster.js';
import { addServiceItem, addServicePoint, finishServiceCase, importServiceCases, listServiceItems, listServicePoints, recordServiceCase, serviceFigures, type TimeFigures } from './services.js';

const tags = ['基层治理'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Kind = Type.Unsafe<(typeof POINT_KINDS)[number]>({ type: 'string', enum: [...POINT_KINDS], description: 'centre 受理中心、branch 分中心、terminal 自助终端、virtual 远程虚拟窗口' });
const Channel = Type.Unsafe<(typeof CHANNELS)[number]>({ type: 'string', enum: [...CHANNELS], description: 'window 窗口、online 网上、terminal 自助终端、virtual 远程虚拟窗口' });
const Division = Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: '辖区内某区或街镇的 12 位代码' }));

const PointSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Kind,
  kindName: Type.String(),
  streetCode: Type.String(),
  streetName: Type.String(),
  districtCode: Type.String(),
  openedOn: DateText,
  closedOn: Nullable(DateText),
});
const NewPointSchema = Type.Object({
  code: Type.String({ maxLength: 20, description: '所在街镇 12 位代码加 2 位序号' }),
  name: Type.String({ maxLength: 60 }),
  kind: Kind,
  openedOn: Type.String({ maxLength: 10 }),
});
const ItemSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  department: Type.String(),
  channels: Type.Array(Channel),
  channelNames: Type.Array(Type.String()),
  citywide: Type.Boolean({ description: '全市通办' }),
  exemptSubmission: Type.Boolean({ description: '两个免于提交' }),
  limitDays: Type.Integer({ description: '承诺时限（工作日）' }),
  validFrom: DateText,
  validTo: Nullable(DateText),
  source: Type.String(),
});
const NewItemSchema = Type.Object({
  code: Type.String({ maxLength: 20 }),
  name: Type.String({ maxLength: 100 }),
  department: Type.String({ maxLength: 60 }),
  channels: Type.Array(Channel, { minItems: 1, maxItems: 4 }),
  citywide: Type.Boolean(),
  exemptSubmission: Type.Boolean(),
  limitDays: Type.Integer(),
  validFrom: Type.String({ maxLength: 10 }),
  source: Type.String({ maxLength: 200 }),
});
const RowError = Type.Object({ row: Type.Integer(), field: Type.String(), message: Type.String() });
const ReceiptSchema = Type.Object({
  batchId: Type.String(),
  alreadyReceived: Type.Boolean(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer({ description: '办件编号已收到过的正确行（跳过）' }),
  rejected: Type.Integer(),
  errors: Type.Array(RowError),
});
const CaseSchema = Type.Object({
  caseNo: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
  pointCode: Type.String(),
  pointName: Type.String(),
  streetCode: Type.String(),
  districtCode: Type.String(),
  channel: Channel,
  channelName: Type.String(),
  receivedOn: DateText,
  finishedOn: Nullable(DateText),
  workingDays: Nullable(Type.Integer()),
  limitDays: Type.Integer(),
  withinLimit: Nullable(Type.Boolean()),
  rating: Nullable(Type.Integer()),
});
const Rating = Type.Optional(Nullable(Type.Integer({ description: '好差评：5 非常满意、4 满意、3 基本满意、2 不满意、1 非常不满意' })));
const NewCaseSchema = Type.Object({
  caseNo: Type.String({ maxLength: 40 }),
  itemCode: Type.String({ maxLength: 20 }),
  pointCode: Type.String({ maxLength: 20 }),
  channel: Channel,
  receivedOn: Type.String({ maxLength: 10 }),
  finishedOn: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  rating: Rating,
});
const Times = {
  volume: Type.Integer(),
  medianDays: Nullable(Type.Integer()),
  p90Days: Nullable(Type.Integer()),
  withinLimit: Type.Integer(),
  withinLimitPercent: Nullable(Type.Number()),
  rated: Type.Integer(),
  bad: Type.Integer(),
  goodPercent: Nullable(Type.Number()),
};
const Named = Type.Object({ code: Type.String(), name: Type.String(), ...Times });
const FiguresSchema = Type.Object({
  month: Type.String(),
  scope: Type.String(),
  total: Type.Object(Times),
  byItem: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), limitDays: Type.Integer(), ...Times })),
  byPoint: Type.Array(Named),
  byDistrict: Type.Array(Named),
  rule: Type.String(),
});
const MonthQuery = Type.Optional(Type.String({ maxLength: 7, description: '办结月份 YYYY-MM，默认本月' }));

type FigureRow = TimeFigures & { level: string; code: string; name: string; limitDays?: number };
const pct = (v: number | null) => (v === null ? '' : `${v}%`);
const FIGURES: LedgerDefinition<FigureRow> = {
  list: 'community.service_figures',
  title: '社区事务受理办件时效统计',
  personal: false,
  columns: [
    { header: '统计口径', value: (r) => r.level },
    { header: '名称', width: 30, value: (r) => r.name },
    { header: '承诺时限（工作日）', value: (r) => (r.limitDays === undefined ? '' : String(r.limitDays)) },
    { header: '办结件数', kind: 'integer', value: (r) => r.volume },
    { header: '用时中位数（工作日）', value: (r) => (r.medianDays === null ? '' : String(r.medianDays)) },
    { header: '用时P90（工作日）', value: (r) => (r.p90Days === null ? '' : String(r.p90Days)) },
    { header: '时限内办结率', value: (r) => pct(r.withinLimitPercent) },
    { header: '评价件数', kind: 'integer', value: (r) => r.rated },
    { header: '差评件数', kind: 'integer', value: (r) => r.bad },
    { header: '好评率', value: (r) => pct(r.goodPercent) },
  ],
};

export function serviceRoutes(app: AppInstance, ctx: AppContext, deps: CommunityDeps): void {
  app.get(
    '/community/service-points',
    {
      schema: {
        tags,
        summary: '社区事务受理点（受理中心、分中心、自助终端、远程虚拟窗口），辖区内',
        security: bearer,
        querystring: Type.Object({ division: Division }),
        response: { 200: Type.Object({ items: Type.Array(PointSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listServicePoints(deps, actorOf(request), request.query.division) }),
  );
  app.post('/community/service-points', { schema: { tags, summary: '登记受理点（编码为所在街镇代码加 2 位序号）', security: bearer, body: NewPointSchema, response: { 201: PointSchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await addServicePoint(deps, actorOf(request), request.body)),
  );
  app.get(
    '/community/service-items',
    { schema: { tags, summary: '社区事务受理事项目录（部门、渠道、全市通办、两个免于提交、承诺时限）', security: bearer, response: { 200: Type.Object({ items: Type.Array(ItemSchema) }), ...errorResponses } } },
    async (request) => ({
      items: await listServiceItems(deps, actorOf(request)),
    }),
  );
  app.post('/community/service-items', { schema: { tags, summary: '目录新增事项（市级）', security: bearer, body: NewItemSchema, response: { 201: ItemSchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await addServiceItem(deps, actorOf(request), request.body)),
  );
  app.post(
    '/community/service-cases/import',
    {
      bodyLimit: httpLimits(ctx.config).uploadLimitBytes,
      schema: {
        tags,
        summary: '导入一网通办办件批次（同一批次重复发送不重复入库；错误行列出，正确行入库；已收到的办件编号跳过）',
        security: bearer,
        body: Type.Object({ batchId: Type.String({ maxLength: 100 }), format: Type.Union([Type.Literal('csv'), Type.Literal('ndjson')]), content: Type.String() }),
        response: { 200: ReceiptSchema, ...errorResponses },
      },
    },
    async (request) => importServiceCases(deps, actorOf(request), request.body),
  );
  app.post('/community/service-cases', { schema: { tags, summary: '窗口登记办件', security: bearer, body: NewCaseSchema, response: { 201: CaseSchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await recordServiceCase(deps, actorOf(request), request.body)),
  );
  app.post(
    '/community/service-cases/:caseNo/finish',
    {
      schema: {
        tags,
        summary: '办件办结（按工作日计算用时）',
        security: bearer,
        params: Type.Object({ caseNo: Type.String({ maxLength: 40 }) }),
        body: Type.Object({ finishedOn: Type.String({ maxLength: 10 }), rating: Rating }),
        response: { 200: CaseSchema, ...errorResponses },
      },
    },
    async (request) => finishServiceCase(deps, actorOf(request), request.params.caseNo, request.body),
  );
  app.get(
    '/community/service-cases/figures',
    {
      schema: {
        tags,
        summary: '办件时效：按事项、受理点、区的办结件数、用时中位数与 P90（工作日）、时限内办结率、好差评',
        security: bearer,
        querystring: Type.Object({ month: MonthQuery, division: Division }),
        response: { 200: FiguresSchema, ...errorResponses },
      },
    },
    async (request) => serviceFigures(deps, actorOf(request), request.query),
  );
  app.get(
    '/community/service-cases/figures/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出办件时效统计（Excel，不含个人信息）',
        security: bearer,
        querystring: Type.Object({ month: MonthQuery, division: Division, purpose: Type.Optional(PurposeField) }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, FIGURES);
      const f = await serviceFigures(deps, actor, request.query);
      const rows: FigureRow[] = [
        { level: '合计', code: f.scope, name: '合计', ...f.total },
        ...f.byDistrict.map((r) => ({ level: '区', ...r })),
        ...f.byItem.map((r) => ({ level: '事项', ...r })),
        ...f.byPoint.map((r) => ({ level: '受理点', ...r })),
      ];
      return sendLedger(reply, FIGURES, { db: ctx.db.kysely.withTables<AccessTables>(), actor, purpose: request.query.purpose, filters: [{ label: '办结月份', value: f.month }], rows });
    },
  );
}
