/** 为老助餐: recording a meal at a meal point, the monthly settlement between districts, daily counts. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.js';
import type { DailyMealRow, MealInput, MealRecorded, Settlement } from './eldercare-meals-types.js';

export function useRecordMeal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MealInput) => api<MealRecorded>('/eldercare/meals', { body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'meal-settlement'] });
      void queryClient.invalidateQueries({ queryKey: ['eldercare', 'meal-daily'] });
    },
  });
}

export function useMealSettlement(month: string, divisionCode: string | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'meal-settlement', month, divisionCode],
    queryFn: ({ signal }) => api<Settlement>('/eldercare/meals/settlement', { query: { month, divisionCode }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDailyMeals(from: string, to: string, divisionCode: string | undefined) {
  return useQuery({
    queryKey: ['eldercare', 'meal-daily', from, to, divisionCode],
    queryFn: ({ signal }) => api<{ divisionCode: string; from: string; to: string; items: DailyMealRow[] }>('/eldercare/meals/daily', { query: { from, to, divisionCode }, signal }),
    placeholderData: keepPreviousData,
  });
}
