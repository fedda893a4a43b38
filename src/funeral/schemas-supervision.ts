/** TypeBox schemas of funeral supervision, complaints and the 八必问 intake. */
import { Type, type TSchema } from 'typebox';
import { COMPLAINT_CHANNELS, FINDING_CATEGORIES, INSPECTION_KINDS, SANCTION_KINDS } from './model.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const DateString = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const FINDING_STATUS = ['open', 'rectified', 'verified', 'reopened'] as const;

export const DrawBody = Type.Object({
  divisionCode: Type.String({ maxLength: 12, description: '抽查范围（区或街镇）' }),
  count: Type.Integer({ minimum: 1, maximum: 200, description: '抽取单位数' }),
  inspectors: Type.Array(Type.String({ minLength: 1, maxLength: 30 }), { minItems: 1, maxItems: 100, description: '执法检查人员名录（每户随机抽两名）' }),
  plannedOn: DateString('计划检查日期'),
});

const FindingInput = Type.Object({
  category: Enum(FINDING_CATEGORIES, '问题类别'),
  description: Type.String({ minLength: 1, maxLength: 1000 }),
  deadline: Type.Optional(DateString('整改期限（不填按参数）')),
});

export const InspectionBody = Type.Object({
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  inspectionId: Type.Optional(Type.Integer({ minimum: 1, description: '完成已抽取的检查任务' })),
  kind: Type.Optional(Enum(INSPECTION_KINDS)),
  inspectedOn: DateString('检查日期'),
  inspectors: Type.Optional(Type.String({ maxLength: 200 })),
  summary: Type.String({ maxLength: 2000 }),
  findings: Type.Optional(Type.Array(FindingInput, { maxItems: 50 })),
});

export const InspectionSchema = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  divisionCode: Type.String(),
  kind: Enum(INSPECTION_KINDS),
  status: Enum(['planned', 'done'] as const),
  plannedOn: Type.String(),
  inspectedOn: Nullable(Type.String()),
  inspectors: Type.String(),
  summary: Type.String(),
  drawReference: Nullable(Type.String()),
});

export const FindingSchema = Type.Object({
  id: Type.Integer(),
  inspectionId: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  divisionCode: Type.String(),
  category: Enum(FINDING_CATEGORIES),
  description: Type.String(),
  status: Enum(FINDING_STATUS),
  deadline: Type.String(),
  overdue: Type.Boolean(),
  log: Type.Array(Type.Object({ seq: Type.Integer(), action: Type.String(), at: Type.String(), reason: Nullable(Type.String()) })),
});

export const DrawSchema = Type.Object({ reference: Type.String(), items: Type.Array(InspectionSchema) });
export const InspectionResultSchema = Type.Intersect([InspectionSchema, Type.Object({ findings: Type.Array(FindingSchema) })]);
export const InspectionListSchema = Type.Object({ items: Type.Array(InspectionSchema) });
export const FindingListSchema = Type.Object({ items: Type.Array(FindingSchema) });
export const FindingQuery = Type.Object({ status: Type.Optional(Enum(['open', 'closed'] as const)) });

export const FindingActionBody = Type.Object({
  action: Enum(['rectify', 'verify', 'reopen', 'extend'] as const, '整改完成、复核销号、复核未通过、延期'),
  on: DateString('办理日期'),
  deadline: Type.Optional(DateString('新的整改期限（复核未通过、延期时必填）')),
  note: Type.String({ maxLength: 1000 }),
});

export const SanctionBody = Type.Object({
  kind: Enum(SANCTION_KINDS, '约谈或禁止承接业务'),
  decidedOn: DateString('决定日期'),
  untilOn: Type.Optional(DateString('禁止期限')),
  reason: Type.String({ maxLength: 1000 }),
  findingId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const SanctionSchema = Type.Object({ id: Type.Integer(), unitId: Type.Integer(), unitName: Type.String(), kind: Enum(SANCTION_KINDS), decidedOn: Type.String(), untilOn: Nullable(Type.String()), reason: Type.String() });

export const ComplaintBody = Type.Object({
  channel: Enum(COMPLAINT_CHANNELS, '渠道'),
  ticket: Type.Optional(Type.String({ maxLength: 40, description: '热线工单号' })),
  receivedOn: DateString('受理日期'),
  divisionCode: Type.String({ maxLength: 12 }),
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  category: Type.String({ maxLength: 40 }),
  summary: Type.String({ maxLength: 2000 }),
  complainant: Type.Optional(Type.String({ maxLength: 50 })),
});

export const ComplaintSchema = Type.Object({
  id: Type.Integer(),
  channel: Enum(COMPLAINT_CHANNELS),
  ticket: Nullable(Type.String()),
  receivedOn: Type.String(),
  deadline: Type.String(),
  divisionCode: Type.String(),
  unitId: Nullable(Type.Integer()),
  unitName: Nullable(Type.String()),
  category: Type.String(),
  summary: Type.String(),
  complainant: Nullable(Type.String()),
  answeredOn: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  status: Enum(['open', 'overdue', 'on_time', 'late'] as const),
});
export const ComplaintListSchema = Type.Object({ items: Type.Array(ComplaintSchema), onTimeRate: Nullable(Type.Number()) });
export const AnswerBody = Type.Object({ answeredOn: DateString('办结日期'), answer: Type.String({ maxLength: 2000 }) });

export const IntakeBody = Type.Object({
  unitId: Type.Optional(Type.Integer({ minimum: 1 })),
  answers: Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 500 }), { description: '每个问询项的回答（键为问询项）' }),
});
export const IntakeSchema = Type.Object({
  deathId: Type.Integer(),
  unitId: Nullable(Type.Integer()),
  answers: Type.Array(Type.Object({ key: Type.String(), question: Type.String(), answer: Type.String() })),
  askedAt: Type.String(),
});
export const IntakeAnswerSchema = Type.Object({ questions: Type.Array(Type.Object({ key: Type.String(), question: Type.String() })), intake: Nullable(IntakeSchema) });
