/**
 * 两项补贴 monthly payment run (issue 20: 300 thousand recipients in under 90 s on PostgreSQL), a re-run that
 * writes nothing, and the baseline in the same run: a plain INSERT … SELECT of the same rows into a copy of
 * the ledger (no idempotency, no lock, no settings). The recipients are approved subsidies generated in SQL
 * (a bench fixture); the run itself is the module's runSubsidyPayments.
 *
 *   npx tsx bench/disability-payments.ts                          # reduced: 50 000 recipients (PGlite)
 *   DATABASE_URL=postgres://… RECIPIENTS=300000 npx tsx bench/disability-payments.ts
 */
import { sql } from 'kysely';
import { createUser, type AccessTables, type Actor } from '../src/access/index.js';
import { systemClock } from '../src/children/deps.js';
import { runSubsidyPayments } from '../src/children/subsidies.js';
import { BENCH_DISTRICT, openBenchDatabase } from './assistance-fixtures.js';

const N = Number(process.env.RECIPIENTS ?? 50_000);
const MONTH = '2025-04';
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const log = (text: string) => process.stdout.write(`${text}\n`);
const { db, drop } = await openBenchDatabase();
log(`两项补贴 payment run — ${N} recipients, ${db.kind}`);

try {
  let t = Date.now();
  // A third hold both subsidies (grade 1–2 in a 低保 household), the rest the 护理补贴 only.
  await sql`insert into children.subsidies (person_id, kind, division_code, status, applied_on, channel, from_month)
            select g, case when g % 3 = 0 then 'living' else 'care' end, '3101150' || lpad(((g % 8) + 4)::text, 2, '0') || '001', 'approved', date '2025-03-01', 'street', '2025-04'
            from generate_series(1, ${N}) g`.execute(db.kysely);
  await sql`analyze children.subsidies`.execute(db.kysely);
  log(`seed: ${N} approved subsidies — ${seconds(Date.now() - t)}`);
  const user = await createUser(db.kysely.withTables<AccessTables>(), null, { username: 'bench.disability', displayName: 'bench', role: 'district_staff', jurisdiction: BENCH_DISTRICT, password: 'bench-pass-123' });
  const actor: Actor = { userId: user.id, username: user.username, displayName: 'bench', role: 'district_staff', jurisdiction: user.jurisdiction };
  const deps = { db, clock: systemClock };

  t = Date.now();
  await sql`create table public.baseline_payments (like children.subsidy_payments including defaults)`.execute(db.kysely);
  await sql`insert into public.baseline_payments (month, subsidy_id, person_id, kind, amount_fen, division_code)
            select ${MONTH}, id, person_id, kind, 19500, division_code from children.subsidies where status = 'approved'`.execute(db.kysely);
  const baselineMs = Math.max(1, Date.now() - t);
  log(`baseline INSERT … SELECT of ${N} rows: ${seconds(baselineMs)}`);

  t = Date.now();
  const run = await runSubsidyPayments(deps, actor, { month: MONTH, divisionCode: BENCH_DISTRICT });
  const runMs = Date.now() - t;
  log(`payment run ${MONTH}: ${seconds(runMs)} — ${run.count} paid, ${(run.totalFen / 100).toFixed(2)} yuan`);
  // 护理补贴 195 yuan (placeholder) for two thirds, 生活补贴 410 yuan for one third (settings' defaults).
  const living = Math.floor(N / 3);
  const expected = living * 41_000 + (N - living) * 19_500;
  if (run.count !== N || run.totalFen !== expected) throw new Error(`ledger ${run.totalFen} ≠ ${expected}`);

  t = Date.now();
  const again = await runSubsidyPayments(deps, actor, { month: MONTH, divisionCode: BENCH_DISTRICT });
  log(`re-run: ${seconds(Date.now() - t)} — ${again.writtenNow} written`);
  log('');
  log(`target < 90 s: ${runMs < 90_000 ? 'met' : 'NOT met'} (${seconds(runMs)})`);
  log(`ratio run / baseline: ${(runMs / baselineMs).toFixed(1)}×`);
} finally {
  await drop();
}
