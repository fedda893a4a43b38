import { Type } from 'typebox';
import type { AppInstance } from '../http/types.js';
import type { AppContext } from '../context.js';
import { actorOf, bearer, clearSessionCookies, sessionOf, setSessionCookies } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import { anchorSettings, verifyAuditWithAnchor, writeAuditAnchor } from './audit-anchor.js';
import { auditLogRoutes, requireAuditor } from './routes-audit.js';
import { DEFAULT_ACCESS_ALERT_THRESHOLDS, raiseAccessAlerts, SECURITY_ALERT } from './access-alerts.js';
import { roleNames, ROLES, type AccessTables } from './model.js';
import {
  AssignmentBody,
  ChainVerificationSchema,
  CreatedAccountSchema,
  GrantOutcomeSchema,
  GrantSchema,
  LoginBody,
  LoginResultSchema,
  MeSchema,
  MfaEnrolmentSchema,
  NewAccountBody,
  SessionStateSchema,
  StageSchema,
  UserLedgerSchema,
} from './schemas.js';
import { permissionsOf } from './permissions.js';
import { defaultMfaPolicy, enrolMfa, stepUp, verifyMfa } from './second-factor.js';
import { defaultLoginPolicy, login, logout, type LoginPolicy } from './sessions.js';
import { assignRole, changeOwnPassword, createAccount, decideGrant, endUserSessions, listGrants, listUsers, resetPassword, setUserActive, unlockUser, type UserView } from './users.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const userJson = (u: UserView) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null });

