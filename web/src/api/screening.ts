import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ScreenBreakdownSchema, ScreenHouseholdPageSchema, ScreenRunSchema, ScreenStarted as ScreenStartedSchema } from '../../../src/policy/schemas-store.js';
import { api } from './client.js';

/** `timings`: how the run read its population and how long it took (null until done). */
export type ScreenRun = Static<typeof ScreenRunSchema>;
export type ScreenTimings = NonNullable<ScreenRun['timings']>;
export type ScreenStarted = Static<typeof ScreenStartedSchema>;

export const isRunning = (run: Pick<ScreenRun, 'status'> | undefined) => run?.status === 'queued' || run?.status === 'running';

/** The server runs the job in the background; the page only polls, so it may be closed and reopened. */
export function useScreenRun(id: number | null) {
  return useQuery({
    queryKey: ['policy', 'screen', id],
    queryFn: ({ signal }) => api<ScreenRun>(`/policy/screen/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (isRunning(query.state.data) ? 1_500 : false),
    staleTime: 0,
  });
}

export function startScreen(month: string, divisionCode?: string): Promise<ScreenStarted> {
  return api<ScreenStarted>('/policy/screen', { body: { month, divisionCode } });
}

export type ScreenBreakdown = Static<typeof ScreenBreakdownSchema>;
export type ScreenHouseholdPage = Static<typeof ScreenHouseholdPageSchema>;

/** Eligible households by child division and programme: the city's districts, a district's streets. */
export function useScreenBreakdown(runId: number, division: string | null) {
  return useQuery({
    queryKey: ['policy', 'screen', runId, 'breakdown', division],
    queryFn: ({ signal }) => api<ScreenBreakdown>(`/policy/screen/${runId}/breakdown`, { query: { division: division ?? undefined }, signal }),
  });
}

/** A street's eligible households, a page at a time (`cursor`: the last household id of the page before). */
export function useScreenHouseholds(runId: number, division: string, cursor: number | null) {
  return useQuery({
    queryKey: ['policy', 'screen', runId, 'households', division, cursor],
    queryFn: ({ signal }) => api<ScreenHouseholdPage>(`/policy/screen/${runId}/households`, { query: { division, cursor: cursor ?? undefined, limit: 20 }, signal }),
  });
}
