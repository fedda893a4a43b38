/**
 * The plan's indicators at city scale: all 15 for the city plus the 5 district-level ones for each of the 16
 * districts (the cockpit's table and every drill-down), over the whole city's beds (≈159 000, the seeds' 15.9 万),
 * the 社区工作者 roster (57 000, end 2022) and a month of meals at the meal points. Target: under 10 s.
 * Baseline in the same run: the bare SQL aggregates the values come from (one grouped count per source), so the
 * ratio shows what the service layer adds.
 *
 *   npx tsx bench/indicators.ts                                   # PGlite, reduced meals (20 000 a day)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/indicators.ts
 *   MEALS_PER_DAY=250000 WORKERS=57000 npx tsx bench/indicators.ts   # full size (7.5 M meal rows)
 */
import { sql } from 'kysely';
import { currentMonthInShanghai, firstDayOfMonth, todayInShanghai } from '../src/kernel/index.js';
import { CITY, computeIndicator, INDICATORS, listIndicators, monthTable } from '../src/indicators/index.js';
import { installPolicyPack } from '../src/policy/index.js';
import { shanghaiPack } from '../src/policies/shanghai/index.js';
import { IdVault, SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, seedDivisions, type RegistryDb, type RegistryTables } from '../src/registry/index.js';
import { testConfig } from '../src/testing/db.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const MEALS_PER_DAY = Number(process.env.MEALS_PER_DAY ?? 20_000);
const WORKERS = Number(process.env.WORKERS ?? 57_000);
const INSTITUTIONS = 720;
const BEDS_EACH = 221; // 720 × 221 = 159 120 beds
const MEAL_POINTS = 1_232; // 2020 (reference §6.1)
const log = (text: string) => process.stdout.write(`${text}\n`);

installPolicyPack(shanghaiPack);
const { db, drop } = await openBenchDatabase();
const config = testConfig();
const deps = { ctx: { db, config }, db, vault: new IdVault(config.secretKey), now: () => new Date() };
const leader = { userId: 1, username: 'bench', displayName: 'bench', role: 'leader' as const, jurisdiction: '310000000000' };
const today = todayInShanghai();
const days = Number(today.slice(8, 10));
log(`indicators — ${INSTITUTIONS * BEDS_EACH} beds, ${WORKERS} workers, ${MEALS_PER_DAY} meals a day × ${days} days, ${db.kind}`);

try {
  let t = Date.now();
  await seedDivisions(db.kysely.withTables<RegistryTables>() as unknown as RegistryDb, { city: SHANGHAI_CITY, districts: SHANGHAI_DISTRICTS, streets: SHANGHAI_STREETS, committees: [], validFrom: '2000-01-01' });
  const streets = SHANGHAI_STREETS.map((s) => s.code);
  const streetsSql = sql`(select code, row_number() over () as n from unnest(${sql.val(streets)}::text[]) code)`;
  await sql`insert into eldercare.facilities (kind, name, ownership, division_code, district_code)
            select 'institution', '养老院 ' || i, 'public', s.code, substr(s.code, 1, 6) || '000000'
              from generate_series(1, ${INSTITUTIONS}) i join ${streetsSql} s on s.n = 1 + (i * 7) % ${streets.length}`.execute(db.kysely);
  await sql`insert into eldercare.beds (facility_id, bed_type, basic_guarantee, label, status)
            select f.id, case when b <= 130 then 'nursing' when b <= 150 then 'cognitive' else 'ordinary' end, b <= 52, 'B-' || b, 'free'
              from eldercare.facilities f, generate_series(1, ${BEDS_EACH}) b where f.kind = 'institution'`.execute(db.kysely);
  await sql`insert into eldercare.facilities (kind, name, ownership, division_code, district_code, meal_price_fen)
            select 'meal_point', '助餐点 ' || i, 'public', s.code, substr(s.code, 1, 6) || '000000', 1500
              from generate_series(1, ${MEAL_POINTS}) i join ${streetsSql} s on s.n = 1 + (i * 11) % ${streets.length}`.execute(db.kysely);
  await sql`insert into eldercare.meals (meal_point_id, person_id, served_on, meal, price_fen, subsidy_fen, paid_fen, point_division_code, point_district_code, rule_version, rules_fingerprint)
            select p.id, i, ${firstDayOfMonth(currentMonthInShanghai())}::date + d - 1, 'lunch', 1500, 0, 1500, p.division_code, p.district_code, 'bench', 'bench'
              from generate_series(1, ${days}) d, generate_series(1, ${MEALS_PER_DAY}) i
              join (select id, division_code, district_code, row_number() over (order by id) as n from eldercare.facilities where kind = 'meal_point') p on p.n = 1 + i % ${MEAL_POINTS}`.execute(db.kysely);
  await sql`insert into community.workers (person_id, birth_date, street_code, committee_code, post, start_on, education, certificate, entered_by)
            select i, date '1970-01-01' + (i * 37) % 10000, s.code, substr(s.code, 1, 9) || lpad((1 + i % 40)::text, 3, '0'), '社区工作者', date '2016-01-01' + (i % 3000),
                   (array['college','bachelor','bachelor','postgraduate'])[1 + i % 4], case when i % 6 = 0 then 'assistant' else 'none' end, 1
              from generate_series(1, ${WORKERS}) i join ${streetsSql} s on s.n = 1 + (i * 13) % ${streets.length}`.execute(db.kysely);
  await sql`analyze`.execute(db.kysely);
  log(`fixtures: ${seconds(Date.now() - t)}`);

  // Baseline: the bare grouped counts the values come from.
  t = Date.now();
  const month = currentMonthInShanghai();
  await sql`select f.district_code, count(*) filter (where b.bed_type = 'nursing'), count(*) filter (where b.bed_type = 'cognitive'), count(*) from eldercare.beds b join eldercare.facilities f on f.id = b.facility_id where f.kind = 'institution' group by 1`.execute(
    db.kysely,
  );
  await sql`select point_district_code, count(*) from eldercare.meals where served_on >= ${firstDayOfMonth(month)}::date group by 1`.execute(db.kysely);
  await sql`select substr(street_code, 1, 6), count(*), count(*) filter (where certificate <> 'none') from community.workers where start_on <= ${today}::date and (end_on is null or end_on >= ${today}::date) group by 1`.execute(db.kysely);
  const baseline = Date.now() - t;

  t = Date.now();
  const table = await monthTable(deps, leader, month);
  const all = Date.now() - t;
  t = Date.now();
  const city = await listIndicators(deps, leader, { month });
  const page = Date.now() - t;
  log(`values: ${city.items.map((i) => `${i.no}=${i.value ?? '—'}`).join(' ')}`);
  log(`baseline (3 grouped counts):                    ${seconds(baseline)}`);
  log(`all 15, city + 16 districts (${table.length} values):       ${seconds(all)}  (${(all / Math.max(1, baseline)).toFixed(1)}× baseline; target < 10 s)`);
  // Where the time goes: each computed indicator for the city, on its own (nothing cached between them).
  const each: string[] = [];
  for (const def of INDICATORS.filter((d) => d.source !== 'manual')) {
    const s0 = Date.now();
    await computeIndicator(deps, def, month, CITY);
    each.push(`${def.no}: ${seconds(Date.now() - s0)}`);
  }
  log(`per indicator (city, uncached): ${each.join(', ')}`);
  log(`the cockpit's table (15, city):                 ${seconds(page)}  (${(page / Math.max(1, baseline)).toFixed(1)}× baseline)`);
} finally {
  await drop();
}
