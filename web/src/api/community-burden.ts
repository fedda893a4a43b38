/** 减负: the dated lists, requests made of committees, reports of work pushed down, monitoring-point figures. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';

export interface BurdenEntry {
  id: number;
  kind: 'certificate_allowed' | 'certificate_forbidden' | 'task_admitted';
  kindName: string;
  name: string;
  source: string;
  example: boolean;
  validFrom: string;
  validTo: string | null;
}
export interface BurdenRequest {
  id: number;
  committeeCode: string;
  committeeName: string;
  requestedOn: string;
  kind: 'certificate' | 'task';
  subject: string;
  requestedBy: string;
  entryId: number | null;
  outcome: string;
  outcomeName: string;
  reason: string;
}
export interface BurdenReport {
  id: number;
  committeeCode: string;
  committeeName: string;
  reportedOn: string;
  pushedBy: string;
  content: string;
  status: 'received' | 'referred' | 'closed';
  statusName: string;
  referredTo: string | null;
  referredOn: string | null;
  result: string | null;
  closedOn: string | null;
}
export interface BurdenCounts {
  requests: number;
  refused: number;
  reports: number;
  referred: number;
  closed: number;
}
export interface BurdenFigures {
  month: string;
  rule: string;
  points: (BurdenCounts & { committeeCode: string; committeeName: string; since: string })[];
  total: BurdenCounts;
}

export function useBurdenEntries() {
  return useQuery({ queryKey: ['community', 'burden', 'entries'], queryFn: ({ signal }) => api<{ items: BurdenEntry[] }>('/community/burden/entries', { signal }) });
}
export function useBurdenFigures(month: string, division?: string) {
  return useQuery({
    queryKey: ['community', 'burden', 'figures', month, division ?? ''],
    queryFn: ({ signal }) => api<BurdenFigures>('/community/burden/figures', { query: { month, division }, signal }),
    placeholderData: keepPreviousData,
  });
}
export function useBurdenRequests(month: string, division: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['community', 'burden', 'requests', month, division ?? ''],
    queryFn: ({ signal }) => api<{ items: BurdenRequest[] }>('/community/burden/requests', { query: { month, division }, signal }),
    enabled,
  });
}
export function useBurdenReports(division: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['community', 'burden', 'reports', division ?? ''],
    queryFn: ({ signal }) => api<{ items: BurdenReport[] }>('/community/burden/reports', { query: { division }, signal }),
    enabled,
  });
}
function useBurdenMutation<I, O>(path: (input: I) => string, body: (input: I) => unknown = (i) => i) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => api<O>(path(input), { body: body(input) }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['community', 'burden'] }),
  });
}
export const useRecordBurdenRequest = () =>
  useBurdenMutation<{ committeeCode: string; requestedOn: string; kind: 'certificate' | 'task'; entryId?: number | null; subject?: string; requestedBy: string }, BurdenRequest>(() => '/community/burden/requests');
export const useFileBurdenReport = () => useBurdenMutation<{ committeeCode: string; reportedOn: string; pushedBy: string; content: string }, BurdenReport>(() => '/community/burden/reports');
export const useReferBurdenReport = () =>
  useBurdenMutation<{ id: number; referredTo: string; referredOn: string }, BurdenReport>(
    (i) => `/community/burden/reports/${i.id}/refer`,
    ({ id: _, ...rest }) => rest,
  );
export const useCloseBurdenReport = () =>
  useBurdenMutation<{ id: number; result: string; closedOn: string }, BurdenReport>(
    (i) => `/community/burden/reports/${i.id}/close`,
    ({ id: _, ...rest }) => rest,
  );
