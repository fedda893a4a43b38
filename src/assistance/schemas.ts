/** TypeBox schemas of the assistance API: validation, types and the OpenAPI document from one source. */
import { Type, type TSchema } from 'typebox';
import { PROGRAMMES, type AssistanceProgramme } from './model.js';
import { CLOSE_RELATIONS, type CloseRelation } from './relatives.js';
import { ACTIONS, STATUSES, type Action, type Status } from './states.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const MonthString = Type.String({ pattern: '^\\d{4}-\\d{2}$' });
const Fen = Type.Integer({ description: '金额（分）' });

export const ProgrammeSchema = Type.Unsafe<AssistanceProgramme>({ type: 'string', enum: [...PROGRAMMES] });
export const StatusSchema = Type.Unsafe<Status>({ type: 'string', enum: [...STATUSES] });
export const ActionSchema = Type.Unsafe<Action>({ type: 'string', enum: [...ACTIONS] });
export const RelationSchema = Type.Unsafe<CloseRelation>({ type: 'string', enum: [...CLOSE_RELATIONS] });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const summaryFields = {
  id: Type.Integer(),
  programme: ProgrammeSchema,
  householdId: Type.Integer(),
  applicantPersonId: Type.Integer(),
  beneficiaryPersonId: Nullable(Type.Integer()),
  applicantName: Type.String(),
  streetCode: Type.String(),
  districtCode: Type.String(),
  appliedOn: DateString,
  status: StatusSchema,
  statusName: Type.String(),
  open: Type.Boolean({ description: '在办（未办结、未终止）：同一家庭同一项目只能有一件' }),
  amountFen: Nullable(Fen),
  paymentFrom: Nullable(MonthString),
  paymentUntil: Nullable(MonthString),
  reviewDue: Nullable(DateString),
  dueOn: Nullable(DateString),
  overdue: Type.Boolean(),
  relativeOfStaff: Type.Boolean({ description: '家庭成员中有经办人员备案的近亲属' }),
  urgent: Type.Boolean({ description: '急难型临时救助，加急办理（在办时列表排在最前）' }),
};
export const CaseSummarySchema = Type.Object(summaryFields);

