/** Excel ledgers (台账) of the assistance lists: the same filters and jurisdiction as the list routes, through the shared writer. */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import type { AppInstance } from '../http/types.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, PurposeField, sendLedger, type LedgerColumn, type LedgerDefinition, type LedgerFilter } from '../http/ledger-export.js';
import type { AssistanceDeps } from './deps.js';
import { programmeNames, type CaseSummary } from './model.js';
import { listCases, type CaseFilter } from './queries.js';
import { reviewsDue, type DueReview } from './reviews.js';
import { runLedgerHead, runLedgerPage, type RunLedgerRow } from './run-ledger.js';
import { DateString, IdParams, ProgrammeSchema, StatusSchema } from './schemas.js';
import { statusNames } from './states.js';

const tags = ['assistance'];

const caseColumns: LedgerColumn<CaseSummary>[] = [
  { header: '案件编号', kind: 'integer', value: (c) => c.id },
  { header: '救助项目', width: 24, value: (c) => programmeNames[c.programme] },
  { header: '申请人', value: (c) => c.applicantName },
  { header: '家庭户编号', kind: 'integer', value: (c) => c.householdId },
  { header: '街镇区划', width: 14, value: (c) => c.streetCode },
  { header: '申请日期', kind: 'date', value: (c) => c.appliedOn },
  { header: '状态', value: (c) => c.statusName },
  { header: '月救助金（元）', kind: 'fen', value: (c) => c.amountFen },
  { header: '发放起始月', value: (c) => c.paymentFrom },
  { header: '发放截止月', value: (c) => c.paymentUntil },
  { header: '复核到期日', kind: 'date', value: (c) => c.reviewDue },
  { header: '办理期限', kind: 'date', value: (c) => c.dueOn },
  { header: '是否逾期', kind: 'yesNo', value: (c) => c.overdue },
  { header: '经办人员近亲属', kind: 'yesNo', value: (c) => c.relativeOfStaff },
];

export const CASES_LEDGER: LedgerDefinition<CaseSummary> = { list: 'assistance.cases', title: '救助案件台账', columns: caseColumns, personal: true };

export const REVIEWS_LEDGER: LedgerDefinition<DueReview> = {
  list: 'assistance.reviews.due',
  title: '到期复核台账',
  columns: [...caseColumns.filter((c) => c.header !== '办理期限' && c.header !== '是否逾期'), { header: '逾期天数（负数为剩余天数）', kind: 'integer', value: (r) => r.daysOverdue }],
  personal: true,
};

export const PAYMENTS_LEDGER: LedgerDefinition<RunLedgerRow> = {
  list: 'assistance.payments',
  title: '救助金发放台账',
  columns: [
    { header: '发放月份', value: (r) => r.month },
    { header: '案件编号', kind: 'integer', value: (r) => r.caseId },
    { header: '救助项目', width: 24, value: (r) => programmeNames[r.programme] },
    { header: '申请人', value: (r) => r.applicantName },
    { header: '收款户名', value: (r) => r.payeeName },
    { header: '家庭户编号', kind: 'integer', value: (r) => r.householdId },
    { header: '街镇区划', width: 14, value: (r) => r.streetCode },
    { header: '发放状态', value: (r) => (r.status === 'paid' ? '已发放' : '暂停发放') },
    { header: '发放金额（元）', kind: 'fen', value: (r) => r.amountFen },
    { header: '当月低保标准（元）', kind: 'fen', value: (r) => r.standardFen },
    { header: '说明（暂停原因、补发与抵扣）', width: 40, value: (r) => r.note },
  ],
  personal: true,
};

const PAGE = 200;

export async function ledgerRoutes(app: AppInstance, deps: AssistanceDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();

  app.get(
    '/assistance/cases/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出救助案件台账（Excel；筛选与辖区同列表；须注明用途并近期验证身份，导出记入审计、按人限次）',
        security: bearer,
        querystring: Type.Object({ status: Type.Optional(StatusSchema), programme: Type.Optional(ProgrammeSchema), division: Type.Optional(Type.String({ maxLength: 12 })), overdue: Type.Optional(Type.Boolean()), purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, CASES_LEDGER);
      const { purpose, ...query } = request.query;
      const filter: CaseFilter = { ...query, limit: PAGE };
      // The first page is read before the file starts: a refusal (jurisdiction, bad filter) answers as the list does.
      const first = await listCases(deps, actor, filter);
      const rows = pagesOf<CaseSummary, number>(undefined, async (cursor) => {
        const page = cursor === undefined ? first : await listCases(deps, actor, { ...filter, cursor });
        return { items: page.items, next: page.nextCursor };
      });
      const filters: LedgerFilter[] = [];
      if (query.status) filters.push({ label: '状态', value: statusNames[query.status] });
      if (query.programme) filters.push({ label: '救助项目', value: programmeNames[query.programme] });
      if (query.division) filters.push({ label: '区划', value: query.division });
      if (query.overdue !== undefined) filters.push({ label: '是否逾期', value: query.overdue ? '仅逾期' : '仅未逾期' });
      return sendLedger(reply, CASES_LEDGER, { db: audit, actor, purpose, filters, rows });
    },
  );

  app.get(
    '/assistance/reviews/due/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出到期复核台账（Excel；筛选与辖区同列表；须注明用途并近期验证身份）',
        security: bearer,
        querystring: Type.Object({ division: Type.Optional(Type.String({ maxLength: 12 })), until: Type.Optional(DateString), purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, REVIEWS_LEDGER);
      const { purpose, ...query } = request.query;
      const first = await reviewsDue(deps, actor, { ...query, limit: 500, offset: 0 });
      const rows = pagesOf<DueReview, number>(undefined, async (offset) => {
        const page = offset === undefined ? first : await reviewsDue(deps, actor, { ...query, limit: 500, offset });
        const reached = (offset ?? 0) + page.items.length;
        return { items: page.items, next: reached < page.total ? reached : null };
      });
      const filters: LedgerFilter[] = [];
      if (query.division) filters.push({ label: '区划', value: query.division });
      filters.push({ label: '复核到期截至', value: query.until ?? '今后 30 天内' });
      return sendLedger(reply, REVIEWS_LEDGER, { db: audit, actor, purpose, filters, rows });
    },
  );

  app.get(
    '/assistance/payment-runs/:id/ledger/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: '导出发放批次的救助金发放台账（Excel；已发放与暂停发放的每一笔；权限与辖区同发放批次列表；须注明用途并近期验证身份）',
        security: bearer,
        params: IdParams,
        querystring: Type.Object({ purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, PAYMENTS_LEDGER);
      const { purpose } = request.query;
      const run = await runLedgerHead(deps, actor, request.params.id, purpose);
      const rows = pagesOf<RunLedgerRow, number>(undefined, async (after) => {
        const page = await runLedgerPage(deps, run, after, 500);
        return { items: page.items, next: page.next };
      });
      const filters: LedgerFilter[] = [
        { label: '发放批次', value: String(run.id) },
        { label: '区', value: run.districtCode.slice(0, 6) },
        { label: '发放月份', value: run.month },
      ];
      if (run.status !== 'completed') filters.push({ label: '批次状态', value: '未完成（台账仅含已写入的部分）' });
      return sendLedger(reply, PAYMENTS_LEDGER, { db: audit, actor, purpose, filters, rows });
    },
  );
}
