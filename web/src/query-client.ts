import { QueryClient } from '@tanstack/react-query';
import { isApiError, isDatabaseUnavailable } from './api/client.js';

/**
 * A 4xx will not change by asking again; network hiccups and 5xx get one more try. A database that is away
 * (503 DB_UNAVAILABLE, e.g. restarting) usually is back within seconds: reads are asked again with a growing
 * pause for about a minute. Writes are never repeated by themselves — the user decides.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (failures, error) => (isDatabaseUnavailable(error) ? failures < 10 : failures < 1 && !(isApiError(error) && error.status >= 400 && error.status < 500)),
        retryDelay: (failures, error) => (isDatabaseUnavailable(error) ? Math.min(500 * 2 ** failures, 8000) : Math.min(1000 * 2 ** failures, 30_000)),
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
