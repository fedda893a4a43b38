/**
 * Throttled rates of the HTTP layer, over real HTTP (the server listens on loopback, requests come from fetch):
 * sign-ins per second from one source and person reads per second by one user, first with the default quotas
 * (src/http/limits.ts), then — the baseline, in the same run — with quotas too large to bite, which gives what
 * the machine would let one client do unthrottled. The test user's own sign-in counts against the source quota.
 *
 *   npx tsx bench/http-throttle.ts                  # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/http-throttle.ts
 *   SECONDS=5 CONCURRENCY=8 npx tsx bench/http-throttle.ts
 */
import type { AddressInfo } from 'node:net';
import type { AccessTables } from '../src/access/index.js';
import type { HttpLimits } from '../src/config.js';
import { buildApp } from '../src/http/app.js';
import { DEFAULT_LIMITS } from '../src/http/limits.js';
import type { RegistryTables } from '../src/registry/index.js';
import { loginAs, newPerson, seedTestDivisions } from '../src/registry/testing.js';
import { openTestDatabase, testConfig } from '../src/testing/db.js';

const SECONDS = Number(process.env.SECONDS ?? 4);
/** Long enough for one user to spend the minute's read quota at the rate this machine serves reads. */
const READ_SECONDS = Number(process.env.READ_SECONDS ?? 16);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const log = (text: string) => process.stdout.write(`${text}\n`);

interface Tally {
  perSecond: number;
  accepted: number;
  refused: number;
  firstRefusalAfterMs: number | null;
}

/** Fires requests from CONCURRENCY loops for SECONDS; counts non-429 answers as accepted. */
async function hammer(request: () => Promise<Response>, seconds = SECONDS): Promise<Tally> {
  const started = performance.now();
  const until = started + seconds * 1000;
  let accepted = 0;
  let refused = 0;
  let firstRefusalAfterMs: number | null = null;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const response = await request();
        await response.arrayBuffer();
        if (response.status === 429) {
          refused++;
          firstRefusalAfterMs ??= performance.now() - started;
        } else accepted++;
      }
    }),
  );
  return { perSecond: accepted / seconds, accepted, refused, firstRefusalAfterMs };
}

async function measure(limits: Partial<HttpLimits>) {
  const t = await openTestDatabase(testConfig({ limits }));
  const app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  const db = t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>();
  await seedTestDivisions(db);
  const user = await loginAs(app, db, 'bench.reader', 'street_caseworker', '310115004');
  for (let i = 0; i < 20; i++) await app.inject({ method: 'POST', url: '/api/v1/persons', headers: user.headers, payload: newPerson() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;
  try {
    const signIns = await hammer(() => fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `nobody${Math.random()}`, password: 'wrong-password' }) }));
    const reads = await hammer(() => fetch(`${base}/persons?limit=20`, { headers: user.headers }), READ_SECONDS);
    return { signIns, reads };
  } finally {
    await app.close();
    await t.close();
  }
}

const huge = { max: 1_000_000_000, windowSeconds: 60 };
log(`HTTP throttling — sign-ins ${SECONDS} s, reads ${READ_SECONDS} s per measurement, ${CONCURRENCY} concurrent clients from one address, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
const throttled = await measure({});
const baseline = await measure({ signInPerSource: huge, signInPerAccount: huge, personalReadsPerUser: huge });

const row = (label: string, quota: string, limited: Tally, free: Tally) =>
  log(
    `${label.padEnd(22)} quota ${quota.padEnd(9)} accepted ${limited.perSecond.toFixed(1).padStart(7)}/s (${limited.accepted} ok, ${limited.refused} × 429, first 429 after ${limited.firstRefusalAfterMs?.toFixed(0) ?? '—'} ms)` +
      `  unthrottled ${free.perSecond.toFixed(1).padStart(7)}/s  ratio ${(limited.perSecond / free.perSecond).toFixed(4)}`,
  );
row('sign-ins, one source', `${DEFAULT_LIMITS.signInPerSource.max}/min`, throttled.signIns, baseline.signIns);
row('person reads, one user', `${DEFAULT_LIMITS.personalReadsPerUser.max}/min`, throttled.reads, baseline.reads);
const readsBefore429 = throttled.reads.firstRefusalAfterMs ? DEFAULT_LIMITS.personalReadsPerUser.max / (throttled.reads.firstRefusalAfterMs / 1000) : null;
log(`person reads/s before the first 429: ${readsBefore429?.toFixed(0) ?? '—'} (the whole minute's quota spent in ${throttled.reads.firstRefusalAfterMs?.toFixed(0) ?? '—'} ms)`);
log(`sustained over a minute: ${(DEFAULT_LIMITS.signInPerSource.max / 60).toFixed(2)} sign-ins/s per source, ${(DEFAULT_LIMITS.personalReadsPerUser.max / 60).toFixed(0)} person reads/s per user`);
