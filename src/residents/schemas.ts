/**
 * TypeBox schemas of the resident API (`/api/v1/resident/…`, tag `resident`, security scheme `residentCookie`)
 * and of the staff routes that answer residents (objections). The web app takes its types from here.
 */
import { Type, type TSchema } from 'typebox';
import {
  APPLICATION_KINDS,
  CHANNELS,
  CONSENT_SCOPES,
  INBOX_KINDS,
  OBJECTION_KINDS,
  OBJECTION_STATUSES,
  PERSON_RELATIONS,
  type ApplicationKind,
  type Channel,
  type ConsentScope,
  type InboxKind,
  type ObjectionKind,
  type ObjectionStatus,
  type PersonRelation,
} from './model.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const MonthString = Type.String({ pattern: '^\\d{4}-\\d{2}$' });
const Fen = Type.Integer({ description: '金额（分）' });
const Timestamp = Type.String({ format: 'date-time' });

export const ApplicationKindSchema = Type.Unsafe<ApplicationKind>({
  type: 'string',
  enum: [...APPLICATION_KINDS],
  description: 'dibao 低保、low_income 低收入、expense_poverty 支出型贫困、temporary 临时救助、bed_waitlist 养老床位轮候、care_assessment 老年照护统一需求评估',
});
export const ConsentScopeSchema = Type.Unsafe<ConsentScope>({ type: 'string', enum: [...CONSENT_SCOPES], description: 'income_assets 授权核对家庭收入和财产' });
export const InboxKindSchema = Type.Unsafe<InboxKind>({ type: 'string', enum: [...INBOX_KINDS] });
export const ChannelSchema = Type.Unsafe<Channel>({ type: 'string', enum: [...CHANNELS] });
export const ObjectionKindSchema = Type.Unsafe<ObjectionKind>({ type: 'string', enum: [...OBJECTION_KINDS], description: 'decision 对决定有异议、notice_list 对公示有异议' });
export const ObjectionStatusSchema = Type.Unsafe<ObjectionStatus>({ type: 'string', enum: [...OBJECTION_STATUSES] });
export const PersonRelationSchema = Type.Unsafe<PersonRelation>({ type: 'string', enum: [...PERSON_RELATIONS], description: 'self 本人、minor 未成年家庭成员、ward 登记为其监护人' });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const FileParams = Type.Object({ id: Type.Integer({ minimum: 1 }), fileId: Type.Integer({ minimum: 1 }) });
/** `?for=<personId>`: the person the resident acts for (代办); omitted: the resident themself. */
export const ForQuery = Type.Object({ for: Type.Optional(Type.Integer({ minimum: 1, description: '代办对象的人员编号；不填为本人' })) });

/** A person as a resident sees them: masked name and ID number, never the full ones. */
export const PersonRefSchema = Type.Object({
  personId: Type.Integer(),
  nameMasked: Type.String({ description: '脱敏姓名，如 张*明' }),
  idNumberMasked: Type.String({ description: '脱敏身份证号' }),
  age: Type.Integer(),
  relation: PersonRelationSchema,
  relationName: Type.String({ description: '本人 / 未成年子女 / 被监护人 / 家庭成员' }),
});

export const ResidentSchema = Type.Object(
  {
    residentId: Type.Integer(),
    person: PersonRefSchema,
    /** How this session was signed in: the development code, or the city's unified identity. */
    via: Type.Union([Type.Literal('dev'), Type.Literal('oidc')]),
  },
  { $id: 'Resident' },
);

export const HouseholdViewSchema = Type.Object({
  householdId: Type.Integer(),
  streetName: Type.String({ description: '所属街镇' }),
  committeeName: Nullable(Type.String()),
  members: Type.Array(Type.Intersect([PersonRefSchema, Type.Object({ isHead: Type.Boolean() })])),
});

export const MeSchema = Type.Object({
  resident: ResidentSchema,
  household: Nullable(HouseholdViewSchema),
  /** Persons the resident may act for (代办), the resident first. */
  actFor: Type.Array(PersonRefSchema),
});

export const AuthConfigSchema = Type.Object({
  devLogin: Type.Boolean({ description: '开发演示用验证码登录可用' }),
  oidc: Type.Boolean({ description: '已配置全市统一身份认证' }),
});

