/** TypeBox schemas of the funeral API: validation, types (the web imports them type-only) and the OpenAPI document. */
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorBody } from '../http/schemas.js';
import { BASIC_ITEMS, BURIAL_TYPES, DEATH_SOURCES, PRICE_CATEGORIES, SUBSIDY_KINDS, UNIT_KINDS } from './model.js';
import { PROOF_GROUNDS } from './subsidies.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const DateString = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Fen = (description = '金额（分）') => Type.Integer({ description });

export const funeralErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
export const tags = ['殡葬服务'];
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const ItemParams = Type.Object({ id: Type.Integer({ minimum: 1 }), item: Type.String({ minLength: 1, maxLength: 40 }) });

export const DeathNoticeBody = Type.Object({
  idNumber: Type.String({ minLength: 1, maxLength: 18, description: '逝者公民身份号码' }),
  name: Type.Optional(Type.String({ maxLength: 50, description: '姓名（人口库中无此人时必填）' })),
  source: Type.Unsafe<'hospital' | 'police' | 'caseworker' | 'collection'>({ type: 'string', enum: ['hospital', 'police', 'caseworker', 'collection'], description: '通报来源' }),
  proofNumber: Type.Optional(Type.String({ maxLength: 40, description: '居民死亡医学证明或死亡确认编号' })),
  deathDate: DateString('死亡日期'),
  divisionCode: Type.Optional(Type.String({ maxLength: 12, description: '逝者所在街镇（人口库中无此人时必填）' })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
});

const ChecklistItemSchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  kind: Enum(['auto', 'manual'] as const),
  status: Enum(['done', 'pending', 'overdue'] as const),
  answer: Nullable(Type.String()),
  answeredAt: Nullable(Type.String()),
  recoverFen: Fen('应追回金额（分）'),
});

const NoticeSchema = Type.Object({
  id: Type.Integer(),
  source: Enum(DEATH_SOURCES),
  proofNumber: Nullable(Type.String()),
  deathDate: Type.String(),
  status: Enum(['first', 'attached', 'review'] as const),
  note: Nullable(Type.String()),
  reportedAt: Type.String(),
});

