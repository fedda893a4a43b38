import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import { databaseAnswers, type EventHandler } from '../db/index.js';
import { outboxBacklog } from './readiness.js';
import { ErrorBody } from './schemas.js';
import type { AppInstance } from './types.js';

/**
 * Prometheus metrics (prom-client). One registry per app, not prom-client's global one: tests build many
 * apps in one process, and a global registry would refuse the second set of metric names.
 *
 * Counted as they happen: request latency by route template (never the raw URL, which carries ids),
 * sign-in failures, outbox dispatch failures. Read at scrape time from the database: the pool, the outbox
 * backlog per handler, running long jobs. A scrape during an outage must not hang, so each database read is
 * bounded and a failure leaves the gauge out rather than failing the whole answer.
 */
export interface AppMetrics {
  registry: Registry;
  /** `serve` counts a dispatch round that failed for another reason than the database being away. */
  outboxDispatchFailures: Counter;
  signInFailures: Counter;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
}

export interface MetricsSources {
  ctx: AppContext;
  handlers: () => EventHandler[];
  /** Node's own figures (memory, event-loop lag, GC): once per process, so `serve` asks, tests building many apps do not. */
  processMetrics?: boolean;
}

const SCRAPE_QUERY_MS = 1000;
const SIGN_IN_ROUTES = new Set(['/api/v1/auth/login', '/api/v1/auth/mfa/verify', '/api/v1/resident/auth/dev/login']);

export function createMetrics({ ctx, handlers, processMetrics = false }: MetricsSources): AppMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'minzheng_' });
  const httpDuration = new Histogram({
    name: 'minzheng_http_request_duration_seconds',
    help: 'HTTP request latency by route template and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const signInFailures = new Counter({ name: 'minzheng_sign_in_failures_total', help: 'Refused sign-ins and MFA codes (4xx answers of the sign-in routes)', registers: [registry] });
  const outboxDispatchFailures = new Counter({ name: 'minzheng_outbox_dispatch_failures_total', help: 'Outbox dispatch rounds that failed with a handler error (not a database outage)', registers: [registry] });

  new Gauge({
    name: 'minzheng_db_pool_connections',
    help: 'Database pool connections by state (waiting = callers queued for a connection)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = ctx.db.poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  new Gauge({
    name: 'minzheng_db_up',
    help: '1 when the database answered `select 1` within 1 s at this scrape',
    registers: [registry],
    async collect() {
      this.set((await databaseAnswers(ctx.db.kysely, SCRAPE_QUERY_MS)) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'minzheng_outbox_backlog',
    help: 'Domain events a handler has not handled yet (beyond its cursor)',
    labelNames: ['handler'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const backlog = await bounded(outboxBacklog(ctx, handlers()));
      for (const [handler, n] of backlog ?? []) this.set({ handler }, n);
    },
  });
  new Gauge({
    name: 'minzheng_jobs_running',
    help: 'Long jobs queued or running, by kind (screening runs, payment runs, discovery runs)',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [kind, n] of (await bounded(runningJobs(ctx))) ?? []) this.set({ kind }, n);
    },
  });
  new Gauge({
    name: 'minzheng_screen_run_progress_percent',
    help: 'Progress of each screening run that is queued or running',
    labelNames: ['run'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await bounded(screenProgress(ctx))) ?? []) this.set({ run: String(r.id) }, r.progress);
    },
  });
  replicaMetrics(registry, ctx);
  return { registry, outboxDispatchFailures, signInFailures, httpDuration };
}

/** The read replica (DATABASE_READ_URL): its state as the router last saw it, and where heavy reads went. */
function replicaMetrics(registry: Registry, ctx: AppContext): void {
  const replica = ctx.db.replica;
  if (!replica) return;
  new Gauge({
    name: 'minzheng_replica_lag_seconds',
    help: 'How long the read replica has been missing WAL the primary had (0 when caught up)',
    registers: [registry],
    collect() {
      this.set(replica.lagMs / 1000);
    },
  });
  new Gauge({
    name: 'minzheng_replica_in_use',
    help: '1 while heavy reads go to the replica; 0 while they fall back to the primary (status label says why)',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.set({ status: replica.status }, replica.status === 'ok' ? 1 : 0);
    },
  });
  new Gauge({
    name: 'minzheng_heavy_reads',
    help: 'Heavy-read requests since start by where they were read, and why a primary read was not sent to the replica',
    labelNames: ['target', 'reason'] as const,
    registers: [registry],
    collect() {
      this.reset();
      this.set({ target: 'replica', reason: '' }, replica.reads.replica);
      for (const [reason, n] of replica.reads.primary) this.set({ target: 'primary', reason }, n);
    },
  });
}

