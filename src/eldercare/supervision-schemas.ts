/** TypeBox schemas of the supervision API (云监管): validation, types and the OpenAPI document from one source. */
import { Type } from 'typebox';
import { DateString, Enum, Fen, MonthString, Nullable, Reason } from './schemas.js';
import { CREDIT_RATINGS, FINDING_ACTIONS, FINDING_CATEGORIES, FINDING_STATUSES, INSPECTION_KINDS, SEVERITIES } from './supervision-model.js';

export const supervisionTags = ['养老服务监管'];

const Category = Enum(FINDING_CATEGORIES, '问题类别：fire 消防安全、food 食品安全、building 房屋安全、medical 医疗活动、fraud 防范诈骗、other 服务与运营');
const SeverityEnum = Enum(SEVERITIES, '问题等级：minor 一般问题、major 较大隐患、critical 重大隐患');
const Status = Enum(FINDING_STATUSES, '整改状态：open 待整改、rectified 已整改待复核、verified 已复核销号、reopened 复核未通过重新整改');
const Division = Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{3})?(\\d{3})?$', description: '区划代码（默认：本人辖区）' }));
const Cursor = Type.Optional(Type.Integer({ minimum: 1 }));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200 }));

export const FacilityParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const GradingParams = Type.Object({ id: Type.Integer({ minimum: 1 }), year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const PrepaidParams = Type.Object({ id: Type.Integer({ minimum: 1 }), month: MonthString });

export const InspectionBody = Type.Object({
  requestId: Type.String({ minLength: 8, maxLength: 64, description: '客户端生成的请求编号：重试时使用同一编号，不会重复登记' }),
  facilityId: Type.Integer({ minimum: 1 }),
  inspectedOn: DateString,
  kind: Enum(INSPECTION_KINDS, '检查类型：routine 日常检查、special 专项检查、random 双随机抽查、complaint 投诉核查'),
  campaign: Type.Optional(Nullable(Type.String({ maxLength: 200, description: '所属专项行动，如“1+6”专项行动' }))),
  inspectors: Type.String({ minLength: 1, maxLength: 200 }),
  summary: Type.Optional(Type.String({ maxLength: 2000 })),
  findings: Type.Array(
    Type.Object({
      category: Category,
      severity: SeverityEnum,
      description: Reason,
      deadline: Type.Optional(Nullable(DateString)),
    }),
    { maxItems: 100 },
  ),
});

const FindingFields = {
  id: Type.Integer(),
  inspectionId: Type.Integer(),
  seq: Type.Integer(),
  facilityId: Type.Integer(),
  divisionCode: Type.String(),
  category: Category,
  categoryName: Type.String(),
  severity: SeverityEnum,
  severityName: Type.String(),
  description: Type.String(),
  deadline: DateString,
  status: Status,
  statusName: Type.String(),
  overdue: Type.Boolean({ description: '已过整改期限仍未整改（按今天计算）' }),
  escalated: Type.Boolean({ description: '已由系统标记逾期并升级督办' }),
};
export const FindingSchema = Type.Object(FindingFields);

export const FindingDetailSchema = Type.Object({
  ...FindingFields,
  facilityName: Type.String(),
  inspectedOn: DateString,
  timesOverdue: Type.Integer(),
  rectifiedOn: Nullable(DateString),
  verifiedOn: Nullable(DateString),
  log: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      action: Enum(FINDING_ACTIONS),
      actionName: Type.String(),
      actorUser: Nullable(Type.Integer()),
      at: Type.String(),
      reason: Nullable(Type.String()),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

const InspectionFields = {
  id: Type.Integer(),
  requestId: Type.String(),
  facilityId: Type.Integer(),
  facilityName: Type.String(),
  divisionCode: Type.String(),
  inspectedOn: DateString,
  kind: Enum(INSPECTION_KINDS),
  kindName: Type.String(),
  campaign: Nullable(Type.String()),
  inspectors: Type.String(),
  summary: Type.String(),
  recordedBy: Nullable(Type.Integer()),
  recordedAt: Type.String(),
};

export const InspectionSchema = Type.Object({ ...InspectionFields, findings: Type.Array(FindingSchema) });
export const RecordedInspectionSchema = Type.Object({ ...InspectionFields, findings: Type.Array(FindingSchema), replayed: Type.Boolean() });
export const InspectionPageSchema = Type.Object({
  items: Type.Array(Type.Object({ ...InspectionFields, findingCount: Type.Integer(), openCount: Type.Integer() })),
  nextCursor: Nullable(Type.Integer()),
});
export const InspectionQuery = Type.Object({ division: Division, facilityId: Type.Optional(Type.Integer({ minimum: 1 })), from: Type.Optional(DateString), to: Type.Optional(DateString), cursor: Cursor, limit: Limit });

export const FindingQuery = Type.Object({
  division: Division,
  facilityId: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Status),
  category: Type.Optional(Category),
  severity: Type.Optional(SeverityEnum),
  overdue: Type.Optional(Type.Boolean({ description: 'true：只看已过期限仍未整改的问题（督办清单）' })),
  cursor: Cursor,
  limit: Limit,
});
export const FindingPageSchema = Type.Object({ items: Type.Array(FindingSchema), nextCursor: Nullable(Type.Integer()) });

export const RectifyBody = Type.Object({ rectifiedOn: DateString, measures: Reason, evidence: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: '整改照片、报告等材料的引用' }))) });
export const VerifyBody = Type.Object({ verifiedOn: DateString, note: Reason });
export const ReopenBody = Type.Object({ reason: Reason, deadline: Type.Optional(Nullable(DateString)) });
export const ExtendBody = Type.Object({ deadline: DateString, reason: Reason });

