import { Type, type TSchema } from 'typebox';
import { errorResponses } from '../http/schemas.js';
import { DISABILITY_CATEGORIES, LABOR_CAPACITIES, RELATIONS, type LaborCapacity, type Relation, type SubjectType } from './model.js';

/**
 * TypeBox schemas of the registry API: request validation, response serialisation and the OpenAPI
 * document. Identifier, date and division checks stay in the services, which answer with registry error
 * codes and Chinese messages (REGISTRY_INVALID_ID_NUMBER …) rather than a generic validation failure.
 */
export const registryErrors = { ...errorResponses, 409: errorResponses[400] };

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const DateString = (description?: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const LaborCapacitySchema = Type.Unsafe<LaborCapacity>({ type: 'string', enum: [...LABOR_CAPACITIES], description: '劳动能力：full 有、partial 部分丧失、none 完全丧失' });
export const RelationSchema = Type.Unsafe<Relation>({ type: 'string', enum: [...RELATIONS], description: '与户主关系' });
export const SubjectTypeSchema = Type.Unsafe<SubjectType>({ type: 'string', enum: ['person', 'household'] });
export const DisabilitySchema = Type.Object({
  grade: Type.Unsafe<1 | 2 | 3 | 4>({ type: 'integer', enum: [1, 2, 3, 4], description: '残疾等级（1级最重）' }),
  category: Type.String({ description: `残疾类别：${DISABILITY_CATEGORIES.join('、')}` }),
});

export const PersonSchema = Type.Object({
  id: Type.Integer(),
  idNumber: Type.String({ description: '身份证号码；默认脱敏（310***********123X）' }),
  name: Type.String(),
  sex: Type.Unsafe<'M' | 'F'>({ type: 'string', enum: ['M', 'F'] }),
  birthDate: Type.String(),
  hukouDivision: Type.String({ description: '户籍地区划代码（12位）' }),
  residenceDivision: Type.String({ description: '居住地区划代码（12位）' }),
  deathDate: Nullable(Type.String()),
  disability: Nullable(DisabilitySchema),
  laborCapacity: LaborCapacitySchema,
  householdId: Type.Optional(Nullable(Type.Integer({ description: '当前所在家庭' }))),
});

export const NewPersonBody = Type.Object({
  idNumber: Type.String({ maxLength: 64, description: '18位身份证号码（GB 11643）' }),
  name: Type.String({ maxLength: 200 }),
  sex: Type.Optional(Type.Unsafe<'M' | 'F'>({ type: 'string', enum: ['M', 'F'], description: '可省略，由身份证号码推出；填写时须一致' })),
  birthDate: Type.Optional(DateString('可省略，由身份证号码推出；填写时须一致')),
  hukouDivision: Type.String({ maxLength: 12, description: '户籍地区划代码；上海以外的按格式校验' }),
  residenceDivision: Type.String({ maxLength: 12, description: '居住地区划代码（上海）' }),
  disability: Type.Optional(Nullable(DisabilitySchema)),
  laborCapacity: Type.Optional(LaborCapacitySchema),
});

export const PersonPage = Type.Object({ items: Type.Array(PersonSchema), nextCursor: Nullable(Type.String()) });

export const DivisionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  kind: Type.String(),
  parentCode: Nullable(Type.String()),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
});

/** GET /divisions/:code: the division with the children in force on the day. */
export const DivisionTreeSchema = Type.Object({ ...DivisionSchema.properties, children: Type.Array(DivisionSchema) });

export const MembershipSchema = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  relation: RelationSchema,
  since: Type.String(),
  until: Nullable(Type.String()),
});

export const HouseholdSchema = Type.Object({
  id: Type.Integer(),
  divisionCode: Type.String(),
  address: Type.String(),
  asOf: Type.String({ description: '成员名单对应的日期' }),
  members: Type.Array(Type.Object({ ...PersonSchema.properties, relation: RelationSchema, since: Type.String(), until: Nullable(Type.String()) })),
});

export const OrganisationSchema = Type.Object({
  id: Type.Integer(),
  creditCode: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  divisionCode: Type.String(),
  registeredOn: Nullable(Type.String()),
});

export const NewFactSchema = Type.Object({
  subjectType: SubjectTypeSchema,
  subjectId: Type.Integer({ minimum: 1 }),
  kind: Type.String({ maxLength: 64, description: 'income.wage、asset.monetary、vehicle、expense.medical、orphan、legal_supporter 等' }),
  amountFen: Type.Optional(Nullable(Type.Integer({ description: '金额（分）' }))),
  attributes: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))),
  validFrom: DateString(),
  validTo: Type.Optional(Nullable(DateString())),
});

export const FactSchema = Type.Object({
  id: Type.Integer(),
  subjectType: SubjectTypeSchema,
  subjectId: Type.Integer(),
  kind: Type.String(),
  amountFen: Nullable(Type.Integer()),
  attributes: Type.Unknown(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  source: Type.String(),
  batchId: Type.String(),
  supersedes: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
  recordedAt: Type.String(),
  supersededBy: Nullable(Type.Integer({ description: '更正此记录的新记录；为空表示当前有效' })),
});

export const PolicyInputSchema = Type.Object({
  members: Type.Array(
    Type.Object({
      id: Type.String(),
      birthDate: Type.String(),
      hukouShanghai: Type.Boolean(),
      disability: Nullable(DisabilitySchema),
      laborCapacity: LaborCapacitySchema,
      orphan: Type.Boolean(),
      monthlyIncomeFen: Type.Integer(),
      monetaryAssetsFen: Type.Integer(),
      ownsVehicle: Type.Boolean(),
    }),
  ),
  rigidExpensesLast12MonthsFen: Type.Integer(),
  hasLegalSupporter: Type.Boolean(),
});
