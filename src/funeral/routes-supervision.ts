/**
 * HTTP routes of funeral supervision (双随机 draws, inspections, findings and their rectification, summons and
 * bans), hotline complaints and the 八必问 intake, with the Excel ledgers (台账) of findings and complaints.
 */
import { Type } from 'typebox';
import { actorOf, bearer } from '../http/auth.js';
import { ledgerActor, ledgerErrors, LedgerFile, ledgerRouteConfig, PurposeField, sendLedger, type LedgerDefinition } from '../http/ledger-export.js';
import type { AppInstance } from '../http/types.js';
import type { AccessTables } from '../access/index.js';
import { findingStatusNames, todayInShanghai } from '../kernel/index.js';
import { answerComplaint, intakeOf, intakeQuestions, listComplaints, recordComplaint, recordIntake, type ComplaintView } from './complaints.js';
import type { FuneralDeps } from './deps.js';
import { complaintChannelNames, findingCategoryNames } from './model.js';
import { funeralErrors as errors, IdParams, tags } from './schemas.js';
import {
  AnswerBody,
  ComplaintBody,
  ComplaintListSchema,
  ComplaintSchema,
  DrawBody,
  DrawSchema,
  FindingActionBody,
  FindingListSchema,
  FindingQuery,
  FindingSchema,
  InspectionBody,
  InspectionListSchema,
  InspectionResultSchema,
  IntakeAnswerSchema,
  IntakeBody,
  IntakeSchema,
  SanctionBody,
  SanctionSchema,
} from './schemas-supervision.js';
import { actOnFinding, drawInspections, listFindings, listInspections, recordInspection, recordSanction, type FindingView } from './supervision.js';

const complaintStatusNames = { open: '办理中', overdue: '已超期未办结', on_time: '按期办结', late: '超期办结' } as const;

const FINDINGS: LedgerDefinition<FindingView> = {
  list: 'funeral.findings',
  title: '殡葬服务单位检查整改台账',
  personal: false,
  columns: [
    { header: '问题编号', kind: 'integer', value: (r) => r.id },
    { header: '单位', width: 28, value: (r) => r.unitName },
    { header: '类别', value: (r) => findingCategoryNames[r.category] },
    { header: '问题情况', width: 40, value: (r) => r.description },
    { header: '整改期限', kind: 'date', value: (r) => r.deadline },
    { header: '状态', width: 16, value: (r) => findingStatusNames[r.status] },
    { header: '是否逾期', kind: 'yesNo', value: (r) => r.overdue },
  ],
};

const COMPLAINTS: LedgerDefinition<ComplaintView> = {
  list: 'funeral.complaints',
  title: '殡葬服务投诉办理台账',
  personal: true,
  columns: [
    { header: '投诉编号', kind: 'integer', value: (r) => r.id },
    { header: '渠道', value: (r) => complaintChannelNames[r.channel] },
    { header: '工单号', value: (r) => r.ticket },
    { header: '受理日期', kind: 'date', value: (r) => r.receivedOn },
    { header: '办结时限', kind: 'date', value: (r) => r.deadline },
    { header: '被投诉单位', width: 24, value: (r) => r.unitName },
    { header: '类别', value: (r) => r.category },
    { header: '投诉内容', width: 40, value: (r) => r.summary },
    { header: '投诉人', value: (r) => r.complainant },
    { header: '办结日期', kind: 'date', value: (r) => r.answeredOn },
    { header: '办理结果', width: 40, value: (r) => r.answer },
    { header: '状态', value: (r) => complaintStatusNames[r.status] },
  ],
};

