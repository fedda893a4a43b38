import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import type { Static } from 'typebox';
import type { ParameterListingSchema, SimulateBody, SimulationReportBody } from '../../../src/policy/schemas-store.js';

export type SimulationReport = SimulationReportBody;
export type ProgrammeSimulation = SimulationReport['programmes'][number];
export type Figures = ProgrammeSimulation['total'];
export type SimulationRequest = Static<typeof SimulateBody>;
export type Override = SimulationRequest['overrides'][number];
export type ParameterListing = Static<typeof ParameterListingSchema>;

export function useParameters() {
  return useQuery({
    queryKey: ['policy', 'parameters'],
    queryFn: ({ signal }) => api<ParameterListing>('/policy/parameters', { signal }),
    staleTime: 10 * 60_000,
  });
}

/**
 * A simulation reads the whole population and may take a while for the city. The request is keyed by
 * the scenario (which the URL carries) and deliberately not aborted on unmount: a user who leaves the
 * page finds the answer waiting when they come back, for as long as the app stays open.
 */
export function useSimulation(request: SimulationRequest | null, { watchOnly = false } = {}) {
  return useQuery({
    queryKey: ['policy', 'simulation', request],
    queryFn: () => api<SimulationReport>('/policy/simulate', { body: request }),
    // watchOnly: follow a simulation already asked for (任务中心) without starting one.
    enabled: request !== null && !watchOnly,
    staleTime: Infinity,
    gcTime: 60 * 60_000,
    retry: false,
  });
}
