import { useQuery } from '@tanstack/react-query';
import type { AssistanceStats } from './assistance-types.js';
import { api } from './client.js';

export type { AssistanceStats, AssistanceStatsRow } from './assistance-types.js';

/** Recipients and money from the payment ledger, per month, district and programme (counts and sums only, stats.read). */
export function useAssistanceStats(division: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: ['cockpit', 'assistance-stats', division, from, to],
    queryFn: ({ signal }) => api<AssistanceStats>('/assistance/stats', { query: { division, from, to }, signal }),
    staleTime: 5 * 60_000,
  });
}
