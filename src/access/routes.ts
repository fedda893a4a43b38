import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import { forbidden } from '../kernel/index.js';
import { appendAudit } from './audit.js';
import { anchorSettings, verifyAuditWithAnchor, writeAuditAnchor } from './audit-anchor.js';
import { DEFAULT_ACCESS_ALERT_THRESHOLDS, raiseAccessAlerts, SECURITY_ALERT } from './access-alerts.js';
import { roleNames, ROLES, type AccessTables, type Actor, } from './model.js';
import { AuditPageSchema, ChainVerificationSchema, LoginBody, LoginResultSchema, MeSchema, RoleSchema, UserSchema } from './schemas.js';
import { hasPermission, permissionsOf } from './permissions.js';
import { login, logout } from './sessions.js';
import { createUser, listUsers, unlockUser } from './users.js';

export async function accessRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const db = ctx.db.kysely.withTables<AccessTables>();
  const policy = { sessionTtlMinutes: ctx.config.sessionTtlMinutes, maxFailures: 5, lockMinutes: 15 };

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['access'],
        summary: '登录，返回 Bearer 令牌',
        body: LoginBody,
        response: { 200: LoginResultSchema, ...errorResponses, 423: errorResponses[400] },
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
          200: MeSchema,
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

  app.post('/users/:id/unlock', { schema: { tags: ['access'], summary: '解除账户锁定', security: bearer, params: Type.Object({ id: Type.Integer() }) } }, async (request, reply) => {
    await unlockUser(db, actorOf(request), request.params.id);
    return reply.status(204).send();
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
          action: Type.Optional(Type.String({ maxLength: 100 })),
          from: Type.Optional(Type.String({ format: 'date-time', description: '起始时刻（含），ISO 8601' })),
          beforeId: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: AuditPageSchema, ...errorResponses },
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
      if (q.action) query = query.where('action', '=', q.action);
      if (q.from) query = query.where('at', '>=', new Date(q.from));
      if (q.beforeId) query = query.where('id', '<', q.beforeId);
      const rows = await query.execute();
      return {
        items: rows.map((r) => ({ id: r.id, at: r.at.toISOString(), actorUsername: r.actor_username, actorRole: r.actor_role, action: r.action, entityType: r.entity_type, entityId: r.entity_id, purpose: r.purpose, result: r.result, detail: r.detail, sourceIp: r.source_ip, requestId: r.request_id, userAgent: r.user_agent, hash: r.hash })),
        nextBeforeId: rows.length === q.limit ? rows[rows.length - 1].id : null,
      };
    },
  );

  const anchors = anchorSettings(ctx.config);
  app.get(
    '/audit/verify',
    { schema: { tags: ['audit'], summary: '校验审计日志哈希链及库外签名锚点（仅审计员）', security: bearer, response: { 200: ChainVerificationSchema, ...errorResponses } } },
    async (request) => {
      const actor = actorOf(request);
      await requireAuditor(db, actor, 'audit.verify');
      return verifyAuditWithAnchor(db, anchors);
    },
  );

  app.post(
    '/audit/anchor',
    {
      schema: {
        tags: ['audit'],
        summary: '立即签发审计日志链头锚点（写入库外目录，仅审计员）',
        security: bearer,
        response: { 201: Type.Object({ id: Type.Integer(), hash: Type.String(), at: Type.String() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await requireAuditor(db, actor, 'audit.anchor');
      const anchor = await writeAuditAnchor(db, anchors);
      // The entry just written is never empty, so there is always a head to sign.
      if (!anchor) throw new Error('audit log empty after an audited request');
      return reply.status(201).send({ id: anchor.id, hash: anchor.hash, at: anchor.at });
    },
  );

  const thresholds = { perHour: ctx.config.accessAlertPerHour ?? DEFAULT_ACCESS_ALERT_THRESHOLDS.perHour, perDay: ctx.config.accessAlertPerDay ?? DEFAULT_ACCESS_ALERT_THRESHOLDS.perDay };
  app.get(
    '/audit/alerts',
    {
      schema: {
        tags: ['audit'],
        summary: '异常访问告警：短时间内查看人员过多的用户（仅审计员）',
        security: bearer,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
        response: {
          200: Type.Object({
            thresholds: Type.Object({ perHour: Type.Integer(), perDay: Type.Integer() }),
            items: Type.Array(Type.Object({ id: Type.Integer(), at: Type.String(), userId: Type.Union([Type.String(), Type.Null()]), username: Type.Union([Type.String(), Type.Null()]), window: Type.String(), persons: Type.Integer(), threshold: Type.Integer() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await requireAuditor(db, actor, 'audit.alerts');
      // Up to the minute even between the server's scans.
      await raiseAccessAlerts(db, thresholds);
      const rows = await db.selectFrom('access.audit_log').selectAll().where('action', '=', SECURITY_ALERT).orderBy('id', 'desc').limit(request.query.limit).execute();
      return {
        thresholds,
        items: rows.map((r) => {
          const detail = (r.detail ?? {}) as { username?: string; window?: string; persons?: number; threshold?: number };
          return { id: r.id, at: r.at.toISOString(), userId: r.entity_id, username: detail.username ?? null, window: detail.window ?? '', persons: detail.persons ?? 0, threshold: detail.threshold ?? 0 };
        }),
      };
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
