import { parseArgs } from 'node:util';
import { loadDemoPopulation } from '../demo/bootstrap.js';
import { openContext } from './open.js';
import { progressBar } from './progress.js';

export async function runSeed(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { persons: { type: 'string' }, seed: { type: 'string' } } });
  const ctx = await openContext();
  try {
    const persons = Number(values.persons ?? ctx.config.demo.persons);
    const seed = Number(values.seed ?? ctx.config.demo.seed);
    if (!Number.isSafeInteger(persons) || persons < 100) {
      process.stderr.write('--persons 须为不小于 100 的整数\n');
      return 2;
    }
    const started = Date.now();
    await loadDemoPopulation(ctx, { seed, persons }, progressBar('载入演示城市'));
    process.stdout.write(`已载入 ${persons.toLocaleString('en')} 人（种子 ${seed}），用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n`);
    return 0;
  } finally {
    await ctx.db.close();
  }
}
