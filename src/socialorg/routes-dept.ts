/**
 * Routes for other departments' systems (`/dept/socialorg/…`, a department key in `x-api-key`, 600 calls a
 * minute per key) and the city admin's key management (`/socialorg/api-keys`).
 */
import { Type } from 'typebox';
import { actorOf, bearer } from '../http/auth.js';
import type { AppInstance } from '../http/types.js';
import { apiKeyBucket, createApiKey, departmentOf, listApiKeys, revokeApiKey } from './api-keys.js';
import type { SocialorgDeps } from './deps.js';
import { changeFeed } from './feed.js';
import { publicOrganisation } from './public.js';
import { errors, PublicDetailSchema, SocialorgError, tags } from './schemas.js';

const deptKey = [{ deptApiKey: [] as string[] }];
const deptTags = ['社会组织部门接口'];
const deptErrors = { 400: SocialorgError, 401: SocialorgError, 404: SocialorgError, 429: SocialorgError };
/** Per key (its hash), not per address: one department system behind a gateway is one caller. */
export const DEPT_RATE = { rateLimit: { max: 600, timeWindow: 60_000, keyGenerator: apiKeyBucket } };

export const KeySchema = Type.Object({
  id: Type.Integer(),
  department: Type.String(),
  label: Type.String(),
  prefix: Type.String({ description: '密钥前缀（仅用于辨认）' }),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  uses: Type.Integer({ description: '调用次数（每次调用均有记录）' }),
});

const FeedSchema = Type.Object({
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      topic: Type.String(),
      at: Type.String(),
      creditCode: Type.Union([Type.String(), Type.Null()]),
      organisationName: Type.Union([Type.String(), Type.Null()]),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  next: Type.Integer({ description: '下次请求的 after 值' }),
});

export async function socialorgDeptRoutes(app: AppInstance, deps: SocialorgDeps): Promise<void> {
  app.get('/socialorg/api-keys', { schema: { tags, summary: '部门接口密钥（仅显示前缀与使用记录）', security: bearer, response: { 200: Type.Array(KeySchema), ...errors } } }, async (request) => listApiKeys(deps, actorOf(request)));
  app.post(
    '/socialorg/api-keys',
    {
      schema: {
        tags,
        summary: '为其他部门发放接口密钥（密钥只显示这一次）',
        security: bearer,
        body: Type.Object({ department: Type.String({ minLength: 1, maxLength: 100 }), label: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: Type.Intersect([KeySchema, Type.Object({ key: Type.String() })]), ...errors },
      },
    },
    async (request) => createApiKey(deps, actorOf(request), request.body),
  );
  app.post(
    '/socialorg/api-keys/:id/revoke',
    { schema: { tags, summary: '停用部门接口密钥（立即生效）', security: bearer, params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: KeySchema, ...errors } } },
    async (request) => revokeApiKey(deps, actorOf(request), request.params.id),
  );

  app.get(
    '/dept/socialorg/organisations/:creditCode',
    {
      config: DEPT_RATE,
      schema: {
        tags: deptTags,
        summary: '按统一社会信用代码查询社会组织状态（登记、年检、等级、名录、处罚）',
        security: deptKey,
        params: Type.Object({ creditCode: Type.String({ minLength: 18, maxLength: 18 }) }),
        response: { 200: PublicDetailSchema, ...deptErrors },
      },
    },
    async (request) => {
      await departmentOf(deps, request, 'status', request.params.creditCode);
      return publicOrganisation(deps, request.params.creditCode);
    },
  );
  app.get(
    '/dept/socialorg/changes',
    {
      config: DEPT_RATE,
      schema: {
        tags: deptTags,
        summary: '变更事件流：登记事项、名录列入与移出、处罚、慈善信托（按事件编号顺序，从 after 之后读取）',
        security: deptKey,
        querystring: Type.Object({ after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: FeedSchema, ...deptErrors },
      },
    },
    async (request) => {
      await departmentOf(deps, request, 'changes', String(request.query.after ?? 0));
      return changeFeed(deps, request.query.after ?? 0, request.query.limit ?? 100);
    },
  );
}
