import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { anchorSettings, verifyAuditWithAnchor, type AccessTables, type AnchoredVerification, type AnchorSettings } from '../access/index.js';
import { loadConfig } from '../config.js';
import { backupPglite, backupPostgres, compareCounts, countTables, migrationFileNames, openDatabase, readManifest, restorePglite, restorePostgres, type BackupManifest, type CountDifference, type Database } from '../db/index.js';
import { migrationSources } from '../modules.js';

/** `minzheng backup [--out FILE]`: the configured database (DATABASE_URL, else the embedded one in DATA_DIR). */
export async function runBackup(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  const config = loadConfig();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = resolve(values.out ?? join('backups', `minzheng-${stamp}${config.databaseUrl ? '.dump' : '.tar.gz'}`));
  mkdirSync(dirname(file), { recursive: true });
  let manifest: BackupManifest;
  if (config.databaseUrl) manifest = await backupPostgres(config.databaseUrl, file);
  else {
    // Takes the data directory's lock: a running `serve` holds it, so the embedded database is backed up stopped.
    const db = await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
    try {
      manifest = await backupPglite(db, file);
    } finally {
      await db.close();
    }
  }
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  process.stdout.write(`已备份：${file}\n清单：${file}.manifest.json（${Object.keys(manifest.tables).length} 张表，共 ${rows} 行，${manifest.createdAt}）\n`);
  return 0;
}

export interface RestoreReport {
  differences: CountDifference[];
  tables: number;
  audit: AnchoredVerification;
  /** Audit entries the external anchor knows of but the restored log lacks: written after the backup. */
  missingAfterBackup?: { fromId: number; toId: number; anchoredAt?: string };
  /** Migrations of this code not yet in the restored database (`minzheng migrate` brings it up). */
  pendingMigrations: string[];
}

/**
 * Checks a restored database against its backup's manifest and the audit log's external anchor. A restore
 * is only as good as this check: every table's count must match, and the hash chain must verify. Writes made
 * after the backup are not silently lost: the anchor written since names how far the log had reached, so
 * the gap is reported with its first and last entry.
 */
export async function verifyRestore(db: Database, manifest: BackupManifest, anchors: AnchorSettings): Promise<RestoreReport> {
  const restored = await db.exclusive((session) => countTables(session));
  const audit = await verifyAuditWithAnchor(db.kysely.withTables<AccessTables>(), anchors);
  const applied = new Set((await db.kysely.selectFrom('core.migrations').select(['module', 'name']).execute()).map((m) => `${m.module}/${m.name}`));
  const report: RestoreReport = {
    differences: compareCounts(manifest, restored),
    tables: Object.keys(manifest.tables).length,
    audit,
    pendingMigrations: migrationFileNames(migrationSources).filter((m) => !applied.has(m)),
  };
  if (audit.anchor.status === 'truncated' && audit.anchor.id !== undefined && audit.brokenAt?.reason === 'truncated') {
    report.missingAfterBackup = { fromId: audit.brokenAt.id, toId: audit.anchor.id, anchoredAt: audit.anchor.at };
  }
  return report;
}

/** Whether the restored copy is faithful to the backup: counts match and the chain itself is whole. */
export const restoreIsFaithful = (report: RestoreReport) => report.differences.length === 0 && (report.audit.ok || report.missingAfterBackup !== undefined);

/**
 * `minzheng restore --file F (--target-url URL | --target-dir DIR)`: never over the live database, always
 * into an empty one, then `verifyRestore`. Switching over (DATABASE_URL / DATA_DIR) is the operator's step
 * after reading the report.
 */
export async function runRestore(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { file: { type: 'string' }, 'target-url': { type: 'string' }, 'target-dir': { type: 'string' } } });
  if (!values.file || (!values['target-url'] && !values['target-dir'])) {
    process.stderr.write('用法: minzheng restore --file 备份文件 --target-url postgres://…/新库名   （PostgreSQL）\n      minzheng restore --file 备份文件 --target-dir 新目录            （内置数据库）\n');
    return 2;
  }
  const file = resolve(values.file);
  const manifest = readManifest(file);
  const config = loadConfig();
  let db: Database;
  if (manifest.kind === 'pg') {
    if (!values['target-url']) throw new Error('PostgreSQL 备份需用 --target-url 指定新的空库');
    await restorePostgres(file, values['target-url']);
    db = await openDatabase({ url: values['target-url'], poolSize: 2 });
  } else {
    if (!values['target-dir']) throw new Error('内置数据库备份需用 --target-dir 指定新的空目录');
    const dir = resolve(values['target-dir']);
    await restorePglite(file, join(dir, 'pglite'));
    db = await openDatabase({ dataDir: join(dir, 'pglite') });
  }
  try {
    const report = await verifyRestore(db, manifest, anchorSettings(config));
    process.stdout.write(formatRestoreReport(report, manifest));
    return restoreIsFaithful(report) ? 0 : 1;
  } finally {
    await db.close();
  }
}

export function formatRestoreReport(report: RestoreReport, manifest: BackupManifest): string {
  const lines = [`已恢复 ${manifest.createdAt} 的备份。`];
  if (report.differences.length === 0) lines.push(`行数核对：${report.tables} 张表均与备份清单一致。`);
  else lines.push(`行数核对不一致（${report.differences.length} 张表）：`, ...report.differences.map((d) => `  ${d.table}：清单 ${d.expected} 行，恢复后 ${d.found ?? '（表不存在）'}`));
  const a = report.audit;
  if (a.brokenAt && a.brokenAt.reason !== 'truncated') lines.push(`审计日志：哈希链在第 ${a.brokenAt.id} 条断开（${a.brokenAt.reason}），备份不可信。`);
  else lines.push(`审计日志：共 ${a.entries} 条，哈希链校验通过。`);
  if (report.missingAfterBackup) {
    const m = report.missingAfterBackup;
    lines.push(
      `⚠ 备份之后的写入不在此备份中：库外锚点（${m.anchoredAt ?? ''}）记载审计日志已到第 ${m.toId} 条，恢复的日志止于第 ${m.fromId - 1} 条；` +
        `第 ${m.fromId}–${m.toId} 条审计记录及其对应的业务写入缺失，需从 WAL 归档（时间点恢复）或原始材料补录。`,
    );
  } else if (a.anchor.status === 'matched') lines.push('审计日志与库外最新锚点一致：备份之后没有新的写入。');
  else if (a.anchor.status === 'none') lines.push('尚无库外锚点：无法判断备份之后是否还有写入。');
  if (report.pendingMigrations.length) lines.push(`数据库结构落后于当前版本 ${report.pendingMigrations.length} 个迁移：切换前请运行 minzheng migrate。`);
  return `${lines.join('\n')}\n`;
}
