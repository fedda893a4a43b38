/** 儿童福利 (the register, a case, visits) and 残疾人福利 (两项补贴). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { ChildCaseDetail, ChildCaseItem, ChildrenFigures, RehabParticipant, RehabProvider, Subsidy } from './children-types.js';

export function useChildCases(enabled = true) {
  return useQuery({ queryKey: ['children', 'cases'], queryFn: ({ signal }) => api<ChildCaseItem[]>('/children/cases', { signal }), enabled });
}

export function useChildCase(id: number) {
  return useQuery({ queryKey: ['children', 'case', id], queryFn: ({ signal }) => api<ChildCaseDetail>(`/children/cases/${id}`, { signal }), enabled: Number.isInteger(id) && id > 0 });
}

export function useChildrenFigures(enabled = true) {
  return useQuery({ queryKey: ['children', 'figures'], queryFn: ({ signal }) => api<ChildrenFigures>('/children/figures', { signal }), enabled });
}

export function useRecordVisit(caseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { visitedOn: string; note: string }) => api<{ visitId: number }>(`/children/cases/${caseId}/visits`, { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['children'] }),
  });
}

export function useDecideCase(caseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { category: string }) => api<{ startMonth: string }>(`/children/cases/${caseId}/decision`, { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['children'] }),
  });
}

export function useReviewCase(caseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { note: string; suggested: null | string }) => api<{ ok: boolean }>(`/children/cases/${caseId}/review`, { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['children'] }),
  });
}

/** 复核: the outcome is the answer (still met → next review date; not met → the case closed). */
export function useRecheckCase(caseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { note: string }) => api<{ passed: boolean; conditions: { text: string; met: boolean }[]; nextReviewOn: string | null }>(`/children/cases/${caseId}/recheck`, { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['children'] }),
  });
}

export function useSubsidies(enabled = true) {
  return useQuery({ queryKey: ['disability', 'subsidies'], queryFn: ({ signal }) => api<Subsidy[]>('/disability/subsidies', { signal }), enabled });
}

/** 精神障碍社区康复: providers per street, the persons they serve (names masked). */
export function useRehabProviders(enabled = true) {
  return useQuery({ queryKey: ['disability', 'rehab', 'providers'], queryFn: ({ signal }) => api<RehabProvider[]>('/disability/rehab/providers', { signal }), enabled });
}

export function useRehabParticipants(enabled = true) {
  return useQuery({ queryKey: ['disability', 'rehab', 'participants'], queryFn: ({ signal }) => api<RehabParticipant[]>('/disability/rehab/participants', { signal }), enabled });
}

export function useEnrolRehab() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { personId: number; providerId: number; joinedOn: string }) => api<{ participantId: number }>('/disability/rehab/participants', { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['disability', 'rehab'] }),
  });
}

export function useLeaveRehab() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: number; leftOn: string; reason: string }) => api<{ ok: boolean }>(`/disability/rehab/participants/${input.id}/leave`, { body: { leftOn: input.leftOn, reason: input.reason } }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['disability', 'rehab'] }),
  });
}
