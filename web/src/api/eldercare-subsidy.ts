/** 养老服务补贴: a person's entitlement on a day, with its reasons and the parameters it used. */
import { useQuery } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ServiceSubsidySchema } from '../../../src/eldercare/routes-subsidy.js';
import { api } from './client.js';

export type ServiceSubsidy = Static<typeof ServiceSubsidySchema>;

export function useServiceSubsidy(personId: number | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'service-subsidy', personId],
    queryFn: ({ signal }) => api<ServiceSubsidy>('/eldercare/service-subsidy', { query: { personId }, signal }),
    enabled: personId !== undefined,
  });
}
