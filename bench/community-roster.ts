/**
 * The 社区工作者 roster's figures at city scale (57 000 workers, end 2022): headcount, certificate share, age and
 * education, and — with `staffing` — households per worker against the quota for every committee, for the city and
 * for one district (what /community opens on). Baseline in the same run: the bare grouped count of workers in post
 * per committee, so the ratio shows what the figures add.
 *
 *   npx tsx bench/community-roster.ts                                  # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/community-roster.ts
 *   WORKERS=100000 RUNS=10 npx tsx bench/community-roster.ts
 */
import { sql } from 'kysely';
import { figuresOn } from '../src/community/index.js';
import { todayInShanghai } from '../src/kernel/index.js';
import { IdVault, SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, seedDivisions, type RegistryDb, type RegistryTables } from '../src/registry/index.js';
import { testConfig } from '../src/testing/db.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const WORKERS = Number(process.env.WORKERS ?? 57_000);
const RUNS = Number(process.env.RUNS ?? 5);
const log = (text: string) => process.stdout.write(`${text}\n`);

const { db, drop } = await openBenchDatabase();
const config = testConfig();
const deps = { db, vault: new IdVault(config.secretKey), now: () => new Date() };
const today = todayInShanghai();
log(`community roster — ${WORKERS} workers, ${RUNS} runs each, ${db.kind}`);

/** Median of `RUNS` timings of `work`, in ms. */
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
  const t = Date.now();
  await seedDivisions(db.kysely.withTables<RegistryTables>() as unknown as RegistryDb, { city: SHANGHAI_CITY, districts: SHANGHAI_DISTRICTS, streets: SHANGHAI_STREETS, committees: [], validFrom: '2000-01-01' });
  const streets = SHANGHAI_STREETS.map((s) => s.code);
  await sql`insert into community.workers (person_id, birth_date, street_code, committee_code, post, start_on, education, certificate, entered_by)
            select i, date '1970-01-01' + (i * 37) % 10000, s.code, substr(s.code, 1, 9) || lpad((1 + i % 40)::text, 3, '0'), '社区工作者', date '2016-01-01' + (i % 3000),
                   (array['college','bachelor','bachelor','postgraduate'])[1 + i % 4], case when i % 6 = 0 then 'assistant' else 'none' end, 1
              from generate_series(1, ${WORKERS}) i join (select code, row_number() over () as n from unnest(${sql.val(streets)}::text[]) code) s on s.n = 1 + (i * 13) % ${streets.length}`.execute(db.kysely);
  await sql`analyze`.execute(db.kysely);
  log(`fixtures: ${seconds(Date.now() - t)}`);

  const baseline = await median(() => sql`select committee_code, count(*) from community.workers where start_on <= ${today}::date and (end_on is null or end_on >= ${today}::date) group by 1`.execute(db.kysely));
  const city = await median(() => figuresOn(deps, '310000000000', today));
  const cityStaffing = await median(() => figuresOn(deps, '310000000000', today, { staffing: true }));
  const district = await median(() => figuresOn(deps, '310115000000', today, { staffing: true }));
  const ratio = (ms: number) => `${(ms / Math.max(0.01, baseline)).toFixed(1)}× baseline`;
  log(`baseline (workers in post per committee):  ${baseline.toFixed(1)} ms`);
  log(`city figures:                              ${city.toFixed(1)} ms  (${ratio(city)})`);
  log(`city figures with committee staffing:      ${cityStaffing.toFixed(1)} ms  (${ratio(cityStaffing)})`);
  log(`浦东新区 with committee staffing:           ${district.toFixed(1)} ms  (${ratio(district)})`);
} finally {
  await drop();
}
