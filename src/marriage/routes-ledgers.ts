/**
 * Excel ledgers (台账) of the registrar's lists — the day's bookings and the divorce applications — and of the
 * figures (no personal data). Same permission and office scope as the lists; written through the shared ledger writer.
 */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import { dayList, type BookingView } from './booking.js';
import { tables, type MarriageDeps } from './deps.js';
import { listDivorces, type DivorceView } from './divorce.js';
import { marriageFigures, type MarriageFigures } from './figures.js';
import { officeById } from './offices.js';
import { DateString, tags } from './schemas.js';

const BOOKING_STATUS: Record<string, string> = { open: '待办理', cancelled: '已取消', no_show: '未到', attended: '已办理' };
const SERVICE: Record<string, string> = { marriage: '结婚登记', divorce: '离婚登记', foreign: '涉外婚姻登记' };
const DIVORCE_STATUS: Record<string, string> = {
  cooling_off: '冷静期内',
  awaiting_registration: '待申领离婚证',
  withdrawn: '已撤回',
  registered: '已登记离婚',
  refused: '不予登记',
  deemed_withdrawn: '视为撤回',
  ended: '婚姻已终止',
  lapsing: '申领期已过',
};

const BOOKINGS: LedgerDefinition<BookingView> = {
  list: 'marriage.bookings',
  title: '婚姻登记预约台账',
  personal: true,
  columns: [
    { header: '日期', kind: 'date', value: (r) => r.day },
    { header: '时段', value: (r) => r.slot },
    { header: '业务', value: (r) => SERVICE[r.service] ?? r.service },
    { header: '一方', value: (r) => r.parties[0]?.name },
    { header: '身份证号码', kind: 'idNumber', width: 22, value: (r) => r.parties[0]?.idNumber },
    { header: '另一方', value: (r) => r.parties[1]?.name },
    { header: '身份证号码', kind: 'idNumber', width: 22, value: (r) => r.parties[1]?.idNumber },
    { header: '方式', value: (r) => (r.channel === 'online' ? '网上预约' : '现场号') },
    { header: '状态', value: (r) => BOOKING_STATUS[r.status] ?? r.status },
  ],
};

const DIVORCES: LedgerDefinition<DivorceView> = {
  list: 'marriage.divorces',
  title: '离婚登记申请台账',
  personal: true,
  columns: [
    { header: '回执号', width: 24, value: (r) => r.receiptNumber },
    { header: '男方', value: (r) => r.husband.name },
    { header: '女方', value: (r) => r.wife.name },
    { header: '受理日期', kind: 'date', value: (r) => r.timeline.receivedOn },
    { header: '冷静期至', kind: 'date', value: (r) => r.timeline.coolingOffLastDay },
    { header: '申领离婚证至', kind: 'date', value: (r) => r.timeline.registrationLastDay },
    { header: '状态', value: (r) => DIVORCE_STATUS[r.status] ?? r.status },
    { header: '剩余天数', kind: 'integer', value: (r) => r.daysLeft },
    { header: '离婚证字号', width: 24, value: (r) => r.certificateNumber },
  ],
};

type FigureRow = MarriageFigures['byMonth'][number];
const FIGURES: LedgerDefinition<FigureRow> = {
  list: 'marriage.figures',
  title: '婚姻登记统计表',
  personal: false,
  columns: [
    { header: '月份', value: (r) => r.month },
    { header: '登记机关', width: 22, value: (r) => r.officeName },
    { header: '结婚登记', kind: 'integer', value: (r) => r.marriages },
    { header: '协议离婚', kind: 'integer', value: (r) => r.divorcesAgreement },
    { header: '判决离婚', kind: 'integer', value: (r) => r.divorcesCourt },
  ],
};

export async function marriageLedgerRoutes(app: AppInstance, deps: MarriageDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  const summary = (title: string) => `导出${title}（Excel；与列表同权限、同登记机关；含个人信息的须注明用途并近期验证身份，导出记入审计）`;
  const OfficeQuery = { officeId: Type.Integer({ minimum: 1 }) };

  app.get(
    '/marriage/bookings/export',
    { config: ledgerRouteConfig, schema: { tags, summary: summary(BOOKINGS.title), security: bearer, querystring: Type.Object({ ...OfficeQuery, day: DateString, purpose: PurposeField }), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, BOOKINGS);
      const rows = await dayList(deps, actor, request.query.officeId, request.query.day);
      const office = await officeById(tables(deps), request.query.officeId);
      return sendLedger(reply, BOOKINGS, {
        db: audit,
        actor,
        purpose: request.query.purpose,
        filters: [
          { label: '登记机关', value: office.name },
          { label: '日期', value: request.query.day },
        ],
        rows,
      });
    },
  );
  app.get(
    '/marriage/divorces/export',
    { config: ledgerRouteConfig, schema: { tags, summary: summary(DIVORCES.title), security: bearer, querystring: Type.Object({ ...OfficeQuery, purpose: PurposeField }), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, DIVORCES);
      const rows = await listDivorces(deps, actor, { officeId: request.query.officeId });
      const office = await officeById(tables(deps), request.query.officeId);
      return sendLedger(reply, DIVORCES, { db: audit, actor, purpose: request.query.purpose, filters: [{ label: '登记机关', value: office.name }], rows });
    },
  );
  app.get(
    '/marriage/figures/export',
    { config: ledgerRouteConfig, schema: { tags, summary: summary(FIGURES.title), security: bearer, querystring: Type.Object({ year: Type.Integer({ minimum: 1950, maximum: 2100 }) }), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, FIGURES);
      const figures = await marriageFigures(deps, actor, request.query.year);
      return sendLedger(reply, FIGURES, { db: audit, actor, filters: [{ label: '年份', value: String(request.query.year) }], rows: figures.byMonth });
    },
  );
}
