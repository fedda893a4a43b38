import { useQueries } from '@tanstack/react-query';
import { api } from '../api/client.js';
import type { DivisionTree } from '../api/types.js';

/** Names for chart axes (a canvas can not hold a component); shares the cache with DivisionName. */
export function useDivisionNames(codes: string[]): Record<string, string> {
  const results = useQueries({
    queries: codes.map((code) => ({
      queryKey: ['division', code],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<DivisionTree>(`/divisions/${code}`, { signal }),
      staleTime: 60 * 60_000,
    })),
  });
  return Object.fromEntries(codes.map((code, i) => [code, results[i]?.data?.name ?? code]));
}