async function bounded<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), SCRAPE_QUERY_MS)));
  try {
    return await Promise.race([work.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The run tables belong to their modules; read here by name (no import) so the metrics layer needs no module.
// A table that does not exist (a module not installed) counts nothing.
const RUNNING_JOBS: Array<[string, string]> = [
  ['screen', "select count(*)::int as n from policy.screen_runs where status in ('queued', 'running')"],
  ['payment-run', "select count(*)::int as n from assistance.payment_runs where status = 'running'"],
  ['discovery', 'select count(*)::int as n from monitoring.discovery_runs where finished_at is null'],
];

async function runningJobs(ctx: AppContext): Promise<Array<[string, number]>> {
  const result: Array<[string, number]> = [];
  for (const [kind, query] of RUNNING_JOBS) {
    const rows = await sql<{ n: number }>`${sql.raw(query)}`.execute(ctx.db.kysely).catch(() => undefined);
    if (rows) result.push([kind, rows.rows[0]?.n ?? 0]);
  }
  return result;
}

async function screenProgress(ctx: AppContext): Promise<Array<{ id: number; progress: number }>> {
  const rows = await sql<{ id: number; progress: number }>`select id::int as id, progress_percent as progress from policy.screen_runs where status in ('queued', 'running')`.execute(ctx.db.kysely);
  return rows.rows;
}

/** Where /metrics may be read: with METRICS_TOKEN on the main port, and/or open on METRICS_PORT (a private interface). */
export interface MetricsExposure {
  token?: string;
}

/**
 * Times every request and serves GET /metrics. Without a token the route answers 404 on the main port:
 * the figures (routes, backlog, load) are for the operations team, not for whoever reaches the public port;
 * then they are read on the separate metrics port, bound to a private interface (see `serveMetricsPort`).
 */
export function installMetrics(app: AppInstance, metrics: AppMetrics, exposure: MetricsExposure): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (SIGN_IN_ROUTES.has(route) && reply.statusCode >= 400 && reply.statusCode < 500) metrics.signInFailures.inc();
  });
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: '运维指标（Prometheus 文本格式）：需 METRICS_TOKEN 令牌；未配置令牌时本端口不提供（见独立指标端口 METRICS_PORT）',
        security: [{ metricsToken: [] }],
        response: { 200: Type.String({ description: 'text/plain; version=0.0.4' }), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      if (!exposure.token) return reply.status(404).send({ code: 'NOT_FOUND', message: '未找到' });
      if (!tokenMatches(request, exposure.token)) return reply.status(401).header('www-authenticate', 'Bearer').send({ code: 'METRICS_TOKEN', message: '运维指标需要有效的指标令牌' });
      return sendMetrics(metrics, reply);
    },
  );
}

/**
 * The metrics alone on a port of their own, without a token: bind it to loopback or the monitoring network
 * (METRICS_HOST), never the public interface. Only GET /metrics; anything else is 404.
 */
export async function serveMetricsPort(metrics: AppMetrics, port: number, host: string): Promise<{ close(): Promise<void>; port: number }> {
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) => sendMetrics(metrics, reply));
  await server.listen({ port, host });
  const address = server.server.address();
  return { close: () => server.close(), port: typeof address === 'object' && address ? address.port : port };
}

export async function sendMetrics(metrics: AppMetrics, reply: FastifyReply): Promise<FastifyReply> {
  return reply
    .header('content-type', metrics.registry.contentType)
    .header('cache-control', 'no-store')
    .send(await metrics.registry.metrics());
}

function tokenMatches(request: FastifyRequest, token: string): boolean {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
