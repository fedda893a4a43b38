/**
 * `Idempotency-Key` on the routes that declare `config: { idempotencyKey: true }` (issue 22: a retried request
 * never acts twice). The client makes one key per intended action (a UUID) and sends it again with every retry
 * of that action. See db/idempotency.ts for the claim made in the acting transaction.
 *
 *   - first time: the request runs in the key's scope; the module's transaction claims the key; a 2xx answer is
 *     stored before it leaves;
 *   - again, same request: the stored answer, with `Idempotent-Replayed: true`, and nothing is done;
 *   - again while the first is still running, or after a crash between its commit and its answer: 409
 *     `IDEMPOTENCY_IN_PROGRESS` / `IDEMPOTENCY_ALREADY_DONE`, nothing done;
 *   - the same key with another request (route, parameters or body): 422 `IDEMPOTENCY_KEY_REUSED`;
 *   - a refused or failed request (4xx, 5xx) stores nothing: its transaction, claim included, rolled back.
 * Keys are per signed-in user and forgotten after `IDEMPOTENCY_KEY_HOURS` (default 24).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type CoreTables, findIdempotencyKey, type IdempotencyScope, runWithIdempotency, storeIdempotentAnswer } from '../db/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Honours `Idempotency-Key`: the module's transaction claims it (claimIdempotencyKey). */
    idempotencyKey?: boolean;
  }
  interface FastifyRequest {
    idempotency: IdempotencyScope | null;
  }
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
const KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** JSON with sorted object keys: the same body sent again with its keys in another order is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

export function requestFingerprint(method: string, route: string, params: unknown, body: unknown): string {
  return createHash('sha256')
    .update(canonical([method, route, params ?? {}, body ?? null]))
    .digest('hex');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface IdempotencyOptions {
  /** Keys older than this are forgotten (IDEMPOTENCY_KEY_HOURS, default 24). */
  hours: number;
}

export function installIdempotency(app: FastifyInstance, db: Kysely<CoreTables>, options: IdempotencyOptions): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', (request, reply, done) => {
    const given = request.headers[IDEMPOTENCY_HEADER];
    if (given === undefined || !request.routeOptions.config?.idempotencyKey || !UNSAFE.has(request.method) || !request.actor) return done();
    if (typeof given !== 'string' || !KEY.test(given)) {
      void reply.status(400).send({ code: 'IDEMPOTENCY_KEY_INVALID', message: '幂等键（Idempotency-Key）须为 8–128 位字母、数字或 . _ : -' });
      return;
    }
    const route = request.routeOptions.url ?? request.url;
    const scope: IdempotencyScope = {
      principal: `staff:${request.actor.userId}`,
      key: given,
      fingerprint: requestFingerprint(request.method, route, request.params, request.body),
      route: `${request.method} ${route}`,
      claimed: false,
    };
    earlier(db, scope, options.hours, request, reply).then(
      (answered) => {
        if (answered) return;
        request.idempotency = scope;
        runWithIdempotency(scope, done);
      },
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const scope = request.idempotency;
    if (!scope || reply.statusCode < 200 || reply.statusCode >= 300) return payload;
    if (!scope.claimed) request.log.warn({ route: scope.route }, 'idempotent route answered without claiming its key in a transaction: stored after the fact');
    let answer: unknown = null;
    if (typeof payload === 'string') {
      try {
        answer = JSON.parse(payload);
      } catch {
        answer = null;
      }
    }
    try {
      await storeIdempotentAnswer(db, scope, reply.statusCode, answer);
    } catch (error) {
      // The action is committed (and its claim with it): a retry is answered 409 "already done", never acts again.
      request.log.warn({ err: error }, 'idempotent answer not stored');
    }
    return payload;
  });
}

/** Answers from an earlier request with the same key; false when there is none (the request goes on). */
async function earlier(db: Kysely<CoreTables>, scope: IdempotencyScope, hours: number, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  let found = await findIdempotencyKey(db, scope.principal, scope.key);
  if (found && Date.now() - found.createdAt.getTime() > hours * 3_600_000) {
    await db.deleteFrom('core.idempotency_keys').where('principal', '=', scope.principal).where('key', '=', scope.key).execute();
    found = null;
  }
  if (!found) return false;
  if (found.fingerprint !== scope.fingerprint) {
    await reply.status(422).send({ code: 'IDEMPOTENCY_KEY_REUSED', message: '该幂等键已用于另一项操作，新的操作请使用新的幂等键' });
    return true;
  }
  // Committed a moment ago, its answer on the way to the row: wait for it briefly.
  for (let waited = 0; found && found.statusCode === null && waited < 1000; waited += 200) {
    await sleep(200);
    found = await findIdempotencyKey(db, scope.principal, scope.key);
  }
  if (found && found.statusCode !== null) {
    request.log.info({ route: scope.route }, 'idempotent request replayed');
    await reply.status(found.statusCode).header(REPLAYED_HEADER, 'true').send(found.answer);
    return true;
  }
  await reply.status(409).send({ code: 'IDEMPOTENCY_ALREADY_DONE', message: '该操作已办理，结果未能返回；请刷新页面查看，无需再次提交' });
  return true;
}
