/**
 * Matrix entries of the `people` branch (names, pickers, admissions); see matrix.ts for the rule format. No type
 * import from matrix.ts (that would be an import circle): the spread into MATRIX checks each entry against RouteRule.
 */
export const PEOPLE_MATRIX = {
  // Beds are not personal data: read as the facility itself is (eldercare.read, the facility in the jurisdiction).
  'GET /api/v1/eldercare/facilities/{id}/beds': { guard: 'eldercare.read', params: { id: 'facility' } },
} as const;
