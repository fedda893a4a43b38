import { parseArgs } from 'node:util';
import { importFactFile } from '../monitoring/index.js';
import { openContext } from './open.js';

/** Imports one department file (CSV or NDJSON); re-importing the same batch id changes nothing. */
export async function runImport(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { source: { type: 'string' }, batch: { type: 'string' } } });
  if (!values.source || !values.batch || positionals.length !== 1) {
    process.stderr.write('用法: minzheng import --source 数据来源 --batch 批次号 文件.csv|文件.ndjson\n');
    return 2;
  }
  const ctx = await openContext();
  try {
    const receipt = await importFactFile(ctx, positionals[0], { source: values.source, batchId: values.batch });
    process.stdout.write(`${JSON.stringify(receipt, null, 2)}\n`);
    return 0;
  } finally {
    await ctx.db.close();
  }
}
