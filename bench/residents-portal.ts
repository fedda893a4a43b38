/**
 * The residents' end under a crowd: RESIDENTS residents of the demo city sign in at once (code request + code
 * login) and load their entitlements page (`GET /resident/entitlements`: household, policy engine explanation,
 * grants, leads), CONCURRENCY requests in flight. Baseline in the same run: `GET /healthz` under the same crowd.
 *
 *   npx tsx bench/residents-portal.ts                        # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/residents-portal.ts
 *   RESIDENTS=2000 CONCURRENCY=2000 PERSONS=20000 npx tsx bench/residents-portal.ts
 *
 * On PostgreSQL, 2,000 requests in flight wait longer than the pool's default 5 s for a connection (answered 503):
 * set DB_CONNECT_TIMEOUT_MS=600000 to measure the queue, or a smaller CONCURRENCY.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../src/http/app.js';
import { IdVault, loadDemoCity } from '../src/registry/index.js';
import { setDevCodeSink } from '../src/residents/index.js';
import { testConfig } from '../src/testing/db.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const RESIDENTS = Number(process.env.RESIDENTS ?? 2_000);
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
log(`residents portal — ${RESIDENTS} residents, ${CONCURRENCY} in flight, demo city of ${PERSONS} persons, ${db.kind}`);
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
  t = Date.now();
  const baseline = await crowd(n, CONCURRENCY, async () => {
    const r = await app.inject({ method: 'GET', url: '/healthz' });
    if (r.statusCode !== 200) fail('healthz', r.statusCode, r.body);
  });
  const login = await crowd(n, CONCURRENCY, async (i) => {
    const idNumber = idNumbers[i];
    const asked = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber } });
    if (asked.statusCode !== 204) fail('code', asked.statusCode, asked.body);
    const r = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber, code: codes.get(masked(idNumber)) } });
    if (r.statusCode !== 200) fail('login', r.statusCode, r.body);
    cookies[i] = r.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  });
  const entitlements = await crowd(n, CONCURRENCY, async (i) => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/resident/entitlements', headers: { cookie: cookies[i] } });
    if (r.statusCode !== 200) fail('entitlements', r.statusCode, r.body);
  });
  log(`measured in ${seconds(Date.now() - t)}`);
  const base = percentile(baseline, 50);
  const row = (name: string, values: number[]) =>
    log(
      `${name.padEnd(42)} p50 ${ms(percentile(values, 50)).padStart(10)}  p99 ${ms(percentile(values, 99)).padStart(10)}  p50 ÷ baseline ${(percentile(values, 50) / base).toFixed(1)}×  p99 ÷ baseline p99 ${(percentile(values, 99) / percentile(baseline, 99)).toFixed(1)}×`,
    );
  row('baseline: GET /healthz (same crowd)', baseline);
  row('sign-in: code request + code login', login);
  row('entitlements page (GET /resident/entitlements)', entitlements);
  await app.close();
} finally {
  await drop();
}
