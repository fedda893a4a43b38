import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import type { AuditPage, AuditSubject, ChainVerification } from './types.js';

export interface AuditFilter {
  result?: 'ok' | 'denied' | 'error';
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Shanghai calendar dates, both included. */
  fromDate?: string;
  toDate?: string;
  /** Only entries that read this person's data (directly, or through their household or case). */
  personId?: number;
}

/** Newest first; each further page continues below the last id seen. */
export function useAuditLog(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam, signal }) => api<AuditPage>('/audit', { query: { ...filter, beforeId: pageParam, limit: 50 }, signal }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
    staleTime: 0,
  });
}

/** Persons by name or ID number, for "who read this person's data". */
export function useAuditSubjects(q: string) {
  return useQuery({
    queryKey: ['audit-subjects', q],
    queryFn: ({ signal }) => api<AuditSubject[]>('/audit/subjects', { query: { q }, signal }),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
  });
}

export const verifyAuditChain = () => api<ChainVerification>('/audit/verify');
