import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';

export interface ScreenRun {
  id: number;
  month: string;
  divisionCode: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  phase: string;
  progressPercent: number;
  workers: number;
  households: number | null;
  persons: number | null;
  resultRows: number | null;
  ruleVersion: string | null;
  /** How the run read its population and how long it took (null until done). */
  timings: ScreenTimings | null;
  error: string | null;
  startedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  summaries: { district: string; programme: string; households: number; persons: number; monthlyAmountFen: number }[];
}

export interface ScreenTimings {
  totalMs: number;
  derivedFrom: { month: string; changedHouseholds: number } | null;
  parts: { source: 'registry' | 'snapshot' | 'derived' }[];
}

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

export function startScreen(month: string, divisionCode?: string): Promise<{ runId: number; status: string }> {
  return api<{ runId: number; status: string }>('/policy/screen', { body: { month, divisionCode } });
}
