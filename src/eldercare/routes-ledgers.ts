/**
 * Excel ledgers (台账) of the elderly-care lists: waitlist, assessments falling due, facilities and beds, and the
 * residents of one institution. Each reads through the list's own service (same filters, jurisdiction and audit)
 * and writes through the shared ledger writer; persons are named through the registry (an audited batch read).
 */
import { Type } from 'typebox';
import { hasPermission, type AccessTables, type Actor } from '../access/index.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, pagesOf, PurposeField, sendLedger, type LedgerDefinition, type LedgerFilter } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import { getPersons, type RegistryTables } from '../registry/index.js';
import { expiringAssessments, type AssessmentView } from './assessments.js';
import { tables, type EldercareDeps } from './deps.js';
import { listFacilities, type FacilityView } from './facilities.js';
import { listFindings, type FindingView } from './findings.js';
import { applicationStatusNames, bedTypeNames, facilityKindNames, ownershipNames, priorityGroupNames } from './model.js';
import { divisionNames } from './registry-port.js';
import { DivisionQuery, IdParams, tags } from './schemas.js';
import { FacilityKindSchema } from './schemas-facilities.js';
import { FindingQuery } from './supervision-schemas.js';
import { findingCategoryNames, findingStatusNames, severityNames } from './supervision-model.js';
import { ApplicationStatusSchema, PriorityGroupSchema } from './schemas-waitlist.js';
import { facilityResidents, type StayView } from './stays.js';
import { listQueue, type QueueEntry } from './waitlist.js';

type Named<T> = T & { personName: string | null; idNumber: string | null; divisionName?: string };

/** Names and masked ID numbers of the persons on a page, read as the actor (a role without registry reads gets none). */
async function named<T extends { personId: number }>(deps: EldercareDeps, actor: Actor, rows: readonly T[], reference: string): Promise<Named<T>[]> {
  if (rows.length === 0 || !hasPermission(actor.role, 'registry.read')) return rows.map((r) => ({ ...r, personName: null, idNumber: null }));
  const persons = await getPersons(
    deps.db.kysely.withTables<RegistryTables>(),
    actor,
    rows.map((r) => r.personId),
    reference,
  );
  const byId = new Map(persons.map((p) => [p.id, p]));
  return rows.map((r) => ({ ...r, personName: byId.get(r.personId)?.name ?? null, idNumber: byId.get(r.personId)?.idNumber ?? null }));
}

/** The ledger's 区划 filter line, the division named (none when the list is the caller's whole jurisdiction). */
export const scopeFilter = async (deps: EldercareDeps, division: string | undefined): Promise<LedgerFilter[]> => (division ? [{ label: '区划', value: (await divisionNames(tables(deps), [division])).get(division) ?? division }] : []);

const WAITLIST: LedgerDefinition<QueueEntry> = {
  list: 'eldercare.waitlist',
  title: '保基本床位轮候台账',
  personal: true,
  columns: [
    { header: '全市排位', kind: 'integer', value: (r) => r.position },
    { header: '申请编号', kind: 'integer', value: (r) => r.id },
    { header: '姓名', value: (r) => r.personName },
    { header: '年龄', kind: 'integer', value: (r) => r.age },
    { header: '申请日期', kind: 'date', value: (r) => r.appliedOn },
    { header: '床位类型', width: 18, value: (r) => r.bedTypeName },
    { header: '照护等级', kind: 'integer', value: (r) => r.assessmentLevel },
    { header: '评估有效期至', kind: 'date', value: (r) => r.assessmentValidUntil },
    { header: '优先类别', width: 24, value: (r) => r.groups.map((g) => g.name).join('、') },
    { header: '状态', value: (r) => r.statusName },
    { header: '放弃次数', kind: 'integer', value: (r) => r.declines },
    { header: '入住日期', kind: 'date', value: (r) => r.admittedOn },
  ],
};

const ASSESSMENTS: LedgerDefinition<Named<AssessmentView>> = {
  list: 'eldercare.assessments.expiring',
  title: '评估到期台账',
  personal: true,
  columns: [
    { header: '姓名', value: (r) => r.personName },
    { header: '身份证号', kind: 'idNumber', width: 22, value: (r) => r.idNumber },
    { header: '照护等级', value: (r) => r.levelText },
    { header: '认知障碍', kind: 'yesNo', value: (r) => r.cognitiveImpairment },
    { header: '评估机构及评估员', width: 24, value: (r) => r.assessor },
    { header: '评估日期', kind: 'date', value: (r) => r.assessedOn },
    { header: '有效期至', kind: 'date', value: (r) => r.validUntil },
    { header: '剩余天数', kind: 'integer', value: (r) => r.daysLeft },
    { header: '状态', value: (r) => ({ valid: '有效', expiring: '即将到期', expired: '已到期' })[r.state] },
    { header: '所在区划', width: 20, value: (r) => r.divisionName },
  ],
};

