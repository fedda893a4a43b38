/** TypeBox schemas of the monitoring API: validation, types and the OpenAPI document from one source. */
import { Type, type TSchema } from 'typebox';
import { ErrorBody } from '../http/schemas.js';
import { UNMASK_PURPOSE_CODES, UNMASK_PURPOSES, type UnmaskPurpose } from '../registry/index.js';
import { SOURCE_IDS, type Source } from './exchange-rows.js';
import { LEAD_OUTCOMES, type LeadOutcome } from './lead-log.js';
import { AUTO_PROGRAMMES, LEAD_PROGRAMMES, LEAD_STATUSES, WARNING_LEVELS, WARNING_TYPES, type AutoProgramme, type LeadProgramme, type LeadStatus, type WarningLevel, type WarningType } from './model.js';
import { HANDLE_OUTCOMES, WARNING_STATUSES, type HandleOutcome, type WarningStatus } from './warning-states.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const MonthString = Type.String({ pattern: '^\\d{4}-\\d{2}$' });
const Fen = Type.Integer({ description: '金额（分）' });
const Reason = Type.String({ minLength: 1, maxLength: 2000 });

export const SourceSchema = Enum<Source>(
  SOURCE_IDS,
  '数据来源部门：hr 人社局、medical_insurance 医保局、disabled_federation 残联、public_security 公安局、housing 房管局、water 供水企业、education 教委、civil_affairs 民政儿童福利、justice 司法局、court 人民法院、health 卫健委',
);
export const WarningTypeSchema = Enum<WarningType>(WARNING_TYPES);
export const WarningStatusSchema = Enum<WarningStatus>(WARNING_STATUSES);
export const LeadStatusSchema = Enum<LeadStatus>(LEAD_STATUSES);
export const LeadProgrammeSchema = Enum<LeadProgramme>(LEAD_PROGRAMMES);
export const AutoProgrammeSchema = Enum<AutoProgramme>(AUTO_PROGRAMMES);
export const HandleOutcomeSchema = Enum<HandleOutcome>(HANDLE_OUTCOMES, 'referred_case 转介救助申请；referred_service 转介服务；no_action 无需处置');
export const LeadOutcomeSchema = Enum<LeadOutcome>(LEAD_OUTCOMES, 'applied 已申请；declined 本人放弃；not_eligible 核实后不符合');

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const BatchParams = Type.Object({ source: SourceSchema, batchId: Type.String({ pattern: '^[\\w.:\\-]{1,100}$' }) });

const RowErrorSchema = Type.Object({ row: Type.Integer({ description: '文件中的行号（CSV 表头为第 1 行）' }), field: Type.String(), message: Type.String() });
export const ReceiptSchema = Type.Object({
  source: Type.String(),
  batchId: Type.String(),
  replayed: Type.Boolean({ description: '该批次此前已收到：本次未作任何变更' }),
  status: Enum<'receiving' | 'done'>(['receiving', 'done']),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  factsRecorded: Type.Integer(),
  personChanges: Type.Integer(),
  warningsRaised: Type.Integer(),
  leadsFound: Type.Integer(),
  grantsMade: Type.Integer(),
  errors: Type.Array(RowErrorSchema),
  stepsDone: Type.Integer({ description: '接收中：已完成的步骤数' }),
  stepsTotal: Type.Integer(),
  currentStep: Nullable(Type.String({ description: '正在进行的步骤（完成后为空）' })),
});

