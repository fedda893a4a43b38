/** TypeBox schemas of the children's and disability welfare API: validation, types and OpenAPI from one source. */
import { Type, type TSchema } from 'typebox';
import { ErrorBody } from '../http/schemas.js';
import { CASE_STATUSES, CATEGORIES, GUARDIAN_KINDS, PROTECTION_UNIT_KINDS, REHAB_PROVIDER_KINDS, SITUATION_KINDS, SOURCES, SUBSIDY_KINDS, SUBSIDY_STATUSES } from './model.js';
import { EXIT_REASONS } from './case-actions.js';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Enum = <T extends string>(values: readonly T[], description?: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const MonthString = Type.String({ pattern: '^\\d{4}-\\d{2}$' });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Text = Type.String({ minLength: 1, maxLength: 2000 });

/** A refused rule (422) lists the conditions that failed. */
export const RuleErrorBody = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Object({ failed: Type.Array(Type.Object({ text: Type.String(), met: Type.Boolean() })) })) });
export const childrenErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
export const decisionErrors = { ...childrenErrors, 422: RuleErrorBody };
export const childrenTags = ['儿童福利'];
export const disabilityTags = ['残疾人福利'];

export const CategorySchema = Enum(CATEGORIES);
export const ReportBody = Type.Object({
  childId: Type.Integer({ minimum: 1 }),
  source: Enum(SOURCES, '报告来源'),
  reportedOn: DateString,
  noCarer: Type.Optional(Type.Boolean({ description: '完全无人照料（24 小时内首次走访并临时照料）' })),
  abuse: Type.Optional(Type.Boolean({ description: '疑似虐待、遗弃等侵害（仅经办人员和区级可见）' })),
  fatherId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  motherId: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  note: Text,
});
export const SituationBody = Type.Object({
  personId: Type.Integer({ minimum: 1 }),
  kind: Enum(SITUATION_KINDS),
  from: DateString,
  to: Nullable(DateString),
  evidence: Text,
  disease: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export const VisitBody = Type.Object({ visitedOn: DateString, note: Text });
export const ReviewBody = Type.Object({ note: Text, suggested: Nullable(CategorySchema) });
export const DecisionBody = Type.Object({ category: Type.String({ description: '儿童类别：orphan / de_facto / guardianship / poverty / disability' }) });
export const PlanBody = Type.Object({ plan: Text });
export const CloseBody = Type.Object({ reason: Enum(Object.keys(EXIT_REASONS) as (keyof typeof EXIT_REASONS)[]), note: Text });
export const GuardianBody = Type.Object({ kind: Enum(GUARDIAN_KINDS), guardianId: Nullable(Type.Integer({ minimum: 1 })), from: DateString });
export const WorkerBody = Type.Object({ userId: Type.Integer({ minimum: 1 }), divisionCode: Type.String({ pattern: '^\\d{12}$' }), since: DateString, trainedOn: Nullable(DateString) });
export const RunBody = Type.Object({ month: MonthString, divisionCode: Type.String({ pattern: '^\\d{6}(\\d{6})?$' }) });
export const FileQuery = Type.Object({ month: MonthString, divisionCode: Type.String({ pattern: '^\\d{6}(\\d{6})?$' }) });
export const CsvFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'CSV 发放文件' });

