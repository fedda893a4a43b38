/** Routes of the charity filings: 募捐方案 and their disclosures, 慈善信托备案 (charity.ts). */
import { Type } from 'typebox';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance } from '../http/types.js';
import { filePlan, fileTrust, listPlans, listTrusts, publicTrusts, publishTrust, recordDisclosure } from './charity.js';
import type { SocialorgDeps } from './deps.js';
import { LEVELS } from './model.js';
import { DateString, Enum, errors, publicErrors, publicTags, tags } from './schemas.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Fen = Type.Integer({ description: '金额（分）' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const PlanSchema = Type.Object({
  id: Type.Integer(),
  organisationId: Type.Integer(),
  organisationName: Type.String(),
  title: Type.String(),
  purpose: Type.String(),
  platform: Nullable(Type.String()),
  targetFen: Fen,
  startsOn: DateString,
  endsOn: DateString,
  filedOn: DateString,
  disclosures: Type.Array(Type.Object({ disclosedOn: DateString, final: Type.Boolean(), raisedFen: Fen })),
  nextDisclosure: Nullable(Type.Object({ due: DateString, final: Type.Boolean(), overdue: Type.Boolean() })),
});

export const TrustSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  trusteeName: Type.String(),
  trusteeCreditCode: Type.String(),
  registrarDivision: Type.String(),
  purpose: Type.String(),
  propertyFen: Fen,
  signedOn: DateString,
  filedOn: DateString,
  filedLateDays: Type.Integer({ description: '超过7日备案期限的天数（0 = 按时）' }),
  publishDue: DateString,
  publishedOn: Nullable(DateString),
  publishOverdue: Type.Boolean(),
});

export async function socialorgCharityRoutes(app: AppInstance, deps: SocialorgDeps, publicRate: object): Promise<void> {
  app.get(
    '/socialorg/fundraising-plans',
    { schema: { tags, summary: '募捐方案备案及信息公开期限', security: bearer, querystring: Type.Object({ organisationId: Type.Optional(Type.Integer({ minimum: 1 })) }), response: { 200: Type.Array(PlanSchema), ...errors } } },
    async (request) => listPlans(deps, actorOf(request), request.query),
  );
  app.post(
    '/socialorg/organisations/:id/fundraising-plans',
    {
      schema: {
        tags,
        summary: '募捐方案备案（须具有公开募捐资格，开始前10日备案，网络募捐须在指定平台）',
        security: bearer,
        params: IdParams,
        body: Type.Object({
          title: Type.String({ minLength: 1, maxLength: 200 }),
          purpose: Type.String({ minLength: 1, maxLength: 2000 }),
          platform: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
          targetFen: Type.Integer({ minimum: 1 }),
          startsOn: DateString,
          endsOn: DateString,
          filedOn: Type.Optional(DateString),
        }),
        response: { 200: PlanSchema, ...errors },
      },
    },
    async (request) => filePlan(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/socialorg/fundraising-plans/:id/disclosures',
    {
      schema: {
        tags,
        summary: '登记募捐信息公开（期间公开或结束后全面公开）',
        security: bearer,
        params: IdParams,
        body: Type.Object({ disclosedOn: DateString, final: Type.Boolean(), raisedFen: Type.Integer({ minimum: 0 }) }),
        response: { 200: PlanSchema, ...errors },
      },
    },
    async (request) => recordDisclosure(deps, actorOf(request), request.params.id, request.body),
  );
  app.get('/socialorg/trusts', { schema: { tags, summary: '慈善信托备案', security: bearer, response: { 200: Type.Array(TrustSchema), ...errors } } }, async (request) => listTrusts(deps, actorOf(request)));
  app.post(
    '/socialorg/trusts',
    {
      schema: {
        tags,
        summary: '慈善信托备案（签订之日起7日内；备案后20个工作日内公开）',
        security: bearer,
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          trusteeName: Type.String({ minLength: 1, maxLength: 200 }),
          trusteeCreditCode: Type.String({ minLength: 18, maxLength: 18 }),
          divisionCode: Type.String({ pattern: '^\\d{6,12}$' }),
          level: Enum(LEVELS),
          purpose: Type.String({ minLength: 1, maxLength: 2000 }),
          propertyFen: Type.Integer({ minimum: 1 }),
          signedOn: DateString,
          filedOn: Type.Optional(DateString),
        }),
        response: { 200: TrustSchema, ...errors },
      },
    },
    async (request) => fileTrust(deps, actorOf(request), request.body),
  );
  app.post(
    '/socialorg/trusts/:id/publish',
    { schema: { tags, summary: '公开慈善信托备案信息', security: bearer, params: IdParams, body: Type.Object({ publishedOn: DateString }), response: { 200: TrustSchema, ...errors } } },
    async (request) => publishTrust(deps, actorOf(request), request.params.id, request.body.publishedOn),
  );
  app.get('/public/socialorg/trusts', { config: publicRate, schema: { tags: publicTags, summary: '已公开的慈善信托备案信息', response: { 200: Type.Array(TrustSchema), ...publicErrors } } }, async () => publicTrusts(deps));
}
