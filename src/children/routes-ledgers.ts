/**
 * Excel ledgers (台账) of the children's register and the 两项补贴: each reads through the list's own service (same
 * jurisdiction, masking and audit) and writes through the shared ledger writer; personal, so a purpose and a recent
 * step-up are required.
 */
import { Type } from 'typebox';
import type { AccessTables } from '../access/index.js';
import { bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import { listCases, type CaseListItem } from './case-views.js';
import type { ChildrenDeps } from './deps.js';
import { listRehabParticipants, type RehabParticipantView } from './rehab.js';
import { listSubsidies, type SubsidyView } from './subsidies.js';

const ESCALATED: Record<string, string> = { supervisor: '已提醒督导员', district: '已上报区民政局' };

const CASES: LedgerDefinition<CaseListItem> = {
  list: 'children.cases',
  title: '儿童登记册',
  personal: true,
  columns: [
    { header: '案件编号', kind: 'integer', value: (r) => r.id },
    { header: '儿童（脱敏）', value: (r) => r.childName },
    { header: '年龄', kind: 'integer', value: (r) => r.age },
    { header: '居委区划', value: (r) => r.divisionCode },
    { header: '状态', value: (r) => r.statusName },
    { header: '类别', width: 24, value: (r) => r.categoryName ?? '未认定' },
    { header: '报告日期', kind: 'date', value: (r) => r.reportedOn },
    { header: '下次走访', kind: 'date', value: (r) => r.due?.due ?? null },
    { header: '走访逾期', width: 18, value: (r) => (r.due?.overdue ? `逾期${r.due.escalatedTo ? `，${ESCALATED[r.due.escalatedTo]}` : ''}` : '否') },
  ],
};

const SUBSIDIES: LedgerDefinition<SubsidyView> = {
  list: 'disability.subsidies',
  title: '两项补贴台账',
  personal: true,
  columns: [
    { header: '编号', kind: 'integer', value: (r) => r.id },
    { header: '姓名（脱敏）', value: (r) => r.personName },
    { header: '补贴', width: 22, value: (r) => r.kindName },
    { header: '户籍区划', value: (r) => r.divisionCode },
    { header: '申请日期', kind: 'date', value: (r) => r.appliedOn },
    { header: '起发月份', value: (r) => r.fromMonth },
    { header: '状态', value: (r) => r.status },
    { header: '说明', width: 24, value: (r) => r.statusReason },
  ],
};

const REHAB: LedgerDefinition<RehabParticipantView> = {
  list: 'disability.rehab_participants',
  title: '社区康复服务对象台账',
  personal: true,
  columns: [
    { header: '编号', kind: 'integer', value: (r) => r.id },
    { header: '姓名（脱敏）', value: (r) => r.personName },
    { header: '康复服务机构', width: 24, value: (r) => r.providerName },
    { header: '街镇区划', value: (r) => r.divisionCode },
    { header: '加入日期', kind: 'date', value: (r) => r.joinedOn },
    { header: '退出日期', kind: 'date', value: (r) => r.leftOn },
    { header: '退出原因', width: 24, value: (r) => r.leaveReason },
  ],
};

export async function childrenLedgerRoutes(app: AppInstance, deps: ChildrenDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  const summary = (title: string) => `导出${title}（Excel；辖区与脱敏同列表；须注明用途并近期验证身份，导出记入审计、按人限次）`;
  app.get(
    '/children/cases/export',
    { config: ledgerRouteConfig, schema: { tags: ['儿童福利'], summary: summary(CASES.title), security: bearer, querystring: Type.Object({ purpose: PurposeField }), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, CASES);
      return sendLedger(reply, CASES, { db: audit, actor, purpose: request.query.purpose, filters: [], rows: await listCases(deps, actor) });
    },
  );
  app.get(
    '/disability/rehab/participants/export',
    { config: ledgerRouteConfig, schema: { tags: ['残疾人福利'], summary: summary(REHAB.title), security: bearer, querystring: Type.Object({ purpose: PurposeField }), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, REHAB);
      return sendLedger(reply, REHAB, { db: audit, actor, purpose: request.query.purpose, filters: [], rows: await listRehabParticipants(deps, actor) });
    },
  );
  app.get(
    '/disability/subsidies/export',
    { config: ledgerRouteConfig, schema: { tags: ['残疾人福利'], summary: summary(SUBSIDIES.title), security: bearer, querystring: Type.Object({ purpose: PurposeField }), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, SUBSIDIES);
      return sendLedger(reply, SUBSIDIES, { db: audit, actor, purpose: request.query.purpose, filters: [], rows: await listSubsidies(deps, actor) });
    },
  );
}
