/** 社会组织: penalties and other departments' batches, charity filings, department keys. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { KeySchema } from '../../../src/socialorg/routes-dept.js';
import type { PlanSchema, TrustSchema } from '../../../src/socialorg/routes-charity.js';
import type { PenaltySchema, ReceiptSchema } from '../../../src/socialorg/routes-penalties.js';
import { api } from './client.js';

export type Penalty = Static<typeof PenaltySchema>;
export type Receipt = Static<typeof ReceiptSchema>;
export type Plan = Static<typeof PlanSchema>;
export type Trust = Static<typeof TrustSchema>;
export type ApiKey = Static<typeof KeySchema>;

const invalidate = (client: ReturnType<typeof useQueryClient>) => () => client.invalidateQueries({ queryKey: ['socialorg'] });

/** Newest decision first; each further page continues below the last row read (keyset). */
export const usePenalties = () =>
  useInfiniteQuery({
    queryKey: ['socialorg', 'penalties'],
    queryFn: ({ pageParam, signal }) => api<{ items: Penalty[]; nextCursor: string | null }>('/socialorg/penalties', { query: { cursor: pageParam, limit: 200 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
export const useBatches = () => useQuery({ queryKey: ['socialorg', 'imports'], queryFn: ({ signal }) => api<Receipt[]>('/socialorg/imports', { signal }) });

export function useImportBatch() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ source, body }: { source: 'penalties' | 'court'; body: { batchId: string; format: 'csv' | 'ndjson'; department: string; content: string } }) => api<Receipt>(`/socialorg/imports/${source}`, { body }),
    onSuccess: invalidate(client),
  });
}

export const usePlans = () => useQuery({ queryKey: ['socialorg', 'plans'], queryFn: ({ signal }) => api<Plan[]>('/socialorg/fundraising-plans', { signal }) });
export const useTrusts = () => useQuery({ queryKey: ['socialorg', 'trusts'], queryFn: ({ signal }) => api<Trust[]>('/socialorg/trusts', { signal }) });

export function usePublishTrust() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api<Trust>(`/socialorg/trusts/${id}/publish`, { body: { publishedOn: new Date().toISOString().slice(0, 10) } }), onSuccess: invalidate(client) });
}

export const useApiKeys = () => useQuery({ queryKey: ['socialorg', 'api-keys'], queryFn: ({ signal }) => api<ApiKey[]>('/socialorg/api-keys', { signal }) });

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (body: { department: string; label: string }) => api<ApiKey & { key: string }>('/socialorg/api-keys', { body }), onSuccess: invalidate(client) });
}

export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (id: number) => api<ApiKey>(`/socialorg/api-keys/${id}/revoke`, { body: {} }), onSuccess: invalidate(client) });
}
