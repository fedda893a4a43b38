import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { AdjustmentLedger, ApplyInput, CaseActionCode, CaseDetail, CaseFilter, CasePage, CasePayment, DueReview, PaymentRun, Reproduction, Verification } from './assistance-types.js';

export const PAGE_SIZE = 20;

export function useCases(filter: CaseFilter, cursor: number | undefined) {
  return useQuery({
    queryKey: ['assistance', 'cases', filter, cursor],
    queryFn: ({ signal }) => api<CasePage>('/assistance/cases', { query: { ...filter, cursor, limit: PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

export function useCase(id: number) {
  return useQuery({
    queryKey: ['assistance', 'case', id],
    queryFn: ({ signal }) => api<CaseDetail>(`/assistance/cases/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
    staleTime: 0,
  });
}

export function useCasePayments(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ['assistance', 'case', id, 'payments'],
    queryFn: ({ signal }) => api<CasePayment[]>(`/assistance/cases/${id}/payments`, { signal }),
    enabled,
  });
}

/** 补发与追缴: the case's ledger; with `fromMonth`, the lines an adjustment from that month would write (nothing is written). */
export function useCaseAdjustments(id: number, enabled: boolean, fromMonth?: string) {
  return useQuery({
    queryKey: ['assistance', 'case', id, 'adjustments', fromMonth ?? null],
    queryFn: ({ signal }) => api<AdjustmentLedger>(`/assistance/cases/${id}/adjustments`, { query: fromMonth ? { fromMonth } : {}, signal }),
    enabled,
  });
}

export function useVerification(id: number) {
  return useQuery({
    queryKey: ['assistance', 'verification', id],
    queryFn: ({ signal }) => api<Verification>(`/assistance/verifications/${id}`, { signal }),
    enabled: Number.isInteger(id) && id > 0,
    // A report never changes once written.
    staleTime: Infinity,
  });
}

export const reproduceVerification = (id: number) => api<Reproduction>(`/assistance/verifications/${id}/reproduce`);

export function applyForAssistance(input: ApplyInput): Promise<CaseDetail> {
  return api<CaseDetail>('/assistance/cases', { body: input });
}

/** The URL segment of each action the API takes on a case (`verify` answers the case and its report). */
export const ACTION_PATHS: Partial<Record<CaseActionCode, string>> = {
  accept: 'accept',
  decline: 'decline',
  withdraw: 'withdraw',
  verify: 'verify',
  record_visit: 'visit',
  start_notice: 'public-notice',
  record_objection: 'objections',
  approve: 'approve',
  reject: 'reject',
  suspend: 'suspend',
  resume: 'resume',
  record_review: 'review',
  request_material: 'material-requests',
  stop: 'stop',
  grant_emergency: 'emergency-grant',
  file_paperwork: 'paperwork',
  review_emergency: 'emergency-review',
  adjust_payments: 'adjustments',
  record_repayment: 'repayments',
  write_off: 'write-offs',
};

export interface CaseActionRequest {
  action: CaseActionCode;
  body: Record<string, unknown>;
  /** For resolve_objection: the seq of the objection it answers. */
  objectionSeq?: number;
}

async function runCaseAction(caseId: number, { action, body, objectionSeq }: CaseActionRequest): Promise<CaseDetail> {
  if (action === 'resolve_objection') return api<CaseDetail>(`/assistance/cases/${caseId}/objections/${objectionSeq ?? 0}/resolve`, { body });
  const path = ACTION_PATHS[action];
  if (!path) throw new Error(`no route for ${action}`);
  if (action === 'verify') return (await api<{ case: CaseDetail; verification: Verification }>(`/assistance/cases/${caseId}/verify`, { method: 'POST', body: {} })).case;
  return api<CaseDetail>(`/assistance/cases/${caseId}/${path}`, { body });
}

/** Every action answers the case as it now is: the page shows that answer at once, lists refetch later. */
export function useCaseAction(caseId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CaseActionRequest) => runCaseAction(caseId, request),
    onSuccess: (detail) => {
      // An action's answer carries no display names: keep the ones already shown.
      queryClient.setQueryData<CaseDetail>(['assistance', 'case', caseId], (shown) => ({
        ...detail,
        householdName: shown?.householdName,
        householdNameMasked: shown?.householdNameMasked,
        beneficiaryName: shown?.beneficiaryName,
        beneficiaryNameMasked: shown?.beneficiaryNameMasked,
      }));
      void queryClient.invalidateQueries({ queryKey: ['assistance', 'cases'] });
      void queryClient.invalidateQueries({ queryKey: ['assistance', 'reviews'] });
      void queryClient.invalidateQueries({ queryKey: ['assistance', 'case', caseId, 'adjustments'] });
    },
  });
}

export interface ReviewQuery {
  division?: string;
  until?: string;
  offset: number;
  limit: number;
}

export function useReviewsDue(query: ReviewQuery) {
  return useQuery({
    queryKey: ['assistance', 'reviews', query],
    queryFn: ({ signal }) => api<{ items: DueReview[]; total: number }>('/assistance/reviews/due', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** A district's runs; polled while one is running so a page left and reopened picks up where the run is. */
export function usePaymentRuns(districtCode: string | undefined) {
  return useQuery({
    queryKey: ['assistance', 'payment-runs', districtCode],
    queryFn: ({ signal }) => api<PaymentRun[]>('/assistance/payment-runs', { query: { districtCode }, signal }),
    enabled: !!districtCode,
    refetchInterval: (query) => (query.state.data?.some((run) => run.status === 'running') ? 2_000 : false),
  });
}

/**
 * The run is one request that lasts as long as the run. It is not tied to the page: leaving does not
 * abort it, and the runs list (polled) shows it running until the server marks it completed.
 */
export function startPaymentRun(districtCode: string, month: string): Promise<PaymentRun> {
  return api<PaymentRun>('/assistance/payment-runs', { body: { districtCode, month } });
}

/** One household's cases, open and past (newest first): the household page's list and the re-apply check share it. */
export function useHouseholdCases(householdId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['assistance', 'cases', 'household', householdId],
    queryFn: ({ signal }) => api<CasePage>('/assistance/cases', { query: { household: householdId, limit: 200 }, signal }),
    enabled: enabled && Number.isInteger(householdId) && householdId > 0,
    staleTime: 5_000,
  });
}

/** 临时救助 (issue 23): the household's limits and reliefs of the last 12 months, shown before the click. */
export interface TemporaryPreview {
  householdId: number;
  householdName: string;
  householdSize: number;
  standardFen: number;
  hardshipType: HardshipType | null;
  multiplierPermille: number | null;
  ruleLimitFen: number | null;
  ceilingFen: number;
  yearlyCapFen: number;
  usedFen: number;
  remainingFen: number;
  emergencyLimitFen: number;
  maxFen: number;
  maxEmergencyFen: number;
  paperworkDays: number;
  windowFrom: string;
  reliefs: { caseId: number; month: string | null; amountFen: number; state: 'paid' | 'approved'; channel: 'bank' | 'cash' | 'in_kind' | null }[];
  explanation: string[];
}

export type HardshipType = 'illness' | 'accident' | 'disaster' | 'basic_living';
export const HARDSHIP_OPTIONS: { value: HardshipType; label: string }[] = [
  { value: 'illness', label: '重大疾病' },
  { value: 'accident', label: '意外事故或突发事件' },
  { value: 'disaster', label: '自然灾害' },
  { value: 'basic_living', label: '基本生活暂时困难' },
];

export function useTemporaryPreview(householdId: number | undefined, hardshipType: HardshipType | undefined) {
  return useQuery({
    queryKey: ['assistance', 'temporary-preview', householdId, hardshipType],
    queryFn: ({ signal }) => api<TemporaryPreview>('/assistance/temporary/preview', { query: { householdId, hardshipType }, signal }),
    enabled: householdId !== undefined,
    staleTime: 0,
  });
}

export interface EmergencyInput {
  householdId: number;
  applicantPersonId: number;
  reason: string;
  amountFen: number;
  hardshipType: HardshipType;
  form: 'cash' | 'in_kind';
  items?: string;
  findings: string;
}

export function useEmergencyRelief() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: EmergencyInput) => api<CaseDetail>('/assistance/temporary/emergency', { body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['assistance'] });
    },
  });
}