const FACILITIES: LedgerDefinition<FacilityView & { divisionName?: string }> = {
  list: 'eldercare.facilities',
  title: '养老服务设施与床位台账',
  personal: false,
  columns: [
    { header: '设施编号', kind: 'integer', value: (r) => r.id },
    { header: '名称', width: 28, value: (r) => r.name },
    { header: '类型', width: 18, value: (r) => facilityKindNames[r.kind] },
    { header: '性质', value: (r) => ownershipNames[r.ownership] },
    { header: '统一社会信用代码', width: 22, value: (r) => r.creditCode },
    { header: '地址', width: 28, value: (r) => r.address },
    { header: '所在区划', width: 20, value: (r) => r.divisionName ?? r.divisionCode },
    { header: '状态', value: (r) => ({ open: '运营中', suspended: '暂停', closed: '已关闭' })[r.status] },
    { header: '核定床位', kind: 'integer', value: (r) => r.totalBeds.licensed },
    { header: '保基本床位', kind: 'integer', value: (r) => r.totalBeds.basicGuarantee },
    { header: '已入住', kind: 'integer', value: (r) => r.totalBeds.occupied },
    { header: '已通知待入住', kind: 'integer', value: (r) => r.totalBeds.offered },
    { header: '空床', kind: 'integer', value: (r) => r.totalBeds.free },
    { header: `${bedTypeNames.nursing}`, kind: 'integer', value: (r) => r.beds.nursing.licensed },
    { header: `${bedTypeNames.cognitive}`, kind: 'integer', value: (r) => r.beds.cognitive.licensed },
    { header: `${bedTypeNames.ordinary}`, kind: 'integer', value: (r) => r.beds.ordinary.licensed },
    { header: '助餐价格（元）', kind: 'fen', value: (r) => r.mealPriceFen },
    { header: '日间照护名额', kind: 'integer', value: (r) => r.dayCarePlaces },
  ],
};

const RESIDENTS: LedgerDefinition<Named<StayView>> = {
  list: 'eldercare.residents',
  title: '在院老人台账',
  personal: true,
  columns: [
    { header: '姓名', value: (r) => r.personName },
    { header: '身份证号', kind: 'idNumber', width: 22, value: (r) => r.idNumber },
    { header: '床位', value: (r) => r.bedLabel },
    { header: '床位类型', width: 18, value: (r) => r.bedTypeName },
    { header: '保基本床位', kind: 'yesNo', value: (r) => r.basicGuarantee },
    { header: '入住日期', kind: 'date', value: (r) => r.admittedOn },
    { header: '轮候申请编号', kind: 'integer', value: (r) => r.applicationId },
  ],
};

type FindingRow = FindingView & { facilityName: string; divisionName: string };

const FINDINGS: LedgerDefinition<FindingRow> = {
  list: 'eldercare.findings',
  title: '检查问题与整改台账',
  personal: false,
  columns: [
    { header: '问题编号', kind: 'integer', value: (r) => r.id },
    { header: '检查记录编号', kind: 'integer', value: (r) => r.inspectionId },
    { header: '设施', width: 28, value: (r) => r.facilityName },
    { header: '所在区划', width: 20, value: (r) => r.divisionName },
    { header: '类别', value: (r) => r.categoryName },
    { header: '等级', value: (r) => r.severityName },
    { header: '问题描述', width: 40, value: (r) => r.description },
    { header: '整改期限', kind: 'date', value: (r) => r.deadline },
    { header: '整改状态', width: 18, value: (r) => r.statusName },
    { header: '是否逾期', kind: 'yesNo', value: (r) => r.overdue },
    { header: '已督办', kind: 'yesNo', value: (r) => r.escalated },
  ],
};

const purposeOnly = { purpose: PurposeField };
// The findings list's filters without its paging: the ledger holds every page.
const { cursor: _cursor, limit: _limit, ...findingFilters } = FindingQuery.properties;

