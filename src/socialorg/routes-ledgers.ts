/**
 * Excel ledgers (台账) of the registrar's lists: the organisations and the credit-list entries. Organisations
 * are not personal data, so no purpose is asked; every export is audited and counted against the quota.
 */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import { SHANGHAI_DISTRICTS } from '../registry/index.js';
import type { EntryView } from './credit-lists.js';
import { GRADE_STATES, gradeStateNames, listGrades, type GradeRow } from './grades.js';
import type { SocialorgDeps } from './deps.js';
import { PAGE_MAX } from './keyset.js';
import { levelNames, LISTS, listNames, modeNames, ORG_TYPES, orgTypeNames, STATUSES, statusNames } from './model.js';
import { listEntries, listOrganisations } from './queries.js';
import { Enum, tags } from './schemas.js';
import type { OrganisationView } from './views.js';

const districtName = (code: string) => SHANGHAI_DISTRICTS.find((d) => d.code === code)?.name ?? code;

const ORGANISATIONS: LedgerDefinition<OrganisationView> = {
  list: 'socialorg.organisations',
  title: '社会组织登记台账',
  personal: false,
  columns: [
    { header: '统一社会信用代码', width: 22, value: (r) => r.creditCode },
    { header: '名称', width: 36, value: (r) => r.name },
    { header: '类型', width: 24, value: (r) => r.typeName },
    { header: '登记层级', value: (r) => levelNames[r.level] },
    { header: '所在区', value: (r) => districtName(r.districtCode) },
    { header: '管理方式', width: 24, value: (r) => modeNames[r.mode] },
    { header: '业务主管单位', width: 20, value: (r) => r.supervisorUnit },
    { header: '资金（元）', kind: 'fen', value: (r) => r.fundsFen },
    { header: '状态', value: (r) => r.statusName },
    { header: '待决定事项期限', kind: 'date', value: (r) => r.pendingDue },
    { header: '成立登记日期', kind: 'date', value: (r) => r.registeredOn },
    { header: '终止日期', kind: 'date', value: (r) => r.endedOn },
    { header: '慈善组织', kind: 'yesNo', value: (r) => r.charitySince !== null },
    { header: '公开募捐资格', kind: 'yesNo', value: (r) => r.fundraisingSince !== null },
  ],
};

const ENTRIES: LedgerDefinition<EntryView> = {
  list: 'socialorg.list_entries',
  title: '社会组织信用名录台账',
  personal: false,
  columns: [
    { header: '名录', width: 18, value: (r) => r.listName },
    { header: '社会组织', width: 36, value: (r) => r.organisationName },
    { header: '统一社会信用代码', width: 22, value: (r) => r.creditCode },
    { header: '列入事由', width: 40, value: (r) => r.evidence },
    { header: '依据', width: 40, value: (r) => r.basis },
    { header: '列入日期', kind: 'date', value: (r) => r.listedOn },
    { header: '移出日期', kind: 'date', value: (r) => r.removedOn },
    { header: '移出理由', width: 30, value: (r) => r.removalReason },
  ],
};

const GRADES: LedgerDefinition<GradeRow> = {
  list: 'socialorg.grades',
  title: '社会组织等级评估台账',
  personal: false,
  columns: [
    { header: '社会组织', width: 36, value: (r) => r.organisationName },
    { header: '统一社会信用代码', width: 22, value: (r) => r.creditCode },
    { header: '评估得分', value: (r) => r.score },
    { header: '评估等级', value: (r) => r.gradeName },
    { header: '评估日期', kind: 'date', value: (r) => r.evaluatedOn },
    { header: '公示截止', kind: 'date', value: (r) => r.publicityEnds },
    { header: '有效期至', kind: 'date', value: (r) => r.validUntil },
    { header: '状态', value: (r) => r.stateName },
  ],
};

export async function socialorgLedgerRoutes(app: AppInstance, deps: SocialorgDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  app.get(
    '/socialorg/organisations/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: `导出${ORGANISATIONS.title}（Excel）`,
        security: bearer,
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 50 })), orgType: Type.Optional(Enum(ORG_TYPES)), status: Type.Optional(Enum(STATUSES)), overdue: Type.Optional(Type.Boolean()) }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, ORGANISATIONS);
      const { q, orgType, status, overdue } = request.query;
      const list = await listOrganisations(deps, actor, { q, orgType, status, overdue, limit: 500 });
      const rows = (async function* () {
        yield list.items;
        for (let offset = 500; offset < list.total; offset += 500) yield (await listOrganisations(deps, actor, { q, orgType, status, overdue, limit: 500, offset })).items;
      })();
      const filters = [
        ...(q ? [{ label: '名称或代码', value: q }] : []),
        ...(orgType ? [{ label: '类型', value: orgTypeNames[orgType] }] : []),
        ...(status ? [{ label: '状态', value: statusNames[status] }] : []),
        ...(overdue ? [{ label: '审查超期', value: '是' }] : []),
      ];
      return sendLedger(reply, ORGANISATIONS, { db: audit, actor, filters, rows });
    },
  );
  app.get(
    '/socialorg/list-entries/export',
    {
      config: ledgerRouteConfig,
      schema: { tags, summary: `导出${ENTRIES.title}（Excel）`, security: bearer, querystring: Type.Object({ list: Type.Optional(Enum(LISTS)), open: Type.Optional(Type.Boolean()) }), response: { 200: LedgerFile, ...ledgerErrors } },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, ENTRIES);
      const { list, open } = request.query;
      const rows = pagesOf(undefined, async (cursor: string | undefined) => {
        const page = await listEntries(deps, actor, { list, open, limit: PAGE_MAX, cursor });
        return { items: page.items, next: page.nextCursor };
      });
      const filters = [...(list ? [{ label: '名录', value: listNames[list] }] : []), ...(open ? [{ label: '范围', value: '仅在册' }] : [])];
      return sendLedger(reply, ENTRIES, { db: audit, actor, filters, rows });
    },
  );
  app.get(
    '/socialorg/grades/export',
    {
      config: ledgerRouteConfig,
      schema: { tags, summary: `导出${GRADES.title}（Excel）`, security: bearer, querystring: Type.Object({ state: Type.Optional(Enum(GRADE_STATES)) }), response: { 200: LedgerFile, ...ledgerErrors } },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, GRADES);
      const { state } = request.query;
      const rows = pagesOf(undefined, async (cursor: string | undefined) => {
        const page = await listGrades(deps, actor, { state, limit: PAGE_MAX, cursor });
        return { items: page.items, next: page.nextCursor };
      });
      return sendLedger(reply, GRADES, { db: audit, actor, filters: state ? [{ label: '状态', value: gradeStateNames[state] }] : [], rows });
    },
  );
}