export const GradingBody = Type.Object({
  grade: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 5, description: '等级评定：1–5 即一级至五级（五级最高）' }))),
  qualityScore: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 100, description: '年度服务质量监测得分，最多一位小数' }))),
  source: Type.String({ minLength: 1, maxLength: 500 }),
});
const GradingFields = {
  facilityId: Type.Integer(),
  facilityName: Type.String(),
  year: Type.Integer(),
  grade: Nullable(Type.Integer()),
  gradeName: Nullable(Type.String()),
  qualityScore: Nullable(Type.Number()),
  source: Type.String(),
  recordedBy: Nullable(Type.Integer()),
  recordedAt: Type.String(),
};
export const GradingSchema = Type.Object(GradingFields);
export const RecordedGradingSchema = Type.Object({ ...GradingFields, replayed: Type.Boolean() });
export const YearSummarySchema = Type.Object({
  year: Type.Integer(),
  divisionCode: Type.String(),
  monitored: Type.Integer(),
  averageQualityScore: Nullable(Type.Number()),
  graded: Type.Integer(),
  byGrade: Type.Array(Type.Object({ grade: Type.Integer(), gradeName: Type.String(), count: Type.Integer() })),
  items: Type.Array(GradingSchema),
});

const RatingEnum = Enum(CREDIT_RATINGS);
const CreditInputsSchema = Type.Object({
  window: Type.Object({ from: DateString, to: DateString }),
  findings: Type.Object({ minor: Type.Integer(), major: Type.Integer(), critical: Type.Integer() }),
  overdue: Type.Integer(),
  criticalOverdueNow: Type.Integer(),
  grade: Nullable(Type.Object({ year: Type.Integer(), grade: Type.Integer() })),
  quality: Nullable(Type.Object({ year: Type.Integer(), scoreX10: Type.Integer() })),
});
const CreditParameterSchema = Type.Object({ name: Type.String(), label: Type.String(), value: Type.Unknown(), from: DateString, verified: Type.Boolean(), source: Type.String() });
const CreditCore = {
  facilityId: Type.Integer(),
  facilityName: Type.String(),
  divisionCode: Type.String(),
  score: Type.Integer(),
  rating: RatingEnum,
  ratingName: Type.String(),
  cappedBy: Nullable(Type.String()),
  inputs: CreditInputsSchema,
};
export const CreditSchema = Type.Object({
  ...CreditCore,
  on: DateString,
  items: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), count: Nullable(Type.Integer()), points: Type.Integer(), rule: Type.String() })),
  parameters: Type.Array(CreditParameterSchema),
});
export const CreditListSchema = Type.Object({
  on: DateString,
  divisionCode: Type.String(),
  counts: Type.Object({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer(), D: Type.Integer() }),
  items: Type.Array(Type.Object(CreditCore)),
  parameters: Type.Array(CreditParameterSchema),
});
export const CreditQuery = Type.Object({ division: Division, rating: Type.Optional(RatingEnum) });

export const PrepaidBody = Type.Object({ collectedFen: Fen, refundedFen: Fen, balanceFen: Fen, escrowFen: Fen });
const PrepaidFields = {
  facilityId: Type.Integer(),
  facilityName: Type.String(),
  divisionCode: Type.String(),
  month: MonthString,
  collectedFen: Fen,
  refundedFen: Fen,
  balanceFen: Fen,
  escrowFen: Fen,
  requiredEscrowFen: Fen,
  escrowPercent: Type.Integer(),
  shortfallFen: Fen,
  atRisk: Type.Boolean(),
  riskReason: Nullable(Type.String()),
  recordedBy: Nullable(Type.Integer()),
  recordedAt: Type.String(),
};
export const PrepaidSchema = Type.Object(PrepaidFields);
export const RecordedPrepaidSchema = Type.Object({ ...PrepaidFields, replayed: Type.Boolean() });
export const PrepaidRisksSchema = Type.Object({ month: MonthString, divisionCode: Type.String(), reported: Type.Integer(), atRisk: Type.Array(PrepaidSchema) });
