/** TypeBox schemas of the 社会组织 API: validation, the OpenAPI document and the web app's types from one source. */
import { Type, type TSchema } from 'typebox';
import { ACTIONS, CONCLUSIONS, DIRECT_CATEGORIES, LEVELS, LISTS, MODES, ORG_TYPES, REVOCATION_REASONS, STATUSES } from './model.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Fen = Type.Integer({ description: '金额（分）' });

/** Errors carry the rule that refused (and the first allowed date where time is what is missing). */
export const SocialorgError = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) });
export const errors = { 400: SocialorgError, 401: SocialorgError, 403: SocialorgError, 404: SocialorgError, 409: SocialorgError };
export const publicErrors = { 400: SocialorgError, 404: SocialorgError, 429: SocialorgError };
export const tags = ['社会组织'];
export const publicTags = ['社会组织公开信息'];

export const OrganisationSchema = Type.Object({
  id: Type.Integer(),
  orgType: Enum(ORG_TYPES),
  typeName: Type.String(),
  name: Type.String(),
  level: Enum(LEVELS),
  registrarDivision: Type.String(),
  divisionCode: Type.String(),
  districtCode: Type.String(),
  mode: Enum(MODES),
  directCategory: Nullable(Enum(DIRECT_CATEGORIES)),
  supervisorUnit: Nullable(Type.String()),
  foundationKind: Nullable(Enum(['public', 'non_public'] as const)),
  fundsFen: Fen,
  status: Enum(STATUSES),
  statusName: Type.String(),
  version: Type.Integer(),
  pendingKind: Nullable(Type.String()),
  pendingDue: Nullable(DateString),
  preparationEnds: Nullable(DateString),
  creditCode: Nullable(Type.String()),
  registryId: Nullable(Type.Integer()),
  registeredOn: Nullable(DateString),
  endedOn: Nullable(DateString),
  endReason: Nullable(Type.String()),
  charitySince: Nullable(DateString),
  fundraisingSince: Nullable(DateString),
});

export const NameApplicationBody = Type.Object({
  orgType: Enum(ORG_TYPES, '类型'),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  level: Enum(LEVELS, '登记层级'),
  divisionCode: Type.String({ pattern: '^\\d{12}$', description: '住所所在区划（12位）' }),
  mode: Enum(MODES, '管理方式'),
  directCategory: Type.Optional(Nullable(Enum(DIRECT_CATEGORIES))),
  supervisorUnit: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  foundationKind: Type.Optional(Nullable(Enum(['public', 'non_public'] as const))),
  onDate: Type.Optional(DateString),
});

export const NameProblemSchema = Type.Object({ rule: Type.String(), message: Type.String(), similar: Type.Optional(Type.Array(Type.String())) });
export const NameCheckSchema = Type.Object({ acceptable: Type.Boolean(), problems: Type.Array(NameProblemSchema) });

export const StepAction = Enum(ACTIONS.filter((a) => a !== 'name_check'));
export const StepBody = Type.Object({
  onDate: Type.Optional(DateString),
  reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  requestKey: Type.Optional(Nullable(Type.String({ minLength: 8, maxLength: 100 }))),
  version: Type.Optional(Type.Integer({ minimum: 0 })),
  establishment: Type.Optional(
    Type.Object({
      individualMembers: Type.Optional(Type.Integer({ minimum: 0 })),
      unitMembers: Type.Optional(Type.Integer({ minimum: 0 })),
      fundsFen: Type.Integer({ minimum: 0 }),
      premises: Nullable(Type.Object({ kind: Enum(['owned', 'use_right'] as const), months: Type.Optional(Type.Integer({ minimum: 0 })) })),
      supervisorConsent: Type.Boolean(),
    }),
  ),
  creditCode: Type.Optional(Type.String({ maxLength: 30 })),
  change: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      divisionCode: Type.Optional(Type.String({ pattern: '^\\d{12}$' })),
      supervisorUnit: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      fundsFen: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
  ),
  revocationReason: Type.Optional(Enum(REVOCATION_REASONS)),
});

