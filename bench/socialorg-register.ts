/**
 * 社会组织: (1) the year-end listing run over N organisations (one set-based insert … select per type) against
 * a per-organisation loop (one lookup and one insert each) measured in the same run; (2) public search latency
 * (p50/p99) at N organisations with 5 years of reports and list entries; (3) the full public CSV download
 * (keyset pages) — time and the process's memory growth while it streams; (4) the daily bulk files (build and the
 * full file's download, time and memory growth, against (3) in the same run).
 *
 *   npx tsx bench/socialorg-register.ts                 # 10,000 organisations (a few minutes at most)
 *   ORGS=50000 npx tsx bench/socialorg-register.ts      # the size
 *   DATABASE_URL=postgres://… ORGS=50000 npx tsx bench/socialorg-register.ts
 */
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { buildBulkFiles, bulkFile, publicCsv, publicSearch, runAnnualListing, socialorgDeps } from '../src/socialorg/index.js';
import { openTestDatabase, testConfig } from '../src/testing/db.js';

const ORGS = Number(process.env.ORGS ?? 10_000);
const LOOP_SAMPLE = Math.min(ORGS, Number(process.env.LOOP_SAMPLE ?? 3000));
const SEARCHES = Number(process.env.SEARCHES ?? 300);
const t = await openTestDatabase(testConfig());
const deps = socialorgDeps(t.ctx);
const db = t.db.kysely;
const log = (text: string) => process.stdout.write(`${text}\n`);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const STEMS = ['明德', '仁和', '阳光', '同心', '长青', '安康', '启航', '惠民', '乐群', '思源', '博爱', '新桥', '春晖', '致远', '益友', '和美', '善行', '嘉禾', '复兴', '星光'];
const DISTRICTS = ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112', '310113', '310114', '310115', '310116', '310117', '310118', '310120', '310151'];

const load = async () =>
  `load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')}`;
