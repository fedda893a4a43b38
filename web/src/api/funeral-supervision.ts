/** 殡葬监管: 双随机 draws, inspections and findings on the rectification loop, complaints, and the 八必问 intake of a death. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api } from './client.js';
import type {
  AnswerBody,
  ComplaintBody,
  ComplaintListSchema,
  ComplaintSchema,
  DrawBody,
  DrawSchema,
  FindingActionBody,
  FindingSchema,
  InspectionBody,
  InspectionResultSchema,
  InspectionSchema,
  IntakeAnswerSchema,
  IntakeSchema,
  SanctionBody,
  SanctionSchema,
} from '../../../src/funeral/schemas-supervision.js';

export type Inspection = Static<typeof InspectionSchema>;
export type Finding = Static<typeof FindingSchema>;
export type Complaint = Static<typeof ComplaintSchema>;
export type ComplaintInput = Static<typeof ComplaintBody>;
export type InspectionInput = Static<typeof InspectionBody>;
export type FindingAction = Static<typeof FindingActionBody>;
export type DrawInput = Static<typeof DrawBody>;
export type SanctionInput = Static<typeof SanctionBody>;
export type IntakeAnswer = Static<typeof IntakeAnswerSchema>;

const KEY = ['funeral', 'supervision'] as const;

export function useInspections() {
  return useQuery({ queryKey: [...KEY, 'inspections'], queryFn: ({ signal }) => api<{ items: Inspection[] }>('/funeral/supervision/inspections', { signal }) });
}

export function useFuneralFindings(status?: 'open' | 'closed') {
  return useQuery({ queryKey: [...KEY, 'findings', status ?? 'all'], queryFn: ({ signal }) => api<{ items: Finding[] }>('/funeral/supervision/findings', { query: { status }, signal }) });
}

function useInvalidating<I, O>(fn: (input: I) => Promise<O>, key: readonly string[] = ['funeral']) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void client.invalidateQueries({ queryKey: key }) });
}

export const useDraw = () => useInvalidating((input: DrawInput) => api<Static<typeof DrawSchema>>('/funeral/supervision/draws', { body: input }));
export const useRecordInspection = () => useInvalidating((input: InspectionInput) => api<Static<typeof InspectionResultSchema>>('/funeral/supervision/inspections', { body: input }));
export const useActOnFinding = () => useInvalidating(({ id, ...input }: FindingAction & { id: number }) => api<Finding>(`/funeral/supervision/findings/${id}/actions`, { body: input }));
export const useSanction = () => useInvalidating(({ unitId, ...input }: SanctionInput & { unitId: number }) => api<Static<typeof SanctionSchema>>(`/funeral/units/${unitId}/sanctions`, { body: input }));

export function useComplaints() {
  return useQuery({ queryKey: ['funeral', 'complaints'], queryFn: ({ signal }) => api<Static<typeof ComplaintListSchema>>('/funeral/complaints', { signal }) });
}
export const useRecordComplaint = () => useInvalidating((input: ComplaintInput) => api<Complaint>('/funeral/complaints', { body: input }));
export const useAnswerComplaint = () => useInvalidating(({ id, ...input }: Static<typeof AnswerBody> & { id: number }) => api<Complaint>(`/funeral/complaints/${id}/answer`, { body: input }));

export function useIntake(deathId: number) {
  return useQuery({ queryKey: ['funeral', 'intake', deathId], queryFn: ({ signal }) => api<IntakeAnswer>(`/funeral/deaths/${deathId}/intake`, { signal }) });
}
export const useRecordIntake = (deathId: number) => useInvalidating((input: { unitId?: number; answers: Record<string, string> }) => api<Static<typeof IntakeSchema>>(`/funeral/deaths/${deathId}/intake`, { body: input }));
