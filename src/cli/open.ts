import { join } from 'node:path';
import { loadConfig, type Config } from '../config.js';
import type { AppContext } from '../context.js';
import { migrate, openDatabase } from '../db/index.js';
import { migrationSources } from '../modules.js';

/** Opens the configured database (PGlite in DATA_DIR, or DATABASE_URL) and brings its schema up to date. */
export async function openContext(config: Config = loadConfig()): Promise<AppContext> {
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite') });
  await migrate(db, migrationSources);
  return { db, config };
}
