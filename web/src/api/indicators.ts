/** The plan's indicators (规划指标) and the 社区工作者 roster (基层治理). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { CommunityWorker, IndicatorDistricts, IndicatorHistory, IndicatorList, ManualEntry, ManualInput, RosterFigures, WorkerList } from './indicators-types.js';

export function useIndicators(month: string | undefined) {
  return useQuery({ queryKey: ['indicators', 'list', month], queryFn: ({ signal }) => api<IndicatorList>('/indicators', { query: { month }, signal }) });
}

export function useIndicatorDistricts(no: number | null, month: string | undefined) {
  return useQuery({ queryKey: ['indicators', 'districts', no, month], enabled: no !== null, queryFn: ({ signal }) => api<IndicatorDistricts>(`/indicators/${no}/districts`, { query: { month }, signal }) });
}

export function useIndicatorHistory(no: number | null, to: string | undefined) {
  return useQuery({ queryKey: ['indicators', 'history', no, to], enabled: no !== null, queryFn: ({ signal }) => api<IndicatorHistory>(`/indicators/${no}/history`, { query: { to }, signal }) });
}

export function useManualEntries(no: number | null) {
  return useQuery({ queryKey: ['indicators', 'values', no], enabled: no !== null, queryFn: ({ signal }) => api<ManualEntry[]>(`/indicators/${no}/values`, { signal }) });
}

export function useEnterIndicatorValue(no: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ManualInput) => api<{ id: number; value: number }>(`/indicators/${no}/values`, { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['indicators'] }),
  });
}

export function useWorkers(division: string | undefined) {
  return useQuery({ queryKey: ['community', 'workers', division], queryFn: ({ signal }) => api<WorkerList>('/community/workers', { query: { division }, signal }) });
}

export function useRosterFigures(division: string | undefined) {
  return useQuery({ queryKey: ['community', 'figures', division], queryFn: ({ signal }) => api<RosterFigures>('/community/workers/figures', { query: { division }, signal }) });
}

export interface NewWorkerInput {
  personId: number;
  divisionCode: string;
  post: string;
  startOn: string;
  education: CommunityWorker['education'];
  certificate: CommunityWorker['certificate'];
}

export function useAddWorker() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewWorkerInput) => api<CommunityWorker>('/community/workers', { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['community'] }),
  });
}

export function useEndWorker() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, endOn }: { id: number; endOn: string }) => api<CommunityWorker>(`/community/workers/${id}/end`, { body: { endOn } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['community'] }),
  });
}