export async function ledgerRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  const summary = (title: string) => `导出${title}（Excel；筛选与辖区同列表；含个人信息的须注明用途并近期验证身份，导出记入审计、按人限次）`;

  app.get(
    '/eldercare/waitlist/applications/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: summary(WAITLIST.title),
        security: bearer,
        querystring: Type.Object({ division: DivisionQuery, status: Type.Optional(ApplicationStatusSchema), group: Type.Optional(PriorityGroupSchema), ...purposeOnly }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, WAITLIST);
      const { purpose, division, status, group } = request.query;
      const query = { divisionCode: division, status, group, limit: 500 };
      const first = await listQueue(deps, actor, { ...query, offset: 0 });
      const rows = pagesOf<QueueEntry, number>(undefined, async (offset) => {
        const page = offset === undefined ? first : await listQueue(deps, actor, { ...query, offset });
        const reached = (offset ?? 0) + page.items.length;
        return { items: page.items, next: reached < page.total ? reached : null };
      });
      const filters = [...(await scopeFilter(deps, division)), { label: '状态', value: applicationStatusNames[status ?? 'waiting'] }, ...(group ? [{ label: '优先类别', value: priorityGroupNames[group] }] : [])];
      return sendLedger(reply, WAITLIST, { db: audit, actor, purpose, filters, rows });
    },
  );

  app.get(
    '/eldercare/assessments/expiring/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: summary(ASSESSMENTS.title),
        security: bearer,
        querystring: Type.Object({ division: DivisionQuery, state: Type.Optional(Type.Union([Type.Literal('expiring'), Type.Literal('expired'), Type.Literal('all')])), ...purposeOnly }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, ASSESSMENTS);
      const { purpose, division, state } = request.query;
      const list = await expiringAssessments(deps, actor, { divisionCode: division, state, limit: 1000 });
      const names = await divisionNames(
        tables(deps),
        list.items.map((a) => a.divisionCode),
      );
      const items = (await named(deps, actor, list.items, 'ledger:eldercare.assessments.expiring')).map((a) => ({ ...a, divisionName: names.get(a.divisionCode) }));
      const filters = [...(await scopeFilter(deps, division)), { label: '状态', value: { expiring: '即将到期', expired: '已到期', all: '即将到期与已到期' }[state ?? 'all'] ?? '全部' }, { label: '统计日期', value: list.on }];
      return sendLedger(reply, ASSESSMENTS, { db: audit, actor, purpose, filters, rows: items });
    },
  );

  app.get(
    '/eldercare/facilities/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: summary(FACILITIES.title),
        security: bearer,
        querystring: Type.Object({ division: DivisionQuery, kind: Type.Optional(FacilityKindSchema), q: Type.Optional(Type.String({ maxLength: 50 })), purpose: Type.Optional(PurposeField) }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, FACILITIES);
      const { purpose, division, kind, q } = request.query;
      const query = { divisionCode: division, kind, q, limit: 500 };
      const rows = pagesOf<FacilityView & { divisionName?: string }, number>(undefined, async (offset) => {
        const page = await listFacilities(deps, actor, { ...query, offset: offset ?? 0 });
        const names = await divisionNames(
          tables(deps),
          page.items.map((f) => f.divisionCode),
        );
        const reached = (offset ?? 0) + page.items.length;
        return { items: page.items.map((f) => ({ ...f, divisionName: names.get(f.divisionCode) })), next: reached < page.total ? reached : null };
      });
      const filters = [...(await scopeFilter(deps, division)), ...(kind ? [{ label: '类型', value: facilityKindNames[kind] }] : []), ...(q ? [{ label: '名称含', value: q }] : [])];
      return sendLedger(reply, FACILITIES, { db: audit, actor, purpose, filters, rows });
    },
  );

  app.get(
    '/eldercare/facilities/:id/residents/export',
    { config: ledgerRouteConfig, schema: { tags, summary: summary(RESIDENTS.title), security: bearer, params: IdParams, querystring: Type.Object(purposeOnly), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, RESIDENTS);
      const stays = await facilityResidents(deps, actor, request.params.id);
      const facility = await tables(deps).selectFrom('eldercare.facilities').select('name').where('id', '=', request.params.id).executeTakeFirst();
      const rows = await named(deps, actor, stays, `ledger:eldercare.residents:${request.params.id}`);
      return sendLedger(reply, RESIDENTS, { db: audit, actor, purpose: request.query.purpose, filters: [{ label: '设施', value: facility?.name ?? String(request.params.id) }], rows });
    },
  );

  app.get(
    '/eldercare/supervision/findings/export',
    {
      config: ledgerRouteConfig,
      schema: {
        tags,
        summary: summary(FINDINGS.title),
        security: bearer,
        querystring: Type.Object({ ...findingFilters, purpose: Type.Optional(PurposeField) }),
        response: { 200: LedgerFile, ...ledgerErrors },
      },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, FINDINGS);
      const { purpose, ...query } = request.query;
      const first = await listFindings(deps, actor, { ...query, limit: 200 });
      const rows = pagesOf<FindingRow, number>(undefined, async (cursor) => {
        const page = cursor === undefined ? first : await listFindings(deps, actor, { ...query, cursor, limit: 200 });
        const facilityIds = [...new Set(page.items.map((f) => f.facilityId))];
        const facilities = facilityIds.length ? await tables(deps).selectFrom('eldercare.facilities').select(['id', 'name']).where('id', 'in', facilityIds).execute() : [];
        const names = new Map(facilities.map((f) => [f.id, f.name]));
        const divisions = await divisionNames(
          tables(deps),
          page.items.map((f) => f.divisionCode),
        );
        return { items: page.items.map((f) => ({ ...f, facilityName: names.get(f.facilityId) ?? String(f.facilityId), divisionName: divisions.get(f.divisionCode) ?? f.divisionCode })), next: page.nextCursor };
      });
      const filters: LedgerFilter[] = [...(await scopeFilter(deps, query.division))];
      if (query.facilityId) filters.push({ label: '设施编号', value: String(query.facilityId) });
      if (query.status) filters.push({ label: '整改状态', value: findingStatusNames[query.status] });
      if (query.category) filters.push({ label: '类别', value: findingCategoryNames[query.category] });
      if (query.severity) filters.push({ label: '等级', value: severityNames[query.severity] });
      if (query.overdue !== undefined) filters.push({ label: '是否逾期', value: query.overdue ? '仅逾期未整改' : '未逾期' });
      return sendLedger(reply, FINDINGS, { db: audit, actor, purpose, filters, rows });
    },
  );
}
