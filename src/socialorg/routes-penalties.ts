/** Routes of penalties and of other departments' and courts' batches (penalties.ts, imports.ts). */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import type { SocialorgDeps } from './deps.js';
import { importBatch, listBatches } from './imports.js';
import { PAGE_MAX, PageQuery } from './keyset.js';
import { PENALTY_KINDS } from './model.js';
import { addPenalty, listPenalties, markCarriedOut, type PenaltyView } from './penalties.js';
import { DateString, Enum, errors, tags } from './schemas.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const PenaltySchema = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  creditCode: Type.Union([Type.String(), Type.Null()]),
  kind: Enum(PENALTY_KINDS),
  kindName: Type.String(),
  amountFen: Type.Integer({ description: '金额（分）' }),
  basis: Type.String(),
  department: Type.String(),
  decisionNo: Type.String(),
  decidedOn: DateString,
  carriedOutOn: Type.Union([DateString, Type.Null()]),
  batchId: Type.Union([Type.String(), Type.Null()]),
  recordedOn: DateString,
});

const PenaltyBody = Type.Object({
  kind: Enum(PENALTY_KINDS),
  amountFen: Type.Optional(Type.Integer({ minimum: 0, description: '罚没金额（分）' })),
  basis: Type.String({ minLength: 1, maxLength: 500 }),
  department: Type.Optional(Type.String({ maxLength: 100 })),
  decisionNo: Type.String({ minLength: 1, maxLength: 100 }),
  decidedOn: DateString,
  carriedOutOn: Type.Optional(DateString),
});

export const ReceiptSchema = Type.Object({
  source: Enum(['penalty', 'court'] as const),
  batchId: Type.String(),
  department: Type.String(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer({ description: '已记录过的处罚决定或案号' }),
  rejected: Type.Integer(),
  listed: Type.Integer({ description: '因此列入名录的条数' }),
  errors: Type.Array(Type.Object({ row: Type.Integer(), field: Type.String(), message: Type.String() })),
  replayed: Type.Boolean({ description: '同一批次重复报送：返回首次的回执，未作任何改动' }),
  importedAt: Type.String(),
});

const BatchBody = Type.Object({
  batchId: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
  format: Enum(['csv', 'ndjson'] as const),
  department: Type.String({ minLength: 1, maxLength: 100 }),
  content: Type.String({ maxLength: 1_000_000, description: '文件内容（UTF-8；CSV 首行为字段名）' }),
});

const PENALTIES: LedgerDefinition<PenaltyView> = {
  list: 'socialorg.penalties',
  title: '社会组织行政处罚台账',
  personal: false,
  columns: [
    { header: '社会组织', width: 36, value: (r) => r.organisationName },
    { header: '统一社会信用代码', width: 22, value: (r) => r.creditCode },
    { header: '处罚种类', value: (r) => r.kindName },
    { header: '罚没金额（元）', kind: 'fen', value: (r) => r.amountFen },
    { header: '作出部门', width: 24, value: (r) => r.department },
    { header: '决定书文号', width: 28, value: (r) => r.decisionNo },
    { header: '决定日期', kind: 'date', value: (r) => r.decidedOn },
    { header: '依据', width: 40, value: (r) => r.basis },
    { header: '执行完毕日期', kind: 'date', value: (r) => r.carriedOutOn },
    { header: '导入批次', width: 20, value: (r) => r.batchId },
  ],
};

export async function socialorgPenaltyRoutes(app: AppInstance, deps: SocialorgDeps): Promise<void> {
  app.get(
    '/socialorg/penalties',
    {
      schema: {
        tags,
        summary: '行政处罚记录（本登记管理机关管辖的社会组织）',
        security: bearer,
        description: '按决定日期从新到旧分页（键集分页：以上一页的 nextCursor 续读，无上限）',
        querystring: Type.Object({ organisationId: Type.Optional(Type.Integer({ minimum: 1 })), ...PageQuery }),
        response: { 200: Type.Object({ items: Type.Array(PenaltySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errors },
      },
    },
    async (request) => listPenalties(deps, actorOf(request), request.query),
  );
  app.get('/socialorg/penalties/export', { config: ledgerRouteConfig, schema: { tags, summary: `导出${PENALTIES.title}（Excel）`, security: bearer, response: { 200: LedgerFile, ...ledgerErrors } } }, async (request, reply) => {
    const actor = ledgerActor(request, PENALTIES);
    return sendLedger(reply, PENALTIES, {
      db: deps.db.kysely.withTables<AccessTables>(),
      actor,
      filters: [],
      rows: pagesOf(undefined, async (cursor: string | undefined) => {
        const page = await listPenalties(deps, actor, { limit: PAGE_MAX, cursor });
        return { items: page.items, next: page.nextCursor };
      }),
    });
  });
  app.post(
    '/socialorg/organisations/:id/penalties',
    { schema: { tags, summary: '记录行政处罚（按种类和金额自动列入活动异常名录或严重违法失信名单）', security: bearer, params: IdParams, body: PenaltyBody, response: { 200: PenaltySchema, ...errors } } },
    async (request) => addPenalty(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/socialorg/penalties/:id/carried-out',
    { schema: { tags, summary: '登记处罚执行完毕', security: bearer, params: IdParams, body: Type.Object({ carriedOutOn: DateString }), response: { 200: PenaltySchema, ...errors } } },
    async (request) => markCarriedOut(deps, actorOf(request), request.params.id, request.body.carriedOutOn),
  );
  app.get('/socialorg/imports', { schema: { tags, summary: '其他部门处罚与法院失信被执行人导入批次及回执', security: bearer, response: { 200: Type.Array(ReceiptSchema), ...errors } } }, async (request) =>
    listBatches(deps, actorOf(request)),
  );
  app.post(
    '/socialorg/imports/penalties',
    { schema: { tags, summary: '导入其他部门的行政处罚（CSV 或 NDJSON；同一批次号可重复报送，不重复记录）', security: bearer, body: BatchBody, response: { 200: ReceiptSchema, ...errors } } },
    async (request) => importBatch(deps, actorOf(request), 'penalty', request.body),
  );
  app.post('/socialorg/imports/court', { schema: { tags, summary: '导入人民法院失信被执行人名单（CSV 或 NDJSON；同一批次号可重复报送）', security: bearer, body: BatchBody, response: { 200: ReceiptSchema, ...errors } } }, async (request) =>
    importBatch(deps, actorOf(request), 'court', request.body),
  );
}