export async function accessRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  const db = ctx.db.kysely.withTables<AccessTables>();
  const auth = ctx.config.auth;
  const policy: LoginPolicy = { ...defaultLoginPolicy, idleMinutes: auth.idleMinutes, adminIdleMinutes: auth.adminIdleMinutes, absoluteHours: auth.absoluteHours, mfaRoles: auth.mfaRoles, stepUpMinutes: auth.stepUpMinutes };
  const mfaPolicy = { ...defaultMfaPolicy, absoluteHours: auth.absoluteHours };
  const key = ctx.config.secretKey;

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['access'],
        summary: '登录。API 客户端取返回的 Bearer 令牌；Web 端传 session=cookie，令牌只放在 HttpOnly Cookie 中',
        description: '用户不存在、密码错误、账户锁定或停用时回答完全相同（401）。同一账户与来源连续失败 5 次锁定该来源 15 分钟；账户级失败只增加延迟，不锁定账户。',
        body: LoginBody,
        response: { 200: LoginResultSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = await login(db, request.body.username, request.body.password, { ip: request.ip }, policy);
      if (request.body.session === 'cookie') {
        setSessionCookies(reply, ctx, session.token, new Date(Date.now() + policy.absoluteHours * 3_600_000));
        return { expiresAt: session.expiresAt.toISOString(), stage: session.stage };
      }
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), stage: session.stage };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['access'], summary: '注销当前会话（审计），清除 Cookie 与浏览器缓存、存储', security: bearer } }, async (request, reply) => {
    if (request.bearerToken && request.session) await logout(db, request.bearerToken, request.session.actor);
    clearSessionCookies(reply, ctx);
    return reply.header('clear-site-data', '"cache", "storage"').status(204).send();
  });

  app.get(
    '/auth/session',
    {
      schema: {
        tags: ['access'],
        summary: '当前会话所处阶段（含未完成动态口令或须改密的会话）',
        security: bearer,
        response: { 200: SessionStateSchema, ...errorResponses },
      },
    },
    async (request) => {
      const session = sessionOf(request, ['mfa_enrol', 'mfa', 'password_change', 'active']);
      return { stage: session.stage, username: session.actor.username, displayName: session.actor.displayName, expiresAt: session.expiresAt.toISOString(), idleSeconds: session.idleSeconds };
    },
  );

  app.post(
    '/auth/mfa/enrol',
    {
      schema: {
        tags: ['access'],
        summary: '绑定动态口令（TOTP）：返回密钥、otpauth URI 与二维码（仅在首次绑定时返回一次）',
        security: bearer,
        response: { 200: MfaEnrolmentSchema, ...errorResponses },
      },
    },
    async (request) => enrolMfa(db, key, sessionOf(request, ['mfa_enrol'])),
  );

  app.post(
    '/auth/mfa/verify',
    {
      schema: {
        tags: ['access'],
        summary: '输入动态口令完成登录（同一口令不能重复使用；连续 5 次错误锁定 15 分钟）',
        security: bearer,
        body: Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }),
        response: { 200: Type.Object({ stage: StageSchema }), ...errorResponses },
      },
    },
    async (request) => ({ stage: await verifyMfa(db, key, sessionOf(request, ['mfa', 'mfa_enrol']), request.body.code, mfaPolicy) }),
  );

  app.post(
    '/auth/step-up',
    {
      schema: {
        tags: ['access'],
        summary: '敏感操作前重新验证身份：已绑定动态口令的输入口令，否则输入密码',
        security: bearer,
        body: Type.Object({ code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })), password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })) }),
        response: { 204: Type.Null({ description: '已重新验证' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      actorOf(request);
      await stepUp(db, key, sessionOf(request, ['active']), request.body, mfaPolicy);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/users/me/password',
    {
      schema: {
        tags: ['access'],
        summary: '修改本人密码（须提供当前密码；其他会话随即失效）',
        security: bearer,
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Type.String({ minLength: 1, maxLength: 256 }) }),
        response: { 204: Type.Null({ description: '密码已修改' }), ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(db, sessionOf(request, ['active', 'password_change']), request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send(null);
    },
  );

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

  app.get('/users', { schema: { tags: ['access'], summary: '用户列表（安全管理员；含当前是否有登录锁定）', security: bearer, response: { 200: Type.Array(UserLedgerSchema), ...errorResponses } } }, async (request) => {
    const users = await listUsers(db, actorOf(request));
    return users.map((u) => ({ ...userJson(u), locked: u.locked }));
  });

  app.post(
    '/users',
    {
      schema: {
        tags: ['access'],
        summary: '新建用户（安全管理员）：初始密码由系统生成、只显示这一次，首次登录须修改；特权角色或全市辖区的可查看身份证号角色须另一名安全管理员审批后启用',
        security: bearer,
        // No password field: a chosen password is refused (400), the server generates it.
        body: NewAccountBody,
        response: { 201: CreatedAccountSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createAccount(db, actorOf(request), request.body);
      return reply.status(201).send({ ...created, user: userJson(created.user) });
    },
  );

  app.put(
    '/users/:id/role',
    {
      schema: {
        tags: ['access'],
        summary: '修改用户角色与辖区（安全管理员；不能改自己；特权授权须另一名安全管理员审批；变更后该用户所有会话失效）',
        security: bearer,
        params: IdParams,
        body: AssignmentBody,
        response: { 200: GrantOutcomeSchema, 202: GrantOutcomeSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const outcome = await assignRole(db, actorOf(request), request.params.id, request.body);
      return reply.status(outcome.applied ? 200 : 202).send(outcome);
    },
  );

  app.get(
    '/grants',
    {
      schema: {
        tags: ['access'],
        summary: '特权授权申请（安全管理员）',
        security: bearer,
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')])) }),
        response: { 200: Type.Array(GrantSchema), ...errorResponses },
      },
    },
    async (request) => (await listGrants(db, actorOf(request), request.query.status)).map((g) => ({ ...g, requestedAt: g.requestedAt.toISOString() })),
  );

  for (const [path, approve, summary] of [
    ['approve', true, '批准特权授权（须为申请人以外的安全管理员）'],
    ['reject', false, '驳回特权授权'],
  ] as const) {
    app.post(
      `/grants/:id/${path}`,
      { schema: { tags: ['access'], summary, security: bearer, params: IdParams, response: { 204: Type.Null({ description: '已处理' }), ...errorResponses, 409: errorResponses[400] } } },
      async (request, reply) => {
        await decideGrant(db, actorOf(request), request.params.id, approve);
        return reply.status(204).send(null);
      },
    );
  }

  for (const [path, active, summary] of [
    ['disable', false, '停用账户（其所有会话随即失效）'],
    ['enable', true, '启用账户'],
  ] as const) {
    app.post(
      `/users/:id/${path}`,
      { schema: { tags: ['access'], summary, security: bearer, params: IdParams, response: { 204: Type.Null({ description: '已处理' }), ...errorResponses, 409: errorResponses[400] } } },
      async (request, reply) => {
        await setUserActive(db, actorOf(request), request.params.id, active);
        return reply.status(204).send(null);
      },
    );
  }

  app.delete(
    '/users/:id/sessions',
    { schema: { tags: ['access'], summary: '结束某用户的全部会话（安全管理员）', security: bearer, params: IdParams, response: { 200: Type.Object({ ended: Type.Integer() }), ...errorResponses } } },
    async (request) => ({ ended: await endUserSessions(db, actorOf(request), request.params.id) }),
  );

  app.post(
    '/users/:id/reset-password',
    { schema: { tags: ['access'], summary: '重置为系统生成的一次性密码（只显示这一次）', security: bearer, params: IdParams, response: { 200: Type.Object({ initialPassword: Type.String() }), ...errorResponses } } },
    async (request) => ({ initialPassword: await resetPassword(db, actorOf(request), request.params.id) }),
  );

  app.post('/users/:id/unlock', { schema: { tags: ['access'], summary: '解除账户登录锁定', security: bearer, params: IdParams, response: { 204: Type.Null({ description: '已解锁' }), ...errorResponses } } }, async (request, reply) => {
    await unlockUser(db, actorOf(request), request.params.id);
    return reply.status(204).send(null);
  });

  await auditLogRoutes(app, ctx);

  const anchors = anchorSettings(ctx.config);
  app.get('/audit/verify', { schema: { tags: ['audit'], summary: '校验审计日志哈希链及库外签名锚点（仅审计员）', security: bearer, response: { 200: ChainVerificationSchema, ...errorResponses } } }, async (request) => {
    const actor = actorOf(request);
    await requireAuditor(db, actor, 'audit.verify');
    return verifyAuditWithAnchor(db, anchors);
  });

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
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                at: Type.String(),
                userId: Type.Union([Type.String(), Type.Null()]),
                username: Type.Union([Type.String(), Type.Null()]),
                window: Type.String(),
                persons: Type.Integer(),
                threshold: Type.Integer(),
              }),
            ),
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
