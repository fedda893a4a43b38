/**
 * TypeBox schemas of the database-backed policy API (parameters, screening, simulation), for OpenAPI and
 * typed clients. As for evaluate, requests are validated by the services themselves so that every
 * refusal carries a policy code and a Chinese message naming the field.
 */
import { Type, type Static } from 'typebox';
import type { StoredSimulationReport } from './simulate-db.js';
import { UsedParameterSchema } from './schemas.js';

const Month = Type.String({ pattern: '^\\d{4}-\\d{2}$', description: '月份 YYYY-MM' });
const Division = Type.String({ description: '区划代码（6、9 或 12 位）；缺省为本人辖区' });
const ParamValue = Type.Union([Type.Integer({ minimum: 0 }), Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1 })], {
  description: '数值：金额（分）或千分比；按家庭人数的参数为数组',
});
const Warning = Type.Object({ code: Type.String(), message: Type.String(), parameter: Type.String(), from: Type.String() });

export const ParameterValueBody = Type.Object({
  from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '生效日期 YYYY-MM-DD' }),
  value: ParamValue,
  verified: Type.Optional(Type.Boolean({ description: '是否已按正式文件核实（默认否）' })),
  note: Type.String({ minLength: 1, maxLength: 500, description: '来源或依据' }),
});

export const ParameterValueCreated = Type.Object({
  name: Type.String(),
  label: Type.String(),
  unit: Type.String(),
  from: Type.String(),
  value: ParamValue,
  verified: Type.Boolean(),
  note: Type.String(),
  warnings: Type.Array(Warning, { description: '政策包校验的警告（如低保标准低于上年度月人均消费支出的 33%），不阻止录入' }),
});

export const ParameterListingSchema = Type.Object({
  parameters: Type.Array(
    Type.Object({
      name: Type.String(),
      label: Type.String(),
      unit: Type.String(),
      description: Type.String(),
      values: Type.Array(
        Type.Object({
          from: Type.String(),
          value: ParamValue,
          verified: Type.Boolean(),
          note: Type.String(),
          origin: Type.Union([Type.Literal('pack'), Type.Literal('admin')], { description: 'pack：政策包默认值；admin：管理员录入' }),
          enteredBy: Type.Union([Type.String(), Type.Null()]),
          enteredAt: Type.Union([Type.String(), Type.Null()]),
          warnings: Type.Array(Warning),
          inForce: Type.Boolean({ description: '同一生效日期被后录入的值取代时为 false' }),
        }),
      ),
    }),
  ),
  warnings: Type.Array(Warning, { description: '当前参数表的校验警告' }),
});

export const ScreenBody = Type.Object({
  month: Month,
  divisionCode: Type.Optional(Division),
  workers: Type.Optional(Type.Integer({ minimum: 1, maximum: 32, description: '工作进程数（仅 PostgreSQL）' })),
  source: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('registry')], { description: 'auto：有当期且无待处理变更的列式快照时从快照读取（默认）；registry：重新汇总人口库' })),
});

export const ScreenStarted = Type.Object({ runId: Type.Integer(), status: Type.String(), poll: Type.String() });

/**
 * How a finished run read its population and how long each step took (screen-jobs.ts writes it). The
 * step times are optional: runs recorded before a step was timed are still served as they are.
 */
const Ms = Type.Optional(Type.Integer({ description: '毫秒' }));
export const ScreenTimingsSchema = Type.Object(
  {
    totalMs: Type.Integer(),
    currentMs: Ms,
    derivedFrom: Type.Union([Type.Object({ month: Type.String(), changedHouseholds: Type.Integer(), snapshotMs: Ms, changesMs: Ms, rereadMs: Ms }, { additionalProperties: true }), Type.Null()]),
    parts: Type.Array(
      Type.Object({ source: Type.Union([Type.Literal('registry'), Type.Literal('snapshot'), Type.Literal('derived')]), readMs: Ms, kernelMs: Ms, writeMs: Ms, snapshotMs: Ms, stagingMs: Ms, mergedMs: Ms }, { additionalProperties: true }),
    ),
  },
  { additionalProperties: true },
);
export type ScreenTimings = Static<typeof ScreenTimingsSchema>;

