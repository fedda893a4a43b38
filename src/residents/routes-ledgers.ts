/** The residents' objections ledger (居民异议台账): the caseworker's list as Excel, same filters and jurisdiction. */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, PurposeField, sendLedger, type LedgerDefinition, type LedgerFilter } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import type { ResidentDeps } from './deps.js';
import { objectionStatusNames } from './model.js';
import { staffObjections } from './objections.js';
import { ObjectionStatusSchema, type StaffObjectionSchema } from './schemas.js';

type ObjectionRow = Static<typeof StaffObjectionSchema>;

const OBJECTIONS: LedgerDefinition<ObjectionRow> = {
  list: 'residents.objections',
  title: '居民异议台账',
  personal: true,
  columns: [
    { header: '异议编号', kind: 'integer', value: (r) => r.id },
    { header: '提出人', value: (r) => r.person.nameMasked },
    { header: '身份证号', kind: 'idNumber', width: 22, value: (r) => r.person.idNumberMasked },
    { header: '异议类型', value: (r) => r.kindName },
    { header: '救助案件编号', kind: 'integer', value: (r) => r.caseId },
    { header: '异议理由', width: 40, value: (r) => r.reason },
    { header: '提出时间', kind: 'datetime', width: 18, value: (r) => r.filedAt },
    { header: '答复期限', kind: 'date', value: (r) => r.dueOn },
    { header: '是否逾期', kind: 'yesNo', value: (r) => r.overdue },
    { header: '状态', value: (r) => r.statusName },
    { header: '答复', width: 40, value: (r) => r.answer },
  ],
};

export async function residentLedgerRoutes(app: AppInstance, deps: ResidentDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  app.get(
    '/resident-objections/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags: ['居民异议'],
        summary: '导出居民异议台账（Excel；筛选与辖区同列表；须注明用途并近期验证身份，导出记入审计、按人限次）',
        security: bearer,
        querystring: Type.Object({ status: Type.Optional(ObjectionStatusSchema), division: Type.Optional(Type.String({ maxLength: 12 })), purpose: PurposeField }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, OBJECTIONS);
      const { purpose, ...query } = request.query;
      const { items } = await staffObjections(deps, actor, query);
      const filters: LedgerFilter[] = [];
      if (query.status) filters.push({ label: '状态', value: objectionStatusNames[query.status] });
      if (query.division) filters.push({ label: '区划', value: query.division });
      return sendLedger(reply, OBJECTIONS, { db: audit, actor, purpose, filters, rows: pagesOf<ObjectionRow, number>(undefined, async () => ({ items, next: null })) });
    },
  );
}