export async function supervisionRoutes(app: AppInstance, deps: FuneralDeps): Promise<void> {
  const audit = deps.db.kysely.withTables<AccessTables>();
  app.post('/funeral/supervision/draws', { schema: { tags, summary: '双随机抽查：随机抽取单位和检查人员，生成检查任务（抽查结果公开）', security: bearer, body: DrawBody, response: { 200: DrawSchema, ...errors } } }, async (request) =>
    drawInspections(deps, actorOf(request), request.body),
  );
  app.get('/funeral/supervision/inspections', { schema: { tags, summary: '检查任务与记录（本辖区）', security: bearer, response: { 200: InspectionListSchema, ...errors } } }, async (request) => listInspections(deps, actorOf(request)));
  app.post(
    '/funeral/supervision/inspections',
    { schema: { tags, summary: '登记检查结果及发现的问题（合同、管理、骨灰存放、用品、广告、明码标价），逐项限期整改', security: bearer, body: InspectionBody, response: { 200: InspectionResultSchema, ...errors } } },
    async (request) => recordInspection(deps, actorOf(request), request.body),
  );
  app.get('/funeral/supervision/findings', { schema: { tags, summary: '检查发现问题及整改情况（逾期在前）', security: bearer, querystring: FindingQuery, response: { 200: FindingListSchema, ...errors } } }, async (request) =>
    listFindings(deps, actorOf(request), request.query),
  );
  app.post(
    '/funeral/supervision/findings/:id/actions',
    { schema: { tags, summary: '整改完成、复核销号、复核未通过或延期', security: bearer, params: IdParams, body: FindingActionBody, response: { 200: FindingSchema, ...errors } } },
    async (request) => actOnFinding(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/funeral/units/:id/sanctions', { schema: { tags, summary: '约谈或禁止承接业务（禁止期间单位暂停）', security: bearer, params: IdParams, body: SanctionBody, response: { 200: SanctionSchema, ...errors } } }, async (request) =>
    recordSanction(deps, actorOf(request), request.params.id, request.body),
  );
  app.post('/funeral/complaints', { schema: { tags, summary: '登记殡葬服务投诉（12345 热线等），按工作日计算办结时限', security: bearer, body: ComplaintBody, response: { 200: ComplaintSchema, ...errors } } }, async (request) =>
    recordComplaint(deps, actorOf(request), request.body),
  );
  app.get('/funeral/complaints', { schema: { tags, summary: '投诉办理（超期未办结在前）及按期办结率', security: bearer, response: { 200: ComplaintListSchema, ...errors } } }, async (request) => listComplaints(deps, actorOf(request)));
  app.post('/funeral/complaints/:id/answer', { schema: { tags, summary: '投诉办结（办理结果）', security: bearer, params: IdParams, body: AnswerBody, response: { 200: ComplaintSchema, ...errors } } }, async (request) =>
    answerComplaint(deps, actorOf(request), request.params.id, request.body),
  );
  app.get('/funeral/deaths/:id/intake', { schema: { tags, summary: '“八必问”问询清单及该逝者的登记', security: bearer, params: IdParams, response: { 200: IntakeAnswerSchema, ...errors } } }, async (request) => ({
    questions: intakeQuestions(todayInShanghai(deps.clock.now())),
    intake: await intakeOf(deps, actorOf(request), request.params.id),
  }));
  app.post('/funeral/deaths/:id/intake', { schema: { tags, summary: '登记“八必问”（每一项都须问询并记录回答）', security: bearer, params: IdParams, body: IntakeBody, response: { 200: IntakeSchema, ...errors } } }, async (request) =>
    recordIntake(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/funeral/supervision/findings/export',
    { config: ledgerRouteConfig, schema: { tags, summary: '导出检查整改台账（Excel）', security: bearer, querystring: Type.Object({ purpose: Type.Optional(PurposeField) }), response: { 200: LedgerFile, ...ledgerErrors } } },
    async (request, reply) => {
      const actor = ledgerActor(request, FINDINGS);
      const { items } = await listFindings(deps, actor);
      return sendLedger(reply, FINDINGS, { db: audit, actor, purpose: request.query.purpose, filters: [], rows: items });
    },
  );
  app.get(
    '/funeral/complaints/export',
    {
      config: ledgerRouteConfig,
      schema: { tags, summary: '导出投诉办理台账（Excel；含投诉人信息，须注明用途并近期验证身份）', security: bearer, querystring: Type.Object({ purpose: Type.Optional(PurposeField) }), response: { 200: LedgerFile, ...ledgerErrors } },
    },
    async (request, reply) => {
      const actor = ledgerActor(request, COMPLAINTS);
      const { items } = await listComplaints(deps, actor);
      return sendLedger(reply, COMPLAINTS, { db: audit, actor, purpose: request.query.purpose, filters: [], rows: items });
    },
  );
}
