/**
 * Registry events → children's reports (issue 20: 100 thousand events, 5 thousand about parents → reports in
 * under 10 s; a re-run writes nothing). The population is assistance's bench fixture (a household in six has a
 * head, a spouse and a child born 2012, a minor in 2025). The events are a day's mix: most are about persons
 * without minor children (moves, labour capacity, deaths of people living alone); PARENTS of them are deaths of
 * a household head with a child. The handler logic runs in batches (reportsFromParentEvents), one transaction
 * per batch. Baseline in the same run: a plain INSERT … SELECT of the same number of case rows.
 *
 *   npx tsx bench/children-events.ts                       # reduced: 20 000 events, 1 000 about parents
 *   EVENTS=100000 PARENTS=5000 npx tsx bench/children-events.ts
 *   DATABASE_URL=postgres://… EVENTS=100000 PARENTS=5000 npx tsx bench/children-events.ts
 */
import { sql } from 'kysely';
import { reportsFromParentEvents, type ParentEvent } from '../src/children/cases.js';
import type { ChildrenDb, ChildrenTables } from '../src/children/model.js';
import { openBenchDatabase, seedRegistryPopulation } from './assistance-fixtures.js';

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const PARENTS = Number(process.env.PARENTS ?? 1_000);
const BATCH = Number(process.env.BATCH ?? 500);
const DAY = '2025-03-01';
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const log = (text: string) => process.stdout.write(`${text}\n`);
const { db, drop } = await openBenchDatabase();
log(`children events → reports — ${EVENTS} events, ${PARENTS} about parents of minors, ${db.kind}`);

try {
  // Households h with h % 6 = 0 have a child: PARENTS of them need 6 × PARENTS households.
  const households = Math.max(6 * PARENTS, Math.ceil(EVENTS / 2));
  let t = Date.now();
  await seedRegistryPopulation(db, households);
  log(`seed: ${households} households — ${seconds(Date.now() - t)}`);

  // The day's events: PARENTS deaths of heads with a child (person 3h, h % 6 = 0), the rest about persons
  // without minor children (heads of households of one or two: h % 6 ≠ 0).
  const events: { topic: string; personId: number }[] = [];
  for (let i = 1; i <= PARENTS; i++) events.push({ topic: 'registry.person.died', personId: 3 * (6 * i) });
  for (let h = 1; events.length < EVENTS; h++) if (h % 6 !== 0) events.push({ topic: h % 3 === 0 ? 'registry.person.died' : h % 3 === 1 ? 'registry.person.moved' : 'registry.person.labor_capacity_changed', personId: 3 * h });
  const children = db.kysely.withTables<ChildrenTables>() as unknown as ChildrenDb;

  const run = async (): Promise<number> => {
    // What the handler does per event, for a batch: deaths are candidate parents; other topics are not about parents.
    const parentEvents: ParentEvent[] = events.filter((e) => e.topic === 'registry.person.died').map((e) => ({ parentId: e.personId, trigger: `death:${e.personId}`, on: DAY, what: '父（母）死亡' }));
    let opened = 0;
    for (let i = 0; i < parentEvents.length; i += BATCH) opened += await children.transaction().execute((trx) => reportsFromParentEvents(trx, parentEvents.slice(i, i + BATCH)));
    return opened;
  };

  t = Date.now();
  const opened = await run();
  const runMs = Date.now() - t;
  log(`events → reports: ${seconds(runMs)} — ${opened} reports opened`);
  if (opened !== PARENTS) throw new Error(`expected ${PARENTS} reports, got ${opened}`);

  t = Date.now();
  const before = await sql<{ n: string }>`select (select count(*) from children.cases) + (select count(*) from children.case_actions) as n`.execute(db.kysely);
  const again = await run();
  const after = await sql<{ n: string }>`select (select count(*) from children.cases) + (select count(*) from children.case_actions) as n`.execute(db.kysely);
  log(`re-run: ${seconds(Date.now() - t)} — ${again} opened, ${Number(after.rows[0]?.n) - Number(before.rows[0]?.n)} rows written`);

  // Baseline: the same number of case rows, written by the database alone (no lookup, no log, no event).
  t = Date.now();
  await sql`create temp table baseline_cases as select * from children.cases with no data`.execute(db.kysely);
  await sql`insert into baseline_cases (id, child_id, division_code, district_code, source, reported_on, status, opened_at, no_carer, abuse)
            select g, g, '310115004001', '310115000000', 'event', date '2025-03-01', 'reported', now(), false, false from generate_series(1, ${PARENTS}) g`.execute(db.kysely);
  const baselineMs = Math.max(1, Date.now() - t);
  log(`baseline INSERT … SELECT of ${PARENTS} case rows: ${seconds(baselineMs)}`);
  log('');
  log(`target < 10 s: ${runMs < 10_000 ? 'met' : 'NOT met'} (${seconds(runMs)}); re-run writes nothing: ${again === 0 && after.rows[0]?.n === before.rows[0]?.n ? 'yes' : 'NO'}`);
  log(`ratio run / baseline: ${(runMs / baselineMs).toFixed(1)}×`);
} finally {
  await drop();
}
