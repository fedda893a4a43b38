/** Matrix entries of the ledger exports (台账) and the auditor's "who read this person" (branch `ledgers`). */
import type { Permission } from '../../src/access/index.js';

/**
 * The part of matrix.ts's RouteRule these entries use, declared here: importing the type from matrix.ts (which
 * spreads this table) would be an import circle, which `npm run boundaries` refuses even for types.
 */
interface LedgerRule {
  guard: Permission | Permission[];
  params?: Record<string, 'facility' | 'unknown'>;
  query?: (o: { person: number }) => string;
}

const purpose = `purpose=${encodeURIComponent('矩阵核查')}`;

export const LEDGERS_MATRIX: Record<string, LedgerRule> = {
  // The same permission and jurisdiction as the list each exports.
  'GET /api/v1/assistance/cases/export': { guard: 'assistance.read', query: () => purpose },
  'GET /api/v1/assistance/reviews/due/export': { guard: 'assistance.read', query: () => purpose },
  'GET /api/v1/eldercare/waitlist/applications/export': { guard: 'eldercare.persons.read', query: () => purpose },
  'GET /api/v1/eldercare/assessments/expiring/export': { guard: 'eldercare.persons.read', query: () => purpose },
  // The facilities ledger holds no personal data: any role that reads the register may export it, without a purpose.
  'GET /api/v1/eldercare/facilities/export': { guard: 'eldercare.read' },
  'GET /api/v1/eldercare/facilities/{id}/residents/export': { guard: ['eldercare.persons.read', 'eldercare.operate'], params: { id: 'facility' }, query: () => purpose },
  'GET /api/v1/eldercare/supervision/findings/export': { guard: 'eldercare.read' },
  'GET /api/v1/eldercare/rentals/export': { guard: 'eldercare.persons.read', query: () => purpose },
  'GET /api/v1/monitoring/leads/export': { guard: 'monitoring.read', query: () => purpose },
  // The payment ledger of a run: as the runs list and the bank file (assistance.pay, the run's district).
  'GET /api/v1/assistance/payment-runs/{id}/ledger/export': { guard: 'assistance.pay', params: { id: 'unknown' }, query: () => purpose },
  // The screening households: as the drill list (policy.screen).
  'GET /api/v1/policy/screen/{id}/households/export': { guard: 'policy.screen', params: { id: 'unknown' }, query: () => purpose },
  'GET /api/v1/audit/subjects': { guard: 'audit.read', query: () => `q=${encodeURIComponent('张')}` },
  'GET /api/v1/audit/export': { guard: 'audit.read', query: (o) => `personId=${o.person}&${purpose}` },
};

/** Deviations the exports inherit from the list they export (the same service answers). */
export const LEDGERS_DEVIATIONS: Record<string, { status: number; why: string }> = {
  'GET /api/v1/eldercare/facilities/{id}/residents/export | foreign | institution_staff': { status: 403, why: "as the residents list: another operator's facility answers 403, not 404" },
};
