import type { Database, RawSession } from '../../db/index.js';
import { conflict, invalid, todayInShanghai, type IsoDate } from '../../kernel/index.js';
import type { IdVault } from '../id-vault.js';
import { SHANGHAI_CITY, SHANGHAI_DISTRICTS } from '../shanghai-divisions.js';
import { BULK_TABLES, dropSecondary, restoreForeignKeys, restoreIndexes, type SavedSchema } from './bulk.js';
import { fanOut, type FanOutSource } from './fanout.js';
import { SealPool, sealChunk, sealed } from './seal.js';
import { walkCity, type WalkContext } from './households.js';
import { dayNumber } from './calendar.js';
import { ORGANISATION_COPY, organisationCount, organisationLines } from './organisations.js';
import { outsideDivisionRows, type DivisionRow } from './outside.js';
import { DEMO_STREETS, planCity, type CityPlan } from './plan.js';
import { FACT_COPY, HOUSEHOLD_COPY, MEMBER_COPY, PERSON_COPY, renderFacts, renderHouseholds, renderMembers, renderPersons, type IdBases, type Render } from './rows.js';

export type DemoCityPhase = 'divisions' | 'persons' | 'members' | 'organisations' | 'indexes' | 'done';

export interface DemoCityProgress {
  phase: DemoCityPhase;
  /** Persons walked in this phase so far ('persons': generated and written with households and facts). */
  phaseDone: number;
  persons: number;
  /** Share of the whole load done, 0..1, phases weighted by their measured cost. */
  fraction: number;
  elapsedMs: number;
}

export interface DemoCityOptions {
  seed: number;
  persons: number;
  /**
   * Called as the load advances: `done` of `total` is the load's progress expressed in persons (the share
   * of the work done × persons, reaching `total` only at the end), `progress` the details.
   */
  onProgress?: (done: number, total: number, progress: DemoCityProgress) => void;
  /** The generator's "today" (ages, dates of facts, the dibao standard in force); default: today in Shanghai. */
  today?: IsoDate;
  /**
   * Drop the loaded tables' secondary indexes and foreign keys, COPY every table at once from one walk
   * of the city, rebuild after; default from 200,000 persons. Only for a database nobody else uses meanwhile.
   */
  bulk?: boolean;
  /** Streets that get at least a few hundred persons and every special case; default DEMO_STREETS. */
  focusStreets?: readonly string[];
  /**
   * Seal ID numbers (keyed hash + AES-GCM, most of the generator's CPU) in worker threads: the secret
   * `vault` was built from (checked against it) and the number of threads. Default: on the main thread.
   */
  sealInWorkers?: { secret: Buffer; threads: number };
}

export interface DemoCitySummary {
  persons: number;
  households: number;
  facts: number;
  organisations: number;
  committees: number;
  batchId: string;
  seconds: number;
}

const MAX_PERSONS = 30_000_000;
/** Rough shares of the load time (1 M persons, PostgreSQL); only for the progress bar's ETA. */
const WEIGHTS = { bulk: { divisions: 0.01, persons: 0.85, members: 0, organisations: 0.01, indexes: 0.13 }, plain: { divisions: 0.01, persons: 0.8, members: 0.18, organisations: 0.01, indexes: 0 } };

/**
 * Loads a synthetic Shanghai into an empty registry: divisions down to committees, households and persons
 * (encrypted ID numbers), their facts and organisations. Deterministic from (seed, persons, today) except
 * for id_number_enc, whose IVs stay random: a counter-derived GCM nonce would repeat across loads with
 * the same key, which GCM does not survive. Households are drawn one at a time and streamed by COPY.
 */