export const DeathSchema = Type.Object({
  id: Type.Integer(),
  personId: Nullable(Type.Integer()),
  name: Type.String({ description: '逝者姓名（无权查看时脱敏）' }),
  idNumberMasked: Nullable(Type.String()),
  deathDate: Type.String(),
  source: Enum(DEATH_SOURCES),
  hukouDivision: Type.String(),
  residenceDivision: Type.String(),
  shanghaiHukou: Type.Boolean(),
  openedAt: Type.String(),
  completedAt: Nullable(Type.String()),
  notices: Type.Array(NoticeSchema),
  checklist: Type.Array(ChecklistItemSchema),
  recoverFen: Fen('应追回合计（分）'),
});
export type DeathResponse = Static<typeof DeathSchema>;
export const DeathListSchema = Type.Object({ items: Type.Array(DeathSchema) });
export const DeskQuery = Type.Object({ status: Type.Optional(Enum(['open', 'complete', 'all'] as const)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
export const TickBody = Type.Object({ note: Type.String({ maxLength: 500, description: '办理说明' }) });

export const NoticeDocSchema = Type.Object({ deathId: Type.Integer(), title: Type.String(), lines: Type.Array(Type.Object({ label: Type.String(), text: Type.String() })), html: Type.String() });
export const NoticeQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html'), Type.Literal('pdf')])) });

const CostFen = Type.Object(
  Object.fromEntries(BASIC_ITEMS.map((k) => [k, Type.Optional(Type.Integer({ description: '费用（分）' }))])) as Record<(typeof BASIC_ITEMS)[number], ReturnType<typeof Type.Optional<ReturnType<typeof Type.Integer>>>>,
);
export const CremationBody = Type.Object({
  unitId: Type.Integer({ minimum: 1, description: '殡仪馆' }),
  collectedOn: DateString('接运日期'),
  furnace: Enum(['flat', 'advanced'] as const, '火化炉型'),
  crematedOn: Type.Optional(DateString('火化日期')),
  certificateNumber: Type.Optional(Type.String({ maxLength: 40, description: '火化证明编号' })),
  storageDays: Type.Integer({ description: '冷藏天数' }),
  costFen: CostFen,
  collectionAddress: Type.Optional(Type.String({ maxLength: 200, description: '遗体接运单：接运地址' })),
  familySigner: Type.Optional(Type.String({ maxLength: 50, description: '遗体接运单：签字的家属' })),
  ashes: Type.Optional(
    Type.Object({
      disposition: Enum(['pickup', 'stored'] as const, '骨灰领取或寄存'),
      on: DateString('领取或寄存日期'),
      until: Type.Optional(DateString('寄存截止日期（不超过 1 年）')),
    }),
  ),
  transport: Type.Optional(Type.Object({ certificateNumber: Type.String({ maxLength: 40, description: '跨省运输证明编号' }), destination: Type.String({ maxLength: 40, description: '运往（省、市）' }) })),
});
export const CremationSchema = Nullable(
  Type.Object({
    unitId: Type.Integer(),
    unitName: Type.String(),
    collectedOn: Type.String(),
    furnace: Enum(['flat', 'advanced'] as const),
    crematedOn: Nullable(Type.String()),
    certificateNumber: Nullable(Type.String()),
    storageDays: Type.Integer(),
    costFen: CostFen,
    collectionAddress: Nullable(Type.String()),
    familySigner: Nullable(Type.String()),
    ashes: Nullable(Type.Object({ disposition: Enum(['pickup', 'stored'] as const), on: Type.String(), until: Nullable(Type.String()) })),
    ashesDueBy: Nullable(Type.String({ description: '骨灰应领取的最后一天（火化后 15 日）；已领取或寄存时为空' })),
    transport: Nullable(Type.Object({ certificateNumber: Type.String(), destination: Type.String() })),
  }),
);

export const SubsidyBody = Type.Object({
  deathId: Type.Optional(Type.Integer({ minimum: 1 })),
  personId: Type.Optional(Type.Integer({ minimum: 1 })),
  kind: Enum(SUBSIDY_KINDS, '补贴类别'),
  organiserName: Type.String({ maxLength: 50, description: '丧事承办人' }),
  bankAccount: Type.String({ maxLength: 30, description: '承办人银行卡号' }),
  ground: Type.Optional(Enum(PROOF_GROUNDS, '须凭证明的补贴依据')),
  groundProof: Type.Optional(Type.String({ maxLength: 200 })),
  ceremonyDate: Type.Optional(DateString('仪式（安葬）日期')),
});
export const SubsidySchema = Type.Object({
  id: Type.Integer(),
  deathId: Type.Integer(),
  deceasedName: Type.String(),
  kind: Enum(SUBSIDY_KINDS),
  amountFen: Fen(),
  costFen: Fen(),
  grounds: Type.String(),
  rule: Type.String(),
  organiserName: Type.String(),
  bankAccountMasked: Type.String(),
  status: Enum(['approved', 'paid'] as const),
  payableOn: Type.String(),
  appliedAt: Type.String(),
});
export type SubsidyResponse = Static<typeof SubsidySchema>;
export const SubsidyListSchema = Type.Object({ items: Type.Array(SubsidySchema) });
export const SubsidyQuery = Type.Object({ deathId: Type.Optional(Type.Integer({ minimum: 1 })) });
export const BankFileBody = Type.Object({ dueBy: DateString('发放截止日期') });
export const BankFileSchema = Type.Object({ csv: Type.String(), count: Type.Integer(), totalFen: Fen() });

const PriceSchema = Type.Object({ id: Type.Integer(), item: Type.String(), category: Enum(PRICE_CATEGORIES), priceFen: Fen(), basicItem: Nullable(Enum(BASIC_ITEMS)), fromDate: Type.String() });
export const UnitSchema = Type.Object({
  id: Type.Integer(),
  kind: Enum(UNIT_KINDS),
  name: Type.String(),
  divisionCode: Type.String(),
  organisationId: Nullable(Type.Integer()),
  licenceNumber: Nullable(Type.String()),
  licenceCheckedYear: Nullable(Type.Integer()),
  capacity: Type.Record(Type.String(), Type.Unknown()),
  status: Type.String(),
  prices: Type.Array(PriceSchema),
  plots: Type.Array(Type.Object({ burialType: Enum(BURIAL_TYPES), total: Type.Integer(), free: Type.Integer(), smallNew: Type.Integer() })),
});
export type UnitResponse = Static<typeof UnitSchema>;
export const UnitListSchema = Type.Object({ items: Type.Array(UnitSchema) });
export const UnitQuery = Type.Object({ kind: Type.Optional(Enum(UNIT_KINDS)) });
export const UnitBody = Type.Object({
  kind: Enum(UNIT_KINDS, '单位类别'),
  name: Type.String({ maxLength: 100 }),
  divisionCode: Type.String({ maxLength: 12 }),
  organisationId: Type.Optional(Type.Integer({ minimum: 1 })),
  licenceNumber: Type.Optional(Type.String({ maxLength: 40, description: '殡葬服务证编号' })),
  licenceCheckedYear: Type.Optional(Type.Integer({ description: '最近年检年度' })),
  capacity: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: '火化炉（按炉型）、冷藏柜、告别厅等' })),
});
export const PriceBody = Type.Object({
  item: Type.String({ maxLength: 100 }),
  category: Enum(PRICE_CATEGORIES),
  priceFen: Type.Integer({ description: '价格（分）' }),
  basicItem: Type.Optional(Enum(BASIC_ITEMS)),
  fromDate: DateString('生效日期'),
});
export const PlotsBody = Type.Object({ burialType: Enum(BURIAL_TYPES), areaM2: Type.Number({ description: '单穴面积（m²）' }), newArea: Type.Boolean({ description: '是否新开墓区' }), count: Type.Integer({ description: '穴位数' }) });
export const BurialBody = Type.Object({ burialType: Enum(BURIAL_TYPES), buriedOn: DateString('安葬日期'), deathId: Type.Optional(Type.Integer({ minimum: 1 })) });

export const FiguresQuery = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
const Count = Type.Integer();
export const FiguresSchema = Type.Object({
  year: Type.Integer(),
  deathsByMonth: Type.Array(Type.Object({ month: Type.String(), count: Count })),
  deathsBySource: Type.Array(Type.Object({ source: Type.String(), count: Count })),
  deathsByDistrict: Type.Array(Type.Object({ district: Type.String(), count: Count })),
  cremations: Count,
  ecoBurial: Type.Object({ small: Count, total: Count, percent: Nullable(Type.Number()), targetPercent: Type.Number() }),
  seaBurials: Count,
  subsidies: Type.Array(Type.Object({ kind: Type.String(), count: Count, amountFen: Fen(), paidFen: Fen() })),
  checklists: Type.Object({ complete: Count, open: Count, averageDays: Nullable(Type.Number()) }),
});
export type FiguresResponse = Static<typeof FiguresSchema>;

export const SettingsSchema = Type.Array(Type.Object({ key: Type.String(), label: Type.String(), values: Type.Array(Type.Object({ from: Type.String(), value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() })) }));