export const DevCodeBody = Type.Object({ idNumber: Type.String({ minLength: 15, maxLength: 18 }) });
export const DevLoginBody = Type.Object({ idNumber: Type.String({ minLength: 15, maxLength: 18 }), code: Type.String({ pattern: '^\\d{6}$' }) });
export const OidcStartQuery = Type.Object({ returnTo: Type.Optional(Type.String({ pattern: '^/[^/\\\\]', maxLength: 200, description: '登录后返回的页面（站内路径）' })) });
export const OidcCallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 2000 })),
  state: Type.Optional(Type.String({ maxLength: 200 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 1000 })),
  iss: Type.Optional(Type.String({ maxLength: 500 })),
});

/** One fact the government already holds, shown so the resident need not submit it (两个免于提交). */
export const PrefilledFactSchema = Type.Object({ label: Type.String(), value: Type.String(), source: Type.String({ description: '数据来源部门' }) });

export const EligibilitySchema = Type.Object({
  programme: Type.String(),
  programmeName: Type.String(),
  eligible: Type.Boolean(),
  monthlyAmountFen: Nullable(Fen),
  /** Plain-Chinese sentences: each condition with the compared values and the rule. */
  explanation: Type.Array(Type.String()),
  /** The kind to apply for online, when this programme is applied for here. */
  applyAs: Nullable(ApplicationKindSchema),
  /** Why the apply button is disabled (already applied, granted without application …), else null. */
  applyDisabledReason: Nullable(Type.String()),
});

export const GrantSchema = Type.Object({
  id: Type.Integer(),
  person: PersonRefSchema,
  programme: Type.String(),
  programmeName: Type.String(),
  fromMonth: MonthString,
  untilMonth: Nullable(MonthString),
  status: Type.Union([Type.Literal('active'), Type.Literal('stopped')]),
  statusName: Type.String(),
});

export const LeadSchema = Type.Object({
  id: Type.Integer(),
  programme: Type.String(),
  programmeName: Type.String(),
  message: Type.String({ description: '您可能符合……条件，可一键申请' }),
  applyAs: Nullable(ApplicationKindSchema),
  prefilled: Type.Array(PrefilledFactSchema),
});

export const EntitlementsSchema = Type.Object({
  person: PersonRefSchema,
  household: Nullable(HouseholdViewSchema),
  month: MonthString,
  eligible: Type.Array(EligibilitySchema),
  grants: Type.Array(GrantSchema),
  leads: Type.Array(LeadSchema),
  prefilled: Type.Array(PrefilledFactSchema),
});

export const ApplyBody = Type.Object({
  kind: ApplicationKindSchema,
  forPersonId: Type.Optional(Type.Integer({ minimum: 1, description: '代办对象；不填为本人' })),
  urgent: Type.Optional(Type.Boolean({ description: '临时救助急难型：加急办理' })),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: '申请事由（临时救助必填）' })),
  consent: Type.Literal(true, { description: '授权核对家庭经济状况（救助类申请须同意）' }),
  bedType: Type.Optional(Type.Unsafe<'nursing' | 'cognitive' | 'ordinary'>({ type: 'string', enum: ['nursing', 'cognitive', 'ordinary'], description: '养老床位轮候：nursing 护理型、cognitive 认知障碍照护、ordinary 普通' })),
  /** Cash programmes (低保, 临时救助) pay into this account. */
  bankAccount: Type.Optional(Type.Object({ holderName: Type.String({ minLength: 1, maxLength: 100 }), bankName: Type.String({ minLength: 1, maxLength: 100 }), accountNo: Type.String({ pattern: '^\\d{12,30}$' }) })),
});

export const StepSchema = Type.Object({
  at: Timestamp,
  onDate: DateString,
  name: Type.String({ description: '步骤名称，如 已受理、公示中' }),
  note: Nullable(Type.String()),
});

export const StoredFileSchema = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  mediaType: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Timestamp,
  requestSeq: Nullable(Type.Integer({ description: '所回应的补充材料要求' })),
});

export const MaterialRequestSchema = Type.Object({
  seq: Type.Integer({ description: '要求编号（案件内）' }),
  requestedAt: Timestamp,
  message: Type.String({ description: '经办人要求补充的材料' }),
  dueOn: Nullable(DateString),
  answeredAt: Nullable(Timestamp),
});