export async function loadDemoCity(db: Database, vault: IdVault, options: DemoCityOptions): Promise<DemoCitySummary> {
  const { seed, persons } = options;
  if (!Number.isInteger(persons) || persons < 1 || persons > MAX_PERSONS) throw invalid('DEMO_CITY_SIZE', `演示人口数须为 1 至 ${MAX_PERSONS} 之间的整数`);
  if (!Number.isInteger(seed)) throw invalid('DEMO_CITY_SEED', '演示城市种子须为整数');
  const sealing = options.sealInWorkers;
  if (sealing && !(Number.isInteger(sealing.threads) && sealing.threads >= 1 && sealing.threads <= 16)) throw invalid('DEMO_CITY_THREADS', '加密线程数须为 1 至 16 之间的整数');
  const started = performance.now();
  const bulk = options.bulk ?? persons >= 200_000;
  const weights = bulk ? WEIGHTS.bulk : WEIGHTS.plain;
  const order: DemoCityPhase[] = ['divisions', 'persons', 'members', 'organisations', 'indexes', 'done'];
  const report = (phase: DemoCityPhase, phaseDone: number) => {
    if (!options.onProgress) return;
    let fraction = 0;
    for (const p of order.slice(0, order.indexOf(phase))) fraction += p === 'done' ? 0 : weights[p];
    if (phase !== 'done') fraction += (weights[phase] * Math.min(phaseDone, persons)) / persons;
    const progress = { phase, phaseDone, persons, fraction: phase === 'done' ? 1 : Math.min(fraction, 0.999), elapsedMs: performance.now() - started };
    options.onProgress(phase === 'done' ? persons : Math.min(persons - 1, Math.floor(progress.fraction * persons)), persons, progress);
  };

  const today = dayNumber(options.today ?? todayInShanghai());
  const plan = planCity(seed, persons, options.focusStreets ?? DEMO_STREETS.map((s) => s.code));
  const batchId = `demo-${seed}`;
  report('divisions', 0);
  const bases = await db.exclusive(async (session) => {
    const existing = await session.query<{ one: number }>('select 1 as one from registry.persons limit 1');
    if (existing.length > 0) throw conflict('REGISTRY_NOT_EMPTY', '人口库已有数据：演示城市只能装入空的人口库');
    await insertDivisions(session, plan);
    return reserveIds(session);
  });
  const pool = sealing ? await SealPool.start(sealing.secret, sealing.threads, vault) : null;
  const sealPersons = (chunks: AsyncIterable<string>) => (pool && sealing ? sealed(chunks, (c) => pool.seal(c), 2 * sealing.threads + 1) : sealed(chunks, async (c) => sealChunk(c, vault), 1));
  const saved: SavedSchema | null = bulk
    ? await db.exclusive(dropSecondary).catch(async (error: unknown) => {
        await pool?.close();
        throw error;
      })
    : null;
  const counter = { facts: 0, households: 0 };
  const ctx: WalkContext = { plan, seed, today, districtRanges: districtRanges(plan) };
  const rebuilt = new Set<string>();
  const rebuild = async (table: string) => {
    if (saved && !rebuilt.has(table)) await db.exclusive((session) => restoreIndexes(session, saved, table, db.kind === 'pg'));
    rebuilt.add(table);
  };
  try {
    const tables: Table[] = [
      ['persons', PERSON_COPY, renderPersons(bases), sealPersons],
      ['households', HOUSEHOLD_COPY, renderHouseholds(bases)],
      ['facts', FACT_COPY, renderFacts(bases, today, batchId, counter)],
    ];
    const members: Table = ['household_members', MEMBER_COPY, renderMembers(bases)];
    // Without bulk the foreign keys stand, so members wait until persons and households are committed.
    await copyTables(
      db,
      walkSource(ctx, counter, (done) => report('persons', done)),
      bulk ? [...tables, members] : tables,
      rebuild,
    );
    if (!bulk)
      await copyTables(
        db,
        walkSource(ctx, null, (done) => report('members', done)),
        [members],
        rebuild,
      );
    report('organisations', 0);
    await db.copyFrom(ORGANISATION_COPY, organisationLines(plan, seed, persons, today, bases.organisation));
    await rebuild('organisations');
  } finally {
    await pool?.close();
    if (saved) {
      report('indexes', 0);
      // Also after a failure: the registry must not be left without its indexes and constraints.
      for (const table of BULK_TABLES) await rebuild(table);
      await db.exclusive((session) => restoreForeignKeys(session, saved));
    }
  }
  const organisations = organisationCount(persons);
  await db.exclusive(async (session) => {
    await session.query('insert into registry.fact_batches (id, source, row_count) values ($1, $2, $3) on conflict (id) do nothing', [batchId, 'demo', counter.facts]);
    for (const [sequence, next] of [
      ['person_id_seq', bases.person + persons],
      ['household_id_seq', bases.household + counter.households],
      ['fact_id_seq', bases.fact + counter.facts],
      ['organisation_id_seq', bases.organisation + organisations],
    ] as const) {
      await session.query(`select setval('registry.${sequence}', greatest((select last_value from registry.${sequence}), $1::int8))`, [next - 1]);
    }
    await session.exec('analyze registry.persons, registry.households, registry.household_members, registry.facts, registry.organisations, registry.divisions');
  });
  report('done', persons);
  return { persons, households: counter.households, facts: counter.facts, organisations, committees: plan.committees.length, batchId, seconds: (performance.now() - started) / 1000 };
}

