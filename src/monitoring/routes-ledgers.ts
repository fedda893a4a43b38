/** The leads ledger (政策找人线索台账): the list's filters and jurisdiction, persons and streets by name. */
import { Type } from 'typebox';
import { hasPermission, type AccessTables } from '../access/index.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, PurposeField, sendLedger, type LedgerDefinition, type LedgerFilter } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import { divisionNameMap, getPersons, type RegistryTables } from '../registry/index.js';
import type { MonitoringDeps } from './deps.js';
import { leadStatusNames } from './lead-log.js';
import { listLeads, type LeadSummary } from './leads.js';
import { LeadProgrammeSchema, LeadStatusSchema } from './schemas.js';

type LeadRow = LeadSummary & { personName: string | null; streetName: string };

const LEADS: LedgerDefinition<LeadRow> = {
  list: 'monitoring.leads',
  title: '政策找人线索台账',
  personal: true,
  columns: [
    { header: '线索编号', kind: 'integer', value: (r) => r.id },
    { header: '项目', width: 22, value: (r) => r.programmeName },
    { header: '对象', value: (r) => r.personName },
    { header: '家庭户编号', kind: 'integer', value: (r) => r.householdId },
    { header: '街镇', width: 18, value: (r) => r.streetName },
    { header: '测算月份', value: (r) => r.month },
    { header: '测算月金额（元）', kind: 'fen', value: (r) => r.amountFen },
    { header: '符合条件的理由', width: 40, value: (r) => r.reasons.join('；') },
    { header: '发现时间', kind: 'datetime', width: 18, value: (r) => r.foundAt },
    { header: '状态', value: (r) => r.statusName },
  ],
};

export async function ledgerRoutes(app: AppInstance, deps: MonitoringDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  const registry = deps.db.kysely.withTables<RegistryTables>();
  app.get(
    '/monitoring/leads/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags: ['monitoring'],
        summary: '导出政策找人线索台账（Excel；筛选与辖区同列表；须注明用途并近期验证身份，导出记入审计、按人限次）',
        security: bearer,
        querystring: Type.Object({
          status: Type.Optional(LeadStatusSchema),
          programme: Type.Optional(LeadProgrammeSchema),
          division: Type.Optional(Type.String({ maxLength: 12 })),
          mine: Type.Optional(Type.Boolean()),
          purpose: PurposeField,
        }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, LEADS);
      const { purpose, ...query } = request.query;
      const first = await listLeads(deps, actor, { ...query, limit: 200 });
      const rows = pagesOf<LeadRow, number>(undefined, async (cursor) => {
        const page = cursor === undefined ? first : await listLeads(deps, actor, { ...query, cursor, limit: 200 });
        const ids = page.items.flatMap((l) => (l.personId === null ? [] : [l.personId]));
        const persons = ids.length && hasPermission(actor.role, 'registry.read') ? await getPersons(registry, actor, ids, 'ledger:monitoring.leads') : [];
        const names = new Map(persons.map((p) => [p.id, p.name]));
        const streets = await divisionNameMap(
          registry,
          page.items.map((l) => l.streetCode),
        );
        return { items: page.items.map((l) => ({ ...l, personName: l.personId === null ? null : (names.get(l.personId) ?? null), streetName: streets.get(l.streetCode) ?? l.streetCode })), next: page.nextCursor };
      });
      const filters: LedgerFilter[] = [];
      if (query.status) filters.push({ label: '状态', value: leadStatusNames[query.status] });
      if (query.programme) filters.push({ label: '项目', value: first.items.find((l) => l.programme === query.programme)?.programmeName ?? query.programme });
      if (query.division) filters.push({ label: '区划', value: (await divisionNameMap(registry, [query.division])).get(query.division) ?? query.division });
      if (query.mine) filters.push({ label: '范围', value: '仅分派给我的' });
      return sendLedger(reply, LEADS, { db: audit, actor, purpose, filters, rows });
    },
  );
}
