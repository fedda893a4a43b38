/**
 * Simulating 低保标准 +5 % over the whole loaded city (12 months, baseline and scenario through the same
 * kernels), against baselines measured in the same run: one screening kernel pass over the same columns
 * (a simulation is 24 of them plus the diff), and reading the columns (from the snapshot, and from the
 * registry when there is no snapshot).
 *
 *   npx tsx bench/policy-simulate.ts [--persons 1000000] [--seed 20241] [--reuse] [--keep]
 *
 * Same database as bench/policy-screen.ts (mz_bench_policy_<persons>_<seed>); a screening run is made
 * first when the month has no snapshot yet.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { shanghaiPack } from '../src/policies/shanghai/index.js';
import { effectiveParameters, readPopulation, runKernel, runScreen, simulate, simulateStored } from '../src/policy/index.js';
import { screenableProgrammes, screenKernel } from '../src/policy/screen-part.js';
import { loadSnapshot } from '../src/policy/snapshot-store.js';
import { policyDb } from '../src/policy/store-model.js';
import { CITY_MONTH, dropBenchCity, openBenchCity } from './policy-city.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20241' },
    month: { type: 'string', default: CITY_MONTH },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const month = values.month;
const city = await openBenchCity(Number(values.persons), Number(values.seed), values.reuse);
const ctx = { db: city.db, databaseUrl: city.url };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const yuan = (fen: number) => `${fmt(fen / 100)} 元`;

function timedSync<T>(work: () => T): [T, number] {
  const t = performance.now();
  const value = work();
  return [value, (performance.now() - t) / 1000];
}
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await work();
  return [value, (performance.now() - t) / 1000];
}

try {
  console.log(`\n政策模拟基准：${city.name}，${fmt(city.persons)} 人 / ${fmt(city.households)} 户，起始月 ${month}，负载 ${loadavg()[0].toFixed(1)}（2 核）`);
  if (!(await loadSnapshot(city.db, month, ['31']))) {
    const [, s] = await timed(() => runScreen(ctx, null, { month }));
    console.log(`  （先做一次全市筛查以建立快照：${s.toFixed(1)} s）`);
  }
  const [snapshot, snapshotSeconds] = await timed(async () => loadSnapshot(city.db, month, ['31']));
  if (!snapshot) throw new Error('no snapshot after a screening run');
  const [, registrySeconds] = await timed(() => readPopulation(ctx, month, ['31']));
  const cols = snapshot.columns;
  const baseline = await effectiveParameters(policyDb(city.db), shanghaiPack);
  const programmes = screenableProgrammes(shanghaiPack, month, baseline);
  const kernel = screenKernel(shanghaiPack, month, baseline, programmes);
  runKernel(shanghaiPack, kernel, cols); // warm-up: V8 optimises the kernel
  const [, passSeconds] = timedSync(() => runKernel(shanghaiPack, kernel, cols));
  const overrides = [{ name: 'dibao.standard', from: `${month}-01`, scalePermille: 1050 }];
  const [, pureSeconds] = timedSync(() => simulate(shanghaiPack, cols, { startMonth: month, overrides, baseline }));
  const [report, storedSeconds] = await timed(() => simulateStored(ctx, null, { startMonth: month, overrides }));

  console.log(`  基线：一次全部项目的筛查内核（${fmt(cols.householdCount)} 户）：${(passSeconds * 1000).toFixed(0)} ms`);
  console.log(`  读取列：快照 ${snapshotSeconds.toFixed(2)} s，注册库 ${registrySeconds.toFixed(2)} s（快照为 ${(snapshotSeconds / registrySeconds).toFixed(3)}×）`);
  console.log(`  模拟计算（12 个月 × 基线/方案，全部项目）：${pureSeconds.toFixed(2)} s = ${(pureSeconds / passSeconds).toFixed(1)}× 一次内核`);
  console.log(`  模拟端到端（POST /policy/simulate 的服务：参数 + 快照 + 计算）：${storedSeconds.toFixed(2)} s，数据来源 ${report.source}`);
  const dibao = report.programmes.find((p) => p.programme === 'dibao');
  if (dibao) {
    const t = dibao.total;
    console.log(`\n  低保标准 ${report.baselineParameters.find((p) => p.name === 'dibao.standard')?.value} → ${report.scenarioParameters.find((p) => p.name === 'dibao.standard')?.value} 分：`);
    console.log(`    户数 ${fmt(t.baselineHouseholds)} → ${fmt(t.scenarioHouseholds)}（新增 ${fmt(t.newlyEligibleHouseholds)}），人数 ${fmt(t.baselinePersons)} → ${fmt(t.scenarioPersons)}`);
    console.log(`    月支出 ${yuan(t.baselineMonthlyCostFen)} → ${yuan(t.scenarioMonthlyCostFen)}，12 个月 ${yuan(t.baselineYearlyCostFen)} → ${yuan(t.scenarioYearlyCostFen)}`);
    for (const d of dibao.districts.slice(0, 16)) {
      console.log(
        `    ${(report.districtNames[d.district] ?? d.district).padEnd(6, '　')} ${fmt(d.baselineHouseholds).padStart(7)} → ${fmt(d.scenarioHouseholds).padStart(7)} 户，月支出 +${yuan(d.scenarioMonthlyCostFen - d.baselineMonthlyCostFen)}`,
      );
    }
  }
  console.log(`  外推到 2500 万人：模拟计算约 ${((pureSeconds * 25_000_000) / cols.memberCount).toFixed(0)} s，快照读取约 ${((snapshotSeconds * 25_000_000) / cols.memberCount).toFixed(0)} s`);
} finally {
  await city.db.close();
  if (!values.reuse && !values.keep) await dropBenchCity(city.name);
}
