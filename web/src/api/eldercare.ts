/** 养老服务: facilities and beds, stays, assessments, the pooled waitlist and its offers, the figures. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { AllocationRun, ApplicationDetail, Bed, ApplicationInput, Assessment, AssessmentInput, EldercareFigures, Facility, FacilityFilter, QueueEntry, QueueFilter, Stay } from './eldercare-types.js';

export const ELDERCARE_PAGE_SIZE = 20;

export function useFacilities(filter: FacilityFilter, page: number, pageSize = ELDERCARE_PAGE_SIZE) {
  return useQuery({
    queryKey: ['eldercare', 'facilities', filter, page, pageSize],
    queryFn: ({ signal }) => api<{ items: Facility[]; total: number }>('/eldercare/facilities', { query: { ...filter, limit: pageSize, offset: (page - 1) * pageSize }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useFacility(id: number) {
  return useQuery({
    queryKey: ['eldercare', 'facility', id],
    queryFn: ({ signal }) => api<Facility>(`/eldercare/facilities/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useResidents(facilityId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['eldercare', 'facility', facilityId, 'residents'],
    queryFn: ({ signal }) => api<Stay[]>(`/eldercare/facilities/${facilityId}/residents`, { signal }),
    enabled,
  });
}

export function useFreeBeds(facilityId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['eldercare', 'facility', facilityId, 'beds', 'free'],
    queryFn: ({ signal }) => api<Bed[]>(`/eldercare/facilities/${facilityId}/beds`, { query: { free: true }, signal }),
    enabled,
  });
}

/** 办理入住 on a bed outside the waitlist; the facility's counts and residents change. */
export function useAdmit(facilityId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { bedId: number; personId: number; admittedOn?: string }) => api<Stay>('/eldercare/stays', { body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'facility', facilityId] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'facilities'] });
    },
  });
}

/** A discharge frees the bed: a basic-guarantee bed goes straight to the next applicant, so the waitlist changes too. */
export function useDischarge(facilityId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ stayId, reason, dischargedOn }: { stayId: number; reason: string; dischargedOn?: string }) =>
      api<{ stay: Stay; passedOn: AllocationRun | null }>(`/eldercare/stays/${stayId}/discharge`, { body: { reason, dischargedOn } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'facility', facilityId] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'facilities'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'queue'] });
    },
  });
}

export function useQueue(filter: QueueFilter, page: number) {
  return useQuery({
    queryKey: ['eldercare', 'queue', filter, page],
    queryFn: ({ signal }) => api<{ items: QueueEntry[]; total: number }>('/eldercare/waitlist/applications', { query: { ...filter, limit: ELDERCARE_PAGE_SIZE, offset: (page - 1) * ELDERCARE_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useApplication(id: number) {
  return useQuery({
    queryKey: ['eldercare', 'application', id],
    queryFn: ({ signal }) => api<ApplicationDetail>(`/eldercare/waitlist/applications/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
    staleTime: 0,
  });
}

export const applyForBed = (input: ApplicationInput) => api<ApplicationDetail>('/eldercare/waitlist/applications', { body: input });

export type OfferAnswer = { answer: 'accept'; offerId: number; admittedOn?: string } | { answer: 'decline'; offerId: number; reason: string } | { answer: 'withdraw'; reason: string };

async function answerOffer(applicationId: number, request: OfferAnswer): Promise<ApplicationDetail> {
  if (request.answer === 'accept') return api<ApplicationDetail>(`/eldercare/waitlist/offers/${request.offerId}/accept`, { body: { admittedOn: request.admittedOn } });
  if (request.answer === 'decline') return (await api<{ application: ApplicationDetail }>(`/eldercare/waitlist/offers/${request.offerId}/decline`, { body: { reason: request.reason } })).application;
  return api<ApplicationDetail>(`/eldercare/waitlist/applications/${applicationId}/withdraw`, { body: { reason: request.reason } });
}

/** Accept, decline or withdraw: each answers the application as it now is, shown at once. */
export function useApplicationAction(applicationId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: OfferAnswer) => answerOffer(applicationId, request),
    onSuccess: (detail) => {
      queryClient.setQueryData(['eldercare', 'application', applicationId], detail);
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'queue'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'facilities'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'figures'] });
    },
  });
}

export function useRunAllocation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (division: string | undefined) => api<AllocationRun>('/eldercare/allocation/runs', { body: { division } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['eldercare'] });
    },
  });
}

export const recordAssessment = (input: AssessmentInput) => api<Assessment>('/eldercare/assessments', { body: input });

export function usePersonAssessments(personId: number | null) {
  return useQuery({
    queryKey: ['eldercare', 'person-assessments', personId],
    queryFn: ({ signal }) => api<Assessment[]>(`/eldercare/persons/${personId}/assessments`, { signal }),
    enabled: personId !== null && personId > 0,
  });
}

export function useExpiringAssessments(query: { division?: string; state: 'expiring' | 'expired' | 'all' }) {
  return useQuery({
    queryKey: ['eldercare', 'expiring', query],
    queryFn: ({ signal }) => api<{ on: string; noticeDays: number; items: Assessment[] }>('/eldercare/assessments/expiring', { query: { ...query, limit: 500 }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useEldercareFigures(division: string | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'figures', division],
    queryFn: ({ signal }) => api<EldercareFigures>('/eldercare/figures', { query: { division }, signal }),
    staleTime: 5 * 60_000,
  });
}

export interface EldercareSettingValue {
  from: string;
  value: unknown;
  verified: boolean;
  source: string;
}

export interface EldercareSetting {
  name: string;
  label: string;
  unit: string;
  description: string;
  current: EldercareSettingValue;
  history: EldercareSettingValue[];
}

export function useEldercareSettings() {
  return useQuery({ queryKey: ['eldercare', 'settings'], queryFn: ({ signal }) => api<EldercareSetting[]>('/eldercare/settings', { signal }), staleTime: 60_000 });
}