export const ReportSchema = Type.Object({
  organisationId: Type.Integer(),
  year: Type.Integer(),
  filedOn: DateString,
  deadline: DateString,
  late: Type.Boolean(),
  incomeFen: Fen,
  expenditureFen: Fen,
  netAssetsFen: Fen,
  charitableSpendingFen: Fen,
  managementCostFen: Fen,
  prereviewedOn: Nullable(DateString),
  conclusion: Nullable(Enum(CONCLUSIONS)),
  concludedOn: Nullable(DateString),
});
export const ReportBody = Type.Object({
  year: Type.Integer({ minimum: 1990, maximum: 2999 }),
  incomeFen: Fen,
  expenditureFen: Fen,
  netAssetsFen: Fen,
  charitableSpendingFen: Type.Optional(Fen),
  managementCostFen: Type.Optional(Fen),
  onDate: Type.Optional(DateString),
});
export const ConclusionBody = Type.Object({ prereviewedOn: Type.Optional(Nullable(DateString)), conclusion: Enum(CONCLUSIONS), onDate: Type.Optional(DateString) });

export const EntrySchema = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  creditCode: Nullable(Type.String()),
  list: Enum(LISTS),
  listName: Type.String(),
  reasonCode: Type.String(),
  basis: Type.String(),
  evidence: Type.String(),
  listedOn: DateString,
  removedOn: Nullable(DateString),
  removalReason: Nullable(Type.String()),
});

export const ActionSchema = Type.Object({
  seq: Type.Integer(),
  action: Type.String(),
  actionName: Type.String(),
  onDate: DateString,
  reason: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown()),
});
export const DetailSchema = Type.Object({ organisation: OrganisationSchema, actions: Type.Array(ActionSchema), reports: Type.Array(ReportSchema), entries: Type.Array(EntrySchema) });
export const OrganisationPageSchema = Type.Object({ total: Type.Integer(), items: Type.Array(OrganisationSchema) });

export const RunBody = Type.Object({ year: Type.Integer({ minimum: 1990, maximum: 2999 }), onDate: Type.Optional(DateString) });
export const AnnualRunSchema = Type.Object({ year: Type.Integer(), types: Type.Array(Type.Object({ orgType: Enum(ORG_TYPES), deadline: DateString, due: Type.Boolean(), listed: Type.Integer() })) });
export const CreditRunSchema = Type.Object({ escalated: Type.Integer(), autoRemoved: Type.Integer(), idle: Type.Integer({ description: '连续6个月未开展公开募捐而列入活动异常名录的' }) });

export const SocialWorkerFigureSchema = Type.Object({
  asOf: DateString,
  certified: Type.Integer({ minimum: 0, description: '持证社会工作者人数' }),
  senior: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: '其中高级社会工作师人数' }),
  source: Type.String({ minLength: 1, maxLength: 500 }),
  verified: Type.Boolean(),
});

export const FiguresSchema = Type.Object({
  year: Type.Integer(),
  active: Type.Array(Type.Object({ orgType: Type.String(), level: Type.String(), districtCode: Type.String(), count: Type.Integer() })),
  byYear: Type.Array(Type.Object({ year: Type.Integer(), established: Type.Integer(), ended: Type.Integer() })),
  inspection: Type.Object({ required: Type.Integer(), filed: Type.Integer(), concluded: Type.Integer(), passed: Type.Integer(), participationPercent: Type.Number(), passPercent: Type.Number() }),
  lists: Type.Array(Type.Object({ list: Type.String(), open: Type.Integer() })),
  charities: Type.Integer(),
  fundraisers: Type.Integer(),
  grading: Type.Object({
    asOf: DateString,
    graded: Type.Integer({ description: '有效评估等级的组织数' }),
    evaluationRatePercent: Type.Number({ description: '评估率：有效等级组织 / 在册组织' }),
    targetPercent: Type.Number(),
    threeAPlus: Type.Integer(),
    threeAPlusPercent: Type.Number({ description: '3A以上占有效等级组织的百分比' }),
    fiveA: Type.Integer(),
  }),
  trusts: Type.Object({ filed: Type.Integer(), published: Type.Integer() }),
  spending: Type.Object({ checked: Type.Integer(), breaches: Type.Integer(), breachedNames: Type.Array(Type.String()) }),
  socialWorkers: Type.Object({
    latest: Type.Union([SocialWorkerFigureSchema, Type.Null()]),
    targetPeople: Type.Integer(),
    targetSource: Type.String(),
    progressPercent: Type.Union([Type.Number(), Type.Null()]),
    series: Type.Array(SocialWorkerFigureSchema),
  }),
});

