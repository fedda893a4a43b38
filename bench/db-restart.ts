/**
 * Fault benchmark (issue 26): the server under steady write load while its PostgreSQL cluster restarts.
 *
 *   npx tsx bench/db-restart.ts [--cluster fault] [--port 5439] [--clients 200] [--seconds 10]
 *
 * Uses a private cluster (created with trust auth if missing; NEVER the shared one on 5432), starts
 * `minzheng serve` against a fresh database on it, runs `--clients` clients creating households through the
 * HTTP API, restarts the cluster with `pg_ctlcluster 15 <name> restart`, and prints: the 503 window, the time
 * from "database accepts connections again" to the first acknowledged write, acknowledged vs present writes,
 * errors other than 503, server exits, and the steady throughput after the restart against before it (the
 * baseline of this same run). Targets: 0 exits, 0 lost acknowledged writes, recovery < 5 s.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/demo/users.js';

const { values } = parseArgs({
  options: {
    cluster: { type: 'string', default: 'fault' },
    port: { type: 'string', default: '5439' },
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    'http-port': { type: 'string', default: '4742' },
  },
});
const cluster = values.cluster as string;
const pgPort = Number(values.port);
if (pgPort === 5432) throw new Error('refusing to restart the shared cluster on 5432: give a private --port');
const clients = Number(values.clients);
const phaseMs = Number(values.seconds) * 1000;
const httpPort = Number(values['http-port']);
const adminUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
const dbUrl = `postgres://postgres@127.0.0.1:${pgPort}/minzheng_restart`;
const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ensureCluster(): void {
  const listed = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((cols) => cols[0] === '15' && cols[1] === cluster);
  if (listed && Number(listed[2]) === 5432) throw new Error(`cluster ${cluster} listens on 5432 (shared): choose another`);
  if (!listed) {
    console.log(`creating private cluster 15/${cluster} on port ${pgPort} (trust auth)…`);
    execFileSync('pg_createcluster', ['15', cluster, '--port', String(pgPort), '--', '--auth=trust'], { stdio: 'inherit' });
  } else if (Number(listed[2]) !== pgPort) throw new Error(`cluster ${cluster} listens on ${listed[2]}, not ${pgPort}`);
  if (listed?.[3] !== 'online') execFileSync('pg_ctlcluster', ['15', cluster, 'start'], { stdio: 'inherit' });
}

async function adminQuery(sql: string, url = adminUrl): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Outcome {
  at: number;
  status: number; // 0: no HTTP answer at all
  id?: number;
}

async function main(): Promise<void> {
  ensureCluster();
  await adminQuery('drop database if exists minzheng_restart with (force)');
  await adminQuery('create database minzheng_restart');
  const dataDir = mkdtempSync(join(tmpdir(), 'mz-restart-'));
  const bin = fileURLToPath(new URL('../bin/minzheng.js', import.meta.url));
  const server = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(httpPort), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '1', DEMO_PERSONS: '2000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exits = 0;
  let stopping = false;
  let serverLog = '';
  server.stdout.on('data', (d: Buffer) => (serverLog += d.toString()));
  server.stderr.on('data', (d: Buffer) => (serverLog += d.toString()));
  server.on('exit', (code, signal) => {
    if (stopping) return;
    exits++;
    console.log(`server process exited (code ${code}, signal ${signal})`);
  });
  const base = `http://127.0.0.1:${httpPort}`;
  for (let waited = 0; ; waited += 500) {
    if (exits) throw new Error(`server did not start:\n${serverLog}`);
    if (waited > 600_000) throw new Error('server did not become ready in 10 minutes');
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready && serverLog.includes('民政平台已启动')) break;
    await sleep(500);
  }
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'weifang', password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const committee = (await adminQuery(`select code from registry.divisions where level = 'committee' and code like '310115004%' order by code limit 1`, dbUrl)).rows[0].code as string;

  const outcomes: Outcome[] = [];
  const t0 = performance.now();
  const now = () => performance.now() - t0;
  let stop = false;
  const client = async () => {
    while (!stop) {
      try {
        const r = await fetch(`${base}/api/v1/households`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ divisionCode: committee }),
        });
        const body = (await r.json()) as { id?: number };
        outcomes.push({ at: now(), status: r.status, id: r.status === 201 ? body.id : undefined });
        // A client that is told to come back later does so (Retry-After is 2 s; a short pause keeps the test tight).
        if (r.status === 503) await sleep(100);
      } catch {
        outcomes.push({ at: now(), status: 0 });
        await sleep(100);
      }
    }
  };
  const running = Array.from({ length: clients }, client);

  await sleep(phaseMs);
  const restartAt = now();
  // Watch for the database from outside: the first moment it accepts a connection and answers again.
  let dbBackAt: number | undefined;
  let downSeen = false;
  let watching = true;
  const watcher = (async () => {
    await sleep(50);
    while (watching) {
      const up = await adminQuery('select 1', dbUrl).then(
        () => true,
        () => false,
      );
      if (up && dbBackAt === undefined && now() > restartAt + 50) {
        // Only a success after the restart began to refuse counts: check that it was down in between.
        if (downSeen) dbBackAt = now();
      } else if (!up) downSeen = true;
      await sleep(20);
    }
  })();
  // Not execFileSync: the clients and the watcher must keep running (and timing) while the cluster restarts.
  await execFileAsync('pg_ctlcluster', ['15', cluster, 'restart']);
  const restartReturnedAt = now();
  while (dbBackAt === undefined && now() < restartReturnedAt + 30_000) await sleep(20);
  const back = dbBackAt ?? restartReturnedAt;
  await sleep(phaseMs + 1000);
  watching = false;
  stop = true;
  await Promise.all(running);
  await watcher;

  const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.id as number);
  const present = Number((await adminQuery(`select count(*)::int as n from registry.households where id = any('{${acknowledged.join(',')}}'::bigint[])`, dbUrl)).rows[0].n);
  const unavailable = outcomes.filter((o) => o.status === 503);
  const otherErrors = outcomes.filter((o) => o.status !== 201 && o.status !== 503);
  const firstSuccessAfter = outcomes.find((o) => o.status === 201 && o.at > back)?.at;
  const endedAt = Math.max(...outcomes.map((o) => o.at));
  const rate = (from: number, to: number) => (outcomes.filter((o) => o.status === 201 && o.at >= from && o.at < to).length / (to - from)) * 1000;
  const before = rate(1000, restartAt);
  // From the first success after the database is back to the end of the run (a window past the end would dilute it).
  const afterFrom = (firstSuccessAfter ?? back) + 500;
  const after = rate(afterFrom, endedAt);
  // The outage's 503s end with the first success after the database is back; later ones are the pool's queue
  // (200 clients, DB_CONNECT_TIMEOUT_MS waiting for one of its connections) shedding load with Retry-After.
  const outage503 = unavailable.filter((o) => firstSuccessAfter === undefined || o.at <= firstSuccessAfter);
  const shed503 = unavailable.length - outage503.length;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

  console.log(`\nDatabase restart under write load (${clients} clients creating households, cluster 15/${cluster} on ${pgPort})`);
  console.log(`  restart command took              ${s(restartReturnedAt - restartAt)}`);
  console.log(`  database accepted connections at  +${s(back - restartAt)} after the restart began`);
  console.log(
    `  503 answers in the outage         ${outage503.length}` +
      (outage503.length ? `, window ${s(outage503[outage503.length - 1].at - outage503[0].at)} (+${s(outage503[0].at - restartAt)} … +${s(outage503[outage503.length - 1].at - restartAt)})` : ''),
  );
  console.log(`  503 after recovery (pool queue)   ${shed503}`);
  console.log(
    `  recovered (first success) at      ${firstSuccessAfter === undefined ? 'NEVER' : `+${s(firstSuccessAfter - restartAt)} after the restart began`}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`  first success after db back       ${firstSuccessAfter === undefined ? 'NONE' : s(firstSuccessAfter - back)}  (target < 5 s)`);
  console.log(`  acknowledged writes               ${acknowledged.length}, present ${present}, lost ${acknowledged.length - present}  (target 0 lost)`);
  console.log(`  errors other than 503             ${otherErrors.length}${otherErrors.length ? ` (${[...new Set(otherErrors.map((o) => o.status))].join(', ')})` : ''}`);
  console.log(`  server process exits              ${exits}  (target 0)`);
  console.log(`  throughput before restart         ${before.toFixed(1)} writes/s (baseline)`);
  console.log(`  throughput after recovery         ${after.toFixed(1)} writes/s  = ${(after / before).toFixed(2)}× baseline (${s(endedAt - afterFrom)} measured)`);

  process.exitCode = exits || acknowledged.length !== present || firstSuccessAfter === undefined ? 1 : 0;
  stopping = true;
  server.kill('SIGTERM');
  await sleep(1000);
  rmSync(dataDir, { recursive: true, force: true });
  await adminQuery('drop database if exists minzheng_restart with (force)');
  console.log('  timeline (seconds from the restart: acknowledged / 503 / other)');
  const line: string[] = [];
  for (let second = Math.floor(-restartAt / 1000); second * 1000 < now() - restartAt; second++) {
    const inSecond = outcomes.filter((o) => o.at - restartAt >= second * 1000 && o.at - restartAt < (second + 1) * 1000);
    const count = (f: (o: Outcome) => boolean) => inSecond.filter(f).length;
    line.push(`${second >= 0 ? '+' : ''}${second}s ${count((o) => o.status === 201)}/${count((o) => o.status === 503)}/${count((o) => o.status !== 201 && o.status !== 503)}`);
  }
  for (let i = 0; i < line.length; i += 8) console.log(`    ${line.slice(i, i + 8).join('  ')}`);
  console.log(`\n(private cluster 15/${cluster} left running for further runs; remove with: pg_dropcluster --stop 15 ${cluster})`);
}

await main();
