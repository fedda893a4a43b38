import { ensureAuditPartitions, type AccessTables } from '../access/index.js';
import { loadConfig } from '../config.js';
import { migrate, openDatabase } from '../db/index.js';
import { migrationSources } from '../modules.js';
import { join } from 'node:path';

export async function runMigrate(): Promise<number> {
  const config = loadConfig();
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : join(config.dataDir, 'pglite') });
  try {
    const applied = await migrate(db, migrationSources);
    await ensureAuditPartitions(db.kysely.withTables<AccessTables>());
    process.stdout.write(applied.length ? applied.map((m) => `已执行 ${m.module}/${m.name}`).join('\n') + '\n' : '数据库已是最新\n');
    return 0;
  } finally {
    await db.close();
  }
}
