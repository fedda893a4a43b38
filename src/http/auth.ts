import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession, type Actor, type SessionInfo, type SessionStage } from '../access/index.js';
import { DomainError, forbidden } from '../kernel/index.js';
import type { AppContext } from '../context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user of a full session (password, second factor, no pending password change). */
    actor: Actor | null;
    /** The session behind the request, whatever its stage. */
    session: SessionInfo | null;
    /** The session token, from `Authorization: Bearer` or the session cookie. */
    bearerToken: string | null;
    /** Until when the session's last strong authentication counts for a step-up. */
    stepUpValidUntil: Date | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Cookie names: the `__Host-` prefix (Secure, Path=/, no Domain) whenever the cookie is Secure. */
export function sessionCookieNames(secure: boolean) {
  return secure ? { session: '__Host-mz_session', csrf: '__Host-mz_csrf' } : { session: 'mz_session', csrf: 'mz_csrf' };
}

/** The CSRF token of a session: derived from it, so it cannot be planted from another session. */
export function csrfTokenFor(secretKey: Buffer, sessionToken: string): string {
  return createHmac('sha256', secretKey).update(`csrf\n${sessionToken}`).digest('base64url');
}

/**
 * Resolves the session of every request. API clients send `Authorization: Bearer`; the web app holds the
 * token only in an HttpOnly cookie, and its unsafe requests must echo the CSRF cookie in `X-CSRF-Token`
 * (double submit, bound to the session).
 */
export function installAuth(app: FastifyInstance, ctx: AppContext): void {
  const names = sessionCookieNames(ctx.config.auth.secureCookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('bearerToken', null);
  app.decorateRequest('stepUpValidUntil', null);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization;
    const fromCookie = header?.startsWith('Bearer ') ? undefined : request.cookies?.[names.session];
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : fromCookie;
    if (!token) return;
    const session = await resolveSession(ctx.db.kysely.withTables(), token);
    // A dead session (expired, idle, revoked) is answered "登录已过期"; it authorises nothing, so a stale
    // cookie needs no CSRF check.
    request.bearerToken = token;
    if (!session) return;
    if (fromCookie && UNSAFE.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      const expected = Buffer.from(csrfTokenFor(ctx.config.secretKey, token));
      if (typeof sent !== 'string' || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), expected)) {
        return reply.status(403).send({ code: 'CSRF_INVALID', message: '请求来源校验失败，请刷新页面后重试' });
      }
    }
    request.session = session;
    request.stepUpValidUntil = new Date(session.authenticatedAt.getTime() + ctx.config.auth.stepUpMinutes * 60_000);
    if (session.stage === 'active') request.actor = session.actor;
  });
}

/** Sets the session and CSRF cookies for the web app (the token never reaches page script). */
export function setSessionCookies(reply: FastifyReply, ctx: AppContext, token: string, expiresAt: Date): void {
  const secure = ctx.config.auth.secureCookie;
  const names = sessionCookieNames(secure);
  const base = { path: '/', secure, sameSite: 'strict' as const, expires: expiresAt };
  reply.setCookie(names.session, token, { ...base, httpOnly: true });
  reply.setCookie(names.csrf, csrfTokenFor(ctx.config.secretKey, token), { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, ctx: AppContext): void {
  const secure = ctx.config.auth.secureCookie;
  const names = sessionCookieNames(secure);
  reply.clearCookie(names.session, { path: '/', secure, httpOnly: true, sameSite: 'strict' });
  reply.clearCookie(names.csrf, { path: '/', secure, sameSite: 'strict' });
}

const pendingMessages: Record<Exclude<SessionStage, 'active'>, [string, string]> = {
  mfa_enrol: ['AUTH_MFA_ENROL_REQUIRED', '请先绑定动态口令（MFA）'],
  mfa: ['AUTH_MFA_REQUIRED', '请输入动态口令完成登录'],
  password_change: ['AUTH_PASSWORD_CHANGE_REQUIRED', '首次登录须修改初始密码'],
};

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    if (request.session && request.session.stage !== 'active') {
      const [code, message] = pendingMessages[request.session.stage];
      throw new DomainError('unauthenticated', code, message);
    }
    throw new DomainError('unauthenticated', request.bearerToken ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED', request.bearerToken ? '登录已过期，请重新登录' : '请先登录');
  }
  return request.actor;
}

/** The session at one of the given stages (the MFA and password-change routes), else 401. */
export function sessionOf(request: FastifyRequest, stages: readonly SessionStage[]): SessionInfo {
  const session = request.session;
  if (!session) throw new DomainError('unauthenticated', request.bearerToken ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED', request.bearerToken ? '登录已过期，请重新登录' : '请先登录');
  if (!stages.includes(session.stage)) {
    if (session.stage !== 'active') actorOf(request);
    throw forbidden('AUTH_STAGE_MISMATCH', '当前会话不能进行此操作');
  }
  return session;
}

/**
 * For sensitive operations (bulk exports): the session's last strong authentication (the TOTP code, or
 * the password where the role has no second factor) must be recent, else 401 `STEP_UP_REQUIRED` and the
 * client re-authenticates at `POST /api/v1/auth/step-up`.
 */
export function requireStepUp(request: FastifyRequest): Actor {
  const actor = actorOf(request);
  if (!request.stepUpValidUntil || request.stepUpValidUntil <= new Date()) {
    throw new DomainError('unauthenticated', 'STEP_UP_REQUIRED', '此操作须重新验证身份（输入动态口令或密码）');
  }
  return actor;
}

/** Security requirement for OpenAPI on routes that need a session. */
export const bearer = [{ bearerAuth: [] as string[] }];
