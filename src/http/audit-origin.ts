import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit, runWithOrigin, type AccessTables, type RequestOrigin } from '../access/index.js';
import type { AppContext } from '../context.js';

export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { requestId: String(request.id), sourceIp: request.ip, userAgent: typeof agent === 'string' ? agent : null };
}

/**
 * Every audit entry written while a request is handled carries the request's origin (IP, request id,
 * user agent). Set in preHandler, the last hook before the handler, because the body parser's stream
 * callbacks would lose a context entered earlier.
 */
export function installAuditOrigin(app: FastifyInstance): void {
  app.addHook('preHandler', (request, _reply, done) => runWithOrigin(originOf(request), done));
}

/**
 * A signed-in user's request that fails validation is audited (等保 8.1.4.3: failed operations count): the
 * route and the offending field paths, never the values sent.
 */
export function validationAuditor(ctx: AppContext) {
  const db = ctx.db.kysely.withTables<AccessTables>();
  return async (request: FastifyRequest, paths: string[]): Promise<void> => {
    if (!request.actor) return;
    const route = request.routeOptions.url ?? request.url.split('?')[0];
    await runWithOrigin(originOf(request), () => appendAudit(db, { actor: request.actor, action: 'http.validation_failed', result: 'denied', detail: { method: request.method, route, paths: paths.slice(0, 10) } }));
  };
}
