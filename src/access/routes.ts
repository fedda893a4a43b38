import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { AppInstance } from '../http/app.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import { forbidden } from '../kernel/index.js';
import { appendAudit, verifyAuditChain } from './audit.js';
import { roleNames, ROLES, type AccessTables, type Actor, type Role } from './model.js';
import { hasPermission, permissionsOf } from './permissions.js';
import { login, logout } from './sessions.js';
import { createUser, listUsers, unlockUser } from './users.js';

const RoleSchema = Type.Unsafe<Role>({ type: 'string', enum: [...ROLES] });
const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  jurisdiction: Type.String(),
  organisationId: Type.Union([Type.Integer(), Type.Null()], { description: '服务机构工作人员所属机构（人口库机构编号）' }),
  active: Type.Boolean(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export async function accessRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const db = ctx.db.kysely.withTables<AccessTables>();
  const policy = { sessionTtlMinutes: ctx.config.sessionTtlMinutes, maxFailures: 5, lockMinutes: 15 };

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['access'],
        summary: '登录，返回 Bearer 令牌',
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 200: Type.Object({ token: Type.String(), expiresAt: Type.String() }), ...errorResponses, 423: errorResponses[400] },
      },
    },
    async (request) => {
      const session = await login(db, request.body.username, request.body.password, policy);
      return { token: session.token, expiresAt: session.expiresAt.toISOString() };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['access'], summary: '注销当前会话', security: bearer } }, async (request, reply) => {
    actorOf(request);
    if (request.bearerToken) await logout(db, request.bearerToken);
    return reply.status(204).send();
  });

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['access'],
        summary: '当前用户、角色、辖区与权限',
        security: bearer,
        response: {
          200: Type.Object({ userId: Type.Integer(), username: Type.String(), displayName: Type.String(), role: RoleSchema, roleName: Type.String(), jurisdiction: Type.String(), organisationId: Type.Optional(Type.Union([Type.Integer(), Type.Null()])), permissions: Type.Array(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return { ...actor, roleName: roleNames[actor.role], permissions: permissionsOf(actor.role) };
    },
  );

  app.get('/users', { schema: { tags: ['access'], summary: '用户列表（市局管理员）', security: bearer, response: { 200: Type.Array(UserSchema), ...errorResponses } } }, async (request) => {
    const users = await listUsers(db, actorOf(request));
    return users.map((u) => ({ ...u, lockedUntil: u.lockedUntil?.toISOString() ?? null }));
  });

  app.post(
    '/users',
    {
      schema: {
        tags: ['access'],
        summary: '新建用户（市局管理员）',
        security: bearer,
        body: Type.Object({ username: Type.String(), displayName: Type.String({ minLength: 1 }), role: RoleSchema, jurisdiction: Type.String(), password: Type.String(), organisationId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])) }),
        response: { 201: UserSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await createUser(db, actorOf(request), request.body);
      return reply.status(201).send({ ...user, lockedUntil: null });
    },
  );

  app.post('/users/:id/unlock', { schema: { tags: ['access'], summary: '解除账户锁定', security: bearer, params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 204: Type.Null({ description: '已解锁' }), ...errorResponses } } }, async (request, reply) => {
    await unlockUser(db, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  const AuditRow = Type.Object({
    id: Type.Integer(),
    at: Type.String(),
    actorUsername: Type.Union([Type.String(), Type.Null()]),
    actorRole: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    entityType: Type.Union([Type.String(), Type.Null()]),
    entityId: Type.Union([Type.String(), Type.Null()]),
    purpose: Type.Union([Type.String(), Type.Null()]),
    result: Type.String(),
    detail: Type.Unknown(),
    hash: Type.String(),
  });

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志查询（仅审计员）',
        security: bearer,
        querystring: Type.Object({
          entityType: Type.Optional(Type.String()),
          entityId: Type.Optional(Type.String()),
          actor: Type.Optional(Type.String()),
          result: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('denied'), Type.Literal('error')])),
          beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(AuditRow), nextBeforeId: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireAuditor(db, actor, 'audit.read');
      const q = request.query;
      let query = db.selectFrom('access.audit_log').selectAll().orderBy('id', 'desc').limit(q.limit);
      if (q.entityType) query = query.where('entity_type', '=', q.entityType);
      if (q.entityId) query = query.where('entity_id', '=', q.entityId);
      if (q.actor) query = query.where('actor_username', '=', q.actor);
      if (q.result) query = query.where('result', '=', q.result);
      if (q.beforeId) query = query.where('id', '<', q.beforeId);
      const rows = await query.execute();
      return {
        items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actorUsername: r.actor_username, actorRole: r.actor_role, action: r.action, entityType: r.entity_type, entityId: r.entity_id, purpose: r.purpose, result: r.result, detail: r.detail, hash: r.hash })),
        nextBeforeId: rows.length === q.limit ? rows[rows.length - 1].id : null,
      };
    },
  );

  app.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计日志哈希链（仅审计员）', security: bearer, response: { 200: Type.Object({ ok: Type.Boolean(), entries: Type.Integer(), brokenAt: Type.Optional(Type.Object({ id: Type.Integer(), reason: Type.String() })) }), ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      await requireAuditor(db, actor, 'audit.verify');
      return verifyAuditChain(db);
    },
  );

  app.get('/roles', { schema: { tags: ['access'], summary: '角色列表', response: { 200: Type.Array(Type.Object({ role: Type.String(), name: Type.String(), permissions: Type.Array(Type.String()) })) } } }, async () =>
    ROLES.map((role) => ({ role, name: roleNames[role], permissions: permissionsOf(role) })),
  );
}

/** Reading the audit log is itself audited, and refusals too (a city admin trying is worth knowing about). */
async function requireAuditor(db: Kysely<AccessTables>, actor: Actor, action: string) {
  if (!hasPermission(actor.role, 'audit.read')) {
    await appendAudit(db, { actor, action, result: 'denied', detail: { reason: 'permission' } });
    throw forbidden('ACCESS_PERMISSION_DENIED', '仅审计员可查看审计日志');
  }
  await appendAudit(db, { actor, action, result: 'ok' });
}
