import type { ColumnType, Generated } from 'kysely';

/** jsonb: an object read, a JSON string written. */
type Json<T> = ColumnType<T, string | undefined, string>;

export const JOB_KINDS = ['screen', 'simulation', 'import', 'payment-run', 'discovery'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export type JobTables = {
  'jobs.jobs': {
    id: Generated<number>;
    owner_user_id: number;
    kind: JobKind;
    module_job_id: string;
    title: string;
    ref: Json<Record<string, unknown>>;
    status_path: string | null;
    result_path: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};
