/**
 * 减负 over HTTP: the dated lists (stats.read to read, community.burden.lists to add), requests made of committees
 * and reports of work pushed down (community.read to read, community.burden.record to enter), referral, closing and
 * monitoring points (community.burden.manage), the month's figures per monitoring point (stats.read).
 */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import { errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { type BurdenRequestView, addBurdenEntry, addBurdenPoint, burdenFigures, closeBurdenReport, fileBurdenReport, listBurdenEntries, listBurdenReports, listBurdenRequests, recordBurdenRequest, referBurdenReport } from './burden.js';
import { BURDEN_KINDS } from './model.js';
import type { CommunityDeps } from './roster.js';

const tags = ['基层治理'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const DateInput = Type.String({ maxLength: 10 });
const Division = Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: '辖区内某区、街镇或居村委会的 12 位代码' }));
const Month = Type.Optional(Type.String({ maxLength: 7, description: '月份 YYYY-MM，默认本月' }));
const Kind = Type.Unsafe<(typeof BURDEN_KINDS)[number]>({ type: 'string', enum: [...BURDEN_KINDS], description: 'certificate_allowed 可出具证明、certificate_forbidden 不得出具证明、task_admitted 准入协助事务' });
const RequestKind = Type.Unsafe<'certificate' | 'task'>({ type: 'string', enum: ['certificate', 'task'], description: 'certificate 出具证明、task 协助行政事务' });

/** Shapes the web app takes its types from (web/src/api/community-burden.ts). */
export const BurdenEntrySchema = Type.Object({ id: Type.Integer(), kind: Kind, kindName: Type.String(), name: Type.String(), source: Type.String(), example: Type.Boolean(), validFrom: DateText, validTo: Nullable(DateText) });
const NewEntry = Type.Object({
  kind: Kind,
  name: Type.String({ maxLength: 100 }),
  source: Type.String({ maxLength: 200, description: '清单依据（文件名称、文号）' }),
  example: Type.Optional(Type.Boolean({ description: '示例事项（非正式清单内容）' })),
  validFrom: DateInput,
  validTo: Type.Optional(Nullable(DateInput)),
});
export const BurdenRequestSchema = Type.Object({
  id: Type.Integer(),
  committeeCode: Type.String(),
  committeeName: Type.String(),
  requestedOn: DateText,
  kind: RequestKind,
  subject: Type.String(),
  requestedBy: Type.String(),
  entryId: Nullable(Type.Integer()),
  outcome: Type.String(),
  outcomeName: Type.String(),
  reason: Type.String(),
});
const NewRequest = Type.Object({
  committeeCode: Type.String({ maxLength: 20 }),
  requestedOn: DateInput,
  kind: RequestKind,
  entryId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  subject: Type.Optional(Type.String({ maxLength: 100, description: '不在清单内时填写所请求的内容' })),
  requestedBy: Type.String({ maxLength: 60, description: '提出请求的单位' }),
});
export const BurdenReportSchema = Type.Object({
  id: Type.Integer(),
  committeeCode: Type.String(),
  committeeName: Type.String(),
  reportedOn: DateText,
  pushedBy: Type.String(),
  content: Type.String(),
  status: Type.Unsafe<'received' | 'referred' | 'closed'>({ type: 'string', enum: ['received', 'referred', 'closed'] }),
  statusName: Type.String(),
  referredTo: Nullable(Type.String()),
  referredOn: Nullable(DateText),
  result: Nullable(Type.String()),
  closedOn: Nullable(DateText),
});
const NewReport = Type.Object({ committeeCode: Type.String({ maxLength: 20 }), reportedOn: DateInput, pushedBy: Type.String({ maxLength: 60 }), content: Type.String({ maxLength: 1000 }) });
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Point = Type.Object({ committeeCode: Type.String(), committeeName: Type.String(), since: DateText, source: Type.String() });
const PointFigures = Type.Object({
  committeeCode: Type.String(),
  committeeName: Type.String(),
  since: DateText,
  requests: Type.Integer(),
  refused: Type.Integer(),
  reports: Type.Integer(),
  referred: Type.Integer(),
  closed: Type.Integer(),
});
export const BurdenFiguresSchema = Type.Object({
  month: Type.String(),
  rule: Type.String(),
  points: Type.Array(PointFigures),
  total: Type.Object({ requests: Type.Integer(), refused: Type.Integer(), reports: Type.Integer(), referred: Type.Integer(), closed: Type.Integer() }),
});

