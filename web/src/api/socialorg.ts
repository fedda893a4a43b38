/** 社会组织与慈善: the registrar's desk, an organisation's file, the credit lists, the figures, the public register. */
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ManifestSchema } from '../../../src/socialorg/routes-bulk.js';
import { api } from './client.js';
import type { AnnualRun, SpendingCheck, Entry, Figures, NameApplication, NameCheck, Organisation, OrganisationDetail, PublicDetail, PublicOrganisation, Report, ReportInput, SocialorgSetting, StepInput } from './socialorg-types.js';

export const SOCIALORG_PAGE_SIZE = 20;

export interface OrganisationFilter {
  q?: string;
  orgType?: string;
  status?: string;
  overdue?: boolean;
}

export function useOrganisations(filter: OrganisationFilter, page: number) {
  return useQuery({
    queryKey: ['socialorg', 'organisations', filter, page],
    queryFn: ({ signal }) => api<{ total: number; items: Organisation[] }>('/socialorg/organisations', { query: { ...filter, limit: SOCIALORG_PAGE_SIZE, offset: (page - 1) * SOCIALORG_PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useOrganisation(id: number) {
  return useQuery({ queryKey: ['socialorg', 'organisation', id], queryFn: ({ signal }) => api<OrganisationDetail>(`/socialorg/organisations/${id}`, { signal }), enabled: id > 0 });
}

export function useMyOrganisation() {
  return useQuery({ queryKey: ['socialorg', 'mine'], queryFn: ({ signal }) => api<OrganisationDetail>('/socialorg/my-organisation', { signal }), retry: false });
}

export function useApproveName() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (body: NameApplication) => api<Organisation>('/socialorg/name-approvals', { body }), onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }) });
}

export function useStep(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: string; body: StepInput }) => api<Organisation>(`/socialorg/organisations/${id}/steps/${action}`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }),
  });
}

export function useConclude(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ year, body }: { year: number; body: { conclusion: string; prereviewedOn?: string | null } }) => api<Report>(`/socialorg/organisations/${id}/annual-reports/${year}/conclusion`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }),
  });
}

export function useFileReport() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (body: ReportInput) => api<Report>('/socialorg/annual-reports', { body }), onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }) });
}

export function useEntries(list: string | undefined, open: boolean) {
  return useInfiniteQuery({
    queryKey: ['socialorg', 'entries', list, open],
    queryFn: ({ pageParam, signal }) => api<{ items: Entry[]; nextCursor: string | null }>('/socialorg/list-entries', { query: { list, open, cursor: pageParam, limit: 200 }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useRemoveEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) => api<Entry & { removalDue: string }>(`/socialorg/list-entries/${id}/removal`, { body: { reason } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }),
  });
}

export function useAnnualRun() {
  const client = useQueryClient();
  return useMutation({ mutationFn: (year: number) => api<AnnualRun>('/socialorg/runs/annual-listing', { body: { year } }), onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }) });
}

export function useCreditRun() {
  const client = useQueryClient();
  return useMutation({ mutationFn: () => api<{ escalated: number; autoRemoved: number; idle: number }>('/socialorg/runs/credit', { body: {} }), onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg'] }) });
}

export function useSocialorgFigures(year: number) {
  return useQuery({ queryKey: ['socialorg', 'figures', year], queryFn: ({ signal }) => api<Figures>('/socialorg/figures', { query: { year }, signal }) });
}

export type SocialWorkerFigure = Figures['socialWorkers']['series'][number];

export function useImportSocialWorkers() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (rows: SocialWorkerFigure[]) => api<{ imported: number }>('/socialorg/social-worker-figures', { body: { rows } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['socialorg', 'figures'] }),
  });
}

export function useSocialorgSettings() {
  return useQuery({ queryKey: ['socialorg', 'settings'], queryFn: ({ signal }) => api<SocialorgSetting[]>('/socialorg/settings', { signal }) });
}

export interface PublicFilter {
  q?: string;
  orgType?: string;
  districtCode?: string;
  charity?: boolean;
  list?: string;
  grade?: number;
}

export function usePublicSearch(filter: PublicFilter, page: number) {
  return useQuery({
    queryKey: ['public', 'socialorg', filter, page],
    queryFn: ({ signal }) =>
      api<{ total: number; items: PublicOrganisation[] }>('/public/socialorg/organisations', { query: { ...filter, limit: SOCIALORG_PAGE_SIZE, offset: (page - 1) * SOCIALORG_PAGE_SIZE }, signal, redirectOn401: false }),
    placeholderData: keepPreviousData,
  });
}

export function usePublicOrganisation(code: string) {
  return useQuery({ queryKey: ['public', 'socialorg', code], queryFn: ({ signal }) => api<PublicDetail>(`/public/socialorg/organisations/${code}`, { signal, redirectOn401: false }) });
}

export function usePublicNameCheck() {
  return useMutation({ mutationFn: (body: NameApplication) => api<NameCheck>('/public/socialorg/name-check', { body, redirectOn401: false }) });
}

export function useSpendingCheck(id: number, year: number, enabled: boolean) {
  return useQuery({ queryKey: ['socialorg', 'spending', id, year], queryFn: ({ signal }) => api<SpendingCheck>(`/socialorg/organisations/${id}/spending-check`, { query: { year }, signal }), enabled, retry: false });
}

export type BulkManifest = Static<typeof ManifestSchema>;

/** The latest day's bulk files (manifest with rows, sizes and checksums), without login. */
export function usePublicBulk() {
  return useQuery({
    queryKey: ['public', 'socialorg', 'bulk'],
    queryFn: async ({ signal }) => {
      const days = await api<{ day: string }[]>('/public/socialorg/bulk', { signal, redirectOn401: false });
      const latest = days[0];
      return latest ? api<BulkManifest>(`/public/socialorg/bulk/${latest.day}/manifest.json`, { signal, redirectOn401: false }) : null;
    },
  });
}
