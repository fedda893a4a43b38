import { join } from 'node:path';
import { anchorSettings, appendAudit, archiveAuditMonths, verifyAuditArchives, verifyAuditWithAnchor, writeAuditAnchor, type AccessTables } from '../access/index.js';
import { openContext } from './open.js';

const REASONS: Record<string, string> = {
  hash_mismatch: '内容与哈希不符',
  link_mismatch: '与上一条的链接断开',
  truncated: '起（含）之后的记录缺失：库外锚点记载的链头已不在库中，日志尾部被删除',
  anchor_mismatch: '的哈希与库外锚点记载的不符',
};

export async function runAudit(args: string[]): Promise<number> {
  if (args[0] !== 'verify' && args[0] !== 'anchor' && args[0] !== 'archive') {
    process.stderr.write('用法: minzheng audit verify [--archives] | minzheng audit anchor | minzheng audit archive\n');
    return 2;
  }
  const ctx = await openContext();
  try {
    const db = ctx.db.kysely.withTables<AccessTables>();
    const settings = anchorSettings(ctx.config);
    if (args[0] === 'anchor') {
      const anchor = await writeAuditAnchor(db, settings);
      process.stdout.write(anchor ? `已签发锚点：第 ${anchor.id} 条，${anchor.hash}（${settings.dir}）\n` : '审计日志为空，无需签发锚点\n');
      return 0;
    }
    const archiveDir = ctx.config.auditArchiveDir ?? join(ctx.config.dataDir, 'audit-archive');
    if (args[0] === 'archive') return await archive(db, settings.key, archiveDir, ctx.config.auditRetentionMonths);
    if (args.includes('--archives')) {
      const archives = await verifyAuditArchives(db, archiveDir, settings.key);
      for (const m of archives.months) process.stdout.write(`归档 ${m.month}：${m.ok ? `${m.entries} 条，校验通过` : `校验失败：${m.problem}`}\n`);
      if (!archives.ok) return 1;
    }
    const result = await verifyAuditWithAnchor(db, settings);
    if (result.anchor.status === 'bad_signature') {
      process.stdout.write(`库外锚点签名无效（${settings.dir}/latest.json）：锚点被改动，或密钥不符\n`);
      return 1;
    }
    if (result.ok) {
      const anchored = result.anchor.status === 'matched' ? `，与 ${result.anchor.at} 签发的锚点（第 ${result.anchor.id} 条）一致` : '；尚无库外锚点，无法发现尾部截断';
      process.stdout.write(`审计日志完整：共 ${result.entries} 条，哈希链校验通过${anchored}\n`);
      return 0;
    }
    process.stdout.write(`审计日志已被篡改：第 ${result.brokenAt?.id} 条记录${REASONS[result.brokenAt?.reason ?? ''] ?? ''}\n`);
    return 1;
  } finally {
    await ctx.db.close();
  }
}

/** Months past retention to files (with signed manifests), then their partitions dropped; the run itself is audited. */
async function archive(db: Parameters<typeof archiveAuditMonths>[0], key: Buffer, dir: string, retentionMonths?: number): Promise<number> {
  const done = await archiveAuditMonths(db, { dir, key, retentionMonths });
  if (done.length) {
    await appendAudit(db, { actor: null, action: 'audit.archive', result: 'ok', detail: { months: done.map((m) => m.month), entries: done.reduce((n, m) => n + m.entries, 0), dir } });
  }
  for (const m of done) process.stdout.write(`已归档 ${m.month}：${m.entries} 条（第 ${m.firstId}–${m.lastId} 条），${join(dir, m.file)}\n`);
  process.stdout.write(done.length ? `数据库保留近 ${retentionMonths ?? 36} 个月及本月的审计日志\n` : `没有超过保存期（${retentionMonths ?? 36} 个月）的月份\n`);
  return 0;
}
