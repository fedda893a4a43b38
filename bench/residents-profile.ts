/**
 * One resident's entitlements page, taken apart: every SQL statement it sends (grouped by what it touches),
 * how many audit-chain writes and entries it makes, and the time of each request, alone on the database.
 * The figures behind the portal's per-request cost (bench/residents-portal.ts measures it under a crowd).
 *
 *   npx tsx bench/residents-profile.ts                  # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/residents-profile.ts
 *   PERSONS=5000 REPEAT=20 SHOW_SQL=1 npx tsx bench/residents-profile.ts
 */
import { randomBytes } from 'node:crypto';
import { sql, type CompiledQuery, type KyselyPlugin, PostgresQueryCompiler } from 'kysely';
import { buildApp } from '../src/http/app.js';
import { IdVault, loadDemoCity } from '../src/registry/index.js';
import { setDevCodeSink } from '../src/residents/index.js';
import { testConfig } from '../src/testing/db.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const PERSONS = Number(process.env.PERSONS ?? 5_000);
const REPEAT = Number(process.env.REPEAT ?? 20);
const log = (text: string) => process.stdout.write(`${text}\n`);

/** Every statement Kysely compiles (builder and raw `sql`), in order; transaction brackets are the driver's and not counted. */
const statements: string[] = [];
const compiled: CompiledQuery[] = [];
const started = new Map<string, number>();
let sqlMs = 0;
const compiler = new PostgresQueryCompiler();
const recorder: KyselyPlugin = {
  transformQuery(args) {
    const q = compiler.compileQuery(args.node, args.queryId);
    statements.push(q.sql);
    compiled.push(q);
    started.set(args.queryId.queryId, performance.now());
    return args.node;
  },
  async transformResult(args) {
    const t = started.get(args.queryId.queryId);
    if (t !== undefined) sqlMs += performance.now() - t;
    started.delete(args.queryId.queryId);
    return args.result;
  },
};

const { db: raw, drop } = await openBenchDatabase();
const db = { ...raw, kysely: raw.kysely.withPlugin(recorder) };
const secretKey = randomBytes(32);
const ctx = { db, config: testConfig({ secretKey }) };
log(
  `residents profile — one entitlements page, demo city of ${PERSONS} persons, ${raw.kind}; load ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
try {
  const vault = new IdVault(secretKey);
  let t = Date.now();
  await loadDemoCity(raw, vault, { seed: 20241, persons: PERSONS });
  log(`demo city: ${seconds(Date.now() - t)}`);
  const row = (
    await sql<{ id_number_enc: Buffer }>`select p.id_number_enc from registry.persons p
      join registry.household_members m on m.person_id = p.id and m.until is null
      where p.death_date is null and p.birth_date < current_date - interval '18 years' order by p.id limit 1`.execute(raw.kysely)
  ).rows[0];
  const idNumber = vault.decrypt(row.id_number_enc);
  let code = '';
  setDevCodeSink((m) => {
    code = m.code;
  });
  const app = await buildApp(ctx, { webDist: '/nonexistent' });
  await app.ready();
  const signIn = async () => {
    await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber } });
    return app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber, code } });
  };
  await signIn();
  statements.length = 0;
  t = performance.now();
  const login = await signIn();
  log(`sign-in (code request + login): ${(performance.now() - t).toFixed(1)} ms, ${statements.length} statements:`);
  for (const q of statements) log(`    ${q.slice(0, 140)}`);
  if (login.statusCode !== 200) throw new Error(`login ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const auditCount = async () => Number((await sql<{ n: string }>`select count(*) as n from access.audit_log`.execute(raw.kysely)).rows[0].n);

  const page = () => app.inject({ method: 'GET', url: '/api/v1/resident/entitlements', headers: { cookie } });
  await page(); // warm: caches, prepared paths
  const before = await auditCount();
  statements.length = 0;
  compiled.length = 0;
  t = performance.now();
  const first = await page();
  const one = performance.now() - t;
  if (first.statusCode !== 200) throw new Error(`entitlements ${first.statusCode} ${first.body}`);
  const sent = [...statements];
  const entries = (await auditCount()) - before;
  const groups = new Map<string, number>();
  for (const s of sent) {
    const key = s.startsWith('select pg_advisory_xact_lock')
      ? 'audit chain lock'
      : (s
          .match(/(?:from|into|update)\s+"?([a-z_]+)"?\."?([a-z_]+)"?/i)
          ?.slice(1, 3)
          .join('.') ?? s.slice(0, 40));
    const verb = s.trimStart().split(/\s/)[0].toLowerCase();
    groups.set(`${verb} ${key}`, (groups.get(`${verb} ${key}`) ?? 0) + 1);
  }
  log(`statements per entitlements page: ${sent.length} (+ transaction brackets); audit entries: ${entries}; audit-chain writes: ${sent.filter((s) => s.startsWith('select pg_advisory_xact_lock')).length}`);
  for (const [k, n] of [...groups].sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(3)}  ${k}`);
  if (process.env.SHOW_SQL) for (const s of sent) log(`    ${s.slice(0, 220)}`);
  // Each read of the page again on its own, 20 times: what a statement costs the database, apart from the rest.
  const reads = compiled.filter((q) => /^\s*select/i.test(q.sql) && !q.sql.includes('pg_advisory'));
  let readsMs = 0;
  const costs: [number, string][] = [];
  for (const q of reads) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await raw.kysely.executeQuery(q);
    const each = (performance.now() - t0) / 20;
    readsMs += each;
    costs.push([each, q.sql.slice(0, 150)]);
  }
  log(`the page's ${reads.length} reads replayed one by one: ${readsMs.toFixed(1)} ms together; dearest:`);
  for (const [each, text] of costs.sort((a, b) => b[0] - a[0]).slice(0, 8)) log(`  ${each.toFixed(2).padStart(7)} ms  ${text}`);
  if (process.env.EXPLAIN)
    for (const q of reads) {
      const plan = await raw.kysely.executeQuery<{ 'QUERY PLAN': string }>({ ...q, sql: `explain analyze ${q.sql}` });
      log(`\n${q.sql.slice(0, 160)}\n${plan.rows.map((r) => `   ${r['QUERY PLAN']}`).join('\n')}`);
    }
  const times: number[] = [];
  sqlMs = 0;
  const profiler = process.env.CPU_PROFILE ? new (await import('node:inspector/promises')).Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  for (let i = 0; i < REPEAT; i++) {
    t = performance.now();
    await page();
    times.push(performance.now() - t);
  }
  if (profiler) {
    const { profile } = await profiler.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(process.env.CPU_PROFILE as string, JSON.stringify(profile));
    // Self time by place: where the CPU of the requests goes (native and PGlite's wasm included).
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const dt = profile.timeDeltas ?? [];
    (profile.samples ?? []).forEach((id, i) => {
      const f = byId.get(id)?.callFrame;
      const key = f ? `${f.functionName || '(anon)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/')}:${f.lineNumber}` : '?';
      self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    log(`CPU profile of ${REPEAT} requests: ${total.toFixed(0)} ms sampled; top self time:`);
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`);
  }
  times.sort((a, b) => a - b);
  log(
    `one request alone: first ${one.toFixed(1)} ms; of ${REPEAT}: median ${times[Math.floor(REPEAT / 2)].toFixed(1)} ms, max ${times[REPEAT - 1].toFixed(1)} ms; in SQL (compile to result, builder statements) ${(sqlMs / REPEAT).toFixed(1)} ms a request`,
  );
  await app.close();
} finally {
  await drop();
}
