/** 养老服务 registry changes: new facilities, added beds and bed prices (eldercare.facilities.manage). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { BedBatch, BedPrice, Facility, NewFacilityInput } from './eldercare-types.js';

/** Beds change the lists, the figures and the free beds the allocation sees: everything elderly-care is refetched. */
function useFacilityMutation<I>(send: (input: I) => Promise<Facility>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (facility) => {
      queryClient.setQueryData(['eldercare', 'facility', facility.id], facility);
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'facilities'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'figures'] });
    },
  });
}

export const useCreateFacility = () => useFacilityMutation((input: NewFacilityInput) => api<Facility>('/eldercare/facilities', { body: input }));

export const useAddBeds = (facilityId: number) => useFacilityMutation((beds: BedBatch[]) => api<Facility>(`/eldercare/facilities/${facilityId}/beds`, { body: { beds } }));

export const useSetPrices = (facilityId: number) => useFacilityMutation((prices: BedPrice[]) => api<Facility>(`/eldercare/facilities/${facilityId}/prices`, { method: 'PUT', body: { prices } }));
