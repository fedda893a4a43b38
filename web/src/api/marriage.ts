/** 婚姻登记: the registrar's office, bookings, registration, divorces, certificates, judgements, imports, figures. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMe } from '../auth/AuthContext.js';
import { api } from './client.js';
import type { Booking, BookingInput, Certificate, Check, Divorce, DivorceApplyInput, Figures, ImportInput, ImportReport, Judgement, JudgementInput, Office, Registration, RegistrationInput, Review, Slot } from './marriage-types.js';

export function useOffices() {
  return useQuery({ queryKey: ['marriage', 'offices'], queryFn: ({ signal }) => api<Office[]>('/marriage/offices', { signal }), staleTime: Number.POSITIVE_INFINITY });
}

/** The registrar's office: the registry of the district their account is scoped to. */
export function useMyOffice(): Office | undefined {
  const me = useMe();
  return useOffices().data?.find((o) => o.districtCode === me.jurisdiction);
}

export function useDayList(officeId: number | undefined, day: string) {
  return useQuery({
    queryKey: ['marriage', 'bookings', officeId, day],
    queryFn: ({ signal }) => api<Booking[]>('/marriage/bookings', { query: { officeId, day }, signal }),
    enabled: officeId !== undefined,
    placeholderData: keepPreviousData,
  });
}

export function useSlots(officeId: number | undefined, day: string) {
  return useQuery({ queryKey: ['marriage', 'slots', officeId, day], queryFn: ({ signal }) => api<Slot[]>(`/marriage/offices/${officeId}/slots`, { query: { day }, signal }), enabled: officeId !== undefined });
}

export function useBook() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (input: BookingInput) => api<Booking>('/marriage/bookings', { body: input }), onSuccess: () => void client.invalidateQueries({ queryKey: ['marriage'] }) });
}

export function useCloseBooking() {
  const client = useQueryClient();
  return useMutation({ mutationFn: ({ id, to }: { id: number; to: 'cancel' | 'no-show' }) => api<Booking>(`/marriage/bookings/${id}/${to}`, { method: 'POST' }), onSuccess: () => void client.invalidateQueries({ queryKey: ['marriage'] }) });
}

export const preCheck = (input: RegistrationInput) => api<Check[]>('/marriage/checks', { body: input });
export const register = (input: RegistrationInput) => api<Registration>('/marriage/marriages', { body: input });

export function useDivorces(officeId: number | undefined) {
  return useQuery({ queryKey: ['marriage', 'divorces', officeId], queryFn: ({ signal }) => api<Divorce[]>('/marriage/divorces', { query: { officeId }, signal }), enabled: officeId !== undefined });
}

export function useDivorceAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (a: { kind: 'apply'; input: DivorceApplyInput } | { kind: 'withdraw'; id: number; party: 'husband' | 'wife' } | { kind: 'register'; id: number }) =>
      a.kind === 'apply'
        ? api<Divorce>('/marriage/divorces', { body: a.input })
        : a.kind === 'withdraw'
          ? api<Divorce>(`/marriage/divorces/${a.id}/withdraw`, { body: { party: a.party } })
          : api<Divorce>(`/marriage/divorces/${a.id}/register`, { body: { bothPresent: true, consentConfirmed: true } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['marriage', 'divorces'] }),
  });
}

export const certificate = (number: string) => api<Certificate>(`/marriage/certificates/${encodeURIComponent(number)}`);
export const reissue = (number: string, idNumber: string, purpose: string) => api<Certificate>(`/marriage/certificates/${encodeURIComponent(number)}/reissue`, { body: { idNumber, purpose } });
export const enterJudgement = (input: JudgementInput) => api<Judgement>('/marriage/judgements', { body: input });
export const importRecords = (input: ImportInput) => api<ImportReport>('/marriage/imports', { body: input });

export function useReviews() {
  return useQuery({ queryKey: ['marriage', 'reviews'], queryFn: ({ signal }) => api<Review[]>('/marriage/reviews', { signal }) });
}

/** The city's figures, or one district's (its office's) when `division` is a district or a street in it. */
export function useFigures(year: number, division?: string) {
  return useQuery({ queryKey: ['marriage', 'figures', year, division ?? ''], queryFn: ({ signal }) => api<Figures>('/marriage/figures', { query: { year, division }, signal }), placeholderData: keepPreviousData });
}
