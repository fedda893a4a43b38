import { join } from 'node:path';
import { ensureAuditPartitions, type AccessTables } from '../access/index.js';
import { loadConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import { appDatabaseUrl, migrate, openDatabase } from '../db/index.js';
import { migrationSources } from '../modules.js';

/** Opens the configured database (PGlite in DATA_DIR, or DATABASE_URL) and brings its schema up to date. */
export async function openContext(config: Config = loadConfig()): Promise<AppContext> {
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite') });
  await migrate(db, migrationSources);
  // The application role cannot create next month's audit partition: the owner does, at every start.
  await ensureAuditPartitions(db.kysely.withTables<AccessTables>());
  return { db, config };
}

/**
 * On PostgreSQL, swaps the owner's connection (migrations, the demo's bulk load) for the application's
 * least-privileged role, which cannot alter or erase the audit log. PGlite has one user: unchanged.
 */
export async function asApplication(ctx: AppContext): Promise<AppContext> {
  if (!ctx.config.databaseUrl) return ctx;
  const url = appDatabaseUrl(ctx.config.databaseUrl, ctx.config.databaseAppUrl);
  // Heavy reads may go to a streaming replica; the router decides per request (db/read-replica.ts).
  const db = await openDatabase({ url, readUrl: ctx.config.databaseReadUrl, replicaOptions: { maxLagMs: ctx.config.readReplicaMaxLagMs } });
  await ctx.db.close();
  return { db, config: { ...ctx.config, databaseUrl: url } };
}
