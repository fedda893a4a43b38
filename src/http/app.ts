import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.js';
import { modules } from '../modules.js';
import { installAuth } from './auth.js';
import { frameworkErrorReply, installErrorHandler } from './errors.js';
import { httpLimits } from './limits.js';
import { requestLogSerializers } from './log-redaction.js';
import { hardenRouteSchemas } from './route-schemas.js';
import { installThrottling, isThrottled } from './throttle.js';
import { requestValidators } from './validators.js';
import { docsContentSecurityPolicy, installWebSecurity } from './web-security.js';

export type AppInstance = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** A module's HTTP routes: a plugin mounted under /api/v1. */
export type RoutesPlugin = (app: AppInstance, ctx: AppContext) => Promise<void>;

export interface BuildOptions {
  logger?: boolean | { level: string; /** Where log lines go (tests read them); stdout by default. */ stream?: { write(line: string): void } };
  /** Folder of the built web app; served at / when present. */
  webDist?: string;
}

export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<AppInstance> {
  const limits = httpLimits(ctx.config);
  const logger = options.logger ?? false;
  const app = Fastify({
    logger: logger === false ? false : { ...(logger === true ? {} : logger), serializers: requestLogSerializers },
    // Upload routes raise it for their own content type (the monitoring exchange: limits.uploadLimitBytes).
    bodyLimit: limits.bodyLimitBytes,
    frameworkErrors: frameworkErrorReply,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(requestValidators());
  // Before swagger's own onRoute hook, so /openapi.json shows the bounds and answers added here.
  hardenRouteSchemas(app, { throttled: isThrottled });
  await installWebSecurity(app, { tlsEnabled: ctx.config.tlsEnabled ?? false });
  await installThrottling(app, limits);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'minzheng 民政 API', version: '1.0.0', description: '民政业务平台 HTTP API。除登录外均需 Bearer 令牌。' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  // An admin tool with its own CSP (see docsContentSecurityPolicy), still never framed.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (header) => docsContentSecurityPolicy(header, ctx.config.tlsEnabled ?? false) });
  const webDist = options.webDist ?? fileURLToPath(new URL('../../web/dist', import.meta.url));
  const serveWeb = existsSync(webDist);
  installErrorHandler(app, { spaFallback: serveWeb });
  installAuth(app, ctx);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(
    async (api) => {
      for (const module of modules) {
        if (module.routes) await module.routes(api as AppInstance, ctx);
      }
    },
    { prefix: '/api/v1' },
  );

  // Unknown non-API paths get index.html: see the not-found handler in errors.ts.
  if (serveWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false });
  return app;
}
