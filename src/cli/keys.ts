import { parseArgs } from 'node:util';
import { appendAudit, type AccessTables } from '../access/index.js';
import { keyFingerprint, keyringOf } from '../kernel/keyring.js';
import { rotateKeys, type TargetReport } from './key-rotation.js';
import { openContext } from './open.js';

const USAGE = '用法: minzheng keys rotate [--batch 1000] | minzheng keys check\n';

const line = (r: TargetReport) => {
  const share = r.total ? Math.min(100, (r.examined / r.total) * 100).toFixed(1) : '100.0';
  return `${r.label}（${r.name}）${r.examined}/${r.total}（${share}%），已重新加密 ${r.resealed}${r.unreadable.length ? `，无法解密 ${r.unreadable.length}` : ''}`;
};

/**
 * `keys rotate`: re-seals every encrypted value under MINZHENG_SECRET_KEY, opening old ones with
 * MINZHENG_SECRET_KEY_PREVIOUS; resumable (run it again after a stop). `keys check`: counts what is still
 * under a previous key, writing nothing — the step before removing the previous key from the configuration.
 */
export async function runKeys(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { batch: { type: 'string' } }, allowPositionals: true });
  const command = positionals[0];
  const batchSize = Number(values.batch ?? 1000);
  if ((command !== 'rotate' && command !== 'check') || !Number.isSafeInteger(batchSize) || batchSize < 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const ctx = await openContext();
  try {
    const ring = keyringOf(ctx.config.secretKey);
    const dryRun = command === 'check';
    if (!dryRun && ring.previous.length === 0) {
      process.stderr.write('未设置 MINZHENG_SECRET_KEY_PREVIOUS：没有要替换的旧密钥。轮换步骤见 docs/operations.md「密钥轮换」\n');
      return 2;
    }
    process.stderr.write(`当前密钥指纹 ${keyFingerprint(ctx.config.secretKey)}；旧密钥 ${ring.previous.length} 个\n`);
    let last = 0;
    const reports = await rotateKeys(ctx.db, ctx.config.secretKey, {
      batchSize,
      dryRun,
      onProgress: (r) => {
        if (Date.now() - last < 1000 && r.examined < r.total) return;
        last = Date.now();
        process.stderr.write(`${line(r)}\n`);
      },
    });
    const unreadable = reports.filter((r) => r.unreadable.length);
    if (!dryRun) {
      const detail = Object.fromEntries(reports.map((r) => [r.name, { examined: r.examined, resealed: r.resealed, unreadable: r.unreadable.length }]));
      await appendAudit(ctx.db.kysely.withTables<AccessTables>(), { actor: null, action: 'keys.rotate', result: unreadable.length ? 'error' : 'ok', detail: { keyFingerprint: keyFingerprint(ctx.config.secretKey), ...detail } });
    }
    for (const r of reports) process.stdout.write(`${line(r)}\n`);
    if (unreadable.length) {
      for (const r of unreadable) process.stdout.write(`${r.label} 中以下记录的密文用当前和旧密钥都无法解密（主键）：${r.unreadable.slice(0, 20).join(', ')}${r.unreadable.length > 20 ? ' …' : ''}\n`);
      return 1;
    }
    const stale = reports.reduce((n, r) => n + r.resealed, 0);
    if (dryRun) process.stdout.write(stale ? `仍有 ${stale} 个值由旧密钥加密：请运行 minzheng keys rotate\n` : '全部密文均由当前密钥加密：可以从配置中移除 MINZHENG_SECRET_KEY_PREVIOUS\n');
    else process.stdout.write('轮换完成：运行 minzheng keys check 确认后，从所有服务器的配置中移除 MINZHENG_SECRET_KEY_PREVIOUS\n');
    return 0;
  } finally {
    await ctx.db.close();
  }
}
