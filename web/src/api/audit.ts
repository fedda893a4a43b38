import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from './client.js';
import type { AuditPage, ChainVerification } from './types.js';

export interface AuditFilter {
  result?: 'ok' | 'denied' | 'error';
  actor?: string;
  entityType?: string;
  entityId?: string;
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

export const verifyAuditChain = () => api<ChainVerification>('/audit/verify');
