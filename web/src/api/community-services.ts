/** 社区事务受理: service points, the item catalogue, 办件 import and window keying, processing-time figures. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';

export interface ServicePoint {
  code: string;
  name: string;
  kind: string;
  kindName: string;
  streetCode: string;
  streetName: string;
  districtCode: string;
  openedOn: string;
  closedOn: string | null;
}
export interface ServiceItem {
  code: string;
  name: string;
  department: string;
  channels: string[];
  channelNames: string[];
  citywide: boolean;
  exemptSubmission: boolean;
  limitDays: number;
  validFrom: string;
  validTo: string | null;
  source: string;
}
export interface TimeFigures {
  volume: number;
  medianDays: number | null;
  p90Days: number | null;
  withinLimit: number;
  withinLimitPercent: number | null;
  rated: number;
  bad: number;
  goodPercent: number | null;
}
export type NamedFigures = TimeFigures & { code: string; name: string; limitDays?: number };
export interface ServiceFigures {
  month: string;
  scope: string;
  total: TimeFigures;
  byItem: NamedFigures[];
  byPoint: NamedFigures[];
  byDistrict: NamedFigures[];
  rule: string;
}
export interface CaseReceipt {
  batchId: string;
  alreadyReceived: boolean;
  rows: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { row: number; field: string; message: string }[];
}
export interface KeyedCase {
  caseNo: string;
  itemCode: string;
  pointCode: string;
  channel: string;
  receivedOn: string;
  finishedOn?: string | null;
  rating?: number | null;
}

export function useServiceFigures(month: string, division?: string) {
  return useQuery({
    queryKey: ['community', 'service-figures', month, division ?? ''],
    queryFn: ({ signal }) => api<ServiceFigures>('/community/service-cases/figures', { query: { month, division }, signal }),
    placeholderData: keepPreviousData,
  });
}
export function useServicePoints(division?: string) {
  return useQuery({ queryKey: ['community', 'service-points', division ?? ''], queryFn: ({ signal }) => api<{ items: ServicePoint[] }>('/community/service-points', { query: { division }, signal }) });
}
export function useServiceItems() {
  return useQuery({ queryKey: ['community', 'service-items'], queryFn: ({ signal }) => api<{ items: ServiceItem[] }>('/community/service-items', { signal }) });
}
export function useImportCases() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { batchId: string; format: 'csv' | 'ndjson'; content: string }) => api<CaseReceipt>('/community/service-cases/import', { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['community'] }),
  });
}
export function useRecordCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: KeyedCase) => api<unknown>('/community/service-cases', { body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['community'] }),
  });
}
