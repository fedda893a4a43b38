/**
 * 价格临时补贴 run over 300 000 recipients in one district (issue 23: under 30 s on PostgreSQL), against the
 * monthly payment run over the same cases in the same session (the baseline), plus an idempotent re-run.
 * The total is checked against the rule computed here: persons (1–3 per case) × 50.00 yuan.
 *
 *   npx tsx bench/assistance-price-subsidy.ts                 # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/assistance-price-subsidy.ts
 *   RECIPIENTS=50000 npx tsx bench/assistance-price-subsidy.ts
 */
import { randomBytes } from 'node:crypto';
import { createUser, type AccessTables, type Actor } from '../src/access/index.js';
import { AccountVault, systemClock, type AssistanceDeps } from '../src/assistance/deps.js';
import { runPayments } from '../src/assistance/payments.js';
import { recordPriceIndex, runPriceSubsidy } from '../src/assistance/price-subsidy.js';
import { BENCH_DISTRICT, BENCH_STREETS, openBenchDatabase, seconds, seedCasesSql, seedRegistryPopulation, sizeOf } from './assistance-fixtures.js';

const N = Number(process.env.RECIPIENTS ?? 300_000);
const started = Date.now();
const { db, drop } = await openBenchDatabase();
const deps: AssistanceDeps = { db, clock: systemClock, accounts: new AccountVault(randomBytes(32)) };
const log = (text: string) => process.stdout.write(`${text}\n`);
log(`价格临时补贴 run — ${N} recipients, ${db.kind}`);

try {
  let t = Date.now();
  await seedRegistryPopulation(db, N);
  const user = await createUser(db.kysely.withTables<AccessTables>(), null, { username: 'bench.price', displayName: 'bench', role: 'district_staff', jurisdiction: BENCH_DISTRICT, password: 'bench-pass-123' });
  const actor: Actor = { userId: user.id, username: user.username, displayName: 'bench', role: 'district_staff', jurisdiction: user.jurisdiction };
  const admin = await createUser(db.kysely.withTables<AccessTables>(), null, { username: 'bench.admin', displayName: 'bench', role: 'city_admin', jurisdiction: '310000000000', password: 'bench-pass-123' });
  const adminActor: Actor = { userId: admin.id, username: admin.username, displayName: 'bench', role: 'city_admin', jurisdiction: admin.jurisdiction };
  await seedCasesSql(db, N, { mix: false, streets: BENCH_STREETS, staffId: actor.userId + 2 });
  log(`seed: ${N} households and cases in payment — ${seconds(Date.now() - t)}`);

  // Baseline: the monthly payment run over the same cases (registry rows, engine kernel, idempotent insert).
  t = Date.now();
  const run = await runPayments(deps, actor, BENCH_DISTRICT, '2024-07');
  const baselineMs = Date.now() - t;
  log(`baseline: monthly payment run 2024-07 — ${seconds(baselineMs)}, ${run.paidCount} paid`);

  await recordPriceIndex(deps, adminActor, { month: '2024-07', cpiYoyPermille: 36, foodYoyPermille: 20, source: '基准测试' });
  t = Date.now();
  const price = await runPriceSubsidy(deps, actor, BENCH_DISTRICT, '2024-07');
  const priceMs = Date.now() - t;
  log(`价格临时补贴 run 2024-07 — ${seconds(priceMs)}, ${price.paidCount} cases, ${price.persons} persons`);

  let expected = 0;
  for (let h = 1; h <= N; h++) expected += sizeOf(h) * 5_000;
  if (price.paidTotalFen !== expected || price.paidCount !== N) throw new Error(`price subsidy total ${price.paidTotalFen} ≠ rule ${expected}`);
  log(`total ${(price.paidTotalFen / 100).toFixed(2)} yuan = rule computed here (persons × 50.00)`);

  t = Date.now();
  const again = await runPriceSubsidy(deps, actor, BENCH_DISTRICT, '2024-07');
  log(`re-run: ${seconds(Date.now() - t)}, ${again.writtenNow} written`);

  log('');
  log(`target < 30 s: ${priceMs < 30_000 ? 'met' : 'NOT met'} (${seconds(priceMs)})`);
  log(`ratio price run / monthly payment run: ${(priceMs / baselineMs).toFixed(2)}×`);
  log(`total bench time ${seconds(Date.now() - started)}`);
} finally {
  await drop();
}
