import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import type { Fact, Household, Person, PersonPage } from './types.js';

export interface PersonSearch {
  q?: string;
  divisionCode?: string;
  cursor?: string;
  limit: number;
}

export function usePersonSearch(search: PersonSearch) {
  return useQuery({
    queryKey: ['persons', search],
    // In the body, not the URL: a search by ID number must not land in URLs, proxies' logs or the browser history.
    queryFn: ({ signal }) => api<PersonPage>('/persons/search', { body: search, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: number) {
  return useQuery({ queryKey: ['person', id], queryFn: ({ signal }) => api<Person>(`/persons/${id}`, { signal }), enabled: Number.isInteger(id) });
}

/** Every reveal is a separate audited request with its purpose; the answer is never cached. */
export function revealPerson(id: number, purpose: string, purposeRef?: string): Promise<Person> {
  return api<Person>(`/persons/${id}`, { query: { revealIdNumber: true, purpose, ...(purposeRef ? { purposeRef } : {}) } });
}

export function useHousehold(id: number) {
  return useQuery({ queryKey: ['household', id], queryFn: ({ signal }) => api<Household>(`/households/${id}`, { signal }), enabled: Number.isInteger(id) });
}

/** The facts API answers a list or `{items}`; either way the page gets an array. */
/** `enabled` waits for the subject itself: a refused subject should cost one audited refusal, not two. */
export function useFacts(subject: 'persons' | 'households', id: number, enabled = true) {
  return useQuery({
    queryKey: ['facts', subject, id],
    queryFn: ({ signal }) => api<Fact[]>(`/${subject}/${id}/facts`, { signal }),
    enabled: enabled && Number.isInteger(id),
  });
}
