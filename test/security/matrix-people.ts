/** Matrix entries of the `people` branch (names, pickers, admissions): see matrix.ts for the rule format. */
import type { RouteRule } from './matrix.js';

export const PEOPLE_MATRIX: Record<string, RouteRule> = {
  // Beds are not personal data: read as the facility itself is (eldercare.read, the facility in the jurisdiction).
  'GET /api/v1/eldercare/facilities/{id}/beds': { guard: 'eldercare.read', params: { id: 'facility' } },
};