export const LoggedActionSchema = Type.Object({
  seq: Type.Integer(),
  action: Type.String(),
  actorId: Nullable(Type.Integer()),
  actorUsername: Nullable(Type.String()),
  at: Type.String(),
  reason: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

const warningFields = {
  id: Type.Integer(),
  type: WarningTypeSchema,
  typeName: Type.String(),
  level: Enum<WarningLevel>(WARNING_LEVELS),
  levelName: Type.String(),
  status: WarningStatusSchema,
  statusName: Type.String(),
  householdId: Nullable(Type.Integer()),
  personId: Nullable(Type.Integer()),
  divisionCode: Type.String(),
  streetCode: Type.String(),
  reasons: Type.Array(Type.String()),
  raisedAt: Type.String(),
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  escalatedAt: Nullable(Type.String()),
  assignedTo: Nullable(Type.Integer()),
  outcome: Nullable(HandleOutcomeSchema),
  outcomeName: Nullable(Type.String()),
  personName: Type.Optional(Nullable(Type.String({ description: '姓名（无权查看该人员时脱敏）' }))),
  personNameMasked: Type.Optional(Type.Boolean()),
  householdName: Type.Optional(Nullable(Type.String({ description: '户主姓名 + 户（无权查看时脱敏）' }))),
  householdNameMasked: Type.Optional(Type.Boolean()),
};
export const WarningSummarySchema = Type.Object(warningFields);
export const WarningDetailSchema = Type.Object({ ...warningFields, actions: Type.Array(LoggedActionSchema) });
export const WarningPageSchema = Type.Object({ items: Type.Array(WarningSummarySchema), nextCursor: Nullable(Type.Integer()) });
export const WarningListQuery = Type.Object({
  status: Type.Optional(WarningStatusSchema),
  type: Type.Optional(WarningTypeSchema),
  division: Type.Optional(Type.String({ description: '区、街镇或居委会代码（须在本人辖区内）' })),
  overdue: Type.Optional(Type.Boolean()),
  mine: Type.Optional(Type.Boolean({ description: '只看派给我的' })),
  cursor: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

const LeadProgrammeViewSchema = Type.Object({
  programme: LeadProgrammeSchema,
  programmeName: Type.String(),
  personId: Nullable(Type.Integer({ description: '特困供养按人：所指的家庭成员' })),
  amountFen: Nullable(Fen),
  reasons: Type.Array(Type.String()),
  caseId: Nullable(Type.Integer({ description: '该家庭就此项目已提出、尚未办结的救助案件' })),
  caseStatusName: Nullable(Type.String()),
});
const LeadHouseholdSchema = Type.Object({
  headPersonId: Nullable(Type.Integer()),
  headName: Nullable(Type.String({ description: '户主姓名（非上门角色脱敏显示，可说明目的后查看）' })),
  address: Nullable(Type.String({ description: '住址（非上门角色隐去门牌号）' })),
  masked: Type.Boolean(),
});
const leadFields = {
  id: Type.Integer(),
  programme: LeadProgrammeSchema,
  programmeName: Type.String(),
  programmes: Type.Array(LeadProgrammeViewSchema, { description: '一户一条线索：该户符合而未纳入的全部项目' }),
  householdId: Type.Integer(),
  household: LeadHouseholdSchema,
  caseId: Nullable(Type.Integer({ description: '已申请的救助案件' })),
  personId: Nullable(Type.Integer()),
  divisionCode: Type.String(),
  streetCode: Type.String(),
  month: Type.String(),
  amountFen: Nullable(Fen),
  reasons: Type.Array(Type.String()),
  foundAt: Type.String(),
  status: LeadStatusSchema,
  statusName: Type.String(),
  assignedTo: Nullable(Type.Integer()),
};
export const LeadSummarySchema = Type.Object(leadFields);
export const LeadDetailSchema = Type.Object({ ...leadFields, actions: Type.Array(LoggedActionSchema) });
export const LeadPageSchema = Type.Object({ items: Type.Array(LeadSummarySchema), nextCursor: Nullable(Type.Integer()) });
export const LeadReadQuery = Type.Object({
  reveal: Type.Optional(Type.Boolean({ description: '为 true 时显示完整姓名与住址（须有权限并填写目的，记入审计日志）' })),
  purpose: Type.Optional(Enum<UnmaskPurpose>(UNMASK_PURPOSE_CODES, `查询目的代码：${UNMASK_PURPOSE_CODES.map((c) => `${c} ${UNMASK_PURPOSES[c]}`).join('；')}`)),
  purposeRef: Type.Optional(Type.String({ maxLength: 64, pattern: '^[^\\u0000-\\u001f]*$', description: '依据编号（可选，记入审计日志）' })),
});
export const LeadListQuery = Type.Object({
  status: Type.Optional(LeadStatusSchema),
  programme: Type.Optional(LeadProgrammeSchema),
  division: Type.Optional(Type.String()),
  mine: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});

export const VisitBody = Type.Object({ visitedOn: DateString, findings: Reason, photoRefs: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 20, description: '照片在文档库中的引用' })) });
export const HandleBody = Type.Object({ outcome: HandleOutcomeSchema, reason: Reason, reference: Type.Optional(Type.String({ maxLength: 200, description: '转介去向：救助案件号或服务机构' })) });
export const AssignBody = Type.Object({ userId: Type.Integer({ minimum: 1 }), note: Type.Optional(Type.String({ maxLength: 2000 })) });
export const CloseBody = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) });
export const ContactBody = Type.Object({ contactedOn: DateString, channel: Enum<'visit' | 'phone' | 'other'>(['visit', 'phone', 'other']), note: Reason });
export const OutcomeBody = Type.Object({ outcome: LeadOutcomeSchema, reason: Reason, caseId: Type.Optional(Type.Integer({ minimum: 1 })) });

