/**
 * 身故一件事 under load: DEATHS deaths in a day — a department batch (registry `changePersons`, as the police
 * exchange delivers them) plus API_SHARE of them one by one (registry `recordDeath` with a hospital source, as
 * the funeral notice route calls it). Each deceased is the beneficiary of a 特困 case paid May–August 2024; the
 * death on 15 June makes July and August overpaid. On PostgreSQL the outbox dispatcher runs in a worker process
 * (`bench/outbox-worker.ts`) that is SIGKILLed KILLS times mid-dispatch and started again; on PGlite it runs here.
 * Measured: from the last death written to every checklist's automatic items answered, against as many no-op
 * events through the same outbox. Checks: every checklist answered by the 4 modules, each case stopped exactly
 * once, one `assistance.case.stopped` per case, the recorded overpayments equal to a direct sum of the payments.
 *
 *   npx tsx bench/funeral-deaths.ts                                   # PGlite, 1 000 deaths, no kills
 *   IN_PROCESS=1 DATABASE_URL=… npx tsx bench/funeral-deaths.ts       # PostgreSQL, dispatcher here: time per handler
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test DEATHS=10000 npx tsx bench/funeral-deaths.ts
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { createUser, type AccessTables, type Actor } from '../src/access/index.js';
import { insertApprovedCases } from '../src/assistance/bulk-cases.js';
import { AccountVault } from '../src/assistance/deps.js';
import { dispatchOutbox, type CoreTables, type EventHandler } from '../src/db/index.js';
import { eventHandlers } from '../src/modules.js';
import { changePersons, recordDeath, seedDivisions, SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type RegistryTables } from '../src/registry/index.js';
import { openBenchDatabase, seedRegistryPopulation, seconds } from './assistance-fixtures.js';

const DEATHS = Number(process.env.DEATHS ?? 1_000);
const API_SHARE = Number(process.env.API_SHARE ?? 0.05);
const KILLS = Number(process.env.KILLS ?? 3);
const log = (text: string) => process.stdout.write(`${text}\n`);
const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}`;
const { db, url, drop } = await openBenchDatabase();
// IN_PROCESS=1: the dispatcher here even on PostgreSQL (no kills), to see the time per handler.
const workerUrl = process.env.IN_PROCESS === '1' ? undefined : url;
const viaApi = Math.round(DEATHS * API_SHARE);
log(`funeral deaths — ${DEATHS} deaths (${DEATHS - viaApi} in one batch, ${viaApi} one by one), each holding a paid 特困 case, ${db.kind}; ${load()}`);

// Time spent in each handler (PGlite, in this process): where the fan-out's time goes.
const spent = new Map<string, number>();
const timed = (handlers: EventHandler[]): EventHandler[] =>
  handlers.map((h) => {
    const clock =
      <A extends unknown[]>(f: (...a: A) => Promise<void>) =>
      async (...a: A) => {
        const t0 = performance.now();
        try {
          await f(...a);
        } finally {
          spent.set(h.name, (spent.get(h.name) ?? 0) + performance.now() - t0);
        }
      };
    return { ...h, handle: clock(h.handle.bind(h)), ...(h.handleMany ? { handleMany: clock(h.handleMany.bind(h)) } : {}) };
  });

let worker: ChildProcess | undefined;
const startWorker = () => {
  worker = spawn(process.execPath, ['--import', 'tsx', 'bench/outbox-worker.ts'], { env: { ...process.env, DATABASE_URL: workerUrl }, stdio: ['ignore', 'ignore', 'inherit'] });
};

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
      amountFen: 100_000 + (h % 7) * 1_000,
      paymentFrom: '2024-05',
      appliedOn: '2024-04-01',
      decidedOn: '2024-04-20',
      acceptedBy: user.id,
      approvedBy: user.id,
      accountNo: `6228480${String(h).padStart(12, '0')}`,
    })),
  );
  // Four paid months per case, as the payment runs would have left them (no run rows: foreign keys off while loading).
  await db.exclusive((s) =>
    s.exec(`
      select assistance.ensure_payment_partition(m) from unnest(array['2024-05', '2024-06', '2024-07', '2024-08']) m;
      set session_replication_role = replica;
      insert into assistance.payments (month, case_id, run_id, district_code, street_code, programme, household_id, amount_fen, status, rule_version)
        select m, c.id, 0, c.district_code, c.street_code, c.programme, c.household_id, c.amount_fen, 'paid', 'bench'
        from assistance.cases c, unnest(array['2024-05', '2024-06', '2024-07', '2024-08']) m;
      set session_replication_role = origin;`),
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

  const complete = async () =>
    Number(
      (
        await db.exclusive((s) =>
          s.query<{ n: string }>(`select count(*) as n from funeral.deaths d where (select count(*) from funeral.settlements s where s.person_id = d.person_id and s.module in ('registry', 'assistance', 'monitoring', 'eldercare')) = 4`),
        )
      )[0]?.n,
    );

  if (workerUrl) startWorker();
  t = performance.now();
  const heads = population.householdIds.map((h) => 3 * h);
  const outcomes = await changePersons(registry, actor, { reference: 'bench-deaths', changes: heads.slice(viaApi).map((personId) => ({ kind: 'death' as const, personId, deathDate: '2024-06-15' })) });
  for (const personId of heads.slice(0, viaApi)) await recordDeath(registry, actor, personId, { deathDate: '2024-06-15', source: 'hospital' });
  const written = performance.now() - t;
  const lastDeath = performance.now();
  log(`deaths written in ${seconds(written)}: ${outcomes.filter((o) => o === 'recorded').length} by batch, ${viaApi} one by one; ${load()}`);

  let kills = 0;
  for (;;) {
    if (!workerUrl) {
      // PGlite: the dispatcher here, until quiet (the settled events the handlers emit go in the next round).
      const handlers = timed(eventHandlers());
      while ((await dispatchOutbox(db.kysely, handlers)) > 0);
      break;
    }
    const done = await complete();
    if (done >= DEATHS) break;
    // Killed while a chunk is in flight, at three points of the run; started again at once.
    if (kills < KILLS && done >= (DEATHS * (kills + 1)) / (KILLS + 1)) {
      worker?.kill('SIGKILL');
      kills += 1;
      log(`  worker SIGKILLed at ${done}/${DEATHS} complete (${seconds(performance.now() - lastDeath)} after the last death)`);
      startWorker();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const fanOut = performance.now() - lastDeath;
  worker?.kill('SIGKILL');
  worker = undefined;
  // Anything left after the checklists (the rosters' stop events) is drained here, so the checks see the end state.
  while ((await dispatchOutbox(db.kysely, eventHandlers())) > 0);

  const check = await db.exclusive((s) =>
    s.query<{ deaths: string; stops: string; max_stops: string; stopped_events: string; recorded_fen: string; direct_fen: string }>(`
      select (select count(*) from funeral.deaths) as deaths,
             (select count(*) from assistance.case_actions where action = 'stop') as stops,
             (select coalesce(max(n), 0) from (select count(*) as n from assistance.case_actions where action = 'stop' group by case_id) x) as max_stops,
             (select count(*) from core.outbox where topic = 'assistance.case.stopped') as stopped_events,
             (select coalesce(sum((payload->>'overpaidFen')::bigint), 0) from assistance.case_actions where action = 'stop') as recorded_fen,
             (select coalesce(sum(p.amount_fen), 0) from assistance.payments p join assistance.cases c on c.id = p.case_id
               where p.status = 'paid' and p.month >= '2024-07' and c.beneficiary_person_id in (select id from registry.persons where death_date is not null)) as direct_fen`),
  );
  const c = check[0];
  const answered = await complete();
  log(`fan-out: all ${answered}/${c?.deaths} checklists answered ${seconds(fanOut)} after the last death (${(fanOut / baseline).toFixed(1)}× the no-op baseline), worker killed ${kills}×; target 120 s; ${load()}`);
  if (spent.size)
    log(
      `time in handlers: ${[...spent]
        .sort((a, b) => b[1] - a[1])
        .filter(([, ms]) => ms >= 10)
        .map(([name, ms]) => `${name} ${seconds(ms)}`)
        .join(', ')}`,
    );
  log(`cases stopped: ${c?.stops} (at most ${c?.max_stops} per case), assistance.case.stopped events: ${c?.stopped_events}; overpaid recorded ${c?.recorded_fen} fen, direct sum ${c?.direct_fen} fen`);
  if (answered !== DEATHS || Number(c?.stops) !== DEATHS || Number(c?.max_stops) !== 1 || Number(c?.stopped_events) !== DEATHS || c?.recorded_fen !== c?.direct_fen) {
    log('FAILED: a checklist is incomplete, a case was stopped twice or the overpayments differ');
    process.exitCode = 1;
  }
} finally {
  worker?.kill('SIGKILL');
  await drop();
}
