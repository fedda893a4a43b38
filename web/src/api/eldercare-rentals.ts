/** 康复辅具社区租赁: the catalogue in force, renting and returning, the ledger, street coverage (indicator 8). */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { Rental, RentalCatalogue, RentalCoverage, RentalRecorded, RentInput } from './eldercare-rentals-types.js';

export function useRentalCatalogue() {
  return useQuery({ queryKey: ['eldercare', 'rental-catalogue'], queryFn: ({ signal }) => api<RentalCatalogue>('/eldercare/rentals/catalogue', { signal }), staleTime: 60_000 });
}

export function useRentals(divisionCode: string | undefined, open: boolean | undefined, page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['eldercare', 'rentals', divisionCode, open, page],
    queryFn: ({ signal }) => api<{ items: Rental[]; total: number }>('/eldercare/rentals', { query: { divisionCode, open, limit: pageSize, offset: (page - 1) * pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useRentalCoverage(divisionCode: string | undefined) {
  return useQuery({ queryKey: ['eldercare', 'rental-coverage', divisionCode], queryFn: ({ signal }) => api<RentalCoverage>('/eldercare/rentals/coverage', { query: { divisionCode }, signal }) });
}

function useInvalidateRentals() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['eldercare', 'rentals'] });
    void queryClient.invalidateQueries({ queryKey: ['eldercare', 'rental-coverage'] });
  };
}

export function useRentDevice() {
  const invalidate = useInvalidateRentals();
  return useMutation({ mutationFn: (input: RentInput) => api<RentalRecorded>('/eldercare/rentals', { body: input }), onSuccess: invalidate });
}

export function useReturnDevice() {
  const invalidate = useInvalidateRentals();
  return useMutation({ mutationFn: ({ id, returnedOn }: { id: number; returnedOn: string }) => api<Rental>(`/eldercare/rentals/${id}/return`, { body: { returnedOn } }), onSuccess: invalidate });
}
