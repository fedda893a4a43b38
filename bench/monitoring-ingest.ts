/**
 * Department data exchange benchmark: `npx tsx bench/monitoring-ingest.ts [rows] [persons]`
 * (default 20,000 rows over a 20,000-person synthetic city; PGlite, or PostgreSQL with DATABASE_URL; about a
 * minute on a shared 2-core machine).
 *
 * Measures, in one run on the same rows:
 * 1. ingest — batches of NDJSON rows from eight departments through `ingestBatch`: parsing, row checks,
 *    person changes in the registry (deaths, disability certificates, ends of wages), the facts as registry
 *    batches, the ledger, and every touched household re-evaluated (warnings, leads, grants);
 * 2. the replay of every batch (must change nothing);
 * 3. baselines: a raw multi-row INSERT of the same facts into a copy of registry.facts, and the registry's
 *    own `recordFactBatch` of the same facts (the floor any ingest through the registry pays);
 * 4. latency of a one-row batch (a water-meter reading) with its evaluation.
 * The mix is a day of feeds: mostly wages and medical bills, few deaths and job losses.
 */
import { sql } from 'kysely';
import { ingestBatch, type BatchReceipt, type Source } from '../src/monitoring/index.js';
import { recordFactBatch, type NewFact, type RegistryTables } from '../src/registry/index.js';
import { ageOn, todayInShanghai } from '../src/kernel/index.js';
import { cityPersons, openBenchCity, random, rate, secondsSince, type CityPerson } from './monitoring-fixtures.js';

const ROWS = Number(process.argv[2] ?? 20_000);
const PERSONS = Number(process.argv[3] ?? ROWS);
const BATCH = 5_000;
const today = todayInShanghai();
const rnd = random(7);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
const daysAgo = (max: number) => new Date(Date.now() - Math.floor(1 + rnd() * max) * 86_400_000).toISOString().slice(0, 10);

type Row = Record<string, string | number>;
const MIX: [Source, number, (p: CityPerson) => Row][] = [
  ['hr', 0.4, (p) => ({ type: 'wage', personId: p.personId, from: daysAgo(300), monthlyWageFen: Math.round(300_000 + rnd() * 1_500_000) })],
  ['medical_insurance', 0.25, (p) => ({ type: 'medical_cost', personId: p.personId, date: daysAgo(330), selfPaidFen: Math.round(rnd() ** 3 * 3_000_000) })],
  ['medical_insurance', 0.05, (p) => ({ type: 'hospital_stay', personId: p.personId, admittedOn: daysAgo(300), hospital: '某医院' })],
  ['education', 0.08, (p) => ({ type: 'education_cost', personId: p.personId, date: daysAgo(300), amountFen: Math.round(rnd() * 800_000) })],
  ['housing', 0.05, (p) => ({ type: 'property', personId: p.personId, acquiredOn: daysAgo(3000), areaSqm: Math.round(30 + rnd() * 120) })],
  ['water', 0.16, (p) => ({ type: 'water_idle', personId: p.personId, observedAt: new Date(Date.now() - rnd() * 86_400_000).toISOString(), idleHours: Math.floor(rnd() ** 4 * 72) })],
  ['hr', 0.006, (p) => ({ type: 'unemployment', personId: p.personId, date: daysAgo(60) })],
  ['disabled_federation', 0.003, (p) => ({ type: 'disability_certificate', personId: p.personId, issuedOn: daysAgo(60), grade: 1 + Math.floor(rnd() * 4), category: pick(['肢体', '视力', '智力']) })],
  ['public_security', 0.001, (p) => ({ type: 'death', personId: p.personId, deathDate: daysAgo(30) })],
];

function makeRows(persons: CityPerson[]): Map<Source, Row[]> {
  const adults = persons.filter((p) => ageOn(p.birthDate, today) >= 18);
  const elderAlone = persons.filter((p) => ageOn(p.birthDate, today) >= 60 && p.living === 1);
  const dead = new Set<number>();
  const out = new Map<Source, Row[]>();
  for (let i = 0; i < ROWS; i++) {
    let x = rnd() * MIX.reduce((n, m) => n + m[1], 0);
    const [source, , make] = MIX.find((m) => (x -= m[1]) < 0) ?? MIX[0];
    let person = pick(adults);
    if (source === 'water') person = pick(elderAlone.length ? elderAlone : adults);
    while (dead.has(person.personId)) person = pick(adults);
    const row = make(person);
    if (row.type === 'death') dead.add(person.personId);
    out.set(source, [...(out.get(source) ?? []), row]);
  }
  return out;
}

const city = await openBenchCity(PERSONS);
console.log(`synthetic city: ${city.persons.toLocaleString()} persons, ${city.households.toLocaleString()} households (${city.db.kind}); loaded in ${city.loadSeconds.toFixed(1)} s, person index synced in ${city.syncSeconds.toFixed(1)} s`);
const persons = await cityPersons(city.deps);
const bySource = makeRows(persons);
const batches: { source: Source; batchId: string; content: string; rows: number }[] = [];
for (const [source, rows] of bySource) {
  for (let i = 0; i < rows.length; i += BATCH) {
    const slice = rows.slice(i, i + BATCH);
    batches.push({ source, batchId: `bench-${source}-${i / BATCH}`, content: slice.map((r) => JSON.stringify(r)).join('\n'), rows: slice.length });
  }
}

