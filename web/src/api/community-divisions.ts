/** 区划沿革 (division change orders, counts as on a date, the 12-digit list import) and 公开数据 (open data). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';

export interface DivisionCount {
  code: string;
  name: string;
  level: string;
  households: number;
  persons: number;
}
export interface DivisionCounts extends DivisionCount {
  on: string;
  children: DivisionCount[];
}
export interface OrderSummary {
  id: number;
  kind: string;
  kindName: string;
  approvalNumber: string;
  reason: string;
  effectiveOn: string;
  detail: unknown;
}
export interface OrderInput {
  kind: 'establish' | 'split' | 'merge' | 'transfer';
  approvalNumber: string;
  reason: string;
  effectiveOn: string;
  from?: string;
  sources?: string[];
  target?: { code: string; name?: string; kind?: string };
  into?: { code: string; name?: string; householdIds?: number[] }[];
  closeSource?: boolean;
}
export interface OrderOutcome {
  id: number;
  kindName: string;
  opened: { code: string; name: string }[];
  closed: { code: string; name: string }[];
  moved: { from: string; to: string; households: number; persons: number }[];
}
export interface ImportOutcome {
  orderId: number | null;
  lines: number;
  added: number;
  renamed: number;
  unchanged: number;
  errors: { line: number; code: string; message: string }[];
  missing: { code: string; name: string }[];
}

export function useDivisionCounts(code: string, on: string) {
  return useQuery({ queryKey: ['community', 'division-counts', code, on], queryFn: ({ signal }) => api<DivisionCounts>('/community/divisions/counts', { query: { code, on }, signal }), placeholderData: keepPreviousData });
}

export function useDivisionOrders() {
  return useQuery({ queryKey: ['community', 'division-orders'], queryFn: ({ signal }) => api<{ items: OrderSummary[] }>('/community/division-orders', { signal }) });
}

export function useIssueOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: OrderInput) => api<OrderOutcome>('/community/division-orders', { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['community'] }),
  });
}

export function useImportList() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { effectiveOn: string; source: string; text: string }) => api<ImportOutcome>('/community/divisions/import', { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['community'] }),
  });
}

export type OpenCell = number | '<5' | null;
export interface OpenTable {
  dataset: string;
  title: string;
  month: string;
  note: string;
  columns: { key: string; name: string; kind: string }[];
  rows: { districtCode: string; districtName: string; cells: Record<string, OpenCell> }[];
  total: Record<string, OpenCell>;
}
export interface OpenDataIndex {
  months: { month: string; publishedAt: string; datasets: { dataset: string; title: string }[] }[];
}

export function useOpenDataIndex() {
  return useQuery({ queryKey: ['public', 'open-data'], queryFn: ({ signal }) => api<OpenDataIndex>('/public/open-data', { signal, redirectOn401: false }) });
}

export function useOpenDataTable(month: string | undefined, dataset: string | undefined) {
  return useQuery({
    queryKey: ['public', 'open-data', month, dataset],
    enabled: Boolean(month && dataset),
    queryFn: ({ signal }) => api<OpenTable>(`/public/open-data/${month}/${dataset}`, { signal, redirectOn401: false }),
  });
}

export function usePublishOpenData() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (month: string) => api<{ month: string; datasets: { dataset: string; title: string; hiddenCells: number }[] }>(`/indicators/open-data/${month}/publish`, { method: 'POST' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['public'] }),
  });
}
