import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { getDivision } from './divisions.js';
import { IdVault } from './id-vault.js';
import type { RegistryTables } from './model.js';
import { moveResidence, recordDeath, setDisability, setLaborCapacity } from './person-changes.js';
import { getPerson, listPersons, registerPerson } from './persons.js';
import { UNMASK_PURPOSE_CODES, UNMASK_PURPOSES, type UnmaskPurpose } from './unmask.js';
import { householdRoutes } from './routes-households.js';
import { factAndOrganisationRoutes } from './routes-facts.js';
import { DateString, DisabilitySchema, DivisionTreeSchema, IdParams, LaborCapacitySchema, NewPersonBody, PersonPage, PersonSchema, registryErrors } from './schemas.js';

const tags = ['人口库'];

/** The registry ("data sea") API. Handlers are thin: the services check, authorise, audit and emit. */
export async function registryRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const db = ctx.db.kysely.withTables<RegistryTables>();
  const vault = new IdVault(ctx.config.secretKey);

  const PersonSearch = Type.Object({
    divisionCode: Type.Optional(Type.String({ description: '区划代码（6/9/12位），户籍地或居住地在该区划内' })),
    q: Type.Optional(Type.String({ maxLength: 64, description: '姓名前缀，或完整的18位身份证号码' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: '上一页返回的 nextCursor' })),
  });
  app.get('/persons', { schema: { tags, summary: '人员列表（限本人辖区；身份证号码脱敏；按编号分页）', security: bearer, querystring: PersonSearch, response: { 200: PersonPage, ...registryErrors } } }, async (request) =>
    listPersons(db, vault, actorOf(request), request.query),
  );
  // The same search with the terms in the body: an ID number in a URL ends up in proxy logs and browser history.
  app.post('/persons/search', { schema: { tags, summary: '人员查询（条件放在请求体中，按身份证号码查询时推荐使用）', security: bearer, body: PersonSearch, response: { 200: PersonPage, ...registryErrors } } }, async (request) =>
    listPersons(db, vault, actorOf(request), request.body),
  );

  app.get(
    '/persons/:id',
    {
      schema: {
        tags,
        summary: '人员详情（查看完整身份证号码须有权限并填写目的，全程审计）',
        security: bearer,
        params: IdParams,
        querystring: Type.Object({
          revealIdNumber: Type.Boolean({ default: false, description: '为 true 时返回完整身份证号码' }),
          purpose: Type.Optional(
            Type.Unsafe<UnmaskPurpose>({ type: 'string', enum: UNMASK_PURPOSE_CODES, description: `查询目的代码（查看完整号码时必填，记入审计日志）：${UNMASK_PURPOSE_CODES.map((c) => `${c} ${UNMASK_PURPOSES[c]}`).join('；')}` }),
          ),
          purposeRef: Type.Optional(Type.String({ maxLength: 64, pattern: '^[^\\u0000-\\u001f]*$', description: '案件编号或其他依据编号（可选，记入审计日志）' })),
        }),
        response: { 200: PersonSchema, ...registryErrors },
      },
    },
    async (request) => getPerson(db, vault, actorOf(request), request.params.id, { ...request.query, dailyCap: ctx.config.unmaskDailyCap }),
  );

  app.post('/persons', { schema: { tags, summary: '人员登记（校验身份证号码、区划）', security: bearer, body: NewPersonBody, response: { 201: PersonSchema, ...registryErrors } } }, async (request, reply) =>
    reply.status(201).send(await registerPerson(db, vault, actorOf(request), request.body)),
  );

  app.post(
    '/persons/:id/death',
    { schema: { tags, summary: '死亡登记（发出 registry.person.died 事件）', security: bearer, params: IdParams, body: Type.Object({ deathDate: DateString('死亡日期') }), response: { 200: PersonSchema, ...registryErrors } } },
    async (request) => recordDeath(db, actorOf(request), request.params.id, request.body),
  );

  app.post(
    '/persons/:id/disability',
    {
      schema: {
        tags,
        summary: '残疾证信息变更（null 表示注销）',
        security: bearer,
        params: IdParams,
        body: Type.Object({ disability: Type.Union([DisabilitySchema, Type.Null()]) }),
        response: { 200: PersonSchema, ...registryErrors },
      },
    },
    async (request) => setDisability(db, actorOf(request), request.params.id, request.body.disability),
  );

  app.post(
    '/persons/:id/labor-capacity',
    { schema: { tags, summary: '劳动能力认定', security: bearer, params: IdParams, body: Type.Object({ laborCapacity: LaborCapacitySchema }), response: { 200: PersonSchema, ...registryErrors } } },
    async (request) => setLaborCapacity(db, actorOf(request), request.params.id, request.body.laborCapacity),
  );

  app.post(
    '/persons/:id/moves',
    {
      schema: {
        tags,
        summary: '居住地变更（发出 registry.person.moved 事件）',
        security: bearer,
        params: IdParams,
        body: Type.Object({ residenceDivision: Type.String({ maxLength: 12 }), movedOn: DateString('迁入新居住地的日期') }),
        response: { 200: PersonSchema, ...registryErrors },
      },
    },
    async (request) => moveResidence(db, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/divisions/:code',
    {
      schema: {
        tags: ['区划'],
        summary: '区划及其下级（接受6/9/12位代码）',
        security: bearer,
        params: Type.Object({ code: Type.String({ maxLength: 12 }) }),
        querystring: Type.Object({ on: Type.Optional(DateString('查询日期，默认今天')) }),
        response: { 200: DivisionTreeSchema, ...registryErrors },
      },
    },
    async (request) => {
      actorOf(request);
      return getDivision(db, request.params.code, request.query.on);
    },
  );

  await householdRoutes(app, db);
  await factAndOrganisationRoutes(app, db);
}