// Wall time during which at least one registry call is in flight: the share of the ingest the registry's
// one-call-per-person API takes (deaths, certificates, ends of wages, facts, the engine's input per household).
let inRegistry = 0;
let inFlight = 0;
let since = 0;
const perCall = new Map<string, { calls: number; ms: number }>();
const port = city.deps.registry as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
for (const name of Object.keys(port)) {
  const call = port[name];
  port[name] = async (...args: unknown[]) => {
    const t = performance.now();
    if (inFlight++ === 0) since = t;
    try {
      return await call(...args);
    } finally {
      if (--inFlight === 0) inRegistry += performance.now() - since;
      const m = perCall.get(name) ?? { calls: 0, ms: 0 };
      perCall.set(name, { calls: m.calls + 1, ms: m.ms + performance.now() - t });
    }
  };
}

let started = performance.now();
const receipts: BatchReceipt[] = [];
for (const b of batches) receipts.push(await ingestBatch(city.deps, { source: b.source, batchId: b.batchId, format: 'ndjson', content: b.content }, null));
const ingestSeconds = secondsSince(started);
const registrySecondsInIngest = inRegistry / 1000;
const registryCalls = [...perCall]
  .sort((a, b) => b[1].ms - a[1].ms)
  .map(([n, m]) => `${n} ${m.calls}× ${(m.ms / 1000).toFixed(1)} s`)
  .join(', ');
const sum = (k: keyof BatchReceipt) => receipts.reduce((n, r) => n + (r[k] as number), 0);
const facts = sum('factsRecorded');

started = performance.now();
for (const b of batches) {
  const r = await ingestBatch(city.deps, { source: b.source, batchId: b.batchId, format: 'ndjson', content: b.content }, null);
  if (!r.replayed) throw new Error('a replay changed something');
}
const replaySeconds = secondsSince(started);

// Baselines on the very facts the ingest recorded.
const registry = city.db.kysely.withTables<RegistryTables>();
const recorded = await registry.selectFrom('registry.facts').selectAll().where('batch_id', 'like', 'exchange:%').orderBy('id').execute();
await sql`create table public.bench_facts (like registry.facts)`.execute(city.db.kysely);
started = performance.now();
for (let i = 0; i < recorded.length; i += 1000) {
  const chunk = recorded.slice(i, i + 1000).map((f) => ({ ...f, attributes: f.attributes === null ? null : JSON.stringify(f.attributes) }));
  await city.db.kysely.withTables<{ 'public.bench_facts': Record<string, unknown> }>().insertInto('public.bench_facts').values(chunk).execute();
}
const rawSeconds = secondsSince(started);
started = performance.now();
for (let i = 0; i < recorded.length; i += BATCH) {
  const chunk: NewFact[] = recorded.slice(i, i + BATCH).map((f) => ({ subjectType: f.subject_type, subjectId: f.subject_id, kind: f.kind, amountFen: f.amount_fen, attributes: f.attributes, validFrom: f.valid_from, validTo: f.valid_to }));
  await recordFactBatch(registry, { batchId: `bench-baseline-${i}`, source: 'bench', facts: chunk });
}
const registrySeconds = secondsSince(started);

// One reading, one household: the latency of a fact change to its warning.
const elders = persons.filter((p) => ageOn(p.birthDate, today) >= 60 && p.living === 1).slice(0, 15);
const latencies: number[] = [];
for (const [i, p] of elders.entries()) {
  const t = performance.now();
  await ingestBatch(city.deps, { source: 'water', batchId: `bench-one-${i}`, format: 'ndjson', content: JSON.stringify({ type: 'water_idle', personId: p.personId, observedAt: new Date().toISOString(), idleHours: 60 }) }, null);
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);

console.log(`\nrows ${ROWS.toLocaleString()} in ${batches.length} batches → accepted ${sum('accepted').toLocaleString()}, rejected ${sum('rejected')}, facts ${facts.toLocaleString()}, person changes ${sum('personChanges')}`);
console.log(`warnings raised ${sum('warningsRaised')}, leads ${sum('leadsFound')}, grants ${sum('grantsMade')}`);
console.log(`\ningest with warnings evaluated  ${ingestSeconds.toFixed(2)} s   ${rate(ROWS, ingestSeconds)} rows, ${rate(facts, ingestSeconds)} facts`);
console.log(
  `  of which in registry calls       ${registrySecondsInIngest.toFixed(2)} s (${((registrySecondsInIngest / ingestSeconds) * 100).toFixed(0)} %); monitoring's own work ${(ingestSeconds - registrySecondsInIngest).toFixed(2)} s = ${rate(facts, ingestSeconds - registrySecondsInIngest)} facts`,
);
console.log(`  registry calls (summed, overlapping on PostgreSQL): ${registryCalls}`);
console.log(`baseline: raw INSERT of the facts ${rawSeconds.toFixed(2)} s   ${rate(facts, rawSeconds)} facts   → ingest is ${(ingestSeconds / rawSeconds).toFixed(1)}× the raw insert`);
console.log(`baseline: registry recordFactBatch ${registrySeconds.toFixed(2)} s   ${rate(facts, registrySeconds)} facts   → ingest is ${(ingestSeconds / registrySeconds).toFixed(1)}× the registry alone`);
console.log(`replay of every batch (no-op)     ${replaySeconds.toFixed(2)} s   ${rate(ROWS, replaySeconds)} rows   (${((replaySeconds / ingestSeconds) * 100).toFixed(0)} % of the ingest)`);
console.log(`one-row batch with its evaluation: p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms, max ${latencies.at(-1)?.toFixed(0)} ms (${latencies.length} runs)`);
await city.drop();
