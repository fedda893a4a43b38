import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';

/**
 * Recipients and money from the payment ledger, per month, district and programme (counts and sums only).
 * Contract asked of the assistance module: GET /assistance/stats?from=YYYY-MM&to=YYYY-MM&division=…,
 * permission stats.read, scoped to the jurisdiction. Until it is served the cockpit says so.
 */
export interface AssistanceStatsRow {
  month: string;
  districtCode: string;
  programme: string;
  /** Households paid that month (a 特困 person counts as one). */
  households: number;
  persons?: number;
  amountFen: number;
}

export interface AssistanceStats {
  divisionCode: string;
  from: string;
  to: string;
  rows: AssistanceStatsRow[];
}

export function useAssistanceStats(division: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: ['cockpit', 'assistance-stats', division, from, to],
    queryFn: ({ signal }) => api<AssistanceStats>('/assistance/stats', { query: { division, from, to }, signal }),
    staleTime: 5 * 60_000,
  });
}
