/** Divisions with history over HTTP: change orders and the 12-digit list import (community.divisions.manage), counts as on a date and history (stats.read). */
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import type { AppInstance } from '../http/types.js';
import { divisionCounts, divisionHistory, listDivisionOrders } from './division-history.js';
import { importCommitteeList } from './division-import.js';
import { issueDivisionOrder, ORDER_KINDS } from './divisions.js';
import type { CommunityDeps } from './roster.js';

const tags = ['基层治理'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const Code = Type.String({ maxLength: 20, description: '12 位统计用区划代码' });
const NewDivision = Type.Object({ code: Code, name: Type.Optional(Type.String({ maxLength: 60 })), kind: Type.Optional(Type.String({ maxLength: 10, description: '街道、镇、乡、居委会、村委会' })) });
const Named = Type.Object({ code: Type.String(), name: Type.String() });

const OrderBody = Type.Object({
  kind: Type.Unsafe<(typeof ORDER_KINDS)[number]>({ type: 'string', enum: [...ORDER_KINDS], description: 'establish 设立、split 拆分、merge 合并、transfer 调整隶属' }),
  approvalNumber: Type.String({ maxLength: 100, description: '批准文号' }),
  reason: Type.String({ maxLength: 1000 }),
  effectiveOn: Type.String({ maxLength: 10, description: '生效日期（不晚于今天，须晚于所涉区划的设立日期）' }),
  from: Type.Optional(Code),
  sources: Type.Optional(Type.Array(Code, { maxItems: 50 })),
  target: Type.Optional(NewDivision),
  into: Type.Optional(
    Type.Array(
      Type.Object({ code: Code, name: Type.Optional(Type.String({ maxLength: 60 })), kind: Type.Optional(Type.String({ maxLength: 10 })), householdIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 20000 })) }),
      { maxItems: 20 },
    ),
  ),
  closeSource: Type.Optional(Type.Boolean({ description: '拆分后原居村委会撤销，未列出的户划入第一个新居村委会' })),
});
const OrderOutcome = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  kindName: Type.String(),
  approvalNumber: Type.String(),
  reason: Type.String(),
  effectiveOn: DateText,
  opened: Type.Array(Named),
  closed: Type.Array(Named),
  moved: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), households: Type.Integer(), persons: Type.Integer() })),
});
const OrderSummary = Type.Object({ id: Type.Integer(), kind: Type.String(), kindName: Type.String(), approvalNumber: Type.String(), reason: Type.String(), effectiveOn: DateText, detail: Type.Unknown() });
const Count = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), households: Type.Integer(), persons: Type.Integer() });
const Counts = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String(), households: Type.Integer(), persons: Type.Integer(), on: DateText, children: Type.Array(Count) });
const History = Type.Object({
  code: Type.String(),
  rows: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), parentCode: Nullable(Type.String()), validFrom: DateText, validTo: Nullable(DateText) })),
  orders: Type.Array(OrderSummary),
});
const ImportBody = Type.Object({
  effectiveOn: Type.String({ maxLength: 10, description: '清单日期' }),
  source: Type.String({ maxLength: 100, description: '清单来源，如“国家统计局 2024 年统计用区划代码”' }),
  text: Type.String({ maxLength: 2_000_000, description: '每行“12 位代码,名称[,类别]”，可有表头' }),
});
const ImportOutcome = Type.Object({
  orderId: Nullable(Type.Integer()),
  lines: Type.Integer(),
  added: Type.Integer(),
  renamed: Type.Integer(),
  unchanged: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), code: Type.String(), message: Type.String() })),
  missing: Type.Array(Named),
});
const CodeQuery = Type.Object({ code: Code, on: Type.Optional(Type.String({ maxLength: 10, description: '截至日期，默认今天' })) });

export function divisionRoutes(app: AppInstance, ctx: AppContext, deps: CommunityDeps): void {
  app.post(
    '/community/division-orders',
    { schema: { tags, summary: '登记区划变更令（设立、拆分、合并、调整隶属），所涉户和人员同时迁至新代码', security: bearer, body: OrderBody, response: { 201: OrderOutcome, ...errorResponses } } },
    async (request, reply) => reply.status(201).send(await issueDivisionOrder(deps, actorOf(request), request.body)),
  );
  app.get('/community/division-orders', { schema: { tags, summary: '辖区内的区划变更令（最近 200 条）', security: bearer, response: { 200: Type.Object({ items: Type.Array(OrderSummary) }), ...errorResponses } } }, async (request) => ({
    items: await listDivisionOrders(deps, actorOf(request)),
  }));
  app.post(
    '/community/divisions/import',
    { schema: { tags, summary: '导入 12 位居村委会代码清单（逐行核对上级街镇；错误行列出，正确行入库；清单外的现有居村委会列出待处理）', security: bearer, body: ImportBody, response: { 200: ImportOutcome, ...errorResponses } } },
    async (request) => importCommitteeList(deps, actorOf(request), request.body),
  );
  app.get('/community/divisions/counts', { schema: { tags, summary: '某日的户数和常住人数（区划及其下级，按当日的区划归属）', security: bearer, querystring: CodeQuery, response: { 200: Counts, ...errorResponses } } }, async (request) =>
    divisionCounts(deps, actorOf(request), request.query.code, request.query.on),
  );
  app.get(
    '/community/divisions/history',
    { schema: { tags, summary: '区划沿革：各时期名称与隶属，涉及的变更令', security: bearer, querystring: Type.Object({ code: Code }), response: { 200: History, ...errorResponses } } },
    async (request) => divisionHistory(deps, actorOf(request), request.query.code),
  );
  void ctx;
}
