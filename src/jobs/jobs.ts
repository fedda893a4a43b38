/**
 * The caller's long jobs. A module records a job when a user starts one; the job's state stays in that module
 * (status_path points at it), so this list never disagrees with it.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import { invalid, notFound } from '../kernel/index.js';
import type { JobKind, JobTables } from './model.js';

export interface NewJob {
  kind: JobKind;
  /** The job's id in its own module; starting the same one again moves it to the top of the list. */
  moduleJobId: string;
  title: string;
  ref?: Record<string, unknown>;
  statusPath?: string;
  resultPath?: string;
}

export interface JobView {
  id: number;
  kind: JobKind;
  moduleJobId: string;
  title: string;
  ref: Record<string, unknown>;
  statusPath: string | null;
  resultPath: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface JobPage {
  items: JobView[];
  nextCursor: string | null;
}

const jobsDb = (db: Database) => db.kysely.withTables<JobTables>();

/** Called by the module that starts the job, after it accepted the request (bad input records nothing). */
export async function recordJob(db: Database, actor: Actor, job: NewJob): Promise<number> {
  const values = {
    owner_user_id: actor.userId,
    kind: job.kind,
    module_job_id: job.moduleJobId,
    title: job.title,
    ref: JSON.stringify(job.ref ?? {}),
    status_path: job.statusPath ?? null,
    result_path: job.resultPath ?? null,
  };
  // A fresh id on a restart: the list is ordered by id, so the job the user just started again comes first.
  const row = await jobsDb(db)
    .insertInto('jobs.jobs')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['owner_user_id', 'kind', 'module_job_id']).doUpdateSet({
        id: sql`nextval(pg_get_serial_sequence('jobs.jobs', 'id'))`,
        title: job.title,
        ref: values.ref,
        status_path: values.status_path,
        result_path: values.result_path,
        updated_at: sql`now()`,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

function cursorOf(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,15}$/.test(raw)) throw invalid('JOBS_INVALID_CURSOR', `翻页游标无效：${raw}`);
  return Number(raw);
}

/** The actor's own jobs, newest first; nobody sees another user's jobs, whatever their role. */
export async function listMyJobs(db: Database, actor: Actor, query: { cursor?: string; limit?: number } = {}): Promise<JobPage> {
  const limit = query.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('JOBS_INVALID_LIMIT', '每页条数须为 1–100');
  const cursor = cursorOf(query.cursor);
  let q = jobsDb(db).selectFrom('jobs.jobs').selectAll().where('owner_user_id', '=', actor.userId);
  if (cursor !== null) q = q.where('id', '<', cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(
    (r): JobView => ({
      id: Number(r.id),
      kind: r.kind,
      moduleJobId: r.module_job_id,
      title: r.title,
      ref: r.ref,
      statusPath: r.status_path,
      resultPath: r.result_path,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    }),
  );
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].id) : null };
}

/** 移出列表: only the list entry goes; the job and its result stay in their module. */
export async function forgetMyJob(db: Database, actor: Actor, id: number): Promise<void> {
  const gone = await jobsDb(db).deleteFrom('jobs.jobs').where('id', '=', id).where('owner_user_id', '=', actor.userId).executeTakeFirst();
  // Another user's job answers as a missing one: its existence is not theirs to learn.
  if (Number(gone.numDeletedRows) === 0) throw notFound('JOBS_NOT_FOUND', `没有编号为 ${id} 的任务`);
}
