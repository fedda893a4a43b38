/**
 * 身故一件事 under load: DEATHS deaths arrive in one department batch (registry `changePersons`, as the police
 * exchange would deliver them) where each deceased is the beneficiary of a 特困 case; the outbox dispatcher runs
 * every module's death handler and the funeral checklist. Measured against a baseline of as many no-op events
 * through the same outbox with one no-op handler, in the same run. Checks: every checklist has all automatic
 * items answered, each case stopped exactly once, one `assistance.case.stopped` per case.
 *
 *   npx tsx bench/funeral-deaths.ts                                   # PGlite, 1 000 deaths
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DEATHS=10000 npx tsx bench/funeral-deaths.ts
 */
import { randomBytes } from 'node:crypto';
import { createUser, type AccessTables, type Actor } from '../src/access/index.js';
import { AccountVault } from '../src/assistance/deps.js';
import { insertApprovedCases } from '../src/assistance/bulk-cases.js';
import { dispatchOutbox, type CoreTables, type EventHandler } from '../src/db/index.js';
import { eventHandlers } from '../src/modules.js';
import { changePersons, seedDivisions, SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type RegistryTables } from '../src/registry/index.js';
import { openBenchDatabase, seedRegistryPopulation, seconds } from './assistance-fixtures.js';

const DEATHS = Number(process.env.DEATHS ?? 1_000);
const log = (text: string) => process.stdout.write(`${text}\n`);
const { db, drop } = await openBenchDatabase();
log(`funeral deaths — ${DEATHS} deaths in one batch, each holding a 特困 case, ${db.kind}`);

try {
  const registry = db.kysely.withTables<RegistryTables>();
  await seedDivisions(registry, { city: SHANGHAI_CITY, districts: SHANGHAI_DISTRICTS, streets: SHANGHAI_STREETS, committees: [], validFrom: '2000-01-01' });
  const population = await seedRegistryPopulation(db, DEATHS);
  const user = await createUser(db.kysely.withTables<AccessTables>(), null, { username: 'bench.admin', displayName: 'bench', role: 'city_admin', jurisdiction: '310000000000', password: 'Bench-pass-2025!' });
  const actor: Actor = { userId: user.id, username: 'bench.admin', displayName: 'bench', role: 'city_admin', jurisdiction: '310000000000' };
  const accounts = new AccountVault(randomBytes(32));
  await insertApprovedCases(
    db,
    accounts,
    population.householdIds.map((h, i) => ({
      programme: 'destitute' as const,
      householdId: h,
      applicantPersonId: 3 * h,
      beneficiaryPersonId: 3 * h,
      personIds: population.members[i] ?? [3 * h],
      applicantName: '居民',
      streetCode: '310115004000',
      divisionCode: '310115004001',
      amountFen: 100_000,
      paymentFrom: '2024-05',
      appliedOn: '2024-04-01',
      decidedOn: '2024-04-20',
      acceptedBy: user.id,
      approvedBy: user.id,
      accountNo: `6228480${String(h).padStart(12, '0')}`,
    })),
  );

  // Baseline: as many no-op events through the outbox, one handler that does nothing.
  const outbox = db.kysely.withTables<CoreTables>();
  for (let i = 0; i < DEATHS; i += 1000)
    await outbox
      .insertInto('core.outbox')
      .values(Array.from({ length: Math.min(1000, DEATHS - i) }, (_, k) => ({ topic: 'bench.noop', key: String(i + k), payload: '{}' })))
      .execute();
  const noop: EventHandler = { name: 'bench.noop', topics: ['bench.noop'], handle: async () => undefined };
  let t = performance.now();
  await dispatchOutbox(db.kysely, [noop]);
  const baseline = performance.now() - t;
  log(`baseline: ${DEATHS} no-op events dispatched in ${seconds(baseline)}`);

  t = performance.now();
  const outcomes = await changePersons(registry, actor, { reference: 'bench-deaths', changes: population.householdIds.map((h) => ({ kind: 'death' as const, personId: 3 * h, deathDate: '2024-06-15' })) });
  const batch = performance.now() - t;
  const recorded = outcomes.filter((o) => o === 'recorded').length;
  log(`batch: ${recorded} deaths recorded in ${seconds(batch)}`);
  t = performance.now();
  // Until quiet: the settled events the handlers emit are dispatched by the next round.
  while ((await dispatchOutbox(db.kysely, eventHandlers())) > 0);
  const fanOut = performance.now() - t;

  const check = await db.exclusive((s) =>
    s.query<{ deaths: string; complete_auto: string; stops: string; max_stops: string; stopped_events: string }>(`
      select (select count(*) from funeral.deaths) as deaths,
             (select count(*) from funeral.deaths d where (select count(*) from funeral.settlements s where s.person_id = d.person_id) = 4) as complete_auto,
             (select count(*) from assistance.case_actions where action = 'stop') as stops,
             (select coalesce(max(n), 0) from (select count(*) as n from assistance.case_actions where action = 'stop' group by case_id) x) as max_stops,
             (select count(*) from core.outbox where topic = 'assistance.case.stopped') as stopped_events`),
  );
  const c = check[0];
  log(`fan-out: ${seconds(fanOut)} for ${DEATHS} deaths (${(fanOut / baseline).toFixed(1)}× the no-op baseline); checklists with all 4 automatic answers: ${c?.complete_auto}/${c?.deaths}`);
  log(`cases stopped: ${c?.stops} (at most ${c?.max_stops} per case), assistance.case.stopped events: ${c?.stopped_events}`);
  if (Number(c?.complete_auto) !== DEATHS || Number(c?.stops) !== DEATHS || Number(c?.max_stops) !== 1) {
    log('FAILED: a checklist is incomplete or a case was stopped twice');
    process.exitCode = 1;
  }
} finally {
  await drop();
}
