import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { eventHandlers, migrationSources, modules } from '../modules.js';
import { installAuth } from './auth.js';
import { installAuditOrigin, validationAuditor } from './audit-origin.js';
import { frameworkErrorReply, installErrorHandler } from './errors.js';
import { labelRoutes } from './labels.js';
import { createMetrics, installMetrics, type AppMetrics } from './metrics.js';
import { readinessProblem } from './readiness.js';
import { installReadRouting } from './read-routing.js';
import type { AppInstance } from './types.js';
import { httpLimits } from './limits.js';
import { requestLogSerializers } from './log-redaction.js';
import { installRequestIdHeader, requestChildLogger, requestIdLogging, requestIdOf } from './request-id.js';
import { hardenRouteSchemas } from './route-schemas.js';
import { closeConnectionsWhenClosing } from './shutdown.js';
import { installIdempotency } from './idempotency.js';
import { installThrottling, isThrottled } from './throttle.js';
import { requestValidators } from './validators.js';
import { docsContentSecurityPolicy, installWebSecurity } from './web-security.js';

// Re-exported so callers of buildApp keep one import; module routes import ./types.js (no cycle through modules.ts).
export type { AppInstance, RoutesPlugin } from './types.js';

export interface BuildOptions {
  logger?: boolean | { level: string /** Where log lines go (tests read them); stdout by default. */; stream?: { write(line: string): void } };
  /** Folder of the built web app; served at / when present. */
  webDist?: string;
  /** Prometheus metrics; `serve` makes them to share with its metrics port and outbox loop. */
  metrics?: AppMetrics;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<AppInstance> {
  const limits = httpLimits(ctx.config);
  const logger = options.logger ?? false;
  const app = Fastify({
    logger: logger === false ? false : { ...(logger === true ? {} : logger), serializers: requestLogSerializers, ...requestIdLogging },
    childLoggerFactory: requestChildLogger,
    // Upload routes raise it for their own content type (the monitoring exchange: limits.uploadLimitBytes).
    bodyLimit: limits.bodyLimitBytes,
    frameworkErrors: frameworkErrorReply,
    // Unique across processes and restarts (or the proxy's, when well-formed): the audit log keeps it to join
    // entries with the request log.
    genReqId: requestIdOf,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(requestValidators());
  closeConnectionsWhenClosing(app);
  // Before swagger's own onRoute hook, so /openapi.json shows the bounds and answers added here.
  hardenRouteSchemas(app, { throttled: isThrottled });
  await installWebSecurity(app, { tlsEnabled: ctx.config.tlsEnabled ?? false });
  await installThrottling(app, limits);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'minzheng 民政 API', version: '1.0.0', description: '民政业务平台 HTTP API。除登录外均需 Bearer 令牌。' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          // The operations team's scraper: METRICS_TOKEN, not a staff session.
          metricsToken: { type: 'http', scheme: 'bearer' },
          // Residents (居民端) sign in apart from staff: their own cookie, sessions table and CSRF header.
          residentCookie: { type: 'apiKey', in: 'cookie', name: 'mz_resident' },
          // Other departments' systems on /dept/…: a key issued by the module that serves them (socialorg).
          deptApiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
  });
  // An admin tool with its own CSP (see docsContentSecurityPolicy), still never framed.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (header) => docsContentSecurityPolicy(header, ctx.config.tlsEnabled ?? false) });
  const webDist = options.webDist ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
  const serveWeb = existsSync(webDist);
  installErrorHandler(app, { spaFallback: serveWeb, onValidationFailure: validationAuditor(ctx) });
  await app.register(fastifyCookie);
  installAuth(app, ctx);
  installAuditOrigin(app);
  installIdempotency(app, ctx.db.kysely, { hours: ctx.config.idempotencyKeyHours ?? 24 });
  installRequestIdHeader(app);
  installReadRouting(app, ctx.db.replica);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  // Liveness above, readiness here: a load balancer stops sending requests while the database is away,
  // its schema is behind the code, or domain events pile up unhandled (readiness.ts).
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const problem = await readinessProblem(ctx, migrationSources, eventHandlers(), ctx.config.readyOutboxBacklogMax ?? 10_000);
    return problem ? reply.status(503).header('retry-after', '2').send(problem) : { status: 'ok' };
  });
  installMetrics(app, options.metrics ?? createMetrics({ ctx, handlers: eventHandlers }), { token: ctx.config.metricsToken });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      for (const module of modules) {
        if (module.routes) await module.routes(api as AppInstance, ctx);
      }
      await labelRoutes(api as AppInstance);
    },
    { prefix: '/api/v1' },
  );

  // Unknown non-API paths get index.html: see the not-found handler in errors.ts.
  if (serveWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  return app;
}