export const ScreenRunSchema = Type.Object({
  id: Type.Integer(),
  month: Type.String(),
  divisionCode: Type.String(),
  status: Type.Unsafe<'queued' | 'running' | 'done' | 'failed'>({ type: 'string', enum: ['queued', 'running', 'done', 'failed'] }),
  phase: Type.String(),
  progressPercent: Type.Integer(),
  workers: Type.Integer(),
  households: Type.Union([Type.Integer(), Type.Null()]),
  persons: Type.Union([Type.Integer(), Type.Null()]),
  resultRows: Type.Union([Type.Integer(), Type.Null()]),
  ruleVersion: Type.Union([Type.String(), Type.Null()]),
  rulesFingerprint: Type.Union([Type.String(), Type.Null()]),
  parametersFingerprint: Type.Union([Type.String(), Type.Null()]),
  timings: Type.Union([ScreenTimingsSchema, Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  startedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  summaries: Type.Array(Type.Object({ district: Type.String(), programme: Type.String(), households: Type.Integer(), persons: Type.Integer(), monthlyAmountFen: Type.Integer() })),
});

export const ScreenResultsPage = Type.Object({
  runStatus: Type.String(),
  items: Type.Array(
    Type.Object({
      householdId: Type.Integer(),
      divisionCode: Type.String(),
      programme: Type.String(),
      memberId: Type.Union([Type.Integer(), Type.Null()]),
      eligible: Type.Boolean(),
      monthlyAmountFen: Type.Integer(),
      failMask: Type.Integer(),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const SimulateBody = Type.Object({
  startMonth: Month,
  overrides: Type.Array(
    Type.Object({
      name: Type.String({ description: '参数名，如 dibao.standard' }),
      from: Type.String({ description: '生效日期 YYYY-MM-DD' }),
      scalePermille: Type.Optional(Type.Integer({ description: '按千分比调整：+5% 为 1050（默认向上取整到元）' })),
      set: Type.Optional(ParamValue),
      addFen: Type.Optional(Type.Integer({ description: '增加（分），可为负' })),
      roundToFen: Type.Optional(Type.Integer()),
    }),
    { minItems: 1 },
  ),
  programmes: Type.Optional(Type.Array(Type.String())),
  divisionCode: Type.Optional(Division),
});

const Figures = Type.Object({
  baselineHouseholds: Type.Integer({ description: '基线下有受助人的户数' }),
  scenarioHouseholds: Type.Integer(),
  baselinePersons: Type.Integer(),
  scenarioPersons: Type.Integer(),
  newlyEligibleHouseholds: Type.Integer(),
  noLongerEligibleHouseholds: Type.Integer(),
  newlyEligiblePersons: Type.Integer(),
  noLongerEligiblePersons: Type.Integer(),
  baselineMonthlyCostFen: Type.Integer({ description: '起始月费用（分）' }),
  scenarioMonthlyCostFen: Type.Integer(),
  baselineYearlyCostFen: Type.Integer({ description: '自起始月起 12 个月费用（分）' }),
  scenarioYearlyCostFen: Type.Integer(),
});

export const SimulationReportSchema = Type.Object({
  startMonth: Month,
  ruleVersion: Type.String(),
  rulesFingerprint: Type.String(),
  overrides: SimulateBody.properties.overrides,
  warnings: Type.Array(Warning, { description: '调整后政策包校验不通过而基线通过的项' }),
  baselineParameters: Type.Array(UsedParameterSchema),
  scenarioParameters: Type.Array(UsedParameterSchema),
  programmes: Type.Array(
    Type.Object({
      programme: Type.String(),
      unit: Type.Union([Type.Literal('household'), Type.Literal('person')]),
      districts: Type.Array(Type.Object({ district: Type.String(), ...Figures.properties })),
      total: Figures,
    }),
  ),
  divisionCode: Type.String(),
  source: Type.Union([Type.Literal('snapshot'), Type.Literal('registry')], { description: 'snapshot：当月列式快照；registry：人口库' }),
  households: Type.Integer(),
  persons: Type.Integer(),
  districtNames: Type.Record(Type.String(), Type.String()),
  timings: Type.Object({ loadMs: Type.Integer(), simulateMs: Type.Integer() }),
});

// The compiler checks that what simulateStored returns is what the schema declares, so neither drifts.
type Assert<T extends true> = T;
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
export type SimulationReportBody = Static<typeof SimulationReportSchema>;
export type ReportMatchesSchema = Assert<DeepMutable<StoredSimulationReport> extends SimulationReportBody ? true : false>;

export const ScreenBreakdownSchema = Type.Object({
  divisionCode: Type.String({ description: '所查看的区划' }),
  rows: Type.Array(Type.Object({ divisionCode: Type.String({ description: '下级区划（12 位）' }), programme: Type.String(), households: Type.Integer() })),
});
export const ScreenHouseholdPageSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      householdId: Type.Integer(),
      divisionCode: Type.String({ description: '居委会' }),
      headName: Type.Union([Type.String({ description: '户主姓名（脱敏）' }), Type.Null()]),
      programmes: Type.Array(Type.String()),
      monthlyAmountFen: Type.Integer({ description: '家庭类项目测算月金额（分），取最大者' }),
    }),
  ),
  nextCursor: Type.Union([Type.Integer(), Type.Null()]),
});
