/**
 * Monthly payment run for 200 000 低保 recipients in one district (target < 60 s), against a baseline in the
 * same run: a plain INSERT … SELECT of the same number of ledger rows with a fixed amount (no facts, no
 * engine, no idempotency check). Also: the registry's one-household reader measured on a slice and
 * extrapolated (what a run without the set-based policy rows would cost), an idempotent re-run, the bank
 * file (EXPORT=1), and the ledger total against the rule computed here.
 *
 *   npx tsx bench/assistance-payments.ts                 # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/assistance-payments.ts
 *   RECIPIENTS=50000 BATCH=2000 EXPORT=1 npx tsx bench/assistance-payments.ts
 */
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { createUser, type AccessTables, type Actor } from '../src/access/index.js';
import { exportBankFile } from '../src/assistance/bank-export.js';
import { AccountVault, systemClock, tables, type AssistanceDeps } from '../src/assistance/deps.js';
import { ensurePaymentPartition, runPayments } from '../src/assistance/payments.js';
import { householdPolicyInput, type RegistryTables } from '../src/registry/index.js';
import { BENCH_DISTRICT, BENCH_STREETS, expectedDibaoFen, openBenchDatabase, seconds, seedAccounts, seedCasesSql, seedRegistryPopulation } from './assistance-fixtures.js';

const N = Number(process.env.RECIPIENTS ?? 200_000);
/** EXPORT=1 also writes the bank file (adds the accounts to the seed). */
const EXPORT = process.env.EXPORT === '1';
/** Cases per batch: each batch is one registry read, one engine pass and one committed insert. */
const BATCH = Number(process.env.BATCH ?? 2000);
const SLICE = Math.min(100, N);
const started = Date.now();
const { db, drop } = await openBenchDatabase();
const deps: AssistanceDeps = { db, clock: systemClock, accounts: new AccountVault(randomBytes(32)) };
const log = (text: string) => process.stdout.write(`${text}\n`);
log(`assistance payment run — ${N} recipients, ${db.kind}`);

try {
  let t = Date.now();
  const population = await seedRegistryPopulation(db, N);
  const user = await createUser(db.kysely.withTables<AccessTables>(), null, { username: 'bench.pay', displayName: 'bench', role: 'district_staff', jurisdiction: BENCH_DISTRICT, password: 'bench-pass-123' });
  const actor: Actor = { userId: user.id, username: user.username, displayName: 'bench', role: 'district_staff', jurisdiction: user.jurisdiction };
  await seedCasesSql(db, N, { mix: false, streets: BENCH_STREETS, staffId: actor.userId + 1 });
  if (EXPORT) await seedAccounts(db, deps.accounts, N);
  log(`seed: ${N} households, ${population.members.flat().length} persons, ${N} cases in payment — ${seconds(Date.now() - t)}`);

  // Baseline: the same number of ledger rows, written by the database alone.
  await ensurePaymentPartition(tables(deps), '2024-06');
  t = Date.now();
  await sql`insert into assistance.payments (month, case_id, run_id, district_code, street_code, programme, household_id, amount_fen, status, standard_fen, rule_version)
            select '2024-06', id, 0, district_code, street_code, programme, household_id, amount_fen, 'paid', 151000, 'baseline'
            from assistance.cases where district_code = ${BENCH_DISTRICT} and status = 'in_payment'`.execute(db.kysely);
  const baselineMs = Date.now() - t;
  log(`baseline INSERT … SELECT of ${N} rows: ${seconds(baselineMs)}`);

  // The alternative: the registry's one-household reader, as a verification uses it.
  t = Date.now();
  const slice = population.householdIds.slice(0, SLICE);
  for (const id of slice) await householdPolicyInput(db.kysely.withTables<RegistryTables>(), id, '2024-07');
  const perHouseholdMs = (Date.now() - t) / SLICE;
  log(`registry householdPolicyInput one by one, ${SLICE} households: ${perHouseholdMs.toFixed(2)} ms each → ${seconds(perHouseholdMs * N)} for ${N} (extrapolated)`);

  t = Date.now();
  const run = await runPayments(deps, actor, BENCH_DISTRICT, '2024-07', { batchSize: BATCH });
  const runMs = Date.now() - t;
  log(`payment run 2024-07 (registry policy rows per batch, engine kernel, idempotent insert): ${seconds(runMs)} — ${run.paidCount} paid, ${run.withheldCount} withheld`);

  // July 2024: 低保标准 1595 yuan, minors' standard 1595 × 1.3 = 2073.5 → 2075 yuan (rounded up to 5 yuan).
  const expected = population.householdIds.reduce((n, h) => n + expectedDibaoFen(h, 159500, 207500), 0);
  if (run.paidTotalFen !== expected || run.paidCount !== N) throw new Error(`ledger ${run.paidTotalFen} ≠ rule ${expected}`);
  log(`ledger total ${(run.paidTotalFen / 100).toFixed(2)} yuan = rule computed here`);

  t = Date.now();
  const again = await runPayments(deps, actor, BENCH_DISTRICT, '2024-07');
  log(`re-run of a completed run: ${seconds(Date.now() - t)}, ${again.writtenNow} written`);

  if (EXPORT) {
    t = Date.now();
    const file = await exportBankFile(deps, actor, run.runId, 'csv');
    log(`bank file (CSV, ${file.count} lines, ${(file.body.length / 1e6).toFixed(1)} MB, reconciled): ${seconds(Date.now() - t)}`);
  }

  log('');
  log(`target < 60 s: ${runMs < 60_000 ? 'met' : 'NOT met'} (${seconds(runMs)})`);
  log(`ratio run / baseline INSERT … SELECT: ${(runMs / baselineMs).toFixed(1)}×`);
  log(`ratio one-household reader (extrapolated) / whole run: ${((perHouseholdMs * N) / runMs).toFixed(1)}×`);
  log(`total bench time ${seconds(Date.now() - started)}`);
} finally {
  await drop();
}
