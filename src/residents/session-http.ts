/**
 * The resident session over HTTP: an HttpOnly cookie `mz_resident` and a CSRF cookie whose value unsafe
 * requests echo in `X-Resident-CSRF` (double submit, bound to the session), as staff do with their own pair.
 * Staff cookies and bearer tokens mean nothing here; the resident cookie means nothing to staff routes.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, forbidden } from '../kernel/index.js';
import type { ResidentDeps } from './deps.js';
import { resolveResidentSession, type ResidentSession } from './identity.js';

export const RESIDENT_CSRF_HEADER = 'x-resident-csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function residentCookieNames(secure: boolean) {
  return secure ? { session: '__Host-mz_resident', csrf: '__Host-mz_resident_csrf' } : { session: 'mz_resident', csrf: 'mz_resident_csrf' };
}

export function residentCsrfToken(secretKey: Buffer, token: string): string {
  return createHmac('sha256', secretKey).update(`resident-csrf\n${token}`).digest('base64url');
}

export function setResidentCookies(reply: FastifyReply, deps: ResidentDeps, token: string, expiresAt: Date): void {
  const secure = deps.ctx.config.auth.secureCookie;
  const names = residentCookieNames(secure);
  const base = { path: '/', secure, sameSite: 'lax' as const, expires: expiresAt };
  reply.setCookie(names.session, token, { ...base, httpOnly: true });
  reply.setCookie(names.csrf, residentCsrfToken(deps.ctx.config.secretKey, token), { ...base, httpOnly: false });
}

export function clearResidentCookies(reply: FastifyReply, deps: ResidentDeps): void {
  const secure = deps.ctx.config.auth.secureCookie;
  const names = residentCookieNames(secure);
  reply.clearCookie(names.session, { path: '/', secure, httpOnly: true, sameSite: 'lax' });
  reply.clearCookie(names.csrf, { path: '/', secure, sameSite: 'lax' });
}

export const residentTokenOf = (request: FastifyRequest, deps: ResidentDeps): string | undefined => request.cookies?.[residentCookieNames(deps.ctx.config.auth.secureCookie).session];

/**
 * The resident of the request, or 401. Unsafe methods must carry the CSRF header. The cookie is SameSite=Lax
 * (not Strict) because the identity provider's redirect back is a cross-site navigation.
 */
export async function residentOf(request: FastifyRequest, deps: ResidentDeps): Promise<ResidentSession> {
  const token = residentTokenOf(request, deps);
  if (!token) throw new DomainError('unauthenticated', 'RESIDENT_AUTH_REQUIRED', '请先登录');
  const session = await resolveResidentSession(deps, token);
  if (!session) throw new DomainError('unauthenticated', 'RESIDENT_SESSION_EXPIRED', '登录已过期，请重新登录');
  if (UNSAFE.has(request.method)) {
    const sent = request.headers[RESIDENT_CSRF_HEADER];
    const expected = Buffer.from(residentCsrfToken(deps.ctx.config.secretKey, token));
    if (typeof sent !== 'string' || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), expected)) {
      throw forbidden('CSRF_INVALID', '请求来源校验失败，请刷新页面后重试');
    }
  }
  return session;
}
