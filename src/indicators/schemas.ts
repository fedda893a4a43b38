import { Type } from 'typebox';

export const tags = ['规划指标'];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const MonthText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: '月份 YYYY-MM' });
export const MonthQuery = Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: '月份 YYYY-MM，默认本月' }));
export const DivisionQuery = Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: '全市 310000000000（默认）或某区 12 位代码' }));
export const NoParams = Type.Object({ no: Type.Integer({ minimum: 1, maximum: 99, description: '指标序号 1–15' }) });
const Status = Type.Union([Type.Literal('met'), Type.Literal('on_track'), Type.Literal('behind'), Type.Literal('no_data')]);
const Origin = Type.Union([Type.Literal('frozen'), Type.Literal('computed'), Type.Literal('manual'), Type.Literal('none')]);

export const IndicatorValueSchema = Type.Object(
  {
    no: Type.Integer(),
    name: Type.String(),
    unit: Type.String(),
    nature: Type.Union([Type.Literal('binding'), Type.Literal('indicative')]),
    natureName: Type.String({ description: '约束性 / 预期性' }),
    formula: Type.String({ description: '规划所列指标定义（计算公式）' }),
    baseline: Type.Number({ description: '2020 年基准值' }),
    target: Type.Number({ description: '2025 年目标值（全市）' }),
    targetText: Type.String(),
    sourceText: Type.String({ description: '本平台取值来源' }),
    manualSource: Type.Boolean({ description: '人工填报的指标' }),
    byDistrict: Type.Boolean({ description: '可分区查看' }),
    month: MonthText,
    divisionCode: Type.String(),
    value: Nullable(Type.Number()),
    numerator: Nullable(Type.Number()),
    denominator: Nullable(Type.Number()),
    valueMonth: Nullable(MonthText),
    origin: Origin,
    originName: Type.String(),
    provenance: Type.String({ description: '来源、填报人与时间，或冻结的规则版本' }),
    expected: Type.Number({ description: '按基准值到目标值直线推进，本月应达到的值' }),
    status: Status,
    statusName: Type.String(),
    alarm: Type.Boolean({ description: '约束性指标进度滞后（红色）' }),
  },
  { $id: 'IndicatorValue' },
);

export const IndicatorListSchema = Type.Object({ month: MonthText, divisionCode: Type.String(), items: Type.Array(IndicatorValueSchema) });

export const DistrictsSchema = Type.Object({
  indicator: IndicatorValueSchema,
  districts: Type.Array(Type.Object({ divisionCode: Type.String(), divisionName: Type.String(), value: Nullable(Type.Number()), numerator: Nullable(Type.Number()), denominator: Nullable(Type.Number()), origin: Origin })),
});

export const HistorySchema = Type.Object({
  no: Type.Integer(),
  name: Type.String(),
  unit: Type.String(),
  baseline: Type.Number(),
  target: Type.Number(),
  divisionCode: Type.String(),
  points: Type.Array(Type.Object({ month: MonthText, value: Nullable(Type.Number()), origin: Origin, expected: Type.Number(), status: Status })),
});

export const ManualInputSchema = Type.Object({
  month: Type.String({ description: '数值所属月份 YYYY-MM（不得晚于本月）' }),
  numerator: Type.Optional(Type.Number({ description: '比率指标的分子；计数指标可只填数值' })),
  denominator: Type.Optional(Type.Number({ description: '比率指标的分母' })),
  value: Type.Optional(Type.Number({ description: '计数指标的数值（按指标单位）' })),
  source: Type.String({ maxLength: 500, description: '数据来源（统计公报、部门报表等）' }),
  note: Type.Optional(Type.String({ maxLength: 500, description: '说明（如更正原因）' })),
});

export const ManualEntrySchema = Type.Object({
  id: Type.Integer(),
  month: MonthText,
  value: Type.Number(),
  numerator: Nullable(Type.Number()),
  denominator: Nullable(Type.Number()),
  source: Type.String(),
  note: Type.String(),
  enteredBy: Type.String(),
  enteredAt: Type.String({ format: 'date-time' }),
  supersededBy: Nullable(Type.Integer({ description: '更正本条的记录编号；为空表示现行' })),
});

export const EnteredSchema = Type.Object({ id: Type.Integer(), no: Type.Integer(), month: MonthText, value: Type.Number(), supersedesId: Nullable(Type.Integer()) });
export const FrozenSchema = Type.Object({ month: MonthText, frozen: Type.Integer() });
