import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { dispatchOutbox, isConnectionError, purgeIdempotencyKeys, waitForDatabase } from '../db/index.js';
import { buildApp } from '../http/app.js';
import { gracefulStop } from '../http/shutdown.js';
import { createMetrics, serveMetricsPort } from '../http/metrics.js';
import { eventHandlers } from '../modules.js';
import { bootstrapDemo } from '../demo/bootstrap.js';
import { DEMO_LOGINS } from '../demo/users.js';
import { demoResidentLines, findDemoResidents } from '../demo/residents.js';
import { anchorSettings, DEFAULT_ACCESS_ALERT_THRESHOLDS, raiseAccessAlerts, roleNames, writeAuditAnchor, type AccessTables } from '../access/index.js';
import { monitoringDeps, runMonitoringJobs } from '../monitoring/index.js';
import { eldercareDeps, runEldercareJobs } from '../eldercare/index.js';
import { indicatorDeps, runIndicatorJobs } from '../indicators/index.js';
import { funeralDeps, runFuneralJobs } from '../funeral/index.js';
import { buildBulkFiles, socialorgDeps } from '../socialorg/index.js';
import { asApplication, openContext } from './open.js';
import { progressBar } from './progress.js';
import { installProcessGuard } from './process-guard.js';

export async function serve(_args: string[]): Promise<number> {
  const config = loadConfig();
  await ensureWebBuilt();
  const owner = await openContext(config);
  const loaded = await bootstrapDemo(owner, progressBar('载入演示城市'), {
    livedIn: true,
    onLivedIn: (s) =>
      process.stdout.write(
        `演示城市的一年：救助申请 ${s.assistance.applied} 件（批准 ${s.assistance.approved}），发放批次 ${s.assistance.paymentRuns} 个，预警 ${s.warnings.raised} 条，线索 ${s.leads.found} 条，用时 ${s.seconds.toFixed(1)} 秒\n`,
      ),
  });
  const ctx = await asApplication(owner);
  const demoLogins = config.auth.demo ? DEMO_LOGINS : [];
  const metrics = createMetrics({ ctx, handlers: eventHandlers, processMetrics: true });
  const app = await buildApp(ctx, { logger: { level: config.logLevel }, metrics });
  installProcessGuard(app.log);
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = config.metricsPort ? await serveMetricsPort(metrics, config.metricsPort, config.metricsHost ?? '127.0.0.1') : undefined;

  // Domain events are handled a moment after they commit; a crash loses nothing, they stay in the outbox.
  // Elderly care's jobs (offer time limits, freed beds, the daily re-ranking) need not run more than twice a minute.
  let dispatching = false;
  let eldercareRanAt = 0;
  const runEldercare = () => {
    if (Date.now() - eldercareRanAt < 30_000) return;
    eldercareRanAt = Date.now();
    return runEldercareJobs(eldercareDeps(ctx));
  };
  // The indicators' month-end freeze: checked hourly, acts once a month.
  let indicatorsRanAt = 0;
  const runIndicators = () => {
    if (Date.now() - indicatorsRanAt < 3_600_000) return;
    indicatorsRanAt = Date.now();
    return runIndicatorJobs(indicatorDeps(ctx));
  };
  // Funeral supervision: findings past their rectification deadline become overdue (checked hourly, each once).
  let funeralRanAt = 0;
  const runFuneral = () => {
    if (Date.now() - funeralRanAt < 3_600_000) return;
    funeralRanAt = Date.now();
    return runFuneralJobs(funeralDeps(ctx));
  };
  // 社会组织's daily public bulk files: checked hourly, built once a day (a second build of the day writes nothing).
  let bulkRanAt = 0;
  const runSocialorgBulk = () => {
    if (Date.now() - bulkRanAt < 3_600_000) return;
    bulkRanAt = Date.now();
    return buildBulkFiles(socialorgDeps(ctx), null);
  };
  // Idempotency keys are for retries: forgotten after IDEMPOTENCY_KEY_HOURS, checked hourly.
  let keysPurgedAt = 0;
  const purgeKeys = async () => {
    if (Date.now() - keysPurgedAt < 3_600_000) return;
    keysPurgedAt = Date.now();
    await purgeIdempotencyKeys(ctx.db.kysely, config.idempotencyKeyHours ?? 24);
  };
  const timer = setInterval(() => {
    if (dispatching) return;
    dispatching = true;
    dispatchOutbox(ctx.db.kysely, eventHandlers())
      .then(() => runMonitoringJobs(monitoringDeps(ctx)))
      .then(runEldercare)
      .then(runIndicators)
      .then(runFuneral)
      .then(runSocialorgBulk)
      .then(purgeKeys)
      .catch(async (error: unknown) => {
        if (!isConnectionError(error)) {
          metrics.outboxDispatchFailures.inc();
          return app.log.error({ err: error }, 'outbox dispatch failed');
        }
        // Paused, not failing twice a second: the events stay in the outbox and are handled once the database is back.
        app.log.warn({ err: error }, 'database unavailable: outbox dispatch and jobs paused');
        if (await waitForDatabase(ctx.db.kysely)) app.log.info('database back: outbox dispatch and jobs resumed');
      })
      .finally(() => (dispatching = false));
  }, 500);

  // The signed head leaves the database at an interval: a cut-off tail is then caught by `audit verify`.
  const anchors = anchorSettings(config);
  const auditDb = ctx.db.kysely.withTables<AccessTables>();
  const anchorTimer = setInterval(
    () => {
      writeAuditAnchor(auditDb, anchors).catch((error: unknown) => app.log.error({ err: error }, 'audit anchor failed'));
    },
    (config.auditAnchorIntervalSec ?? 300) * 1000,
  );
  // 异常访问告警: the scan reads the audit log only; the auditor's alert list runs it too.
  const thresholds = { perHour: config.accessAlertPerHour ?? DEFAULT_ACCESS_ALERT_THRESHOLDS.perHour, perDay: config.accessAlertPerDay ?? DEFAULT_ACCESS_ALERT_THRESHOLDS.perDay };
  const alertTimer = setInterval(() => {
    raiseAccessAlerts(auditDb, thresholds).catch((error: unknown) => app.log.error({ err: error }, 'access alert scan failed'));
  }, 60_000);

  // A failure to find them must not stop the server: the staff logins still work.
  const demoResidents = await findDemoResidents(ctx).catch((error: unknown) => {
    app.log.warn({ err: error }, 'demo residents not found');
    return [];
  });
  const where = config.databaseUrl ? 'PostgreSQL' : `内置数据库 PGlite（${config.dataDir}）`;
  process.stdout.write(
    `\n民政平台已启动：http://localhost:${config.port}  （API 文档 /docs，OpenAPI /openapi.json；数据库：${where}${loaded ? '；已载入演示城市' : ''}）\n` +
      (metricsServer ? `运维指标：http://${config.metricsHost}:${config.metricsPort}/metrics\n` : '') +
      (demoLogins.length ? `演示账号（密码均为 ${DEMO_LOGINS[0].password}）：\n` : '') +
      demoLogins.map((l) => `  ${l.username.padEnd(10)} ${roleNames[l.role]}，辖区 ${l.jurisdictionName}`).join('\n') +
      '\n' +
      demoResidentLines(demoResidents),
  );
  if (config.auth.demo) {
    const mfa = config.auth.mfaRoles.length ? `动态口令（MFA）角色：${config.auth.mfaRoles.join(', ')}` : '动态口令（MFA）已关闭';
    process.stdout.write(`\n⚠ 演示模式：以上账号与密码公开，${mfa}。生产环境请设置 DATABASE_URL、NODE_ENV=production（从不载入演示账号，MFA 默认开启）。\n`);
  }

  // Graceful (http/shutdown.ts): no new requests, in-flight ones answered, background jobs stopped after their
  // batch or recorded as interrupted at the deadline, the outbox round under way finished, then the pool closes.
  const stop = async () => {
    await gracefulStop({
      timers: [timer, anchorTimer, alertTimer],
      servers: metricsServer ? [app, metricsServer] : [app],
      dispatching: () => dispatching,
      db: ctx.db,
      graceMs: config.shutdownGraceMs ?? 20_000,
      log: app.log,
    });
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}

/** `npm start` on a fresh clone has no built web app yet: build it once with Vite. */
async function ensureWebBuilt(): Promise<void> {
  const dist = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
  if (existsSync(dist)) return;
  const configFile = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));
  if (!existsSync(configFile)) return;
  process.stdout.write('首次启动：正在构建 Web 应用…\n');
  const vite = await import('vite');
  await vite.build({ configFile, logLevel: 'warn' });
}