const RuleValueSchema = Type.Object({ from: DateString, value: Type.Integer(), verified: Type.Boolean(), note: Type.String() });
export const RuleParameterSchema = Type.Object({ name: Type.String(), label: Type.String(), unit: Type.String(), description: Type.String(), current: RuleValueSchema, history: Type.Array(RuleValueSchema) });
export const RuleBody = Type.Object({ from: DateString, value: Type.Integer(), verified: Type.Boolean(), note: Reason });

export const DiscoveryBody = Type.Object({ month: Type.Optional(MonthString), divisionCode: Type.Optional(Type.String()) });
export const DiscoveryProgressSchema = Type.Object({
  runId: Type.Integer(),
  month: Type.String(),
  divisionCode: Type.String(),
  status: Enum<'running' | 'done' | 'failed'>(['running', 'done', 'failed']),
  householdsTotal: Nullable(Type.Integer({ description: '待核查的候选家庭数（读取筛查结果后才知道）' })),
  householdsDone: Type.Integer(),
  leadsFound: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
  error: Nullable(Type.String()),
});
export const DiscoveryRunSchema = Type.Object({ runId: Type.Integer(), month: Type.String(), divisionCode: Type.String(), households: Type.Integer(), leads: Type.Integer(), grants: Type.Integer(), seconds: Type.Number() });

export const GrantViewSchema = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  programme: AutoProgrammeSchema,
  programmeName: Type.String(),
  divisionCode: Type.String(),
  fromMonth: Type.String(),
  untilMonth: Nullable(Type.String()),
  status: Enum<'active' | 'stopped'>(['active', 'stopped']),
  decisions: Type.Array(Type.Object({ decision: Enum<'grant' | 'stop'>(['grant', 'stop']), effectiveMonth: Type.String(), reasons: Type.Array(Type.String()), decidedAt: Type.String() })),
});

const Count = Type.Integer();
export const DashboardSchema = Type.Object({
  divisionCode: Type.String(),
  month: Type.String(),
  warnings: Type.Object({
    byType: Type.Array(Type.Object({ type: WarningTypeSchema, name: Type.String(), open: Count, total: Count })),
    byStatus: Type.Array(Type.Object({ status: WarningStatusSchema, name: Type.String(), count: Count })),
    byStreet: Type.Array(Type.Object({ streetCode: Type.String(), open: Count, overdue: Count })),
    overdue: Count,
    escalated: Count,
    handling: Type.Array(Type.Object({ type: WarningTypeSchema, name: Type.String(), handled: Count, medianHours: Type.Number(), p90Hours: Type.Number(), handledLate: Count })),
  }),
  funnel: Type.Array(Type.Object({ programme: Type.String(), name: Type.String(), found: Count, contacted: Count, applied: Count, approved: Count })),
  grants: Type.Array(Type.Object({ programme: AutoProgrammeSchema, name: Type.String(), active: Count, grantedThisMonth: Count, stoppedThisMonth: Count, paidThisMonth: Count, paidFenThisMonth: Fen })),
});

export const monitoringErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
