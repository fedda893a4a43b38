/** TypeBox pieces of the adoption-registration API: validation, types and the OpenAPI document from one source. */
import { Type, type TSchema } from 'typebox';
import { ErrorBody } from '../http/schemas.js';
import { CASE_STATES, CHILD_KINDS, SENDER_KINDS } from './model.js';
import { FINDING_TOPICS } from './assessment.js';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const IdNumber = Type.String({ minLength: 15, maxLength: 18, description: '居民身份证号码（18位；15位旧号自动升位）' });
const Name = Type.String({ minLength: 1, maxLength: 50 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const RequestKey = Type.Optional(Type.String({ minLength: 8, maxLength: 64, description: '重复提交时返回第一次的结果' }));
export const adoptionErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
export const tags = ['收养登记'];

export const ApplicantsBody = Type.Object(
  {
    child: Type.Object(
      {
        idNumber: IdNumber,
        name: Name,
        kind: Enum(CHILD_KINDS, '《民法典》第1093条：orphan 丧失父母的孤儿；parents_unknown 查找不到生父母；parents_difficulty 生父母有特殊困难无力抚养'),
        disabled: Type.Boolean({ description: '残疾未成年人（第1100条第2款）' }),
        inWelfareInstitution: Type.Boolean({ description: '由儿童福利机构抚养' }),
      },
      { additionalProperties: false },
    ),
    adopters: Type.Array(Type.Object({ idNumber: IdNumber, name: Name }, { additionalProperties: false }), { minItems: 1, maxItems: 2, description: '一名收养人，或夫妻二人共同收养' }),
    singleAdopterHasSpouse: Type.Boolean({ description: '单方收养时收养人有配偶（第1101条：应当夫妻共同收养）' }),
    declaredChildren: Type.Integer({ minimum: 0, maximum: 20, description: '收养人已有子女数（含亲生与收养）' }),
    sender: Type.Object({ kind: Enum(SENDER_KINDS, '《民法典》第1094条'), name: Text(100) }, { additionalProperties: false }),
    requestKey: RequestKey,
  },
  { additionalProperties: false },
);

export const RuleResultSchema = Type.Object({ check: Type.String(), outcome: Enum(['pass', 'fail'] as const), rule: Type.String(), message: Type.String() });

const Person = Type.Object({ name: Type.String(), idNumber: Type.String({ description: '身份证号码（脱敏）' }), birthDate: DateString, sex: Type.String(), age: Type.Integer() });
export const CaseSchema = Type.Object({
  id: Type.Integer(),
  officeId: Type.Integer(),
  officeName: Type.String(),
  openedOn: DateString,
  state: Enum(CASE_STATES),
  stateLabel: Type.String(),
  child: Type.Object({ ...Person.properties, kind: Type.String(), kindLabel: Type.String(), disabled: Type.Boolean(), inWelfareInstitution: Type.Boolean() }),
  adopters: Type.Array(Person),
  adoptersChildren: Type.Integer(),
  sender: Type.Object({ kind: Type.String(), kindLabel: Type.String(), name: Type.String() }),
  announcement: Nullable(Type.Object({ announcedOn: DateString, lastDay: DateString, registrableFrom: DateString })),
  actions: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), label: Type.String(), onDay: DateString, detail: Type.Record(Type.String(), Type.Unknown()), actorName: Type.String(), recordedAt: Type.String() })),
  certificates: Type.Array(Type.Object({ number: Type.String(), kind: Type.String(), kindLabel: Type.String(), issuedOn: DateString })),
  adoption: Nullable(Type.Object({ registeredOn: DateString, certificateNumber: Type.String(), dissolvedOn: Nullable(DateString), dissolvedBy: Nullable(Type.String()), birthLinksRestored: Nullable(Type.Boolean()) })),
});

const Day = Type.Optional(DateString);
export const VisitBody = Type.Object({ day: Day, assessor: Name, place: Text(100), notes: Text(2000) }, { additionalProperties: false });
export const FindingBody = Type.Object({ day: Day, assessor: Name, topic: Enum(Object.keys(FINDING_TOPICS) as (keyof typeof FINDING_TOPICS)[]), text: Text(2000) }, { additionalProperties: false });
export const ConclusionBody = Type.Object(
  {
    day: Day,
    assessor: Name,
    ability: Type.Boolean({ description: '有抚养、教育和保护被收养人的能力（第1098条第（二）项）' }),
    health: Type.Boolean({ description: '未患有在医学上认为不应当收养子女的疾病（第（三）项）' }),
    record: Type.Boolean({ description: '无不利于被收养人健康成长的违法犯罪记录（第（四）项）' }),
    summary: Text(2000),
  },
  { additionalProperties: false },
);
export const AnnouncementBody = Type.Object({ day: Day, medium: Text(100), text: Text(2000) }, { additionalProperties: false });
export const RegistrationBody = Type.Object(
  {
    adoptersPresent: Type.Array(Type.Boolean(), { minItems: 1, maxItems: 2, description: '各收养人是否亲自到场（按案件中的顺序）' }),
    childConsent: Nullable(Type.Boolean({ description: '被收养人本人同意（八周岁以上须征得）' })),
    senderConsent: Type.Boolean(),
    requestKey: RequestKey,
  },
  { additionalProperties: false },
);
export const DissolutionBody = Type.Object(
  {
    by: Enum(['agreement', 'court'] as const, 'agreement 协议解除（登记）；court 诉讼解除（法院判决）'),
    adoptersAgree: Type.Optional(Type.Boolean()),
    senderAgrees: Type.Optional(Type.Boolean()),
    adopteeAgrees: Type.Optional(Type.Boolean()),
    court: Type.Optional(Text(100)),
    caseNumber: Type.Optional(Text(100)),
    restoreBirthRelations: Type.Optional(Type.Boolean({ description: '成年养子女与生父母协商恢复权利义务关系（第1117条）' })),
    requestKey: RequestKey,
  },
  { additionalProperties: false },
);

const Count = Type.Union([Type.Integer(), Type.Literal('<5')]);
export const FiguresSchema = Type.Object({
  fromYear: Type.Integer(),
  toYear: Type.Integer(),
  office: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
  suppressed: Type.Boolean({ description: '小于5的数字已隐藏（收养秘密）' }),
  rows: Type.Array(Type.Object({ year: Type.Integer(), byKind: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), adoptions: Count })), adoptions: Count, dissolvedByAgreement: Count, dissolvedByCourt: Count })),
});
export const FiguresQuery = Type.Object({
  fromYear: Type.Integer({ minimum: 1990, maximum: 2100 }),
  toYear: Type.Integer({ minimum: 1990, maximum: 2100 }),
  division: Type.Optional(Type.String({ pattern: '^(\\d{6}|\\d{9}|\\d{12})$' })),
});

const SettingValueSchema = Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() });
export const SettingSchema = Type.Object({ name: Type.String(), label: Type.String(), description: Type.String(), current: SettingValueSchema, history: Type.Array(SettingValueSchema) });
export const SettingBody = Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Text(500) }, { additionalProperties: false });