const Condition = Type.Object({ text: Type.String(), met: Type.Boolean() });
const Due = Nullable(Type.Object({ kind: Enum(['first', 'routine'] as const), due: DateString, overdue: Type.Boolean(), escalatedTo: Nullable(Enum(['supervisor', 'district'] as const)) }));
const listFields = {
  id: Type.Integer(),
  childName: Type.String({ description: '姓名（列表中一律脱敏，如 王*明）' }),
  age: Type.Integer(),
  divisionCode: Type.String(),
  status: Enum(CASE_STATUSES),
  statusName: Type.String(),
  category: Nullable(CategorySchema),
  categoryName: Nullable(Type.String()),
  reportedOn: DateString,
  abuse: Type.Boolean(),
  noCarer: Type.Boolean(),
  due: Due,
  review: Nullable(Type.Object({ due: DateString, overdue: Type.Boolean() }, { description: '复核到期日（每年一次；父母释放后立即复核）' })),
  needsTemporaryCare: Type.Boolean({ description: '无人照料且尚未安排任何监护或临时照料' }),
};
export const CaseListItemSchema = Type.Object(listFields);
export const CaseListQuery = Type.Object({ status: Type.Optional(Enum(CASE_STATUSES)), overdueOnly: Type.Optional(Type.Boolean()) });
export const CaseDetailSchema = Type.Object({
  ...listFields,
  sex: Type.String(),
  birthDate: DateString,
  idNumberMasked: Type.String(),
  parents: Type.Array(Type.Object({ role: Type.String(), name: Type.String(), deathDate: Nullable(DateString), disability: Nullable(Type.String()) })),
  startMonth: Nullable(Type.String()),
  endMonth: Nullable(Type.String()),
  assessment: Type.Array(Type.Object({ category: CategorySchema, passed: Type.Boolean(), conditions: Type.Array(Condition) })),
  allowance: Type.Object({ paid: Type.Boolean(), amountFen: Type.Integer(), explanation: Type.String() }),
  timeline: Type.Array(Type.Object({ kind: Type.String(), onDate: DateString, actorId: Nullable(Type.Integer()), detail: Type.Unknown() })),
  visits: Type.Array(Type.Object({ id: Type.Integer(), visitedOn: DateString, visitedBy: Type.String(), note: Type.String() })),
  guardians: Type.Array(Type.Object({ kind: Enum(GUARDIAN_KINDS), kindName: Type.String(), guardianName: Nullable(Type.String()), from: DateString, to: Nullable(DateString) })),
});
export const ProtectionUnitBody = Type.Object({ kind: Enum(PROTECTION_UNIT_KINDS), divisionCode: Type.String({ pattern: '^\\d{12}$' }), name: Text, openedOn: DateString });
export const ProtectionAssessmentBody = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), passed: Type.Boolean(), note: Text });
export const ProtectionUnitSchema = Type.Object({
  id: Type.Integer(),
  kind: Enum(PROTECTION_UNIT_KINDS),
  kindName: Type.String(),
  divisionCode: Type.String(),
  name: Type.String(),
  openedOn: DateString,
  closedOn: Nullable(DateString),
  assessments: Type.Array(Type.Object({ year: Type.Integer(), passed: Type.Boolean(), note: Type.String() })),
});
export const RecheckBody = Type.Object({ note: Text });
export const RecheckSchema = Type.Object({ passed: Type.Boolean(), conditions: Type.Array(Condition), nextReviewOn: Nullable(DateString) });
export const DecisionSchema = Type.Object({ category: CategorySchema, startMonth: Type.String(), conditions: Type.Array(Condition) });
export const RunSchema = Type.Object({ month: Type.String(), district: Type.String(), count: Type.Integer(), totalFen: Type.Integer(), writtenNow: Type.Integer(), stopped: Type.Integer() });
export const WorkerSchema = Type.Object({ userId: Type.Integer(), name: Type.String(), role: Enum(['child_director', 'child_supervisor'] as const), divisionCode: Type.String(), trainedOn: Nullable(DateString), since: DateString });
export const SettingSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  unit: Type.String(),
  description: Type.String(),
  current: Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() }),
  history: Type.Array(Type.Object({ from: DateString, value: Type.Unknown(), verified: Type.Boolean(), source: Type.String() })),
});
const CellSchema = Type.Union([Type.Integer(), Type.Literal('<5')]);
export const RehabCoverageSchema = Type.Object(
  {
    streets: Type.Integer(),
    covered: Type.Integer(),
    percent: Nullable(Type.Number()),
    targetPercent: Type.Number(),
    met: Type.Boolean(),
    providers: Type.Integer(),
    participants: CellSchema,
    baseline2024Percent: Type.Number(),
  },
  { description: '精神障碍社区康复服务街镇覆盖率 = 有康复服务机构且有服务对象的街镇数 ÷ 街镇数（目标见参数 rehab.coverageTargetPercent）' },
);
export const RehabProviderBody = Type.Object({ name: Text, kind: Enum(REHAB_PROVIDER_KINDS), divisionCode: Type.String({ pattern: '^\\d{12}$' }), openedOn: DateString });
export const RehabProviderSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Enum(REHAB_PROVIDER_KINDS),
  kindName: Type.String(),
  divisionCode: Type.String(),
  divisionName: Type.String(),
  openedOn: DateString,
  closedOn: Nullable(DateString),
  participants: CellSchema,
});
export const RehabEnrolBody = Type.Object({ personId: Type.Integer({ minimum: 1 }), providerId: Type.Integer({ minimum: 1 }), joinedOn: DateString });
export const RehabLeaveBody = Type.Object({ leftOn: DateString, reason: Text });
export const RehabParticipantSchema = Type.Object({
  id: Type.Integer(),
  personName: Type.String({ description: '脱敏姓名' }),
  providerId: Type.Integer(),
  providerName: Type.String(),
  divisionCode: Type.String(),
  joinedOn: DateString,
  leftOn: Nullable(DateString),
  leaveReason: Nullable(Type.String()),
});
export const FiguresSchema = Type.Object({
  suppressed: Type.Boolean(),
  byDistrict: Type.Array(Type.Object({ districtCode: Type.String(), districtName: Type.String(), counts: Type.Record(Type.String(), CellSchema), total: CellSchema })),
  categories: Type.Array(Type.Object({ category: CategorySchema, name: Type.String() })),
  allowancesByMonth: Type.Array(Type.Object({ month: Type.String(), children: CellSchema, totalFen: Type.Integer() })),
  firstVisit: Type.Object({ measured: Type.Integer(), p90Hours: Nullable(Type.Number()), slaHours: Type.Number() }),
  directorCoverage: Type.Object({ committees: Type.Integer(), withDirector: Type.Integer(), percent: Nullable(Type.Number()) }),
  trainedWorkers: Type.Object({ count: Type.Integer(), target2025: Type.Integer(), baseline2020: Type.Integer() }),
  subsidies: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), recipients: Type.Integer(), yearFen: Type.Integer(), baseline2024: Type.Object({ recipients: Type.Integer(), yearFen: Type.Integer() }) })),
  protection: Type.Object({
    indicator10: Type.Object(
      { year: Type.Integer(), institutions: Type.Integer(), passed: Type.Integer(), percent: Nullable(Type.Number()), baseline2020: Type.Number(), target2025: Type.Number() },
      { description: '指标 10：区未成年人保护机构达标率 = 当年规范达标的区级机构数 ÷ 区级机构数' },
    ),
    workstations: Type.Object({ streets: Type.Integer(), covered: Type.Integer(), percent: Nullable(Type.Number()) }, { description: '设有未成年人保护工作站的街镇数 ÷ 街镇数' }),
  }),
  rehab: RehabCoverageSchema,
});
export const SubsidyBody = Type.Object({
  personId: Type.Integer({ minimum: 1 }),
  kind: Enum(SUBSIDY_KINDS),
  appliedOn: DateString,
  jobless: Type.Optional(Type.Boolean({ description: '重残无业（生活补贴）' })),
  channel: Type.Optional(Enum(['street', 'portal'] as const)),
});
export const SubsidySchema = Type.Object({
  id: Type.Integer(),
  personName: Type.String(),
  kind: Enum(SUBSIDY_KINDS),
  kindName: Type.String(),
  status: Enum(SUBSIDY_STATUSES),
  appliedOn: DateString,
  fromMonth: Nullable(Type.String()),
  statusReason: Nullable(Type.String()),
  divisionCode: Type.String(),
});
export const SubsidyDecisionSchema = Type.Object({ status: Enum(SUBSIDY_STATUSES), fromMonth: Nullable(Type.String()), decision: Type.Object({ kind: Enum(SUBSIDY_KINDS), passed: Type.Boolean(), conditions: Type.Array(Condition) }) });
