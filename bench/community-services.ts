/**
 * 社区事务受理 办件 at the 2024 volume: 12.602 million cases a year (reference CHILDREN-COMMUNITY-INDICATORS.md §5.6)
 * ≈ 1.05 million a month, imported as one 一网通办 CSV batch (parse, check every row, working days on the one
 * calendar, COPY to staging, one insert skipping received case numbers). Targets (issue 21): ≥ 20 000 rows/s, and the
 * month's processing-time figures (per item, point and district: median, P90, within-limit share, 好差评) under 3 s.
 * Baselines in the same run: a bare COPY of the same rows into an empty copy of the table (no checks, no
 * de-duplication), and the bare grouped count of the month's cases per district.
 *
 *   npx tsx bench/community-services.ts                                 # PGlite (ROWS=200000 by default there)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/community-services.ts
 *   ROWS=1050000 RUNS=5 npx tsx bench/community-services.ts
 */
import { sql } from 'kysely';
import { CASE_FIELDS, importServiceCases, serviceFigures } from '../src/community/index.js';
import { addDays, addMonths, currentMonthInShanghai, firstDayOfMonth, isWorkingDay, lastDayOfMonth } from '../src/kernel/index.js';
import { IdVault, SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, seedDivisions, type RegistryDb, type RegistryTables } from '../src/registry/index.js';
import { testConfig } from '../src/testing/db.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const { db, drop } = await openBenchDatabase();
const ROWS = Number(process.env.ROWS ?? (db.kind === 'pg' ? 1_050_000 : 200_000));
const RUNS = Number(process.env.RUNS ?? 5);
const ITEMS = 200;
const log = (text: string) => process.stdout.write(`${text}\n`);
const config = testConfig();
const deps = { db, vault: new IdVault(config.secretKey), now: () => new Date() };
const leader = { userId: 1, username: 'bench', displayName: 'bench', role: 'leader' as const, jurisdiction: '310000000000' };
const month = addMonths(currentMonthInShanghai(), -1);
log(`community 办件 — ${ROWS} rows for ${month}, ${ITEMS} items, ${SHANGHAI_STREETS.length} centres, ${db.kind}`);

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

try {
  let t = Date.now();
  await seedDivisions(db.kysely.withTables<RegistryTables>() as unknown as RegistryDb, { city: SHANGHAI_CITY, districts: SHANGHAI_DISTRICTS, streets: SHANGHAI_STREETS, committees: [], validFrom: '2000-01-01' });
  await sql`insert into community.service_items (code, name, department, channels, citywide, exempt_submission, limit_days, valid_from, source, entered_by)
            select lpad(i::text, 7, '0'), '事项 ' || i, '部门', array['window','online'], true, i % 2 = 0, 3 + i % 18, date '2020-01-01', 'bench', 1
              from generate_series(1, ${ITEMS}) i`.execute(db.kysely);
  const streets = SHANGHAI_STREETS.map((s) => s.code);
  await sql`insert into community.service_points (code, name, kind, street_code, district_code, opened_on, entered_by)
            select c || '01', '受理中心 ' || c, 'centre', c, substr(c, 1, 6) || '000000', date '2020-01-01', 1 from unnest(${sql.val(streets)}::text[]) c`.execute(db.kysely);
  const days: string[] = [];
  for (let d = firstDayOfMonth(month); d <= lastDayOfMonth(month); d = addDays(d, 1)) if (isWorkingDay(d)) days.push(d);
  const lines = [Object.values(CASE_FIELDS).join(',')];
  const ratings = ['非常满意', '满意', '基本满意', '不满意', '', ''];
  for (let i = 0; i < ROWS; i++) {
    const received = days[i % days.length];
    const finished = addDays(received, i % 9);
    lines.push(`C${i},${String(1 + (i % ITEMS)).padStart(7, '0')},${streets[(i * 7) % streets.length]}01,${i % 3 === 0 ? '网上' : '窗口'},${received},${finished},${ratings[i % ratings.length]}`);
  }
  const content = lines.join('\n');
  log(`fixtures: ${seconds(Date.now() - t)} (file ${(content.length / 1e6).toFixed(0)} M characters)`);

  // Baseline: COPY of the same rows, already in COPY text, into an empty table of the same shape.
  await sql`create table community.bench_copy (like community.service_case_staging)`.execute(db.kysely);
  const copyLines = lines.slice(1).map((l) => {
    const [caseNo, item, point, , received, finished] = l.split(',');
    return `b\t${caseNo}\t${item}\t${point}\t${point.slice(0, 12)}\t${point.slice(0, 6)}000000\twindow\t${received}\t${finished}\t1\t5\tt\t5\n`;
  });
  t = performance.now();
  await db.copyFrom('copy community.bench_copy from stdin', copyLines);
  const copyMs = performance.now() - t;
  await sql`drop table community.bench_copy`.execute(db.kysely);

  t = performance.now();
  const receipt = await importServiceCases(deps, null, { batchId: 'bench-1', format: 'csv', content });
  const importMs = performance.now() - t;
  if (receipt.accepted !== ROWS) throw new Error(`accepted ${receipt.accepted} of ${ROWS}: ${JSON.stringify(receipt.errors.slice(0, 3))}`);
  t = performance.now();
  const again = await importServiceCases(deps, null, { batchId: 'bench-1', format: 'csv', content });
  const againMs = performance.now() - t;
  await sql`analyze community.service_cases`.execute(db.kysely);

  const baseline = await median(() => sql`select district_code, count(*) from community.service_cases where finished_on between ${firstDayOfMonth(month)}::date and ${lastDayOfMonth(month)}::date group by 1`.execute(db.kysely));
  let figures = await serviceFigures(deps, leader, { month });
  const figuresMs = await median(async () => {
    figures = await serviceFigures(deps, leader, { month });
  });
  const district = await median(() => serviceFigures(deps, { ...leader, jurisdiction: '310115000000' }, { month }));

  log(`bare COPY of the rows (baseline):   ${seconds(copyMs)}  ${Math.round(ROWS / (copyMs / 1000))} rows/s`);
  log(`import (parse, check, COPY, insert): ${seconds(importMs)}  ${Math.round(ROWS / (importMs / 1000))} rows/s  (${(importMs / copyMs).toFixed(1)}× baseline; target ≥ 20 000 rows/s)`);
  log(`same batch again (receipt only):     ${(againMs / 1000).toFixed(2)} s  alreadyReceived=${again.alreadyReceived}`);
  log(`bare grouped count (baseline):       ${baseline.toFixed(0)} ms`);
  log(`city figures (${figures.total.volume} finished in ${month}): ${figuresMs.toFixed(0)} ms  (${(figuresMs / Math.max(1, baseline)).toFixed(1)}× baseline; target < 3 000 ms)`);
  log(`浦东新区 figures:                     ${district.toFixed(0)} ms`);
  log(`city: median ${figures.total.medianDays}, P90 ${figures.total.p90Days} working days, within limit ${figures.total.withinLimitPercent} %, 好评率 ${figures.total.goodPercent} %`);
} finally {
  await drop();
}
