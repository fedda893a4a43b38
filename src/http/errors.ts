import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isConnectionError } from '../db/connection-errors.js';
import { IdempotencyClaimTaken } from '../db/idempotency.js';
import { DomainError, recordNotFound } from '../kernel/index.js';
import { databaseDataErrorReply } from './db-errors.js';

export interface ErrorHandlerOptions {
  /**
   * The web app routes on the client: an unknown GET outside /api/ that does not name a file gets
   * index.html (served by @fastify/static). Fastify allows one not-found handler, so it lives here.
   */
  spaFallback?: boolean;
  /** Called (and awaited) for each request refused by schema validation, with the offending field paths. */
  onValidationFailure?: (request: FastifyRequest, paths: string[]) => Promise<void>;
}

/** One place maps errors to HTTP: `{code, message}` with a Chinese message; internals never leak. */
export function installErrorHandler(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler(async (error: FastifyError | DomainError | Error, request, reply) => {
    if (isConnectionError(error)) {
      // The database is restarting or unreachable: nothing was changed that the client was told of; try again shortly.
      request.log.warn({ err: error }, 'database unavailable');
      return reply.status(503).header('retry-after', '2').send({ code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后重试' });
    }
    if (error instanceof IdempotencyClaimTaken) {
      // A copy of this request (same Idempotency-Key) committed while this one waited: nothing was done here.
      return reply.status(409).header('retry-after', '1').send({ code: 'IDEMPOTENCY_IN_PROGRESS', message: '同一操作正在办理，请稍后用同一幂等键重试以取得结果' });
    }
    if (error instanceof DomainError) {
      // A missing record and one outside the caller's jurisdiction must read the same (no existence oracle), so
      // every not-found answer has one body; the module's own code stays in the request log.
      if (error.status === 404) {
        request.log.info({ code: error.code }, 'not found');
        const body = recordNotFound();
        return reply.status(404).send({ code: body.code, message: body.message });
      }
      return reply.status(error.status).send({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const first = fastifyError.validation[0];
      if (options.onValidationFailure)
        await options.onValidationFailure(
          request,
          fastifyError.validation.map((v) => v.instancePath || String((v.params as { missingProperty?: string } | undefined)?.missingProperty ?? '')),
        );
      const field = (first?.instancePath || (first?.params as { missingProperty?: string } | undefined)?.missingProperty || '').replace(/^\//, '').replaceAll('/', '.');
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: `请求参数不合法${field ? `（${field}）` : ''}：${first?.message ?? ''}`,
        details: fastifyError.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    if (fastifyError.statusCode && fastifyError.statusCode < 500) {
      const limited = limitReply(fastifyError);
      if (limited) return reply.status(fastifyError.statusCode).send(limited);
      const code = fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
      return reply.status(fastifyError.statusCode).send({ code, message: `请求无法处理：${fastifyError.message}` });
    }
    const dataError = databaseDataErrorReply(error);
    if (dataError) {
      request.log.warn({ err: error }, 'database refused the request data');
      return reply.status(dataError.status).send({ code: dataError.code, message: dataError.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试' });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (options.spaFallback && request.method === 'GET' && !path.startsWith('/api/') && !/\.[A-Za-z0-9]+$/.test(path)) return reply.sendFile('index.html');
    return reply.status(404).send({ code: 'NOT_FOUND', message: `未找到：${request.method} ${path}` });
  });
}

/** Throttling (429, message already Chinese: see throttle.ts) and the body size cap (413). */
function limitReply(error: FastifyError): { code: string; message: string } | null {
  if (error.statusCode === 429) return { code: 'RATE_LIMITED', message: error.message };
  if (error.statusCode === 413) return { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' };
  return null;
}

/**
 * Errors the router raises before any hook (Fastify's `frameworkErrors`): a path parameter over the router's
 * length limit (414) or a URL that does not decode (400). Fastify's default answer echoed the whole URL, in English.
 */
export function frameworkErrorReply(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') reply.code(414).send({ code: 'URI_TOO_LONG', message: '请求地址中的参数过长' });
  else reply.code(400).send({ code: 'BAD_REQUEST', message: '请求地址无法解析' });
}
