/** 养老服务监管: inspections and their findings, the rectification loop, credit ratings and prepaid-fee risks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type {
  CreditList,
  CreditRating,
  FindingDetail,
  FindingFilter,
  FindingPage,
  FindingStep,
  Grading,
  GradingInput,
  GradingYear,
  Inspection,
  InspectionInput,
  InspectionPage,
  PrepaidInput,
  PrepaidReport,
  PrepaidRisks,
  RecordedGrading,
  RecordedInspection,
  RecordedPrepaid,
} from './eldercare-supervision-types.js';

const base = '/eldercare/supervision';
const PAGE = 50;

export function useInspections(division: string | undefined, cursor: number | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'inspections', division, cursor],
    queryFn: ({ signal }) => api<InspectionPage>(`${base}/inspections`, { query: { division, cursor, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useInspection(id: number | null) {
  return useQuery({
    queryKey: ['eldercare', 'inspection', id],
    queryFn: ({ signal }) => api<Inspection>(`${base}/inspections/${id}`, { signal }),
    enabled: id !== null,
  });
}

export function useFindings(filter: FindingFilter, cursor: number | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'findings', filter, cursor],
    queryFn: ({ signal }) => api<FindingPage>(`${base}/findings`, { query: { ...filter, cursor, limit: PAGE }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useFinding(id: number | null) {
  return useQuery({
    queryKey: ['eldercare', 'finding', id],
    queryFn: ({ signal }) => api<FindingDetail>(`${base}/findings/${id}`, { signal }),
    enabled: id !== null,
    staleTime: 0,
  });
}

export function useFindingStep(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ step, body }: FindingStep) => api<FindingDetail>(`${base}/findings/${id}/${step}`, { body }),
    onSuccess: (detail) => {
      queryClient.setQueryData(['eldercare', 'finding', id], detail);
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'findings'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'inspections'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'credit'] });
    },
  });
}

export function useRecordInspection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InspectionInput) => api<RecordedInspection>(`${base}/inspections`, { body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'inspections'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'findings'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'credit'] });
    },
  });
}

export function useCreditRatings(division: string | undefined, rating: CreditRating | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'credit', division, rating],
    queryFn: ({ signal }) => api<CreditList>(`${base}/credit`, { query: { division, rating }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePrepaidRisks(month: string, division: string | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'prepaid-risks', month, division],
    queryFn: ({ signal }) => api<PrepaidRisks>(`${base}/prepaid/risks`, { query: { month, division }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useGradingYear(year: number, division: string | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'gradings', year, division],
    queryFn: ({ signal }) => api<GradingYear>(`${base}/gradings`, { query: { year, division }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useFacilityGradings(facilityId: number) {
  return useQuery({
    queryKey: ['eldercare', 'gradings', 'facility', facilityId],
    queryFn: ({ signal }) => api<Grading[]>(`${base}/facilities/${facilityId}/gradings`, { signal }),
  });
}

export function useFacilityPrepaid(facilityId: number) {
  return useQuery({
    queryKey: ['eldercare', 'prepaid', 'facility', facilityId],
    queryFn: ({ signal }) => api<PrepaidReport[]>(`${base}/facilities/${facilityId}/prepaid`, { signal }),
  });
}

/** A grading feeds the credit rating, so both are refetched. PUT: the same values again change nothing. */
export function useRecordGrading() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ facilityId, year, input }: { facilityId: number; year: number; input: GradingInput }) => api<RecordedGrading>(`${base}/facilities/${facilityId}/gradings/${year}`, { method: 'PUT', body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'gradings'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'credit'] });
    },
  });
}

export function useRecordPrepaid() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ facilityId, month, input }: { facilityId: number; month: string; input: PrepaidInput }) => api<RecordedPrepaid>(`${base}/facilities/${facilityId}/prepaid/${month}`, { method: 'PUT', body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'prepaid'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'prepaid-risks'] });
    },
  });
}
