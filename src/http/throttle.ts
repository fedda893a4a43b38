/**
 * Throttling with @fastify/rate-limit: sign-in and MFA-code attempts per source address and per account name,
 * reads of personal data per signed-in user. Counters live in this process (the plugin's local store): behind
 * several API processes each counts its own share, so the effective quota is the quota times the processes.
 *
 * The plugin's own per-route hook runs once per request, so the two sign-in counters would not both count;
 * each counter is a `createRateLimit` check called from a hook of ours instead.
 */
import { createRequire } from 'node:module';
import rateLimit, { type FastifyRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler, RouteOptions } from 'fastify';
import type { HttpLimits, RateQuota } from '../config.js';

/** Sign-in and MFA-code routes (the MFA ones are matched by name so routes added later are covered too). */
const SIGN_IN = /^\/api\/v1\/auth\/(login|mfa|totp|otp)(\/|$)/;
/** The residents' code requests and code logins: counted per source and per ID number, with quotas of their own. */
const RESIDENT_SIGN_IN = /^\/api\/v1\/resident\/auth\/dev\/(code|login)$/;
/** Routes whose GET answers (and POST searches) carry personal data: the registry, cases, warnings, care applications. */
const PERSONAL_DATA = /^\/api\/v1\/(persons|households|assistance|monitoring|eldercare)(\/|$)/;

export function isSignInRoute(route: Pick<RouteOptions, 'url' | 'method'>): boolean {
  return [route.method].flat().includes('POST') && SIGN_IN.test(route.url);
}

export function isPersonalDataRead(route: Pick<RouteOptions, 'url' | 'method'>): boolean {
  const methods = [route.method].flat();
  return PERSONAL_DATA.test(route.url) && (methods.includes('GET') || (methods.includes('POST') && route.url.endsWith('/search')));
}

export function isResidentSignInRoute(route: Pick<RouteOptions, 'url' | 'method'>): boolean {
  return [route.method].flat().includes('POST') && RESIDENT_SIGN_IN.test(route.url);
}

export function isThrottled(route: Pick<RouteOptions, 'url' | 'method'>): boolean {
  return isSignInRoute(route) || isPersonalDataRead(route) || isResidentSignInRoute(route);
}

interface Count {
  current: number;
  ttl: number;
}
interface CountStore {
  incr(key: string, done: (error: Error | null, count?: Count) => void, timeWindow: number, max: number): void;
}
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache: number) => CountStore;

/**
 * The plugin's local store hands every caller the same counter object, and the plugin reads it after an
 * `await`: of requests arriving in one burst, each saw the count of the whole burst, so all 20 of 20 parallel
 * sign-ins were refused with a quota of 5. Each caller gets a copy of the count as it was after its increment.
 */
class SnapshotStore implements CountStore {
  private readonly counts = new LocalStore(false, false, 20_000);
  incr(key: string, done: (error: Error | null, count?: Count) => void, timeWindow: number, max: number): void {
    this.counts.incr(key, (error, count) => done(error, count && { current: count.current, ttl: count.ttl }), timeWindow, max);
  }
  child(): SnapshotStore {
    return this;
  }
}

class TooManyRequests extends Error {
  readonly statusCode = 429;
  readonly code = 'RATE_LIMITED';
}

type Check = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export async function installThrottling(app: FastifyInstance, limits: HttpLimits): Promise<void> {
  await app.register(rateLimit, { global: false, store: SnapshotStore } as FastifyRateLimitOptions);
  const counter = (name: string, quota: RateQuota, key: (request: FastifyRequest) => string | null): Check => {
    const count = app.createRateLimit({ max: quota.max, timeWindow: quota.windowSeconds * 1000, keyGenerator: (request) => `${name}:${key(request)}` });
    return async (request, reply) => {
      if (key(request) === null) return;
      const result = await count(request);
      if (result.isAllowed || !result.isExceeded) return;
      reply.header('retry-after', String(result.ttlInSeconds));
      throw new TooManyRequests(`请求过于频繁，请 ${result.ttlInSeconds} 秒后再试`);
    };
  };
  const perSource = counter('signin-source', limits.signInPerSource, (request) => request.ip);
  const perAccount = counter('signin-account', limits.signInPerAccount, (request) => accountName(request.body));
  const residentBySource = counter('resident-signin-source', limits.residentSignInPerSource, (request) => request.ip);
  const residentById = counter('resident-signin-id', limits.residentSignInPerIdNumber, (request) => idNumberOf(request.body));
  const perUser = counter('personal-read', limits.personalReadsPerUser, (request) => (request.actor ? `user:${request.actor.userId}` : `ip:${request.ip}`));

  // Per source before the body is read: a flood of sign-ins costs no parsing. Per account once it is parsed.
  const signInBySource: onRequestHookHandler = (request, reply) => perSource(request, reply);
  const signInByAccount: preHandlerHookHandler = (request, reply) => perAccount(request, reply);
  // The actor is resolved by the app-wide onRequest hook (auth.ts), which runs before a route's own hooks.
  const readByUser: onRequestHookHandler = (request, reply) => perUser(request, reply);
  app.addHook('onRoute', (route) => {
    if (isSignInRoute(route)) {
      route.onRequest = [...hooks(route.onRequest), signInBySource];
      route.preHandler = [...hooks(route.preHandler), signInByAccount];
    } else if (isResidentSignInRoute(route)) {
      route.onRequest = [...hooks(route.onRequest), (request, reply) => residentBySource(request, reply)];
      route.preHandler = [...hooks(route.preHandler), (request, reply) => residentById(request, reply)];
    } else if (isPersonalDataRead(route)) {
      route.onRequest = [...hooks(route.onRequest), readByUser];
    }
  });
}

function hooks<T>(existing: T | T[] | undefined): T[] {
  return existing === undefined ? [] : ([existing].flat() as T[]);
}

function accountName(body: unknown): string | null {
  const username = (body as { username?: unknown } | null)?.username;
  return typeof username === 'string' && username.length > 0 ? username.trim().toLowerCase() : null;
}

function idNumberOf(body: unknown): string | null {
  const idNumber = (body as { idNumber?: unknown } | null)?.idNumber;
  return typeof idNumber === 'string' && idNumber.length > 0 ? idNumber.trim().toUpperCase() : null;
}
