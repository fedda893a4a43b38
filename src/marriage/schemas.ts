/** TypeBox pieces of the marriage-registration API: validation, types and the OpenAPI document from one source. */
import { Type, type TSchema } from 'typebox';
import { ErrorBody } from '../http/schemas.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const IdNumber = Type.String({ minLength: 15, maxLength: 18, description: '居民身份证号码（18位；15位旧号自动升位）' });
export const Name = Type.String({ minLength: 1, maxLength: 50 });
export const marriageErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
export const tags = ['婚姻登记'];

export const OfficeSchema = Type.Object({ id: Type.Integer(), districtCode: Type.String(), code6: Type.String(), name: Type.String(), foreignFrom: Nullable(DateString) });
export const SlotSchema = Type.Object({ slot: Type.String(), service: Type.String(), places: Type.Integer(), onlinePlaces: Type.Integer(), booked: Type.Integer(), left: Type.Integer() });
const Party = Type.Object({ name: Type.String(), idNumber: Type.String({ description: '身份证号码（脱敏）' }) });
export const BookingSchema = Type.Object({
  id: Type.Integer(),
  officeId: Type.Integer(),
  day: DateString,
  slot: Type.String(),
  service: Type.String(),
  channel: Type.String(),
  status: Type.String(),
  parties: Type.Array(Party),
});
export const BookingBody = Type.Object({
  officeId: Type.Integer({ minimum: 1 }),
  day: DateString,
  slot: Type.String({ minLength: 1, maxLength: 10 }),
  service: Enum(['marriage', 'divorce', 'foreign'] as const),
  channel: Enum(['online', 'walk_in'] as const),
  partyA: Type.Object({ idNumber: IdNumber, name: Name }),
  partyB: Type.Object({ idNumber: IdNumber, name: Name }),
});

export const ResidentOfficeSchema = Type.Object({ id: Type.Integer(), districtCode: Type.String(), code6: Type.String(), name: Type.String(), foreignFrom: Nullable(DateString), address: Type.String() });
export const ResidentSlotsQuery = Type.Object({ officeId: Type.Integer({ minimum: 1 }), day: DateString });
export const ResidentBookingBody = Type.Object({
  officeId: Type.Integer({ minimum: 1 }),
  day: DateString,
  slot: Type.String({ minLength: 1, maxLength: 10 }),
  service: Enum(['marriage', 'divorce', 'foreign'] as const),
  partner: Type.Object({ idNumber: IdNumber, name: Name }),
});
export const ResidentBookingSchema = Type.Object({ ...BookingSchema.properties, officeName: Type.String(), officeAddress: Type.String(), bookedByMe: Type.Boolean({ description: '由本人预约（否则由对方预约）' }) });

export const CheckSchema = Type.Object({
  check: Type.String(),
  outcome: Enum(['pass', 'fail', 'review'] as const),
  rule: Type.String(),
  message: Type.String(),
  compare: Type.Optional(
    Type.Array(Type.Object({ party: Type.String(), recordId: Type.Integer(), record: Type.Object({ name: Type.String(), birthDate: Nullable(Type.String()), registeredOn: Type.String(), office: Nullable(Type.String()) }) })),
  ),
});
const PartyInput = Type.Object({
  idNumber: IdNumber,
  name: Name,
  present: Type.Boolean({ description: '本人亲自到场' }),
  declarationSigned: Type.Boolean({ description: '已签署无配偶、无禁止结婚亲属关系的声明' }),
  declaredStatus: Enum(['unmarried', 'divorced', 'widowed'] as const, '声明的婚姻状况'),
  proof: Type.Optional(Type.String({ maxLength: 500, description: '声明离婚/丧偶而数据未显示时提交的证明' })),
});
export const RegistrationBody = Type.Object({
  service: Enum(['marriage', 'late', 'remarriage'] as const, 'marriage 结婚登记 · late 补办结婚登记 · remarriage 复婚'),
  husband: PartyInput,
  wife: PartyInput,
  requestKey: Type.Optional(Type.String({ minLength: 8, maxLength: 64 })),
});
export const RegistrationSchema = Type.Object({ marriageId: Type.Integer(), certificateNumber: Type.String(), registeredOn: DateString, checks: Type.Array(CheckSchema) });

const PartyView = Type.Object({ name: Type.String(), idNumber: Nullable(Type.String()), birthDate: Nullable(Type.String()) });
export const MarriageSchema = Type.Object({
  id: Type.Integer(),
  officeName: Nullable(Type.String()),
  service: Type.String(),
  registeredOn: DateString,
  provenance: Type.String(),
  quality: Type.String(),
  husband: PartyView,
  wife: PartyView,
  endedOn: Nullable(DateString),
  endReason: Nullable(Type.String()),
  annotation: Nullable(Type.String()),
  certificates: Type.Array(Type.Object({ number: Type.String(), kind: Type.String(), issuedOn: DateString, status: Type.String(), supersededBy: Nullable(Type.String()) })),
});

