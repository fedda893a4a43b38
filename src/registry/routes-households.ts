import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { addMember, createHousehold, endMembership, getHousehold, householdMemberships } from './households.js';
import type { RegistryDb } from './model.js';
import { readHouseholdPolicyInput } from './policy-input.js';
import { DateString, HouseholdSchema, IdParams, MembershipSchema, PolicyInputSchema, RelationSchema, registryErrors } from './schemas.js';

const tags = ['家庭'];

export async function householdRoutes(app: AppInstance, db: RegistryDb): Promise<void> {
  app.post(
    '/households',
    {
      schema: {
        tags,
        summary: '建立家庭档案（所在居村委会）',
        security: bearer,
        body: Type.Object({ divisionCode: Type.String({ maxLength: 12, description: '居（村）委会区划代码（12位）' }), address: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 201: HouseholdSchema, ...registryErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await createHousehold(db, actorOf(request), request.body)),
  );

  app.get(
    '/households/:id',
    {
      schema: {
        tags,
        summary: '家庭详情及指定日期的成员（身份证号码脱敏）',
        security: bearer,
        params: IdParams,
        querystring: Type.Object({ asOf: Type.Optional(DateString('成员名单日期，默认今天')) }),
        response: { 200: HouseholdSchema, ...registryErrors },
      },
    },
    async (request) => getHousehold(db, actorOf(request), request.params.id, request.query),
  );

  app.get('/households/:id/memberships', { schema: { tags, summary: '家庭成员变动历史（含已迁出）', security: bearer, params: IdParams, response: { 200: Type.Array(MembershipSchema), ...registryErrors } } }, async (request) =>
    householdMemberships(db, actorOf(request), request.params.id),
  );

  app.post(
    '/households/:id/members',
    {
      schema: {
        tags,
        summary: '添加家庭成员',
        security: bearer,
        params: IdParams,
        body: Type.Object({ personId: Type.Integer({ minimum: 1 }), relation: RelationSchema, since: DateString('加入日期') }),
        response: { 201: MembershipSchema, ...registryErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await addMember(db, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/households/:id/members/:personId/end',
    {
      schema: {
        tags,
        summary: '成员迁出（结束成员关系）',
        security: bearer,
        params: Type.Object({ id: Type.Integer({ minimum: 1 }), personId: Type.Integer({ minimum: 1 }) }),
        body: Type.Object({ until: DateString('迁出日期（当天起不再是成员）') }),
        response: { 200: MembershipSchema, ...registryErrors },
      },
    },
    async (request) => endMembership(db, actorOf(request), request.params.id, request.params.personId, request.body),
  );

  app.get(
    '/households/:id/policy-input',
    {
      schema: {
        tags,
        summary: '政策计算输入：某月家庭成员、收入、资产、车辆、刚性支出（供 /policy/evaluate 使用）',
        security: bearer,
        params: IdParams,
        querystring: Type.Object({ month: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: '月份 YYYY-MM' }) }),
        response: { 200: PolicyInputSchema, ...registryErrors },
      },
    },
    async (request) => readHouseholdPolicyInput(db, actorOf(request), request.params.id, request.query.month),
  );
}
