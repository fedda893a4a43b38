/**
 * Which requests may read the replica (db/read-replica.ts) and the per-caller bookkeeping behind
 * read-your-writes. Heavy reads: the cockpit figures and dashboards, the screening's result pages, the public
 * register, and every ledger export (their route config says `ledgerExport`). A route of a module can also
 * say `config: { heavyRead: true }`. Only read-only routes belong here: a statement that writes sends the
 * rest of its request to the primary anyway, but a value computed from a replica read must not be stored.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { runHeavyRead, type ReadReplica } from '../db/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served from the read replica when it is fresh enough for the caller (DATABASE_READ_URL). */
    heavyRead?: boolean;
  }
}

export const HEAVY_READ_ROUTES: readonly string[] = [
  '/api/v1/assistance/stats',
  '/api/v1/children/figures',
  '/api/v1/community/workers/figures',
  '/api/v1/eldercare/figures',
  '/api/v1/funeral/figures',
  '/api/v1/indicators',
  '/api/v1/indicators/:no/districts',
  '/api/v1/indicators/:no/history',
  '/api/v1/marriage/figures',
  '/api/v1/monitoring/dashboard',
  '/api/v1/policy/screen/:id/breakdown',
  '/api/v1/policy/screen/:id/households',
  '/api/v1/policy/screen/:id/results',
  '/api/v1/public/socialorg/organisations',
  '/api/v1/public/socialorg/organisations/:creditCode',
  '/api/v1/socialorg/figures',
];
const heavyRoutes = new Set(HEAVY_READ_ROUTES);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isHeavyRead(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { heavyRead?: boolean; ledgerExport?: boolean };
  return request.method === 'GET' && Boolean(config.heavyRead || config.ledgerExport || heavyRoutes.has(request.routeOptions.url ?? ''));
}

function callerOf(request: FastifyRequest): string | undefined {
  return request.actor ? `user:${request.actor.userId}` : undefined;
}

export function installReadRouting(app: FastifyInstance, replica: ReadReplica | undefined): void {
  if (!replica) return;
  replica.setLog(app.log);
  app.addHook('preHandler', (request, _reply, done) => {
    if (!isHeavyRead(request)) return done();
    replica.choose(callerOf(request)).then(
      ({ target, reason }) => {
        replica.count(target, reason);
        // The lasting cases (lag, replica away) were warned about once when they began; a caller's own write is normal.
        if (reason) request.log.debug({ reason }, 'heavy read on the primary');
        runHeavyRead(target === 'replica', done, (fallback) => {
          replica.count('primary', fallback);
          request.log.warn({ reason: fallback }, 'read replica failed a statement: it ran again on the primary');
        });
      },
      () => done(),
    );
  });
  // Before the answer leaves: the caller's next request may come at once and must see this write.
  app.addHook('onSend', async (request, reply, payload) => {
    const caller = callerOf(request);
    if (caller && !SAFE_METHODS.has(request.method) && reply.statusCode < 400) await replica.noteWrite(caller);
    return payload;
  });
}
