/**
 * TypeBox schemas of the evaluate contract, for OpenAPI and for clients. Validation of requests is done
 * by validate.ts (Chinese messages naming the field, codes like POLICY_INVALID_INPUT); these schemas
 * describe the same shape, and schemas.test.ts keeps the two in agreement. The type assertions at the
 * bottom make the compiler check that the schemas and the hand-written types in household.ts match.
 */
import { Type, type Static } from 'typebox';
import type { EvaluateRequest, EvaluateResponse } from './household.js';

const Fen = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

export const DisabilitySchema = Type.Union([
  Type.Null(),
  Type.Object({
    grade: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)], { description: '残疾等级 1（最重）–4' }),
    category: Type.String({ minLength: 1, description: '残疾类别，如 肢体、视力' }),
  }),
]);

export const MemberSchema = Type.Object({
  id: Type.String({ minLength: 1, description: '户内成员编号（户内唯一）' }),
  birthDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '出生日期 YYYY-MM-DD' }),
  hukouShanghai: Type.Boolean({ description: '是否具有本市户籍' }),
  disability: DisabilitySchema,
  laborCapacity: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')], { description: '劳动能力：full 有 / partial 部分丧失 / none 完全丧失' }),
  orphan: Type.Boolean({ description: '父母双亡或被宣告失踪' }),
  monthlyIncomeFen: Fen('本人月收入（分）'),
  monetaryAssetsFen: Fen('本人货币财产（分）'),
  ownsVehicle: Type.Boolean({ description: '拥有机动车（残疾人功能性补偿代步机动车除外）' }),
  childCategory: Type.Optional(
    Type.Union([Type.Literal('none'), Type.Literal('de_facto'), Type.Literal('guardianship'), Type.Literal('poverty'), Type.Literal('disability')], {
      description: '儿童保障类别（区级认定）：none 未认定 / de_facto 事实无人抚养 / guardianship 监护缺失或不当 / poverty 家庭贫困 / disability 自身残疾或重病',
    }),
  ),
});

export const HouseholdSchema = Type.Object({
  members: Type.Array(MemberSchema, { minItems: 1 }),
  rigidExpensesLast12MonthsFen: Fen('近 12 个月自付医疗、教育等刚性支出（分）'),
  hasLegalSupporter: Type.Boolean({ description: '是否有能够履行义务的法定赡养、抚养、扶养人' }),
});

export const ProgrammeIdSchema = Type.Union(
  ['dibao', 'low_income', 'expense_poverty', 'destitute', 'elderly_allowance', 'orphan_allowance'].map((id) => Type.Literal(id)),
  { description: '救助项目编号' },
);

export const EvaluateRequestSchema = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: '评估月份 YYYY-MM' }),
    household: HouseholdSchema,
    programmes: Type.Optional(Type.Array(Type.String(), { description: '项目编号；省略则评估全部项目' })),
  },
  { $id: 'PolicyEvaluateRequest' },
);

export const ConditionSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  passed: Type.Boolean(),
  text: Type.String(),
});

export const ProgrammeResultSchema = Type.Object({
  programme: Type.String(),
  memberId: Type.Optional(Type.String({ description: '个人项目：成员编号' })),
  eligible: Type.Boolean(),
  monthlyAmountFen: Type.Integer({ minimum: 0 }),
  reasons: Type.Array(Type.String(), { description: '中文理由：每个条件的比较值、参数值及生效日期' }),
  conditions: Type.Array(ConditionSchema),
});

export const UsedParameterSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  unit: Type.Union([Type.Literal('fen'), Type.Literal('permille'), Type.Literal('fenBySize')], { description: 'fen 分 / permille 千分比 / fenBySize 按户人数的分值表' }),
  value: Type.Union([Type.Integer(), Type.Array(Type.Integer())]),
  from: Type.String(),
  verified: Type.Boolean(),
});

export const EvaluateResponseSchema = Type.Object(
  {
    month: Type.String(),
    results: Type.Array(ProgrammeResultSchema),
    ruleVersion: Type.String({ description: '规则版本，如 shanghai@1' }),
    rulesFingerprint: Type.String({ description: '规则内容指纹：规则有任何改动都会变化' }),
    parameters: Type.Array(UsedParameterSchema, { description: '本次决定读取的全部参数值（可据此复现）' }),
  },
  { $id: 'PolicyEvaluateResponse' },
);

export const PolicyErrorSchema = Type.Object({ code: Type.String(), message: Type.String() });

export type EvaluateRequestBody = Static<typeof EvaluateRequestSchema>;
export type EvaluateResponseBody = Static<typeof EvaluateResponseSchema>;

// Compile-time agreement between schema and types, both ways: a drift in either fails `tsc`.
type Assert<T extends true> = T;
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
export type ResponseMatchesSchema = Assert<DeepMutable<EvaluateResponse> extends EvaluateResponseBody ? true : false>;
export type SchemaMatchesResponse = Assert<EvaluateResponseBody extends EvaluateResponse ? true : false>;
export type RequestMatchesSchema = Assert<DeepMutable<EvaluateRequest> extends EvaluateRequestBody ? true : false>;
