/** 社会组织等级评估: the grade ledger, eligibility with its reasons, recording a score, the expiry run. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { EligibilitySchema, GradeRowSchema, GradeSchema } from '../../../src/socialorg/schemas.js';
import { api } from './client.js';

export type GradeRow = Static<typeof GradeRowSchema>;
export type Grade = Static<typeof GradeSchema>;
export type Eligibility = Static<typeof EligibilitySchema>;
export type GradeState = GradeRow['state'];

/** Newest evaluation first; each further page continues below the last row read (keyset). */
export const useGrades = (state: GradeState | undefined) =>
  useInfiniteQuery({
    queryKey: ['socialorg', 'grades', state],
    queryFn: ({ pageParam, signal }) => api<{ items: GradeRow[]; nextCursor: string | null }>('/socialorg/grades', { query: { state, cursor: pageParam, limit: 200 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useEligibility = (id: number | undefined) =>
  useQuery({ queryKey: ['socialorg', 'eligibility', id], queryFn: ({ signal }) => api<Eligibility>(`/socialorg/organisations/${id}/grading-eligibility`, { signal }), enabled: id !== undefined });

export function useRecordGrade() {
  const client = useQueryClient();
  return useMutation({ mutationFn: ({ id, score }: { id: number; score: number }) => api<Grade>(`/socialorg/organisations/${id}/grades`, { body: { score } }), onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }) });
}

export function useGradeExpiry() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => api<{ expired: number }>('/socialorg/runs/grade-expiry', { body: {} }), onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }) });
}
