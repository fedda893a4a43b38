/**
 * The residents' end under a crowd: RESIDENTS residents of the demo city sign in (code request + code login)
 * and load their entitlements page (`GET /resident/entitlements`: household, policy engine explanation, grants,
 * leads). Baseline in the same run: `GET /healthz` under the same crowd.
 *
 * Two shapes of crowd:
 * - RATE=n (arrivals per second; what a city's front end sees): resident i arrives at i/RATE s, asks for a code,
 *   signs in, reads for THINK_MS and opens the page, each resident one session of its own, all RESIDENTS of
 *   them signed in and active during the run; the /healthz probe arrives with each resident. p99 is then the
 *   time a resident waits, as long as RATE stays under what the machine can serve (printed as capacity).
 * - otherwise every resident at once, CONCURRENCY requests in flight (p99 = the time to drain the queue).
 *
 *   npx tsx bench/residents-portal.ts                        # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/residents-portal.ts
 *   RESIDENTS=2000 RATE=20 PERSONS=20000 npx tsx bench/residents-portal.ts
 *   RESIDENTS=2000 CONCURRENCY=2000 PERSONS=20000 npx tsx bench/residents-portal.ts
 *
 * On PostgreSQL, 2,000 requests in flight wait longer than the pool's default 5 s for a connection (answered 503):
 * set DB_CONNECT_TIMEOUT_MS=600000 to measure the queue, or a smaller CONCURRENCY.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { buildApp } from '../src/http/app.js';
import { IdVault, loadDemoCity } from '../src/registry/index.js';
import { setDevCodeSink } from '../src/residents/index.js';
import { testConfig } from '../src/testing/db.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const RESIDENTS = Number(process.env.RESIDENTS ?? 2_000);
const RATE = process.env.RATE ? Number(process.env.RATE) : null;
const THINK_MS = Number(process.env.THINK_MS ?? 2_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? RESIDENTS);
const PERSONS = Number(process.env.PERSONS ?? 20_000);
const log = (text: string) => process.stdout.write(`${text}\n`);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Runs `work` for 0..n-1 with at most `limit` in flight; returns each call's duration. */
async function crowd(n: number, limit: number, work: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = new Array(n);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await work(i);
      times[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane));
  return times;
}

const { db, drop } = await openBenchDatabase();
const secretKey = randomBytes(32);
// The crowd comes from one address here; the sign-in quotas are for the real world, not this measurement.
const wide = { max: 1_000_000, windowSeconds: 60 };
const ctx = { db, config: testConfig({ secretKey, limits: { residentSignInPerSource: wide, residentSignInPerIdNumber: wide, signInPerSource: wide, signInPerAccount: wide } }) };
const load = () =>
  `machine load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (1/5/15 min, 2 cores)`;
const sleep = (msToWait: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, msToWait)));
log(`residents portal — ${RESIDENTS} residents, ${RATE ? `arriving ${RATE}/s, ${THINK_MS} ms reading before the page` : `${CONCURRENCY} in flight`}, demo city of ${PERSONS} persons, ${db.kind}; ${load()}`);
try {
  let t = Date.now();
  const vault = new IdVault(secretKey);
  await loadDemoCity(db, vault, { seed: 20241, persons: PERSONS });
  log(`demo city: ${seconds(Date.now() - t)}`);
  const rows = (
    await sql<{ id_number_enc: Buffer }>`select p.id_number_enc from registry.persons p
      join registry.household_members m on m.person_id = p.id and m.until is null
      where p.death_date is null and p.birth_date < current_date - interval '18 years' order by p.id limit ${RESIDENTS}`.execute(db.kysely)
  ).rows;
  const idNumbers = rows.map((r) => vault.decrypt(r.id_number_enc));
  if (idNumbers.length < RESIDENTS) log(`only ${idNumbers.length} adults in households: measuring those`);
  const codes = new Map<string, string>();
  setDevCodeSink(({ idNumberMasked, code }) => codes.set(idNumberMasked, code));
  const masked = (n: string) => `${n.slice(0, 3)}${'*'.repeat(n.length - 7)}${n.slice(-4)}`;
  const app = await buildApp(ctx, { webDist: '/nonexistent' });
  await app.ready();
  const n = idNumbers.length;
  const fail = (what: string, status: number, body: string) => {
    throw new Error(`${what}: ${status} ${body.slice(0, 200)}`);
  };

  // Warm every path once.
  await app.inject({ method: 'GET', url: '/healthz' });

  const cookies: string[] = new Array(n);
  const healthz = async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' });
    if (r.statusCode !== 200) fail('healthz', r.statusCode, r.body);
  };
  const signIn = async (i: number) => {
    const idNumber = idNumbers[i];
    const asked = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber } });
    if (asked.statusCode !== 204) fail('code', asked.statusCode, asked.body);
    const r = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber, code: codes.get(masked(idNumber)) } });
    if (r.statusCode !== 200) fail('login', r.statusCode, r.body);
    cookies[i] = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  };
  const page = async (i: number) => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/resident/entitlements', headers: { cookie: cookies[i] } });
    if (r.statusCode !== 200) fail('entitlements', r.statusCode, r.body);
  };
  const timed = async (work: () => Promise<void>) => {
    const t0 = performance.now();
    await work();
    return performance.now() - t0;
  };
  t = Date.now();
  let baseline: number[];
  let login: number[];
  let entitlements: number[];
  if (RATE) {
    baseline = new Array(n);
    login = new Array(n);
    entitlements = new Array(n);
    const start = performance.now();
    await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        await sleep((i * 1000) / RATE - (performance.now() - start));
        [baseline[i], login[i]] = await Promise.all([timed(healthz), timed(() => signIn(i))]);
        await sleep(THINK_MS);
        entitlements[i] = await timed(() => page(i));
      }),
    );
  } else {
    baseline = await crowd(n, CONCURRENCY, healthz);
    login = await crowd(n, CONCURRENCY, signIn);
    entitlements = await crowd(n, CONCURRENCY, page);
  }
  const busy = (Date.now() - t) / 1000;
  if (RATE) log(`offered ${RATE} residents/s (${(2 * RATE).toFixed(0)} sign-in requests/s and ${RATE} pages/s); served ${n} residents in ${busy.toFixed(1)} s`);
  log(`measured in ${seconds(Date.now() - t)}; ${load()}`);
  const base = percentile(baseline, 50);
  const row = (name: string, values: number[]) =>
    log(
      `${name.padEnd(42)} p50 ${ms(percentile(values, 50)).padStart(10)}  p99 ${ms(percentile(values, 99)).padStart(10)}  p50 ÷ baseline ${(percentile(values, 50) / base).toFixed(1)}×  p99 ÷ baseline p99 ${(percentile(values, 99) / percentile(baseline, 99)).toFixed(1)}×`,
    );
  row('baseline: GET /healthz (same crowd)', baseline);
  row('sign-in: code request + code login', login);
  row('entitlements page (GET /resident/entitlements)', entitlements);
  // The page alone, one after another: its service time, so the rate above can be read against what one process serves.
  const alone: number[] = [];
  for (let k = 0; k < 20; k++) alone.push(await timed(() => page(k % n)));
  const median = percentile(alone, 50);
  log(`entitlements page alone (20 in a row): median ${ms(median)} → one process serves ≈ ${(1000 / median).toFixed(0)} pages/s; ${load()}`);
  await app.close();
} finally {
  await drop();
}
