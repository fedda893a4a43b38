/**
 * Case-list query at 1 000 000 cases (target p99 < 50 ms), against a primary-key lookup measured in the same
 * run. Each list call is the service a caseworker's screen makes: jurisdiction scope, filters, keyset page,
 * the close-relative flag for the page, and the audit entry of the read.
 *
 *   npx tsx bench/assistance-cases.ts                    # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/assistance-cases.ts
 *   CASES=200000 npx tsx bench/assistance-cases.ts
 */
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { appendAudit, createUser, type AccessTables, type Actor, type Role } from '../src/access/index.js';
import { AccountVault, type AssistanceDeps } from '../src/assistance/deps.js';
import { listCases, type CaseFilter } from '../src/assistance/queries.js';
import { SHANGHAI_STREETS } from '../src/registry/index.js';
import { openBenchDatabase, seconds, seedCasesSql } from './assistance-fixtures.js';

const N = Number(process.env.CASES ?? 1_000_000);
const ROUNDS = Number(process.env.ROUNDS ?? 40);
const started = Date.now();
const { db, drop } = await openBenchDatabase();
// The synthetic cases were applied between 2023-06 and 2024-11: look at them from September 2024.
const deps: AssistanceDeps = { db, clock: { today: () => '2024-09-01' }, accounts: new AccountVault(randomBytes(32)) };
const log = (text: string) => process.stdout.write(`${text}\n`);
log(`assistance case list — ${N} cases over ${SHANGHAI_STREETS.length} streets, ${db.kind}`);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const ms = (v: number) => `${v.toFixed(2)} ms`;

async function staff(username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const user = await createUser(db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role, jurisdiction, password: 'bench-pass-123' });
  return { userId: user.id, username, displayName: username, role, jurisdiction: user.jurisdiction };
}

try {
  const t = Date.now();
  const district = await staff('bench.district', 'district_staff', '310115');
  await seedCasesSql(db, N, { mix: true, streets: SHANGHAI_STREETS.map((s) => s.code), staffId: district.userId });
  log(`seed: ${N} cases — ${seconds(Date.now() - t)}`);
  const street = await staff('bench.street', 'street_caseworker', '310115004');
  const advisor = await staff('bench.advisor', 'community_advisor', '310115004001');

  const scenarios: { name: string; actor: Actor; filter: CaseFilter; page2?: boolean }[] = [
    { name: 'street, all statuses', actor: street, filter: {} },
    { name: 'street, in payment', actor: street, filter: { status: 'in_payment' } },
    { name: 'street, overdue', actor: street, filter: { overdue: true } },
    { name: 'street, in notice, page 2', actor: street, filter: { status: 'in_notice', limit: 20 }, page2: true },
    { name: 'district, applied', actor: district, filter: { status: 'applied' } },
    { name: 'district, 特困 in payment', actor: district, filter: { programme: 'destitute', status: 'in_payment' } },
    { name: 'district, overdue', actor: district, filter: { overdue: true } },
    { name: 'district, 支出型贫困 in notice', actor: district, filter: { programme: 'expense_poverty', status: 'in_notice' } },
    { name: 'district → one street, suspended', actor: district, filter: { division: '310115005000', status: 'suspended' } },
    { name: 'committee advisor, all', actor: advisor, filter: {} },
  ];
  for (const s of scenarios) await listCases(deps, s.actor, s.filter); // warm-up
  const all: number[] = [];
  const rows: string[] = [];
  for (const s of scenarios) {
    const times: number[] = [];
    let found = 0;
    // Page 2 is timed on its own: the cursor comes from a first call made before the clock starts.
    const filter = s.page2 ? { ...s.filter, cursor: (await listCases(deps, s.actor, s.filter)).nextCursor ?? undefined } : s.filter;
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      const page = await listCases(deps, s.actor, filter);
      times.push(performance.now() - t0);
      found = page.items.length;
    }
    all.push(...times);
    rows.push(`  ${s.name.padEnd(34)} p50 ${ms(percentile(times, 50)).padStart(10)}  p99 ${ms(percentile(times, 99)).padStart(10)}  (${found} on the page)`);
  }
  const pk: number[] = [];
  for (let r = 0; r < ROUNDS * scenarios.length; r++) {
    const id = 1 + ((r * 7919) % N);
    const t0 = performance.now();
    await sql`select * from assistance.cases where id = ${id}`.execute(db.kysely);
    pk.push(performance.now() - t0);
  }
  // Every list call writes its audit entry (hash chain under one lock): measured alone, for the share it takes.
  const audit: number[] = [];
  for (let r = 0; r < ROUNDS * 3; r++) {
    const t0 = performance.now();
    await appendAudit(db.kysely.withTables<AccessTables>(), { actor: street, action: 'bench.audit', result: 'ok', detail: { r } });
    audit.push(performance.now() - t0);
  }
  log(`list calls (${ROUNDS} per scenario, each with its audit entry):`);
  for (const r of rows) log(r);
  const p99 = percentile(all, 99);
  const pk99 = percentile(pk, 99);
  log(`all list calls: p50 ${ms(percentile(all, 50))}, p99 ${ms(p99)}`);
  log(`baseline primary-key lookup: p50 ${ms(percentile(pk, 50))}, p99 ${ms(pk99)}`);
  log(`reference: one audit entry alone: p50 ${ms(percentile(audit, 50))}, p99 ${ms(percentile(audit, 99))}`);
  log('');
  log(`target p99 < 50 ms: ${p99 < 50 ? 'met' : 'NOT met'} (${ms(p99)})`);
  log(`ratio list p99 / primary-key p99: ${(p99 / pk99).toFixed(1)}×; list p50 / (primary key + audit entry) p50: ${(percentile(all, 50) / (percentile(pk, 50) + percentile(audit, 50))).toFixed(1)}×`);
  log(`total bench time ${seconds(Date.now() - started)}`);
} finally {
  await drop();
}