const applicationSummaryFields = {
  id: Type.Integer({ description: '申请编号（居民端）' }),
  kind: ApplicationKindSchema,
  kindName: Type.String(),
  person: PersonRefSchema,
  actedBy: Nullable(PersonRefSchema),
  submittedAt: Timestamp,
  urgent: Type.Boolean(),
  status: Type.String(),
  statusName: Type.String(),
  decided: Type.Boolean(),
  openRequests: Type.Integer({ description: '待补充的材料要求数' }),
};
export const ApplicationSummarySchema = Type.Object(applicationSummaryFields);
export const ApplicationListSchema = Type.Object({ items: Type.Array(ApplicationSummarySchema) });

export const ApplicationDetailSchema = Type.Object({
  ...applicationSummaryFields,
  amountFen: Nullable(Fen),
  steps: Type.Array(StepSchema),
  requests: Type.Array(MaterialRequestSchema),
  files: Type.Array(StoredFileSchema),
  prefilled: Type.Array(PrefilledFactSchema),
  canWithdraw: Type.Boolean(),
  withdrawDisabledReason: Nullable(Type.String()),
  canObject: Type.Boolean(),
  objectDisabledReason: Nullable(Type.String()),
  noticeEndsOn: Nullable(DateString),
  uploadRules: Type.Object({ maxBytes: Type.Integer(), types: Type.Array(Type.String()), text: Type.String() }),
});

export const WithdrawBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) });

export const ConsentSchema = Type.Object({
  id: Type.Integer(),
  scope: ConsentScopeSchema,
  scopeName: Type.String(),
  person: PersonRefSchema,
  givenAt: Timestamp,
  revokedAt: Nullable(Timestamp),
  applicationId: Nullable(Type.Integer()),
});
export const ConsentListSchema = Type.Object({ items: Type.Array(ConsentSchema) });
export const ConsentBody = Type.Object({ scope: ConsentScopeSchema, forPersonId: Type.Optional(Type.Integer({ minimum: 1 })) });

export const InboxItemSchema = Type.Object({
  id: Type.Integer(),
  kind: InboxKindSchema,
  kindName: Type.String(),
  title: Type.String(),
  body: Type.String(),
  at: Timestamp,
  applicationId: Nullable(Type.Integer()),
  amountFen: Nullable(Fen),
  hasNotice: Type.Boolean({ description: '附有决定通知书（PDF）' }),
  readAt: Nullable(Timestamp),
});
export const InboxSchema = Type.Object({ items: Type.Array(InboxItemSchema), unread: Type.Integer() });

export const ChannelsSchema = Type.Object({
  sms: Type.Boolean({ description: '短信' }),
  app: Type.Boolean({ description: '随申办 App 推送' }),
  mobileMasked: Nullable(Type.String()),
});
export const ChannelsBody = Type.Object({ sms: Type.Boolean(), app: Type.Boolean() });

export const ObjectionBody = Type.Object({
  applicationId: Type.Integer({ minimum: 1 }),
  kind: ObjectionKindSchema,
  reason: Type.String({ minLength: 5, maxLength: 2000 }),
});
export const ObjectionSchema = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  kind: ObjectionKindSchema,
  kindName: Type.String(),
  reason: Type.String(),
  status: ObjectionStatusSchema,
  statusName: Type.String(),
  filedAt: Timestamp,
  dueOn: DateString,
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Timestamp),
});
export const ObjectionListSchema = Type.Object({ items: Type.Array(ObjectionSchema) });

/** The staff view of an objection: the case it concerns and who filed it (masked). */
export const StaffObjectionSchema = Type.Object({
  ...ObjectionSchema.properties,
  caseId: Nullable(Type.Integer()),
  person: PersonRefSchema,
  streetCode: Type.String(),
  overdue: Type.Boolean(),
});
export const StaffObjectionListSchema = Type.Object({ items: Type.Array(StaffObjectionSchema) });
export const StaffObjectionQuery = Type.Object({ status: Type.Optional(ObjectionStatusSchema), division: Type.Optional(Type.String({ maxLength: 12 })) });
export const ObjectionAnswerBody = Type.Object({ upheld: Type.Boolean({ description: '异议成立' }), answer: Type.String({ minLength: 2, maxLength: 2000 }) });
