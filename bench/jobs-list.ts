/**
 * 任务中心 at scale: one user's job list (newest first, keyset pages) among JOBS jobs of USERS users, and recording a
 * job (the upsert every screening, simulation, import and payment run makes), each against a primary-key read of one
 * job measured in the same run.
 *
 *   npx tsx bench/jobs-list.ts                    # PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/jobs-list.ts
 *   JOBS=1000000 USERS=5000 npx tsx bench/jobs-list.ts
 */
import { sql } from 'kysely';
import type { Actor } from '../src/access/index.js';
import { listMyJobs, recordJob, type JobTables } from '../src/jobs/index.js';
import { openBenchDatabase, seconds } from './assistance-fixtures.js';

const JOBS = Number(process.env.JOBS ?? 200_000);
const USERS = Number(process.env.USERS ?? 2_000);
const ROUNDS = Number(process.env.ROUNDS ?? 200);
const log = (text: string) => process.stdout.write(`${text}\n`);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const ms = (v: number) => `${v.toFixed(2)} ms`;

async function timed(rounds: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  return times;
}

const { db, drop } = await openBenchDatabase();
const jobs = db.kysely.withTables<JobTables>();
log(`jobs list — ${JOBS} jobs of ${USERS} users, ${db.kind}`);
try {
  const t = Date.now();
  await sql`insert into jobs.jobs (owner_user_id, kind, module_job_id, title, ref, status_path)
    select 1 + g % ${USERS}, (array['screen','simulation','import','payment-run'])[1 + g % 4], 'bench-' || g, '任务 ' || g, '{}', '/api/v1/policy/screen/' || g
    from generate_series(1, ${JOBS}) g`.execute(jobs);
  await sql`analyze jobs.jobs`.execute(jobs);
  log(`seed: ${seconds(Date.now() - t)}`);

  const actor = (i: number): Actor => ({ userId: 1 + ((i * 7919) % USERS), username: 'bench', displayName: 'bench', role: 'district_staff', jurisdiction: '310115' });
  const maxId = Number((await sql<{ m: number }>`select max(id)::int as m from jobs.jobs`.execute(jobs)).rows[0].m);

  // Warm both paths once, then measure them interleaved round by round so machine noise hits both alike.
  await listMyJobs(db, actor(0));
  const baseline: number[] = [];
  const firstPage: number[] = [];
  const deepPage: number[] = [];
  const record: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    baseline.push(
      ...(await timed(1, () =>
        jobs
          .selectFrom('jobs.jobs')
          .selectAll()
          .where('id', '=', 1 + ((i * 104729) % maxId))
          .executeTakeFirst(),
      )),
    );
    let cursor: string | undefined;
    firstPage.push(
      ...(await timed(1, async () => {
        cursor = (await listMyJobs(db, actor(i), { limit: 20 })).nextCursor ?? undefined;
      })),
    );
    deepPage.push(...(await timed(1, () => listMyJobs(db, actor(i), { limit: 20, cursor }))));
    record.push(...(await timed(1, () => recordJob(db, actor(i), { kind: 'screen', moduleJobId: `bench-new-${i % 50}`, title: '基准任务', statusPath: '/api/v1/policy/screen/1' }))));
  }
  const base = percentile(baseline, 50);
  const row = (name: string, values: number[]) => log(`${name.padEnd(36)} p50 ${ms(percentile(values, 50)).padStart(10)}  p99 ${ms(percentile(values, 99)).padStart(10)}  p50 ÷ baseline ${(percentile(values, 50) / base).toFixed(2)}×`);
  row('baseline: one job by primary key', baseline);
  row('list, first page (20)', firstPage);
  row('list, second page (keyset cursor)', deepPage);
  row('record a job (upsert, moves to top)', record);
} finally {
  await drop();
}