/** One walk of the city as a fan-out source; `counter` (first walk only) counts the households. */
function walkSource(ctx: WalkContext, counter: { households: number } | null, progress: (persons: number) => void): (renders: Render[]) => FanOutSource {
  return (renders) => {
    const walk = walkCity(ctx);
    let persons = 0;
    let reported = 0;
    return {
      step(emit) {
        const next = walk.next();
        if (next.done) {
          progress(persons);
          return false;
        }
        renders.forEach((render, i) => emit(i, render(next.value)));
        if (counter) counter.households++;
        persons += next.value.members.length;
        if (persons - reported >= 5000) progress((reported = persons));
        return true;
      },
    };
  };
}

/** Table name, its COPY statement, its row renderer and an optional stage between walk and COPY. */
type Table = [string, string, Render, ((chunks: AsyncIterable<string>) => AsyncIterable<string>)?];

/** COPYs the tables concurrently from one walk; each table's indexes are rebuilt as soon as its COPY ends. */
async function copyTables(db: Database, source: (renders: Render[]) => FanOutSource, tables: Table[], rebuild: (table: string) => Promise<void>): Promise<void> {
  const fan = fanOut(source(tables.map((t) => t[2])), tables.length);
  const results = await Promise.allSettled(
    tables.map(async ([table, sql, , stage], i) => {
      try {
        await db.copyFrom(sql, stage ? stage(fan.streams[i]) : fan.streams[i]);
      } catch (error) {
        fan.abort(error);
        throw error;
      }
      await rebuild(table);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function reserveIds(session: RawSession): Promise<IdBases & { organisation: number }> {
  const next = async (sequence: string) => (await session.query<{ v: number }>(`select nextval('registry.${sequence}') as v`))[0].v;
  return { person: await next('person_id_seq'), household: await next('household_id_seq'), fact: await next('fact_id_seq'), organisation: await next('organisation_id_seq') };
}

function districtRanges(plan: CityPlan): Map<string, [number, number]> {
  const ranges = new Map<string, [number, number]>();
  plan.committees.forEach((c, i) => {
    const district = plan.streets[c.streetIndex].districtCode;
    const range = ranges.get(district);
    if (range) range[1] = i + 1;
    else ranges.set(district, [i, i + 1]);
  });
  return ranges;
}

/** City, districts, streets and outside counties only where absent (another module may have seeded them); committees are new. */
async function insertDivisions(session: RawSession, plan: CityPlan): Promise<void> {
  const rows: DivisionRow[] = [
    { code: SHANGHAI_CITY.code, name: SHANGHAI_CITY.name, level: 'province', kind: SHANGHAI_CITY.kind, parent: null },
    ...SHANGHAI_DISTRICTS.map((d): DivisionRow => ({ code: d.code, name: d.name, level: 'district', kind: d.kind, parent: SHANGHAI_CITY.code })),
    ...plan.streets.map((s): DivisionRow => ({ code: s.code, name: s.name, level: 'street', kind: s.kind, parent: s.districtCode })),
    ...plan.committees.map((c): DivisionRow => ({ code: c.code, name: c.name, level: 'committee', kind: c.kind, parent: plan.streets[c.streetIndex].code })),
    ...outsideDivisionRows(),
  ];
  await session.query(
    `insert into registry.divisions (code, name, level, kind, parent_code)
     select t.code, t.name, t.level, t.kind, t.parent
       from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(code, name, level, kind, parent)
      where not exists (select 1 from registry.divisions d where d.code = t.code)`,
    [rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => r.level), rows.map((r) => r.kind), rows.map((r) => r.parent)],
  );
}
