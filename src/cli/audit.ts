import { verifyAuditChain, type AccessTables } from '../access/index.js';
import { openContext } from './open.js';

export async function runAudit(args: string[]): Promise<number> {
  if (args[0] !== 'verify') {
    process.stderr.write('用法: minzheng audit verify\n');
    return 2;
  }
  const ctx = await openContext();
  try {
    const result = await verifyAuditChain(ctx.db.kysely.withTables<AccessTables>());
    if (result.ok) {
      process.stdout.write(`审计日志完整：共 ${result.entries} 条，哈希链校验通过\n`);
      return 0;
    }
    process.stdout.write(`审计日志已被篡改：第 ${result.brokenAt?.id} 条记录${result.brokenAt?.reason === 'hash_mismatch' ? '内容与哈希不符' : '与上一条的链接断开'}\n`);
    return 1;
  } finally {
    await ctx.db.close();
  }
}
