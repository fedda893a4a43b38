/** 系统管理: the security admin's user ledger and grants, and the city admin's dated settings of every module. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { AssistanceSetting, Assignment, CreatedAccount, EldercareSettingRow, Grant, GrantOutcome, LedgerUser, NewAccount, PolicyParameterListing, PolicyValueCreated, RuleParameter } from './admin-types.js';

export function useUsers() {
  return useQuery({ queryKey: ['admin', 'users'], queryFn: ({ signal }) => api<LedgerUser[]>('/users', { signal }), staleTime: 5_000 });
}

export function usePendingGrants() {
  return useQuery({ queryKey: ['admin', 'grants'], queryFn: ({ signal }) => api<Grant[]>('/grants', { query: { status: 'pending' }, signal }), staleTime: 5_000 });
}

/** Every user action changes the ledger (and maybe the grants waiting for a second admin). */
function useUserMutation<TInput, TResult>(run: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'grants'] });
    },
  });
}

export const useCreateUser = () => useUserMutation((account: NewAccount) => api<CreatedAccount>('/users', { body: account }));
export const useAssignRole = () => useUserMutation(({ id, ...assignment }: Assignment & { id: number }) => api<GrantOutcome>(`/users/${id}/role`, { method: 'PUT', body: assignment }));
export const useUnlockUser = () => useUserMutation((id: number) => api<void>(`/users/${id}/unlock`, { method: 'POST' }));
export const useSetUserActive = () => useUserMutation(({ id, active }: { id: number; active: boolean }) => api<void>(`/users/${id}/${active ? 'enable' : 'disable'}`, { method: 'POST' }));
export const useEndSessions = () => useUserMutation((id: number) => api<{ ended: number }>(`/users/${id}/sessions`, { method: 'DELETE' }));
export const useResetPassword = () => useUserMutation((id: number) => api<{ initialPassword: string }>(`/users/${id}/reset-password`, { method: 'POST' }));
export const useDecideGrant = () => useUserMutation(({ id, approve }: { id: number; approve: boolean }) => api<void>(`/grants/${id}/${approve ? 'approve' : 'reject'}`, { method: 'POST' }));

export function usePolicyParameters(enabled: boolean) {
  return useQuery({ queryKey: ['policy', 'parameters'], queryFn: ({ signal }) => api<PolicyParameterListing>('/policy/parameters', { signal }), enabled });
}
export function useAssistanceSettings(enabled: boolean) {
  return useQuery({ queryKey: ['assistance', 'settings'], queryFn: ({ signal }) => api<AssistanceSetting[]>('/assistance/settings', { signal }), enabled });
}
export function useRuleParameters(enabled: boolean) {
  return useQuery({ queryKey: ['monitoring', 'rules'], queryFn: ({ signal }) => api<RuleParameter[]>('/monitoring/rules', { signal }), enabled });
}
export function useEldercareSettingRows(enabled: boolean) {
  return useQuery({ queryKey: ['eldercare', 'settings'], queryFn: ({ signal }) => api<EldercareSettingRow[]>('/eldercare/settings', { signal }), enabled });
}

/** One new dated value of any module's parameter; the module's own route validates and audits it. */
export type SettingWrite =
  | { module: 'policy'; name: string; body: { from: string; value: number | number[]; verified: boolean; note: string } }
  | { module: 'assistance'; name: string; body: { from: string; value: unknown; verified: boolean; note: string } }
  | { module: 'monitoring'; name: string; body: { from: string; value: number; verified: boolean; note: string } }
  | { module: 'eldercare'; name: string; body: { from: string; value: unknown; verified: boolean; source: string } };

export function useWriteSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (write: SettingWrite): Promise<PolicyValueCreated | unknown> => {
      const name = encodeURIComponent(write.name);
      if (write.module === 'policy') return api<PolicyValueCreated>(`/policy/parameters/${name}/values`, { body: write.body });
      if (write.module === 'assistance') return api(`/assistance/settings/${name}`, { method: 'PUT', body: write.body });
      if (write.module === 'monitoring') return api(`/monitoring/rules/${name}`, { method: 'PUT', body: write.body });
      return api(`/eldercare/settings/${name}`, { method: 'PUT', body: write.body });
    },
    onSuccess: (_result, write) => {
      const key = { policy: ['policy', 'parameters'], assistance: ['assistance', 'settings'], monitoring: ['monitoring', 'rules'], eldercare: ['eldercare', 'settings'] }[write.module];
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
