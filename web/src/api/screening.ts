import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ScreenRunSchema, ScreenStarted as ScreenStartedSchema } from '../../../src/policy/schemas-store.js';
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
