/** 减负: the dated lists, requests made of committees, reports of work pushed down, monitoring-point figures. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { BurdenEntrySchema, BurdenFiguresSchema, BurdenReportSchema, BurdenRequestSchema } from '../../../src/community/routes-burden.js';
import { api } from './client.js';

/** Shapes as src/community/routes-burden.ts publishes them. */
export type BurdenEntry = Static<typeof BurdenEntrySchema>;
export type BurdenRequest = Static<typeof BurdenRequestSchema>;
export type BurdenReport = Static<typeof BurdenReportSchema>;
export type BurdenFigures = Static<typeof BurdenFiguresSchema>;
export type BurdenCounts = BurdenFigures['total'];

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
