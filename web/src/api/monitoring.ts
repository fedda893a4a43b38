import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CloseBody, ContactBody, HandleBody, OutcomeBody, VisitBody } from '../../../src/monitoring/schemas.js';
import { api } from './client.js';
import type { BatchReceipt, DiscoveryProgress, LeadDetail, LeadSummary, MonitoringDashboard, Page, WarningDetail, WarningSummary } from './monitoring-types.js';

/** A worklist is short (one advisor's committees); five pages of 200 is far more than anyone carries. */
const MAX_PAGES = 5;

async function allPages<T>(path: string, query: Record<string, string | number | boolean | undefined>, signal: AbortSignal): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await api<Page<T>>(path, { query: { ...query, cursor, limit: 200 }, signal });
    items.push(...answer.items);
    if (answer.nextCursor === null) return { items, truncated: false };
    cursor = answer.nextCursor;
  }
  return { items, truncated: true };
}

export function useWarnings(mine: boolean) {
  return useQuery({
    queryKey: ['monitoring', 'warnings', { mine }],
    queryFn: ({ signal }) => allPages<WarningSummary>('/monitoring/warnings', { mine: mine || undefined }, signal),
    staleTime: 10_000,
  });
}

export function useLeads(mine: boolean) {
  return useQuery({
    queryKey: ['monitoring', 'leads', { mine }],
    queryFn: ({ signal }) => allPages<LeadSummary>('/monitoring/leads', { mine: mine || undefined }, signal),
    staleTime: 10_000,
  });
}

export function useWarning(id: number | null) {
  return useQuery({
    queryKey: ['monitoring', 'warning', id],
    queryFn: ({ signal }) => api<WarningDetail>(`/monitoring/warnings/${id}`, { signal }),
    enabled: id !== null,
    staleTime: 0,
  });
}

export function useLead(id: number | null) {
  return useQuery({
    queryKey: ['monitoring', 'lead', id],
    queryFn: ({ signal }) => api<LeadDetail>(`/monitoring/leads/${id}`, { signal }),
    enabled: id !== null,
    staleTime: 0,
  });
}

/** The lead with the household's name and address in full: the purpose goes into the audit log. */
export function revealLead(id: number, purpose: string, purposeRef?: string): Promise<LeadDetail> {
  return api<LeadDetail>(`/monitoring/leads/${id}`, { query: { reveal: true, purpose, purposeRef } });
}

/** 政策找人 started from the screen: runs on the server; its progress is polled until it is done. */
export function startDiscovery(month: string, divisionCode?: string): Promise<DiscoveryProgress> {
  return api<DiscoveryProgress>('/monitoring/discovery/jobs', { body: { month, divisionCode } });
}

export function useDiscoveryRun(id: number | null) {
  return useQuery({
    queryKey: ['monitoring', 'discovery', id],
    queryFn: ({ signal }) => api<DiscoveryProgress>(`/monitoring/discovery/runs/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' || !query.state.data ? 1000 : false),
  });
}

export type WarningStep = { step: 'visit'; body: Static<typeof VisitBody> } | { step: 'handle'; body: Static<typeof HandleBody> } | { step: 'close'; body: Static<typeof CloseBody> };

export function useWarningStep(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, body }: WarningStep) => api<WarningDetail>(`/monitoring/warnings/${id}/${step}`, { body }),
    onSuccess: (detail) => {
      // A step's answer carries no names: keep the ones already shown.
      queryClient.setQueryData<WarningDetail>(['monitoring', 'warning', id], (shown) => ({
        ...detail,
        personName: shown?.personName,
        personNameMasked: shown?.personNameMasked,
        householdName: shown?.householdName,
        householdNameMasked: shown?.householdNameMasked,
      }));
      void queryClient.invalidateQueries({ queryKey: ['monitoring', 'warnings'] });
    },
  });
}

export type LeadStep = { step: 'contact'; body: Static<typeof ContactBody> } | { step: 'outcome'; body: Static<typeof OutcomeBody> };

export function useLeadStep(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, body }: LeadStep) => api<LeadDetail>(`/monitoring/leads/${id}/${step}`, { body }),
    onSuccess: (detail) => {
      queryClient.setQueryData(['monitoring', 'lead', id], detail);
      void queryClient.invalidateQueries({ queryKey: ['monitoring', 'leads'] });
    },
  });
}

export function useMonitoringDashboard(division: string | undefined, month: string) {
  return useQuery({
    queryKey: ['monitoring', 'dashboard', division, month],
    queryFn: ({ signal }) => api<MonitoringDashboard>('/monitoring/dashboard', { query: { division, month }, signal }),
    staleTime: 60_000,
  });
}

/** A receipt is polled while the batch is still being received (another tab, or a request left running). */
export function useBatchReceipt(source: string | undefined, batchId: string | undefined) {
  return useQuery({
    queryKey: ['monitoring', 'receipt', source, batchId],
    queryFn: ({ signal }) => api<BatchReceipt>(`/monitoring/exchange/${source}/batches/${encodeURIComponent(batchId ?? '')}`, { signal }),
    enabled: !!source && !!batchId,
    refetchInterval: (query) => (query.state.data?.status === 'receiving' || (query.state.error && 'status' in query.state.error && query.state.error.status === 404) ? 2_000 : false),
    retry: false,
  });
}