const Agreement = Type.Object({ children: Type.String({ maxLength: 2000 }), property: Type.String({ maxLength: 2000 }), debts: Type.String({ maxLength: 2000 }) });
const Capacity = Enum(['full', 'limited', 'none'] as const);
export const DivorceApplyBody = Type.Object({ marriageId: Type.Integer({ minimum: 1 }), bothPresent: Type.Boolean(), agreement: Nullable(Agreement), capacity: Type.Object({ husband: Capacity, wife: Capacity }) });
export const DivorceSchema = Type.Object({
  id: Type.Integer(),
  marriageId: Type.Integer(),
  officeId: Type.Integer(),
  officeName: Type.String(),
  receiptNumber: Type.String(),
  status: Type.String(),
  timeline: Type.Object({ receivedOn: DateString, coolingOffLastDay: DateString, registrationFrom: DateString, registrationLastDay: DateString }),
  daysLeft: Nullable(Type.Integer()),
  husband: Party,
  wife: Party,
  agreement: Agreement,
  actions: Type.Array(Type.Object({ kind: Type.String(), onDay: DateString, byParty: Nullable(Type.String()), detail: Type.Record(Type.String(), Type.Unknown()) })),
  certificateNumber: Nullable(Type.String()),
});

export const JudgementBody = Type.Object({
  marriageId: Type.Integer({ minimum: 1 }),
  kind: Enum(['divorce', 'void', 'annulment'] as const),
  court: Type.String({ minLength: 1, maxLength: 100 }),
  caseNumber: Type.String({ minLength: 1, maxLength: 100 }),
  effectiveOn: DateString,
});
export const JudgementSchema = Type.Object({
  id: Type.Integer(),
  marriageId: Type.Integer(),
  kind: Type.String(),
  court: Type.String(),
  caseNumber: Type.String(),
  effectiveOn: DateString,
  article: Type.String(),
  annotation: Type.String(),
});

export const CertificateSchema = Type.Object({ number: Type.String(), kind: Type.String(), officeName: Type.String(), issuedOn: DateString, status: Type.String(), supersededBy: Nullable(Type.String()), marriageId: Type.Integer() });
const S_KIND = Enum(['J', 'L', 'BJ', 'BL'] as const);
const ELicenceData = Type.Object({
  number: Type.String({ maxLength: 40 }),
  kind: S_KIND,
  issuedOn: DateString,
  office: Type.String({ maxLength: 50 }),
  holders: Type.Array(Type.Object({ role: Enum(['husband', 'wife'] as const), name: Type.String({ maxLength: 50 }), idNumberHash: Type.String({ maxLength: 64 }) }), { maxItems: 2 }),
});
export const ELicenceSchema = Type.Object({ data: ELicenceData, signature: Type.String(), publicKey: Type.String() });
export const ELicenceVerifyBody = Type.Object({ data: ELicenceData, signature: Type.String({ maxLength: 200 }) });

export const ImportBody = Type.Object({
  batchId: Type.String({ minLength: 1, maxLength: 100 }),
  source: Type.String({ minLength: 1, maxLength: 200 }),
  provenance: Enum(['backfilled', 'imported'] as const, 'backfilled 补录 · imported 导入'),
  format: Enum(['ndjson', 'csv'] as const),
  content: Type.String({ maxLength: 5_000_000 }),
});
export const ImportSchema = Type.Object({
  batchId: Type.String(),
  replayed: Type.Boolean(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  conflicting: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), code: Type.String(), message: Type.String() })),
});
export const JudgementImportBody = Type.Object({
  batchId: Type.String({ minLength: 1, maxLength: 100 }),
  court: Type.String({ minLength: 1, maxLength: 100, description: '发送判决的法院' }),
  format: Enum(['ndjson', 'csv'] as const),
  content: Type.String({ maxLength: 5_000_000, description: '每行：caseNumber, kind (divorce/void/annulment), effectiveOn, certificateNumber 或 husbandIdNumber + wifeIdNumber, court（可选）' }),
});
export const JudgementImportSchema = Type.Object({
  batchId: Type.String(),
  replayed: Type.Boolean(),
  rows: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), code: Type.String(), message: Type.String() })),
});
export const CompletionBody = Type.Object({ party: Enum(['husband', 'wife'] as const), idNumber: IdNumber, evidence: Type.String({ minLength: 1, maxLength: 200 }) });
export const CompletionSchema = Type.Object({ marriageId: Type.Integer(), quality: Type.String(), conflicts: Type.Integer(), annotation: Type.String() });
export const RecordCertificateBody = Type.Object({ idNumber: IdNumber, purpose: Type.String({ minLength: 1, maxLength: 200 }), requestKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) });
export const RecordCertificateSchema = Type.Object({ number: Type.String() });
export const ReviewSchema = Type.Object({ id: Type.Integer(), kind: Type.String(), status: Type.String(), detail: Type.Record(Type.String(), Type.Unknown()), createdAt: Type.String() });
export const FiguresSchema = Type.Object({
  year: Type.Integer(),
  office: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), districtCode: Type.String() })),
  byMonth: Type.Array(
    Type.Object({ month: Type.String(), officeId: Nullable(Type.Integer()), officeName: Type.String(), districtCode: Nullable(Type.String()), marriages: Type.Integer(), divorcesAgreement: Type.Integer(), divorcesCourt: Type.Integer() }),
  ),
  nationwideShare: Type.Object({ marriages: Type.Integer(), nationwide: Type.Integer(), percent: Type.Number() }),
  meanAgeFirstMarriage: Type.Object({ men: Nullable(Type.Number()), women: Nullable(Type.Number()) }),
  coolingOff: Type.Object({ withdrawn: Type.Integer(), deemedWithdrawn: Type.Integer(), registered: Type.Integer(), refused: Type.Integer(), ended: Type.Integer() }),
});
const SettingValueSchema = Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() });
export const SettingSchema = Type.Object({ name: Type.String(), label: Type.String(), description: Type.String(), current: SettingValueSchema, history: Type.Array(SettingValueSchema) });