export const CaseActionSchema = Type.Object({
  seq: Type.Integer(),
  action: ActionSchema,
  actorId: Nullable(Type.Integer()),
  actorUsername: Nullable(Type.String()),
  actorName: Type.Optional(Nullable(Type.String())),
  actorRole: Nullable(Type.String()),
  at: Type.String(),
  onDate: DateString,
  reason: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

export const CaseDetailSchema = Type.Object({
  ...summaryFields,
  acceptedBy: Nullable(Type.Integer()),
  noticeEndsOn: Nullable(DateString),
  lastVerificationId: Nullable(Type.Integer()),
  allowedActions: Type.Array(ActionSchema),
  openObjections: Type.Integer(),
  nextActions: Type.Array(Type.Object({ action: ActionSchema, name: Type.String(), allowed: Type.Boolean(), reason: Nullable(Type.String()) })),
  bankAccount: Nullable(Type.Object({ holderName: Type.String(), bankName: Type.String(), accountMasked: Type.String() })),
  householdName: Type.Optional(Type.String({ description: '户主姓名 + 户（无权查看时脱敏）；仅案件详情' })),
  householdNameMasked: Type.Optional(Type.Boolean()),
  beneficiaryName: Type.Optional(Nullable(Type.String({ description: '供养对象姓名（无权查看时脱敏）；仅案件详情' }))),
  beneficiaryNameMasked: Type.Optional(Type.Boolean()),
  actions: Type.Array(CaseActionSchema),
});

export const ApplyBody = Type.Object({
  programme: ProgrammeSchema,
  householdId: Type.Integer({ minimum: 1 }),
  applicantPersonId: Type.Integer({ minimum: 1 }),
  beneficiaryPersonId: Type.Optional(Type.Integer({ minimum: 1 })),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  appliedOn: Type.Optional(DateString),
  urgent: Type.Optional(Type.Boolean({ description: '急难型临时救助：加急办理（仅临时救助）' })),
  bankAccount: Type.Optional(Type.Object({ holderName: Type.String({ minLength: 1, maxLength: 100 }), bankName: Type.String({ minLength: 1, maxLength: 100 }), accountNo: Type.String({ pattern: '^\\d{12,30}$' }) })),
});

export const CaseListQuery = Type.Object({
  status: Type.Optional(StatusSchema),
  programme: Type.Optional(ProgrammeSchema),
  division: Type.Optional(Type.String({ description: '街镇、区或居委会代码（须在本人辖区内）' })),
  overdue: Type.Optional(Type.Boolean()),
  household: Type.Optional(Type.Integer({ minimum: 1, description: '只列该家庭的案件（家庭详情页：在办与既往）' })),
  cursor: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export const CasePageSchema = Type.Object({ items: Type.Array(CaseSummarySchema), nextCursor: Nullable(Type.Integer()) });

export const VerificationSchema = Type.Object({
  id: Type.Integer(),
  caseId: Type.Integer(),
  month: MonthString,
  eligible: Type.Boolean(),
  monthlyAmountFen: Fen,
  ruleVersion: Type.String(),
  rulesFingerprint: Type.String(),
  request: Type.Unknown({ description: '提交政策引擎的完整输入' }),
  response: Type.Unknown({ description: '引擎结果：结论、理由、所用参数及生效日期' }),
  facts: Type.Array(Type.Unknown(), { description: '所读取的事实（来源、日期、批次、更正历史）' }),
  createdBy: Nullable(Type.Integer()),
  createdAt: Type.String(),
});

/** The recorded and the recomputed engine answers (policy EvaluateResponseSchema), kept as stored. */
export const ReproductionSchema = Type.Object({ identical: Type.Boolean(), recorded: Type.Unknown(), reproduced: Type.Unknown() });

export const RunSummarySchema = Type.Object({
  runId: Type.Integer(),
  districtCode: Type.String(),
  month: MonthString,
  status: Type.String(),
  paidCount: Type.Integer(),
  paidTotalFen: Fen,
  withheldCount: Type.Integer(),
  writtenNow: Type.Integer(),
  casesDone: Type.Integer({ description: '已写入发放台账的案件数' }),
  casesTotal: Type.Union([Type.Integer(), Type.Null()], { description: '本批次应发案件数（开始时统计）' }),
});

export const PaymentSchema = Type.Object({
  month: MonthString,
  caseId: Type.Integer(),
  runId: Type.Integer(),
  amountFen: Fen,
  status: Type.String(),
  standardFen: Nullable(Fen),
  ruleVersion: Type.String(),
  note: Nullable(Type.String()),
});

export const SampleSchema = Type.Object({
  id: Type.Integer(),
  districtCode: Type.String(),
  month: MonthString,
  seed: Type.String(),
  ratePermille: Type.Integer(),
  population: Type.Integer(),
  sampleSize: Type.Integer(),
  mismatches: Type.Integer(),
  cases: Type.Array(Type.Object({ caseId: Type.Integer(), programme: ProgrammeSchema, paidFen: Nullable(Fen), recomputedFen: Fen, eligibleNow: Type.Boolean(), mismatch: Type.Boolean() })),
});

export const RelativeSchema = Type.Object({ staffUserId: Type.Integer(), personId: Type.Integer(), relation: RelationSchema, filedOn: DateString, filedBy: Type.Integer() });

const SettingValueSchema = Type.Object({
  from: Nullable(DateString),
  value: Type.Unknown(),
  verified: Type.Boolean(),
  note: Type.String(),
  setBy: Nullable(Type.String()),
  setAt: Nullable(Type.String({ format: 'date-time' })),
});
/** The value in force today (`from` null = the initial configuration) and every value ever set, future ones included. */
export const SettingSchema = Type.Object({
  key: Type.String(),
  value: Type.Unknown(),
  verified: Type.Boolean(),
  note: Type.String(),
  updatedBy: Nullable(Type.String()),
  from: Nullable(DateString),
  history: Type.Array(SettingValueSchema),
});

export const DueReviewSchema = Type.Object({ ...summaryFields, daysOverdue: Type.Integer() });

const ErrorWithDetails = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) });
/** Error responses of assistance routes; 409 carries the current status and the allowed actions. */
export const assistanceErrors = { 400: ErrorWithDetails, 401: ErrorWithDetails, 403: ErrorWithDetails, 404: ErrorWithDetails, 409: ErrorWithDetails };

export { DateString, MonthString, Fen as FenSchema };

/** 驾驶舱: payments by month, district and programme — counts and sums only. */
export const AssistanceStatsSchema = Type.Object({
  divisionCode: Type.String(),
  from: Type.String(),
  to: Type.String(),
  rows: Type.Array(Type.Object({ month: Type.String(), districtCode: Type.String(), programme: Type.String(), households: Type.Integer(), amountFen: Fen })),
});
