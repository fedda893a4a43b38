/**
 * Whole-city screening from PostgreSQL, end to end (registry SQL → COPY → columns → kernel → results by
 * COPY → snapshot → current results), with 1 and 2 worker processes, against baselines measured in the
 * same run on the same database: a count(*) scan of the rows the screen reads, and a plain COPY of
 * those rows to this process. Then the same month again (from its current snapshot), the next month's
 * first run (derived from this month's snapshot, re-reading only households with dates in between) with
 * the next month read from the registry as its check and baseline, reading the month's columns back from
 * the snapshot, and re-screening one household (p50/p99).
 *
 *   npx tsx bench/policy-screen.ts [--persons 1000000] [--seed 20241] [--workers 1,2] [--feed-share 0] [--reuse] [--keep] [--next-only]
 *
 * --feed-share s: before the next month, a department's feed of new asset balances dated that month's first
 * day arrives for a share s of persons (inserted directly: such facts change nothing the current month
 * reads), so the derivation has that many more households to re-read.
 *
 * Creates mz_bench_policy_<persons>_<seed> in the local PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres) and loads the city with loadDemoCity; --reuse keeps
 * using a database loaded by an earlier run (and keeps it); otherwise it is dropped at the end unless --keep.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { addMonths } from '../src/kernel/index.js';
import { getScreenRun, readPopulation, rescreenHousehold, runScreen } from '../src/policy/index.js';
import { loadSnapshot } from '../src/policy/snapshot-store.js';
import { CITY_MONTH, dropBenchCity, openBenchCity } from './policy-city.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '20241' },
    workers: { type: 'string', default: '1,2' },
    month: { type: 'string', default: CITY_MONTH },
    'feed-share': { type: 'string', default: '0' },
    // A reused city whose month already has a current snapshot: only the next month's runs.
    'next-only': { type: 'boolean', default: false },
    // Skip the next month's registry run (the derived run's check and baseline).
    'no-check': { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const persons = Number(values.persons);
if (persons > 3_000_000) console.warn(`注意：${persons.toLocaleString()} 人的城市约需 ${Math.round(persons / 1_400_000)} GB 磁盘、${Math.round(persons / 54_000 / 60)} 分钟载入。`);
const month = values.month;
const city = await openBenchCity(persons, Number(values.seed), values.reuse);
const ctx = { db: city.db, databaseUrl: city.url };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg()[0].toFixed(1);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const value = await work();
  return [value, (performance.now() - t) / 1000];
}

/** Streams a COPY to this process and throws the bytes away. */
async function rawCopy(sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: city.url });
  await client.connect();
  await client.query("set jit = off; set work_mem = '256MB'");
  let bytes = 0;
  for await (const chunk of client.query(copyTo(`copy (${sql}) to stdout`))) bytes += (chunk as Buffer).length;
  await client.end();
  return bytes;
}

const memberRows = `select m.household_id, h.division_code, p.id, p.birth_date, p.hukou_division, p.disability_grade, p.labour_capacity, m.relation, m.since
  from registry.household_members m join registry.persons p on p.id = m.person_id join registry.households h on h.id = m.household_id`;
const factRows = 'select f.subject_type, f.subject_id, f.kind, f.amount_fen, f.attributes, f.valid_from, f.valid_to, f.supersedes from registry.facts f';