try {
  log(`socialorg — ${ORGS} organisations, ${t.db.kind}; ${await load()}`);
  let started = performance.now();
  // Types 25/71/4 %, registered over 12 years, 5 years of reports at 93.7 % filing, some list entries.
  await sql`
    insert into socialorg.organisations (org_type, name, level, registrar_division, division_code, district_code, mode, direct_category, status, credit_code, registry_id, registered_on, charity_since)
    select case when i % 100 < 25 then 'social_group' when i % 100 < 96 then 'social_service' else 'foundation' end,
           (${sql.val(DISTRICTS)}::text[])[1 + i % 16] || (${sql.val(STEMS)}::text[])[1 + (i / 16) % 20] || (${sql.val(STEMS)}::text[])[1 + (i / 320) % 20] || i || '服务中心',
           case when i % 100 >= 96 then 'city' else 'district' end,
           case when i % 100 >= 96 then '310000000000' else (${sql.val(DISTRICTS)}::text[])[1 + i % 16] || '000000' end,
           (${sql.val(DISTRICTS)}::text[])[1 + i % 16] || '004000', (${sql.val(DISTRICTS)}::text[])[1 + i % 16] || '000000',
           'direct', 'community', case when i % 50 = 0 then 'deregistered' else 'registered' end,
           'B' || lpad(i::text, 17, '0'), i, date '2013-01-01' + (i * 7919 % 4380), case when i % 40 = 0 then date '2020-01-01' end
      from generate_series(1, ${ORGS}) as i`.execute(db);
  await sql`
    insert into socialorg.annual_reports (organisation_id, year, filed_on, income_fen, expenditure_fen, net_assets_fen, conclusion, concluded_on)
    select o.id, y, make_date(y + 1, 3, 1) + (o.id % 80)::int, 1000000 + o.id * 37 % 90000000, 800000, 500000, case when o.id % 11 = 0 then 'fail' else 'pass' end, make_date(y + 1, 7, 1)
      from socialorg.organisations o, generate_series(2019, 2023) as y
     where o.registered_on <= make_date(y, 6, 30) and (o.id * 31 + y) % 1000 >= 63`.execute(db);
  await sql`
    insert into socialorg.list_entries (organisation_id, list, reason_code, basis, evidence, listed_on, removed_on, source_key)
    select o.id, 'abnormal', 'late_report', '民政部令第60号', '逾期', date '2023-06-01', case when o.id % 3 = 0 then date '2023-09-01' end, 'bench:' || o.id
      from socialorg.organisations o where o.id % 17 = 0`.execute(db);
  await sql`analyze`.execute(db);
  log(`fixture: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // (1) The per-organisation loop over a sample (for 2023's reports into a scratch table), then the set-based run (for 2024).
  await sql`create temporary table loop_entries (organisation_id bigint primary key, listed_on date)`.execute(db);
  const sample = (await sql<{ id: number; registered_on: string; org_type: string }>`select id, registered_on::text, org_type from socialorg.organisations order by id limit ${LOOP_SAMPLE}`.execute(db)).rows;
  started = performance.now();
  for (const o of sample) {
    const deadline = o.org_type === 'foundation' ? '2024-03-31' : '2024-05-31';
    if (o.registered_on > '2023-06-30') continue;
    const filed = await sql`select 1 from socialorg.annual_reports where organisation_id = ${o.id} and year = 2023 and filed_on <= ${deadline}::date`.execute(db);
    if (filed.rows.length === 0) await sql`insert into loop_entries values (${o.id}, ${deadline}::date + 1) on conflict do nothing`.execute(db);
  }
  const loopMs = performance.now() - started;
  const loopPerOrg = loopMs / sample.length;
  // The run for 2023 lists the non-filers and the late foundations (deadline 31 March).
  started = performance.now();
  const run = await runAnnualListing(deps, null, 2023, '2024-06-01');
  const runMs = performance.now() - started;
  started = performance.now();
  const rerun = await runAnnualListing(deps, null, 2023, '2024-06-01');
  const rerunMs = performance.now() - started;
  const listed = run.types.reduce((n, x) => n + x.listed, 0);
  log(`annual run: ${runMs.toFixed(0)} ms for ${ORGS} organisations (${listed} listed); rerun ${rerunMs.toFixed(0)} ms (${rerun.types.reduce((n, x) => n + x.listed, 0)} listed)`);
  log(`per-organisation loop: ${loopPerOrg.toFixed(3)} ms/organisation over ${sample.length} → ${((loopPerOrg * ORGS) / 1000).toFixed(1)} s for ${ORGS}; set-based is ${((loopPerOrg * ORGS) / runMs).toFixed(1)}× faster`);

  // (2) Public search: name fragments, districts, types, list filters, interleaved.
  const times: number[] = [];
  const byKind: number[][] = [[], [], [], [], []];
  for (let i = 0; i < SEARCHES + 10; i++) {
    const filter = [
      { q: STEMS[i % 20] },
      { districtCode: `${DISTRICTS[i % 16]}000000` },
      { orgType: 'foundation' as const },
      { list: 'abnormal' as const },
      { q: `${STEMS[i % 20]}${STEMS[(i * 7) % 20]}`, districtCode: `${DISTRICTS[i % 16]}000000` },
    ][i % 5];
    const s = performance.now();
    await publicSearch(deps, { ...filter, limit: 20, offset: (i % 3) * 20 });
    if (i >= 10) times.push(performance.now() - s);
    if (i >= 10) byKind[i % 5].push(performance.now() - s);
  }
  log(
    `  by filter (p99): name ${percentile(byKind[0], 99).toFixed(1)}, district ${percentile(byKind[1], 99).toFixed(1)}, type ${percentile(byKind[2], 99).toFixed(1)}, list ${percentile(byKind[3], 99).toFixed(1)}, name+district ${percentile(byKind[4], 99).toFixed(1)} ms`,
  );
  log(`public search: p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms over ${SEARCHES} searches; ${await load()}`);
  // Baseline: the cheapest read of the same table and page shape — one organisation by its unique credit code
  // (index lookup + the same list-entry lookup), interleaved the same number of times.
  const codes = (await sql<{ credit_code: string }>`select credit_code from socialorg.organisations where status = 'registered' order by id limit 50`.execute(db)).rows.map((r) => r.credit_code);
  const base: number[] = [];
  for (let i = 0; i < SEARCHES + 10; i++) {
    const s = performance.now();
    await publicSearch(deps, { creditCode: codes[i % codes.length], limit: 20 });
    if (i >= 10) base.push(performance.now() - s);
  }
  log(
    `baseline (search by credit code): p50 ${percentile(base, 50).toFixed(1)} ms  p99 ${percentile(base, 99).toFixed(1)} ms → search/baseline p50 ${(percentile(times, 50) / percentile(base, 50)).toFixed(1)}×, p99 ${(percentile(times, 99) / percentile(base, 99)).toFixed(1)}×; ${await load()}`,
  );

  // (3) The full CSV, consumed as a client would, with the memory growth while it streams.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let bytes = 0;
  let lines = 0;
  started = performance.now();
  for await (const chunk of publicCsv(deps, {})) {
    bytes += Buffer.byteLength(chunk);
    lines += chunk.split('\r\n').length - 1;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const csvMs = performance.now() - started;
  log(`full CSV: ${lines - 1} rows, ${(bytes / 1e6).toFixed(1)} MB in ${(csvMs / 1000).toFixed(2)} s; RSS growth ${((peak - rssBefore) / 1e6).toFixed(1)} MB (file ÷ growth ${(bytes / Math.max(1, peak - rssBefore)).toFixed(1)})`);

  // (4) The daily bulk files: every organisation's whole public page (events, 5 years of reports, lists…) as gzip
  // CSV and JSON, full and changes, built page by page; then the full CSV file downloaded chunk by chunk. Baseline:
  // the headline CSV of (3) in the same run (one row per organisation, no history).
  global.gc?.();
  const rssBuild = process.memoryUsage().rss;
  let buildPeak = rssBuild;
  const sampler = setInterval(() => (buildPeak = Math.max(buildPeak, process.memoryUsage().rss)), 20);
  started = performance.now();
  const manifest = await buildBulkFiles(deps, null);
  const buildMs = performance.now() - started;
  clearInterval(sampler);
  const sizes = manifest.files.map((f) => `${f.name} ${f.rows} rows ${(f.bytes / 1e6).toFixed(1)} MB`).join(', ');
  log(
    `bulk build: ${manifest.organisations} organisations (${manifest.changed} changed) in ${(buildMs / 1000).toFixed(2)} s (${(buildMs / csvMs).toFixed(1)}× the headline CSV); RSS growth ${((buildPeak - rssBuild) / 1e6).toFixed(1)} MB; ${sizes}; ${await load()}`,
  );
  const again = performance.now();
  const second = await buildBulkFiles(deps, null);
  log(`bulk build again the same day: ${(performance.now() - again).toFixed(0)} ms (built: ${second.built})`);
  global.gc?.();
  const rssDownload = process.memoryUsage().rss;
  let downloadPeak = rssDownload;
  let downloaded = 0;
  started = performance.now();
  const file = await bulkFile(deps, manifest.day, 'organisations.csv.gz');
  for await (const chunk of file.chunks) {
    downloaded += chunk.length;
    downloadPeak = Math.max(downloadPeak, process.memoryUsage().rss);
  }
  const downloadMs = performance.now() - started;
  log(`bulk full CSV download: ${(downloaded / 1e6).toFixed(1)} MB gzip in ${(downloadMs / 1000).toFixed(2)} s (${(downloadMs / csvMs).toFixed(2)}× the headline CSV); RSS growth ${((downloadPeak - rssDownload) / 1e6).toFixed(1)} MB`);
} finally {
  await t.close();
}
