/**
 * Public surface of the jobs list: modules record a job when a user starts one. The HTTP routes (routes.ts) are
 * mounted by src/modules.ts.
 */
export { recordJob, listMyJobs, forgetMyJob, type NewJob, type JobView, type JobPage } from './jobs.js';
export { JOB_KINDS, type JobKind, type JobTables } from './model.js';
