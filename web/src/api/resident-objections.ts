/** The caseworker's side of residents' objections (居民异议): the street's list and the answer. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { StaffObjection, StaffObjectionList } from './resident-types.js';

export interface ObjectionQuery {
  status?: 'open' | 'upheld' | 'dismissed';
  division?: string;
}

export function useResidentObjections(query: ObjectionQuery) {
  return useQuery({
    queryKey: ['resident-objections', query],
    queryFn: ({ signal }) => api<StaffObjectionList>('/resident-objections', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useAnswerObjection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, upheld, answer }: { id: number; upheld: boolean; answer: string }) => api<StaffObjection>(`/resident-objections/${id}/answer`, { method: 'POST', body: { upheld, answer } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['resident-objections'] }),
  });
}
