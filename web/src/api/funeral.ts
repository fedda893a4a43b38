/** 殡葬服务: the death desk, a death's checklist and notice, cremations, subsidies, units and figures. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { Cremation, CremationInput, Death, DeathNoticeInput, FuneralFigures, Subsidy, SubsidyInput, Unit, UnitInput } from './funeral-types.js';

export function useDeaths(status: 'open' | 'complete' | 'all') {
  return useQuery({ queryKey: ['funeral', 'deaths', status], queryFn: ({ signal }) => api<{ items: Death[] }>('/funeral/deaths', { query: { status }, signal }) });
}

/** The checklist fills as the modules answer: polled while an automatic item is still open. */
export function useDeath(id: number) {
  return useQuery({
    queryKey: ['funeral', 'death', id],
    queryFn: ({ signal }) => api<Death>(`/funeral/deaths/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
    refetchInterval: (q) => (q.state.data?.checklist.some((i) => i.kind === 'auto' && i.status !== 'done') ? 2000 : false),
  });
}

export function useReportDeath() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: DeathNoticeInput) => api<Death>('/funeral/deaths/notices', { body: input }), onSuccess: () => void client.invalidateQueries({ queryKey: ['funeral'] }) });
}

export function useTickItem(deathId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { item: string; note: string }) => api<Death>(`/funeral/deaths/${deathId}/items/${input.item}`, { body: { note: input.note } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['funeral'] }),
  });
}

export function useCremation(deathId: number) {
  return useQuery({ queryKey: ['funeral', 'cremation', deathId], queryFn: ({ signal }) => api<Cremation | null>(`/funeral/deaths/${deathId}/cremation`, { signal }) });
}

export function useRecordCremation(deathId: number) {
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: CremationInput) => api<Death>(`/funeral/deaths/${deathId}/cremation`, { body: input }), onSuccess: () => void client.invalidateQueries({ queryKey: ['funeral'] }) });
}

export function useSubsidies(deathId?: number) {
  return useQuery({ queryKey: ['funeral', 'subsidies', deathId ?? 'all'], queryFn: ({ signal }) => api<{ items: Subsidy[] }>('/funeral/subsidies', { query: { deathId }, signal }) });
}

export function useApplySubsidy() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: SubsidyInput) => api<Subsidy>('/funeral/subsidies', { body: input }), onSuccess: () => void client.invalidateQueries({ queryKey: ['funeral'] }) });
}

export function useBankFile() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (dueBy: string) => api<{ csv: string; count: number; totalFen: number }>('/funeral/subsidies/bank-file', { body: { dueBy } }), onSuccess: () => void client.invalidateQueries({ queryKey: ['funeral'] }) });
}

export function useUnits() {
  return useQuery({ queryKey: ['funeral', 'units'], queryFn: ({ signal }) => api<{ items: Unit[] }>('/funeral/units', { signal }), staleTime: 30_000 });
}

export function useCreateUnit() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: UnitInput) => api<Unit>('/funeral/units', { body: input }), onSuccess: () => void client.invalidateQueries({ queryKey: ['funeral', 'units'] }) });
}

export function useFuneralFigures(year: number) {
  return useQuery({ queryKey: ['funeral', 'figures', year], queryFn: ({ signal }) => api<FuneralFigures>('/funeral/figures', { query: { year }, signal }) });
}