try {
  console.log(`\n政策筛查基准：${city.name}，${fmt(city.persons)} 人 / ${fmt(city.households)} 户${city.loadSeconds === null ? '（复用）' : `（载入 ${city.loadSeconds.toFixed(0)} 秒）`}，月份 ${month}，负载 ${load()}（2 核）`);
  const results: { workers: number; seconds: number }[] = [];
  let lastRun = 0;
  // Baselines of the full read (skipped with --next-only).
  let countSeconds = NaN;
  let copySeconds = NaN;
  let readSeconds = NaN;
  const report = async (title: string, request: { workers: number; source: 'auto' | 'registry'; month?: string }) => {
    const before = load();
    const [runId, seconds] = await timed(() => runScreen(ctx, null, { month, ...request }));
    const run = await getScreenRun(ctx, null, runId);
    const h = run.households ?? 0;
    const p = run.persons ?? 0;
    const timings = run.timings as {
      currentMs: number;
      derivedFrom: { month: string; changedHouseholds: number; snapshotMs: number; changesMs: number; rereadMs: number } | null;
      parts: { readMs: number; kernelMs: number; writeMs: number; snapshotMs: number; stagingMs: number; source: string }[];
    };
    console.log(`\n  ${title}：${seconds.toFixed(2)} s（负载 ${before} → ${load()}；读取来源 ${timings.parts.map((x) => x.source).join('/')}）`);
    if (timings.derivedFrom)
      console.log(
        `    由 ${timings.derivedFrom.month} 快照推导：重读 ${fmt(timings.derivedFrom.changedHouseholds)} 户（${((100 * timings.derivedFrom.changedHouseholds) / Math.max(1, h)).toFixed(2)}%）；载入快照 ${timings.derivedFrom.snapshotMs} ms ‖ 找变动 ${timings.derivedFrom.changesMs} ms + 重读 ${timings.derivedFrom.rereadMs} ms`,
      );
    lastRun = runId;
    console.log(`    ${fmt(h / seconds)} 户/秒，${fmt(p / seconds)} 人/秒；结果 ${fmt(run.resultRows ?? 0)} 行`);
    console.log(`    各进程 读取/内核/写结果‖快照‖当前结果暂存 ms：${timings.parts.map((x) => `${x.readMs}/${x.kernelMs}/${x.writeMs}‖${x.snapshotMs}‖${x.stagingMs}`).join('，')}；合并当前结果 ${timings.currentMs} ms`);
    if (!Number.isNaN(copySeconds)) console.log(`    相对基线：${(seconds / copySeconds).toFixed(2)}× COPY 原始行，${(seconds / countSeconds).toFixed(2)}× count(*) 扫描`);
    console.log(`    线性外推到 2500 万人 / 1000 万户：约 ${((seconds * 25_000_000) / Math.max(1, p) / 60).toFixed(1)} 分钟（按人）/ ${((seconds * 10_000_000) / Math.max(1, h) / 60).toFixed(1)} 分钟（按户）`);
    return seconds;
  };
  if (!values['next-only']) {
    [, countSeconds] = await timed(() => city.db.exclusive((s) => s.query(`select (select count(*) from (${memberRows}) a) + (select count(*) from (${factRows}) b) as n`)));
    let bytes = 0;
    [bytes, copySeconds] = await timed(async () => (await rawCopy(memberRows)) + (await rawCopy(factRows)));
    console.log(`  基线 count(*) 扫描（成员⋈人员⋈家庭 + 事实）：${countSeconds.toFixed(2)} s`);
    console.log(`  基线 COPY 原始行到本进程（同上，${(bytes / 1e6).toFixed(0)} MB）：${copySeconds.toFixed(2)} s`);

    const [population, seconds] = await timed(() => readPopulation(ctx, month, ['31']));
    readSeconds = seconds;
    console.log(`  读取人口（注册库 SQL 聚合 + COPY + 解析成列）：${readSeconds.toFixed(2)} s，${fmt(population.columns.memberCount / readSeconds)} 人/秒，${(readSeconds / copySeconds).toFixed(2)}× 基线 COPY`);

    for (const workers of values.workers.split(',').map(Number)) {
      results.push({ workers, seconds: await report(`全市筛查（新月份：汇总人口库），${workers} 个工作进程`, { workers, source: 'registry' }) });
    }
    if (results.length > 1) console.log(`\n  扩展性：${results.map((r) => `${r.workers} 进程 ${(results[0].seconds / r.seconds).toFixed(2)}×`).join('，')}（相对 ${results[0].workers} 进程）`);
  }

  const fromSnapshot = await report('全市筛查（同月再次筛查：当期列式快照，无待处理变更）', { workers: 1, source: 'auto' });
  if (results.length) console.log(`    为从人口库筛查的 ${(fromSnapshot / results[0].seconds).toFixed(3)}×`);

  // The next month as at the start of a month: no snapshot of it yet (a reused city has one from before).
  const next = addMonths(month, 1);
  await city.db.exclusive((s) => s.exec(`delete from policy.snapshot_chunks where month = '${next}'; delete from policy.snapshot_patches where month = '${next}'; delete from registry.facts where batch_id = 'bench-feed'`));
  const share = Number(values['feed-share']);
  if (share > 0) {
    const [fed] = await city.db.exclusive((s) =>
      s.query<{ n: number }>(`with f as (insert into registry.facts (subject_type, subject_id, kind, amount_fen, valid_from, source, batch_id)
        select 'person', id, 'asset.monetary', (hashint8(id) & 1048575) * 100, '${next}-01', '银行', 'bench-feed' from registry.persons where (hashint8(id * 7) & 65535) < ${Math.round(share * 65536)} returning 1) select count(*)::int as n from f`),
    );
    console.log(`\n  部门推送：${fmt(fed.n)} 条 ${next}-01 起的存款余额（${(share * 100).toFixed(1)}% 的人）`);
  }
  const derived = await report(`全市筛查（新月份 ${next} 首次：由 ${month} 当期快照推导）`, { workers: 1, source: 'auto', month: next });
  const derivedRun = lastRun;
  if (!values['no-check']) {
    const nextFromRegistry = await report(`全市筛查（新月份 ${next}：汇总人口库，对照），1 个工作进程`, { workers: 1, source: 'registry', month: next });
    const [diff] = await city.db.exclusive((s) =>
      s.query<{ n: number }>(`select count(*)::int as n from ((select household_id, programme, member_id, monthly_amount_fen, fail_mask from policy.screen_results where run_id = ${derivedRun}
        except all select household_id, programme, member_id, monthly_amount_fen, fail_mask from policy.screen_results where run_id = ${lastRun})
        union all (select household_id, programme, member_id, monthly_amount_fen, fail_mask from policy.screen_results where run_id = ${lastRun}
        except all select household_id, programme, member_id, monthly_amount_fen, fail_mask from policy.screen_results where run_id = ${derivedRun})) d`),
    );
    console.log(`\n  新月份首次筛查：推导 ${derived.toFixed(2)} s，为汇总人口库的 ${(derived / nextFromRegistry).toFixed(3)}×；两者结果不同的行：${diff.n}`);
  }

  const [snapshot, snapshotSeconds] = await timed(() => loadSnapshot(city.db, month, ['31']));
  console.log(`\n  从快照读取同月人口：${snapshotSeconds.toFixed(2)} s（${snapshot ? fmt(snapshot.columns.memberCount) : '无'} 人）${Number.isNaN(readSeconds) ? '' : `，为从注册库读取的 ${(snapshotSeconds / readSeconds).toFixed(3)}×`}`);

  const ids = snapshot?.householdIds ?? new Float64Array(0);
  const samples: number[] = [];
  for (let k = 0; k < 200; k++) {
    const id = ids[Math.floor((k * 7919) % ids.length)];
    const [, s] = await timed(() => rescreenHousehold(city.db, id, month));
    samples.push(s * 1000);
  }
  samples.sort((a, b) => a - b);
  console.log(`  单户重新筛查（注册库读取 + 内核 + 写当前结果与快照补丁）：p50 ${samples[100].toFixed(1)} ms，p99 ${samples[197].toFixed(1)} ms`);
} finally {
  await city.db.close();
  if (!values.reuse && !values.keep) await dropBenchCity(city.name);
}
