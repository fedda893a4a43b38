import { useQuery } from '@tanstack/react-query';
import { api } from './client.js';
import type { UsedParameter } from './policy-types.js';

export interface Figures {
  baselineHouseholds: number;
  scenarioHouseholds: number;
  baselinePersons: number;
  scenarioPersons: number;
  newlyEligibleHouseholds: number;
  noLongerEligibleHouseholds: number;
  newlyEligiblePersons: number;
  noLongerEligiblePersons: number;
  baselineMonthlyCostFen: number;
  scenarioMonthlyCostFen: number;
  baselineYearlyCostFen: number;
  scenarioYearlyCostFen: number;
}

export interface ProgrammeSimulation {
  programme: string;
  unit: 'household' | 'person';
  districts: ({ district: string } & Figures)[];
  total: Figures;
}

export type Override = { name: string; from: string } & ({ scalePermille: number } | { addFen: number } | { set: number });

export interface SimulationRequest {
  startMonth: string;
  overrides: Override[];
  programmes?: string[];
  divisionCode?: string;
}

export interface SimulationReport {
  startMonth: string;
  ruleVersion: string;
  overrides: Override[];
  warnings: { code: string; message: string; parameter: string; from: string }[];
  baselineParameters: UsedParameter[];
  scenarioParameters: UsedParameter[];
  programmes: ProgrammeSimulation[];
  divisionCode: string;
  source: 'snapshot' | 'registry';
  households: number;
  persons: number;
  districtNames: Record<string, string>;
  timings: { loadMs: number; simulateMs: number };
}

export interface ParameterListing {
  parameters: { name: string; label: string; unit: string; description: string; values: { from: string; value: number | number[]; inForce: boolean }[] }[];
}

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
