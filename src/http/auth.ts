import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveSession, type Actor } from '../access/index.js';
import { DomainError } from '../kernel/index.js';
import type { AppContext } from '../context.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    bearerToken: string | null;
  }
}

/** Resolves the bearer token of every request; routes that need a user call `actorOf`. */
export function installAuth(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('bearerToken', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) return;
    const token = header.slice(7).trim();
    request.bearerToken = token;
    request.actor = await resolveSession(ctx.db.kysely.withTables(), token);
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new DomainError('unauthenticated', request.bearerToken ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED', request.bearerToken ? '登录已过期，请重新登录' : '请先登录');
  }
  return request.actor;
}

/** Security requirement for OpenAPI on routes that need a session. */
export const bearer = [{ bearerAuth: [] as string[] }];
