/**
 * 任务中心's list, from the server (GET /api/v1/jobs): the jobs this user started, in any browser. Each job's
 * state is read from its own module, as its own page does. Types come from the route schema (type-only).
 */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { JobPageSchema, JobSchema } from '../../../src/jobs/routes.js';
import { api } from '../api/client.js';
import type { Override, SimulationRequest } from '../api/simulation.js';

export type Job = Static<typeof JobSchema>;
type JobPage = Static<typeof JobPageSchema>;

const jobsKey = ['jobs'] as const;

/** Newest first; further pages continue below the last job seen. Polled while the page is open: other tabs start jobs too. */
export function useMyJobs() {
  return useInfiniteQuery({
    queryKey: jobsKey,
    queryFn: ({ pageParam, signal }) => api<JobPage>('/jobs', { query: { cursor: pageParam, limit: 20 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
    staleTime: 0,
  });
}

/** 移出列表: the entry only; the job and its result stay where they are. */
export function useForgetJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/jobs/${id}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: jobsKey }),
  });
}

const text = (value: unknown) => String(value ?? '');

/** The simulation as the server recorded it (its request), back into the query string of the simulation page. */
export function simulationQuery(ref: Job['ref']): string {
  const request = ref as unknown as SimulationRequest;
  const override = request.overrides?.[0] as Override | undefined;
  if (!override) return '';
  const [mode, value] =
    override.scalePermille !== undefined ? ['scale', String((override.scalePermille - 1000) / 10)] : override.addFen !== undefined ? ['add', String(override.addFen / 100)] : ['set', String(Number(override.set ?? 0) / 100)];
  const params = new URLSearchParams({ param: override.name, mode, value, from: override.from, start: request.startMonth });
  if (request.divisionCode) params.set('division', request.divisionCode);
  if (request.programmes?.length) params.set('programmes', request.programmes.join(','));
  return params.toString();
}

/** Where the job's own page shows its progress and result. */
export function pageOf(job: Job): string {
  switch (job.kind) {
    case 'screen':
      return `/policy/screen?run=${text(job.ref.runId)}`;
    case 'import':
      return `/monitoring/imports/${text(job.ref.source)}/${encodeURIComponent(text(job.ref.batchId))}`;
    case 'payment-run':
      return `/assistance/payments?district=${text(job.ref.district)}&month=${text(job.ref.month)}`;
    case 'discovery':
      return `/policy/screen?discovery=${text(job.ref.runId)}`;
    default:
      return `/policy/simulate?${simulationQuery(job.ref)}`;
  }
}
