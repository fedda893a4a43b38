import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from './client.js';
import type { EvaluateRequest, EvaluateResponse, PolicyHouseholdFacts } from './policy-types.js';

/** policy-input answers the evaluate body; a bare household is accepted too, so either shape works. */
function toEvaluateRequest(input: EvaluateRequest | PolicyHouseholdFacts, month: string): EvaluateRequest {
  return 'household' in input ? { ...input, month } : { month, household: input };
}

export const NO_MEMBERS = 'no-members' as const;

/** The household's facts for the month as the rules read them, then every programme of the pack over them. */
export function useHouseholdEligibility(householdId: number, month: string, enabled: boolean) {
  return useQuery({
    queryKey: ['policy', 'household', householdId, month],
    queryFn: async ({ signal }) => {
      const input = await api<EvaluateRequest | PolicyHouseholdFacts>(`/households/${householdId}/policy-input`, { query: { month }, signal });
      const request = toEvaluateRequest(input, month);
      // Everyone in the household has died or left by this month: there is nobody to calculate for.
      if (request.household.members.length === 0) return NO_MEMBERS;
      return api<EvaluateResponse>('/policy/evaluate', { body: request, signal });
    },
    enabled: enabled && Number.isInteger(householdId),
  });
}

/**
 * A route that is not mounted answers the generic NOT_FOUND; a missing household answers a registry
 * code. Only the first means "the policy service has not been deployed here".
 */
export const isServiceMissing = (error: unknown): boolean => isApiError(error) && error.status === 404 && error.code === 'NOT_FOUND';