const REQUESTS: LedgerDefinition<BurdenRequestView> = {
  list: 'community.burden_requests',
  title: '居村委会证明与协助事务请求台账',
  personal: false,
  columns: [
    { header: '日期', value: (r) => r.requestedOn },
    { header: '居村委会', width: 24, value: (r) => r.committeeName },
    { header: '类别', value: (r) => (r.kind === 'certificate' ? '出具证明' : '协助事务') },
    { header: '请求内容', width: 30, value: (r) => r.subject },
    { header: '提出单位', width: 20, value: (r) => r.requestedBy },
    { header: '结果', value: (r) => r.outcomeName },
    { header: '依据', width: 40, value: (r) => r.reason },
  ],
};

export function burdenRoutes(app: AppInstance, deps: CommunityDeps): void {
  app.get(
    '/community/burden/entries',
    {
      schema: {
        tags,
        summary: '减负清单：可出具证明、不得出具证明、协助行政事务准入清单（某日有效的事项，含依据；示例事项标明）',
        security: bearer,
        querystring: Type.Object({ on: Type.Optional(DateInput), all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(BurdenEntrySchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listBurdenEntries(deps, actorOf(request), request.query) }),
  );
  app.post('/community/burden/entries', { schema: { tags, summary: '减负清单新增事项（市级，注明依据与有效期）', security: bearer, body: NewEntry, response: { 201: BurdenEntrySchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await addBurdenEntry(deps, actorOf(request), request.body)),
  );
  app.get(
    '/community/burden/requests',
    {
      schema: {
        tags,
        summary: '向居村委会提出的出具证明与协助事务请求（当月，辖区内）',
        security: bearer,
        querystring: Type.Object({ month: Month, division: Division }),
        response: { 200: Type.Object({ items: Type.Array(BurdenRequestSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await listBurdenRequests(deps, actorOf(request), request.query) }),
  );
  app.get(
    '/community/burden/requests/export',
    {
      config: ledgerRouteConfig,
      schema: { tags, summary: '导出当月请求台账（Excel）', security: bearer, querystring: Type.Object({ month: Month, division: Division, purpose: Type.Optional(PurposeField) }), response: { 200: LedgerFile, ...ledgerErrors } },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, REQUESTS);
      const rows = await listBurdenRequests(deps, actor, request.query);
      return sendLedger(reply, REQUESTS, { db: deps.db.kysely.withTables<AccessTables>(), actor, purpose: request.query.purpose, filters: [{ label: '月份', value: request.query.month ?? '本月' }], rows });
    },
  );
  app.post(
    '/community/burden/requests',
    { schema: { tags, summary: '登记向居村委会提出的请求：按当日有效清单判定出具、承接或不予出具、不予承接', security: bearer, body: NewRequest, response: { 201: BurdenRequestSchema, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await recordBurdenRequest(deps, actorOf(request), request.body)),
  );
  app.get(
    '/community/burden/reports',
    { schema: { tags, summary: '违规摊派举报（辖区内，未办结在前）', security: bearer, querystring: Type.Object({ division: Division }), response: { 200: Type.Object({ items: Type.Array(BurdenReportSchema) }), ...errorResponses } } },
    async (request) => ({ items: await listBurdenReports(deps, actorOf(request), request.query) }),
  );
  app.post('/community/burden/reports', { schema: { tags, summary: '登记违规摊派举报', security: bearer, body: NewReport, response: { 201: BurdenReportSchema, ...errorResponses } } }, async (request, reply) =>
    reply.status(201).send(await fileBurdenReport(deps, actorOf(request), request.body)),
  );
  app.post(
    '/community/burden/reports/:id/refer',
    { schema: { tags, summary: '移送违规摊派举报', security: bearer, params: Id, body: Type.Object({ referredTo: Type.String({ maxLength: 60 }), referredOn: DateInput }), response: { 200: BurdenReportSchema, ...errorResponses } } },
    async (request) => referBurdenReport(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/community/burden/reports/:id/close',
    {
      schema: {
        tags,
        summary: '违规摊派举报办结（填写办理结果）',
        security: bearer,
        params: Id,
        body: Type.Object({ result: Type.String({ maxLength: 1000 }), closedOn: DateInput }),
        response: { 200: BurdenReportSchema, ...errorResponses },
      },
    },
    async (request) => closeBurdenReport(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/community/burden/points',
    {
      schema: {
        tags,
        summary: '设立居村减负监测点',
        security: bearer,
        body: Type.Object({ committeeCode: Type.String({ maxLength: 20 }), since: DateInput, source: Type.String({ maxLength: 200 }) }),
        response: { 201: Point, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await addBurdenPoint(deps, actorOf(request), request.body)),
  );
  app.get(
    '/community/burden/figures',
    {
      schema: {
        tags,
        summary: '减负监测：各监测点当月的请求、拒绝、举报、移送、办结件数及辖区合计',
        security: bearer,
        querystring: Type.Object({ month: Month, division: Division }),
        response: { 200: BurdenFiguresSchema, ...errorResponses },
      },
    },
    async (request) => burdenFigures(deps, actorOf(request), request.query),
  );
}
