/**
 * 政策找人 discovery benchmark: `npx tsx bench/monitoring-discovery.ts [persons]` (default 20,000 persons on
 * PGlite, 50,000 with DATABASE_URL; each run stays well under two minutes on a 2-core machine).
 *
 * Measures, in one run on the same synthetic city and month:
 * 1. baseline — the screening alone: the engine's input for every household from the registry
 *    (`householdPolicyInput`, one household per call) and the compiled kernel over all of them;
 * 2. the discovery run (`runDiscovery`): the same screening plus roster, open leads and grants looked up,
 *    the flagged households explained, leads and grants written — ratio to the baseline;
 * 3. a second run, which must find nothing new (leads are not duplicated).
 */
import { currentMonthInShanghai } from '../src/kernel/index.js';
import { runDiscovery, type MonitoringTables } from '../src/monitoring/index.js';
import { ColumnsBuilder, screen } from '../src/policy/index.js';
import { shanghaiPack } from '../src/policies/shanghai/index.js';
import { openBenchCity, rate, secondsSince } from './monitoring-fixtures.js';

const PERSONS = Number(process.argv[2] ?? (process.env.DATABASE_URL ? 50_000 : 20_000));
const month = currentMonthInShanghai();
const city = await openBenchCity(PERSONS);
console.log(`synthetic city: ${city.persons.toLocaleString()} persons, ${city.households.toLocaleString()} households (${city.db.kind}); loaded in ${city.loadSeconds.toFixed(1)} s, person index synced in ${city.syncSeconds.toFixed(1)} s`);

const ids = (
  await city.db.kysely.withTables<MonitoringTables>().selectFrom('monitoring.persons').select('household_id').distinct().where('household_id', 'is not', null).where('death_date', 'is', null).orderBy('household_id').execute()
).map((r) => r.household_id as number);

const started = performance.now();
let eligible = 0;
for (let i = 0; i < ids.length; i += 500) {
  const chunk = ids.slice(i, i + 500);
  const inputs = (await city.deps.registry.policyInputs(chunk, month)).filter((f) => f.members.length > 0);
  const builder = new ColumnsBuilder(
    inputs.length,
    inputs.reduce((n, f) => n + f.members.length, 0),
  );
  for (const f of inputs) builder.addHousehold(f, '');
  const result = screen(shanghaiPack, builder.finish(), month, { programmes: ['dibao', 'low_income', 'expense_poverty', 'destitute', 'elderly_allowance', 'orphan_allowance'] });
  eligible += result.outputs.dibao.eligible.reduce((n, v) => n + v, 0);
}
const baseSeconds = secondsSince(started);

const first = await runDiscovery(city.deps, null, { month });
const second = await runDiscovery(city.deps, null, { month });
if (second.leads !== 0 || second.grants !== 0) throw new Error('a second run found something new');

const all = ids.length;
console.log(`\nhouseholds ${all.toLocaleString()}, month ${month}; dibao-eligible by the engine ${eligible}; candidates (eligible for some programme) ${first.households.toLocaleString()}`);
console.log(`baseline: registry input + kernel screen   ${baseSeconds.toFixed(2)} s   ${rate(all, baseSeconds)} households`);
console.log(
  `discovery, first run                       ${first.seconds.toFixed(2)} s   ${rate(all, first.seconds)} households   → ${(first.seconds / baseSeconds).toFixed(1)}× the baseline; wrote ${first.leads} leads and ${first.grants} grants (each explained)`,
);
console.log(`discovery, next run (nothing new)          ${second.seconds.toFixed(2)} s   ${rate(all, second.seconds)} households   → ${(second.seconds / baseSeconds).toFixed(1)}× the baseline`);
const shanghaiHouseholds = 10_000_000;
console.log(`whole city (~${(shanghaiHouseholds / 1e6).toFixed(0)} M households) at the next-run rate: ${(shanghaiHouseholds / (all / second.seconds) / 60).toFixed(0)} min on this machine`);
await city.drop();
