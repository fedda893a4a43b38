/**
 * 公开数据 (open data) answering time: GET /api/v1/public/open-data/{month}/{dataset} (JSON and CSV, no login) for a
 * published month, N requests each from its own address (the route allows 300 a minute per address), one at a time
 * and CONCURRENCY at a time. Target (issue 21): p99 under 50 ms. Baseline in the same run: the bare /healthz route
 * through the same app, so the ratio shows what the open-data route adds (cache, serialisation, rate limiting).
 *
 *   npx tsx bench/open-data.ts                                              # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test N=5000 npx tsx bench/open-data.ts
 */
import { buildApp } from '../src/http/app.js';
import { publishMonth } from '../src/indicators/open-data.js';
import { indicatorDeps } from '../src/indicators/deps.js';
import { addMonths, currentMonthInShanghai } from '../src/kernel/index.js';
import { installPolicyPack } from '../src/policy/index.js';
import { shanghaiPack } from '../src/policies/shanghai/index.js';
import { loginAs, seedTestDivisions } from '../src/registry/testing.js';
import { openTestDatabase, testConfig } from '../src/testing/db.js';

const N = Number(process.env.N ?? 3000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const log = (text: string) => process.stdout.write(`${text}\n`);

installPolicyPack(shanghaiPack);
const t = await openTestDatabase(testConfig());
const app = await buildApp(t.ctx, { webDist: '/nonexistent' });
try {
  await seedTestDivisions(t.db.kysely.withTables());
  const admin = await loginAs(app, t.db.kysely.withTables(), 'bench.admin', 'city_admin', '310000000000');
  const month = addMonths(currentMonthInShanghai(), -1);
  const published = await publishMonth(indicatorDeps(t.ctx), admin.actor, month);
  const datasets = published.datasets.map((d) => d.dataset);
  log(`open data — ${N} requests, datasets ${datasets.join(', ')} of ${month}, ${t.db.kind}`);

  const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  async function run(url: (i: number) => string, concurrency: number): Promise<number[]> {
    const times: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < N) {
          const i = next++;
          const started = performance.now();
          const response = await app.inject({ method: 'GET', url: url(i), remoteAddress: address(i) });
          times.push(performance.now() - started);
          if (response.statusCode !== 200) throw new Error(`${url(i)}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        }
      }),
    );
    return times.sort((a, b) => a - b);
  }
  const pct = (times: number[], p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))];
  const line = (label: string, times: number[], base?: number[]) =>
    log(`${label.padEnd(34)} p50 ${pct(times, 0.5).toFixed(2)} ms  p99 ${pct(times, 0.99).toFixed(2)} ms${base ? `  (${(pct(times, 0.99) / pct(base, 0.99)).toFixed(1)}× baseline p99)` : ''}`);
  const openUrl = (i: number) => `/api/v1/public/open-data/${month}/${datasets[i % datasets.length]}${i % 2 ? '?format=csv' : ''}`;
  await run(openUrl, 1); // warm: the first answer of each dataset fills the cache
  const base1 = await run(() => '/healthz', 1);
  const open1 = await run(openUrl, 1);
  const list1 = await run(() => '/api/v1/public/open-data', 1);
  const baseC = await run(() => '/healthz', CONCURRENCY);
  const openC = await run(openUrl, CONCURRENCY);
  line('healthz, one at a time (baseline)', base1);
  line('open data JSON/CSV, one at a time', open1, base1);
  line('open-data month list, one at a time', list1, base1);
  line(`healthz, ${CONCURRENCY} at a time (baseline)`, baseC);
  line(`open data, ${CONCURRENCY} at a time`, openC, baseC);
  log(`target: p99 < 50 ms → ${pct(openC, 0.99) < 50 && pct(open1, 0.99) < 50 ? 'met' : 'NOT met'}`);
} finally {
  await app.close();
  await t.close();
}
