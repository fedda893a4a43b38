/** HTTP route of 养老服务补贴 under /eldercare/service-subsidy: a person's entitlement on a day, with its reasons. */
import { Type } from 'typebox';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance } from '../http/types.js';
import type { EldercareDeps } from './deps.js';
import { DateString, Enum, eldercareErrors, Fen, Nullable, tags } from './schemas.js';
import { SUBSIDY_BANDS, SUBSIDY_STATUSES } from './service-subsidy-model.js';
import { explainServiceSubsidy } from './service-subsidy.js';

export const ServiceSubsidySchema = Type.Object({
  personId: Type.Integer(),
  personName: Type.String(),
  on: DateString,
  eligible: Type.Boolean(),
  status: Nullable(Enum(SUBSIDY_STATUSES)),
  statusName: Nullable(Type.String()),
  band: Nullable(Enum(SUBSIDY_BANDS)),
  bandName: Nullable(Type.String()),
  monthlyFen: Fen,
  assessment: Nullable(Type.Object({ level: Type.Integer(), assessedOn: DateString, validUntil: DateString })),
  reasons: Type.Array(Type.String()),
  settings: Type.Array(Type.Object({ name: Type.String(), label: Type.String(), value: Type.Integer(), from: DateString, verified: Type.Boolean() })),
});

export async function subsidyRoutes(app: AppInstance, deps: EldercareDeps): Promise<void> {
  app.get(
    '/eldercare/service-subsidy',
    {
      schema: {
        tags,
        summary: '某老人某日的养老服务补贴：是否享受、按照护等级和低保/低收入类别核定的月补贴额、理由及所用参数（个人信息，查询留痕）',
        security: bearer,
        querystring: Type.Object({ personId: Type.Integer({ minimum: 1 }), on: Type.Optional(DateString) }),
        response: { 200: ServiceSubsidySchema, ...eldercareErrors },
      },
    },
    async (request) => explainServiceSubsidy(deps, actorOf(request), request.query.personId, request.query.on),
  );
}
