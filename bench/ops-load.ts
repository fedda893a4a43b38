/**
 * Load benchmark (issue 22): the staff API under many concurrent users on a demo city in PostgreSQL.
 *
 *   npx tsx bench/ops-load.ts [--persons 20000] [--users 200] [--seconds 10]
 *
 * `--users` street caseworkers of 潍坊新村街道, each signed in with their own session (so the per-user read quota
 * applies as in production), loop without think time: 4 in 5 requests read a page of persons of their street
 * (GET /api/v1/persons), 1 in 5 registers a household (POST /api/v1/households). Prints p50/p99 latency, errors
 * and throughput, against the baseline of the same concurrency on GET /healthz (no database), and checks that
 * every acknowledged household is in the database afterwards. The clients run in the server's process (one
 * machine, shared cores): the figures are a floor, not a ceiling. Uses DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) to create a scratch database, dropped at the end.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createUser, type AccessTables } from '../src/access/index.js';
import { migrate, openDatabase } from '../src/db/index.js';
import { loadDemoPopulation } from '../src/demo/bootstrap.js';
import { buildApp } from '../src/http/app.js';
import { migrationSources } from '../src/modules.js';
import type { RegistryTables } from '../src/registry/index.js';
import { testConfig } from '../src/testing/db.js';

const { values } = parseArgs({ options: { persons: { type: 'string', default: '20000' }, users: { type: 'string', default: '200' }, seconds: { type: 'string', default: '10' } } });
const persons = Number(values.persons);
const users = Number(values.users);
const phaseMs = Number(values.seconds) * 1000;
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `mz_bench_load_${process.pid}`;
const url = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
})();

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

interface Phase {
  latencies: number[];
  errors: Map<number, number>;
  acknowledgedWrites: number;
  seconds: number;
}

async function phase(clients: number, request: (client: number, i: number) => Promise<{ status: number; write: boolean }>): Promise<Phase> {
  const latencies: number[] = [];
  const errors = new Map<number, number>();
  let acknowledgedWrites = 0;
  const end = performance.now() + phaseMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        const { status, write } = await request(client, i).catch(() => ({ status: 0, write: false }));
        latencies.push(performance.now() - t0);
        if (status >= 200 && status < 300) {
          if (write) acknowledgedWrites++;
        } else errors.set(status, (errors.get(status) ?? 0) + 1);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors, acknowledgedWrites, seconds: (performance.now() - started) / 1000 };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const describe = (label: string, r: Phase) =>
  `${label}: ${r.latencies.length} requests, ${(r.latencies.length / r.seconds).toFixed(0)} req/s, p50 ${pct(r.latencies, 0.5).toFixed(1)} ms, p99 ${pct(r.latencies, 0.99).toFixed(1)} ms, errors ${[...r.errors].map(([s, n]) => `${s}×${n}`).join(' ') || '0'}`;

async function main(): Promise<void> {
  await admin(`create database ${name}`);
  const db = await openDatabase({ url, poolSize: 10 });
  try {
    await migrate(db, migrationSources);
    const config = testConfig();
    await loadDemoPopulation({ db, config }, { seed: 20241, persons });
    const committee = await db.kysely.withTables<RegistryTables>().selectFrom('registry.divisions').select('code').where('level', '=', 'committee').where('code', 'like', '310115004%').orderBy('code').executeTakeFirstOrThrow();
    const app = await buildApp({ db, config }, { webDist: '/nonexistent' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const tokens: string[] = [];
    const password = 'load-bench-pass-1';
    for (let i = 0; i < users; i += 8) {
      const batch = Array.from({ length: Math.min(8, users - i) }, (_, k) => `load${i + k}`);
      for (const username of batch) await createUser(db.kysely.withTables<AccessTables>(), null, { username, displayName: username, role: 'street_caseworker', jurisdiction: '310115004000', password });
      const signed = await Promise.all(
        batch.map(async (username) => {
          const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
          if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
          return ((await r.json()) as { token: string }).token;
        }),
      );
      tokens.push(...signed);
    }
    const householdsBefore = await db.kysely
      .withTables<RegistryTables>()
      .selectFrom('registry.households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    const health = await phase(users, async () => {
      const r = await fetch(`${base}/healthz`);
      await r.arrayBuffer();
      return { status: r.status, write: false };
    });
    const staff = await phase(users, async (client, i) => {
      const headers = { authorization: `Bearer ${tokens[client]}`, 'content-type': 'application/json' };
      const write = (client + i) % 5 === 0;
      const r = write ? await fetch(`${base}/api/v1/households`, { method: 'POST', headers, body: JSON.stringify({ divisionCode: committee.code }) }) : await fetch(`${base}/api/v1/persons?divisionCode=310115004&limit=20`, { headers });
      await r.arrayBuffer();
      return { status: r.status, write };
    });
    const householdsAfter = await db.kysely
      .withTables<RegistryTables>()
      .selectFrom('registry.households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await app.close();

    console.log(`${users} concurrent users, ${phaseMs / 1000} s per phase, demo city of ${persons.toLocaleString('en')} persons`);
    console.log(describe('baseline GET /healthz', health));
    console.log(describe('staff mix (80% GET /persons page, 20% POST /households)', staff));
    console.log(
      `p50 ratio to baseline: ${(pct(staff.latencies, 0.5) / Math.max(0.001, pct(health.latencies, 0.5))).toFixed(1)}×; throughput ratio: ${(staff.latencies.length / staff.seconds / (health.latencies.length / health.seconds)).toFixed(2)}`,
    );
    const present = Number(householdsAfter.n) - Number(householdsBefore.n);
    console.log(`writes: ${staff.acknowledgedWrites} acknowledged, ${present} present — ${staff.acknowledgedWrites - present > 0 ? `${staff.acknowledgedWrites - present} LOST` : '0 lost'}`);
  } finally {
    await db.close();
    await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
