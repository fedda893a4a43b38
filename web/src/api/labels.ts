import { useQuery } from '@tanstack/react-query';
import { installLabels } from '../format/labels.js';
import type { Labels } from '../format/label-tables.js';
import { api } from './client.js';

/** The label tables, fetched once per session (they change only with a release) and installed for the pages. */
export function useLabels(enabled: boolean) {
  return useQuery({
    queryKey: ['labels'],
    queryFn: async ({ signal }) => {
      const labels = await api<Labels>('/labels', { signal });
      installLabels(labels);
      return labels;
    },
    enabled,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
