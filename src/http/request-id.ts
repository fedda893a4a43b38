/**
 * One request id in every log line of a request, in its answer and in its audit entries (issue 22).
 *
 * Fastify gives `request.log` the id; lines written through the app's own logger while a request is handled
 * (shared code such as the read-replica router, the process guard) get it from the request's async context.
 * A proxy's `X-Request-Id` is kept when it looks like an id, so one id follows the request from the edge to
 * the audit log; anything else (too long, odd characters that could forge log fields) gets a fresh UUID.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { currentOrigin } from '../access/index.js';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED = /^[A-Za-z0-9._:-]{8,64}$/;

export function requestIdOf(raw: IncomingMessage): string {
  const given = raw.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED.test(given) ? given : randomUUID();
}

// The request's own child loggers already carry the id as a binding: the mixin must not add it twice.
const requestLoggers = new WeakSet<object>();

/** pino options: the mixin that stamps the current request's id on lines from loggers that lack it. */
export const requestIdLogging = {
  mixin(_merge: object, _level: number, logger: object): Record<string, string> {
    if (requestLoggers.has(logger)) return {};
    const origin = currentOrigin();
    return origin ? { reqId: origin.requestId } : {};
  },
};

/** Fastify's `childLoggerFactory`: the default child, remembered as one that has the id bound. */
export function requestChildLogger<L extends { child(bindings: object, options?: object): L }>(logger: L, bindings: object, options: object): L {
  const child = logger.child(bindings, options);
  requestLoggers.add(child as object);
  return child;
}

/** The id goes back to the caller, so a user's report or a proxy's log can be matched with ours. */
export function installRequestIdHeader(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
