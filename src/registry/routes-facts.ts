import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { correctFact, listFacts, recordFactBatch } from './facts.js';
import type { RegistryDb } from './model.js';
import { createOrganisation, getOrganisation, listOrganisations } from './organisations.js';
import { DateString, FactSchema, IdParams, NewFactSchema, OrganisationSchema, registryErrors } from './schemas.js';

export async function factAndOrganisationRoutes(app: AppInstance, db: RegistryDb): Promise<void> {
  const factQuery = Type.Object({ kind: Type.Optional(Type.String({ maxLength: 64 })) });

  app.post(
    '/facts/batches',
    {
      schema: {
        tags: ['事实数据'],
        summary: '接收部门数据批次（同一批次号重复提交不重复入库）',
        security: bearer,
        body: Type.Object({ batchId: Type.String({ maxLength: 200 }), source: Type.String({ maxLength: 100 }), facts: Type.Array(NewFactSchema, { maxItems: 100_000 }) }),
        response: {
          200: Type.Object({ batchId: Type.String(), recorded: Type.Integer(), replayed: Type.Boolean() }),
          201: Type.Object({ batchId: Type.String(), recorded: Type.Integer(), replayed: Type.Boolean() }),
          ...registryErrors,
        },
      },
    },
    async (request, reply) => {
      const receipt = await recordFactBatch(db, request.body, actorOf(request));
      return reply.status(receipt.replayed ? 200 : 201).send(receipt);
    },
  );

  app.post(
    '/facts/:id/corrections',
    {
      schema: {
        tags: ['事实数据'],
        summary: '更正事实（新增一条记录取代原记录，原记录保留；须填写原因）',
        security: bearer,
        params: IdParams,
        body: Type.Object({
          amountFen: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
          attributes: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
          validFrom: Type.Optional(DateString()),
          validTo: Type.Optional(Type.Union([DateString(), Type.Null()])),
          reason: Type.String({ maxLength: 1000, description: '更正原因' }),
        }),
        response: { 201: FactSchema, ...registryErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await correctFact(db, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/persons/:id/facts',
    { schema: { tags: ['事实数据'], summary: '人员的事实数据（含被更正的历史记录）', security: bearer, params: IdParams, querystring: factQuery, response: { 200: Type.Array(FactSchema), ...registryErrors } } },
    async (request) => listFacts(db, actorOf(request), { type: 'person', id: request.params.id }, request.query),
  );

  app.get(
    '/households/:id/facts',
    { schema: { tags: ['事实数据'], summary: '家庭的事实数据（含被更正的历史记录）', security: bearer, params: IdParams, querystring: factQuery, response: { 200: Type.Array(FactSchema), ...registryErrors } } },
    async (request) => listFacts(db, actorOf(request), { type: 'household', id: request.params.id }, request.query),
  );

  app.post(
    '/organisations',
    {
      schema: {
        tags: ['机构'],
        summary: '机构登记（校验统一社会信用代码 GB 32100）',
        security: bearer,
        body: Type.Object({
          creditCode: Type.String({ maxLength: 64 }),
          name: Type.String({ maxLength: 200 }),
          kind: Type.String({ maxLength: 50, description: '社会团体、民办非企业单位、基金会、养老机构等' }),
          divisionCode: Type.String({ maxLength: 12 }),
          registeredOn: Type.Optional(Type.Union([DateString(), Type.Null()])),
        }),
        response: { 201: OrganisationSchema, ...registryErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await createOrganisation(db, actorOf(request), request.body)),
  );

  app.get(
    '/organisations',
    {
      schema: {
        tags: ['机构'],
        summary: '机构列表（按区划，限本人辖区）',
        security: bearer,
        querystring: Type.Object({
          divisionCode: Type.Optional(Type.String({ maxLength: 12 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(OrganisationSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...registryErrors },
      },
    },
    async (request) => listOrganisations(db, actorOf(request), request.query),
  );

  app.get('/organisations/:id', { schema: { tags: ['机构'], summary: '机构详情', security: bearer, params: IdParams, response: { 200: OrganisationSchema, ...registryErrors } } }, async (request) =>
    getOrganisation(db, actorOf(request), request.params.id),
  );
}
