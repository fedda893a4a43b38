/**
 * Routes added by the leads branch (政策找人 from the screen, with progress), in the format of matrix.ts. Not
 * typed with its RouteRule: matrix.ts imports this file, and a type import back would be a circle; the spread
 * into MATRIX checks each entry against RouteRule instead.
 */
export const LEADS_MATRIX = {
  // A permitted caller starts a (background) run: any 2xx, here 202.
  'POST /api/v1/monitoring/discovery/jobs': { guard: 'monitoring.discover', body: () => ({ month: '2025-03' }) },
  'GET /api/v1/monitoring/discovery/runs/{id}': { guard: 'monitoring.discover', params: { id: 'unknown' } },
  'GET /api/v1/policy/screen/{id}/breakdown': { guard: 'policy.screen', params: { id: 'unknown' } },
  'GET /api/v1/policy/screen/{id}/households': { guard: 'policy.screen', params: { id: 'unknown' } },
} as const;
