/**
 * Fault benchmark (issue 22): `kill -9` of the server during a stream of fact imports and case actions.
 *
 *   npx tsx bench/ops-kill.ts [--clients 20] [--kills 3] [--interval 8] [--http-port 4743]
 *
 * A fresh database on DATABASE_URL's cluster (default the machine's 5432: only the server process is killed,
 * never the database), a real `minzheng serve` on it, and `--clients` caseworker clients without think time:
 * 2 in 3 send a department fact batch (3 facts for one person, its own batch id; re-sent with the same id after
 * a lost answer, which the API makes a no-op), 1 in 3 files an assistance application with its own
 * Idempotency-Key, re-sent with the same key after a lost answer or a 503 (no application may be filed twice:
 * cases are counted against the keys claimed).
 * Every `--interval` seconds the server gets SIGKILL and is started again at once. Afterwards, with the outbox
 * drained, it checks:
 *   - every acknowledged batch has its 3 facts, no batch more; every acknowledged application exists;
 *   - the outbox resumed: every `registry.facts.recorded` event was handled by monitoring's handler;
 *   - no handler effect was applied twice: a trigger (the bench's own, security definer) copies each
 *     `monitoring.pending_evaluations` row the handler inserts, so a second run of the handler for an event
 *     would show as two rows for it.
 * Prints the recovery time of each kill (SIGKILL to the next acknowledged write) and the counts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createUser, type AccessTables } from '../src/access/index.js';
import { migrate, openDatabase } from '../src/db/index.js';
import { migrationSources } from '../src/modules.js';
import { newPerson, seedTestDivisions, TEST_COMMITTEES } from '../src/registry/testing.js';
import type { RegistryTables } from '../src/registry/index.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '20' },
    kills: { type: 'string', default: '3' },
    interval: { type: 'string', default: '8' },
    'http-port': { type: 'string', default: '4743' },
  },
});
const clients = Number(values.clients);
const kills = Number(values.kills);
const intervalMs = Number(values.interval) * 1000;
const httpPort = Number(values['http-port']);
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `mz_bench_kill_${process.pid}`;
const url = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
})();
const base = `http://127.0.0.1:${httpPort}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PASSWORD = 'Kill-bench-2026!';

async function query<R extends pg.QueryResultRow>(statement: string, params: unknown[] = [], target = url): Promise<R[]> {
  const client = new pg.Client({ connectionString: target });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(statement, params)).rows;
  } finally {
    await client.end();
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'mz-kill-'));
let server: ChildProcess | undefined;
let serverLog = '';

function startServer(): ChildProcess {
  const bin = fileURLToPath(new URL('../bin/minzheng.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(httpPort), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', MFA_ROLES: '', LOG_LEVEL: 'warn', AUDIT_ANCHOR_DIR: join(dataDir, 'anchors') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-20_000)));
  child.stderr?.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-20_000)));
  return child;
}

async function untilReady(limitMs = 300_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (
      (await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )) === true
    )
      return;
    await sleep(200);
  }
  throw new Error(`server not ready in ${limitMs} ms:\n${serverLog}`);
}

async function api<T>(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T; replayed: boolean }> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T, replayed: response.headers.get('idempotent-replayed') === 'true' };
}

async function main(): Promise<void> {
  await query(`create database ${name}`, [], adminUrl);
  const owner = await openDatabase({ url, poolSize: 2 });
  await migrate(owner, migrationSources);
  await seedTestDivisions(owner.kysely.withTables<RegistryTables>());
  await createUser(owner.kysely.withTables<AccessTables>(), null, { username: 'killbench', displayName: '压测经办人', role: 'street_caseworker', jurisdiction: '310115004', password: PASSWORD });
  // The bench's witness of handler effects: one row per pending evaluation monitoring's handler inserts.
  await owner.exclusive((s) =>
    s.exec(`
    create table public.bench_effects (event_id bigint, person_id bigint);
    create function public.bench_note_effect() returns trigger language plpgsql security definer as $$
    begin
      insert into public.bench_effects values ((new.trigger->'origin'->>'eventId')::bigint, (new.trigger->>'personId')::bigint);
      return new;
    end $$;
    create trigger bench_effect after insert on monitoring.pending_evaluations for each row
      when (new.trigger->>'type' = 'facts_changed') execute function public.bench_note_effect();`),
  );
  await owner.close();

  server = startServer();
  await untilReady();
  const login = await api<{ token: string }>('POST', '/auth/login', undefined, { username: 'killbench', password: PASSWORD });
  if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
  const token = login.body.token;
  const households: Array<{ householdId: number; personId: number }> = [];
  for (let i = 0; i < 150; i++) {
    const household = await api<{ id: number }>('POST', '/households', token, { divisionCode: TEST_COMMITTEES.weifang1 });
    const person = await api<{ id: number }>('POST', '/persons', token, newPerson());
    const member = await api('POST', `/households/${household.body.id}/members`, token, { personId: person.body.id, relation: 'head', since: '2020-01-01' });
    if (member.status !== 201) throw new Error(`setup: ${JSON.stringify(member.body)}`);
    households.push({ householdId: household.body.id, personId: person.body.id });
  }

  const ackedBatches = new Map<string, number>();
  const ackedCases: number[] = [];
  let unknownCases = 0;
  let resentCases = 0;
  let replayedCases = 0;
  let doneWithoutAnswer = 0;
  let otherErrors = 0;
  const errorCodes = new Map<string, number>();
  const acks: number[] = [];
  let stop = false;
  const t0 = performance.now();
  const now = () => performance.now() - t0;

  const client = async (c: number) => {
    for (let seq = 0; !stop; seq++) {
      const target = households[(c * 7 + seq) % households.length];
      if (seq % 3 !== 2) {
        const batchId = `kill-${c}-${seq}`;
        const facts = [1, 2, 3].map((k) => ({ subjectType: 'person', subjectId: target.personId, kind: 'income.wage', amountFen: 100_000 + k, validFrom: '2026-01-01' }));
        // The same batch id again after a lost answer or a 503: the API records it once.
        for (let attempt = 0; !stop || attempt === 0; attempt++) {
          const result = await api('POST', '/facts/batches', token, { batchId, source: 'kill-bench', facts }).catch(() => undefined);
          if (result && (result.status === 200 || result.status === 201)) {
            ackedBatches.set(batchId, target.personId);
            acks.push(now());
            break;
          }
          if (result && result.status !== 503) {
            otherErrors++;
            errorCodes.set(`facts ${result.status}`, (errorCodes.get(`facts ${result.status}`) ?? 0) + 1);
            break;
          }
          await sleep(200);
        }
      } else {
        // One Idempotency-Key per application, sent again with every retry after a lost answer or a 503: the
        // key is claimed in the application's transaction, so a retry of one that committed is answered from it.
        const key = `kill-app-${c}-${seq}`;
        for (let attempt = 0; !stop || attempt === 0; attempt++) {
          const result = await api<{ id: number; code?: string }>(
            'POST',
            '/assistance/cases',
            token,
            {
              programme: 'dibao',
              householdId: target.householdId,
              applicantPersonId: target.personId,
              reason: '故障测试：进程被强制终止时的申请',
              bankAccount: { holderName: '测试', bankName: '测试银行', accountNo: '622202000000000001' },
            },
            { 'idempotency-key': key },
          ).catch(() => undefined);
          if (attempt > 0) resentCases++;
          if (result?.status === 201) {
            ackedCases.push(result.body.id);
            acks.push(now());
            if (result.replayed) replayedCases++;
            break;
          }
          if (!result) unknownCases++;
          else if (result.status === 409 && result.body.code === 'IDEMPOTENCY_ALREADY_DONE') {
            // Committed, its answer lost with the process: done, and not done again.
            doneWithoutAnswer++;
            break;
          } else if (result.status !== 503 && !(result.status === 409 && result.body.code === 'IDEMPOTENCY_IN_PROGRESS')) {
            otherErrors++;
            errorCodes.set(`cases ${result.status}`, (errorCodes.get(`cases ${result.status}`) ?? 0) + 1);
            break;
          }
          await sleep(200);
        }
      }
    }
  };
  const running = Array.from({ length: clients }, (_, c) => client(c));

  const recoveries: number[] = [];
  for (let k = 0; k < kills; k++) {
    await sleep(intervalMs);
    const killedAt = now();
    server.kill('SIGKILL');
    await new Promise((resolve) => server?.once('exit', resolve));
    server = startServer();
    await untilReady();
    while (!acks.some((at) => at > killedAt)) await sleep(50);
    recoveries.push((acks.find((at) => at > killedAt) as number) - killedAt);
  }
  await sleep(intervalMs);
  stop = true;
  await Promise.all(running);

  // The outbox drained: monitoring's handler has handled every facts event (it runs twice a second).
  const pendingEvents = async () =>
    Number(
      (
        await query<{ n: string }>("select count(*) as n from core.outbox e where e.topic = 'registry.facts.recorded' and not exists (select 1 from core.outbox_handled h where h.handler = 'monitoring.facts-changed' and h.event_id = e.id)")
      )[0].n,
    );
  for (let waited = 0; (await pendingEvents()) > 0 && waited < 120_000; waited += 500) await sleep(500);
  const stillPending = await pendingEvents();

  const batchIds = [...ackedBatches.keys()];
  const present = await query<{ batch_id: string; n: string }>('select batch_id, count(*) as n from registry.facts where batch_id = any($1) group by batch_id', [batchIds]);
  const lostBatches = batchIds.length - present.length;
  const duplicatedBatches = present.filter((r) => Number(r.n) !== 3).length;
  const casesPresent = Number((await query<{ n: string }>('select count(*) as n from assistance.cases where id = any($1)', [ackedCases]))[0].n);
  const casesTotal = Number((await query<{ n: string }>('select count(*) as n from assistance.cases'))[0].n);
  // Every application the bench's clients made holds one claimed key: more cases than keys would be one acted twice.
  const claimedKeys = Number((await query<{ n: string }>("select count(*) as n from core.idempotency_keys where key like 'kill-app-%'"))[0].n);
  const actedTwice = casesTotal - claimedKeys;
  const effects = await query<{ event_id: string; n: string }>(
    "select e.id as event_id, count(b.event_id) as n from core.outbox e left join public.bench_effects b on b.event_id = e.id where e.topic = 'registry.facts.recorded' group by e.id",
  );
  const events = Number((await query<{ n: string }>("select count(*) as n from core.outbox where topic = 'registry.facts.recorded'"))[0].n);
  const missingEffects = effects.filter((e) => Number(e.n) === 0).length;
  const duplicatedEffects = effects.filter((e) => Number(e.n) > 1).length;

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `\nkill -9 during fact imports and case actions (${clients} clients, ${kills} SIGKILLs every ${intervalMs / 1000} s; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(`  recovery (SIGKILL → next acknowledged write)   ${recoveries.map(s).join(', ')}`);
  console.log(`  fact batches acknowledged ${batchIds.length}: lost ${lostBatches}, recorded twice ${duplicatedBatches}`);
  console.log(
    `  applications acknowledged ${ackedCases.length}: lost ${ackedCases.length - casesPresent}; answers lost in a kill ${unknownCases}, re-sent with their key ${resentCases}, answered from the stored answer ${replayedCases}, committed without an answer ${doneWithoutAnswer}; cases ${casesTotal} for ${claimedKeys} keys: acted twice ${actedTwice}`,
  );
  console.log(`  facts events ${events}: left unhandled ${stillPending}, effect missing ${missingEffects}, effect applied twice ${duplicatedEffects}`);
  console.log(`  errors other than 503 / lost connection ${otherErrors}${errorCodes.size ? ` (${[...errorCodes].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`);
  const failed = lostBatches + duplicatedBatches + (ackedCases.length - casesPresent) + actedTwice + stillPending + missingEffects + duplicatedEffects > 0;
  console.log(failed ? '  FAILED: an acknowledged write is missing or an effect was applied twice' : '  0 acknowledged writes lost, 0 duplicated effects');
  process.exitCode = failed ? 1 : 0;
}

try {
  await main();
} finally {
  server?.kill('SIGTERM');
  await sleep(1000);
  rmSync(dataDir, { recursive: true, force: true });
  await query(`drop database if exists ${name} with (force)`, [], adminUrl).catch(() => undefined);
}