const SettingValueSchema = Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() });
export const SettingSchema = Type.Object({ name: Type.String(), label: Type.String(), unit: Type.String(), description: Type.String(), current: SettingValueSchema, history: Type.Array(SettingValueSchema) });

export const PublicOrganisationSchema = Type.Object({
  creditCode: Type.String(),
  name: Type.String(),
  orgType: Enum(ORG_TYPES),
  typeName: Type.String(),
  level: Type.String(),
  districtName: Type.String(),
  status: Enum(STATUSES),
  statusName: Type.String(),
  registeredOn: Type.String(),
  endedOn: Nullable(DateString),
  endReason: Nullable(Type.String()),
  charity: Type.Boolean(),
  publicFundraising: Type.Boolean(),
  lists: Type.Array(Type.String()),
  grade: Nullable(Type.String({ description: '有效且已公示的评估等级，如 4A' })),
});
export const PublicQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50 })),
  creditCode: Type.Optional(Type.String({ maxLength: 18 })),
  orgType: Type.Optional(Enum(ORG_TYPES)),
  districtCode: Type.Optional(Type.String({ pattern: '^\\d{6}(\\d{6})?$' })),
  charity: Type.Optional(Type.Boolean()),
  list: Type.Optional(Enum(LISTS)),
  grade: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: '有效评估等级（1–5 即 1A–5A）' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
});
export const PublicPageSchema = Type.Object({ total: Type.Integer(), items: Type.Array(PublicOrganisationSchema) });
export const PublicDetailSchema = Type.Object({
  organisation: PublicOrganisationSchema,
  events: Type.Array(Type.Object({ onDate: DateString, event: Type.String(), detail: Type.String() })),
  inspections: Type.Array(Type.Object({ year: Type.Integer(), filedOn: DateString, conclusion: Nullable(Type.String()) })),
  finances: Type.Array(Type.Object({ year: Type.Integer(), incomeFen: Fen, expenditureFen: Fen, netAssetsFen: Fen })),
  entries: Type.Array(Type.Object({ list: Type.String(), reason: Type.String(), basis: Type.String(), listedOn: DateString, removedOn: Nullable(DateString) })),
  grades: Type.Array(Type.Object({ grade: Type.String(), evaluatedOn: DateString, validUntil: DateString, expired: Type.Boolean() })),
  penalties: Type.Array(Type.Object({ kind: Type.String(), amountFen: Fen, basis: Type.String(), department: Type.String(), decisionNo: Type.String(), decidedOn: DateString, carriedOutOn: Nullable(DateString) })),
});

export const SpendingCheckSchema = Type.Object({
  year: Type.Integer(),
  band: Type.Object({
    foundation: Type.Boolean(),
    fundraising: Type.Boolean(),
    minNetAssetsFen: Fen,
    base: Enum(['income', 'net_assets'] as const),
    minSpendPercent: Type.Integer(),
    maxManagementPercent: Type.Integer(),
    minIncomePercent: Type.Integer(),
  }),
  baseName: Type.String(),
  baseFen: Fen,
  averageBaseFen: Nullable(Fen),
  requiredFen: Fen,
  requiredOnAverageFen: Nullable(Fen),
  spendingOk: Type.Boolean(),
  incomeFloorFen: Nullable(Fen),
  managementPercent: Type.Number(),
  managementExempt: Type.Boolean(),
  managementOk: Type.Boolean(),
  ok: Type.Boolean(),
  explanation: Type.Array(Type.String()),
});

export const EligibilitySchema = Type.Object({ eligible: Type.Boolean(), reasons: Type.Array(Type.String()), firstAllowed: Nullable(DateString) });
export const GradeSchema = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  score: Type.Integer(),
  grade: Type.Integer(),
  gradeName: Type.String(),
  evaluatedOn: DateString,
  publicityEnds: DateString,
  validUntil: DateString,
  expiredOn: Nullable(DateString),
});
export const GradeRowSchema = Type.Intersect([
  GradeSchema,
  Type.Object({ organisationName: Type.String(), creditCode: Nullable(Type.String()), state: Type.Union([Type.Literal('publicity'), Type.Literal('in_force'), Type.Literal('expired')]), stateName: Type.String() }),
]);
