/** Matrix entries of the ledger exports (台账) and the auditor's "who read this person" (branch `ledgers`). */
import type { Permission } from '../../src/access/index.js';

/**
 * The part of matrix.ts's RouteRule these entries use, declared here: importing the type from matrix.ts (which
 * spreads this table) would be an import circle, which `npm run boundaries` refuses even for types.
 */
interface LedgerRule {
  guard: Permission;
  query?: (o: { person: number }) => string;
}

const purpose = `purpose=${encodeURIComponent('矩阵核查')}`;

export const LEDGERS_MATRIX: Record<string, LedgerRule> = {
  // The same permission and jurisdiction as the list each exports.
  'GET /api/v1/assistance/cases/export': { guard: 'assistance.read', query: () => purpose },
  'GET /api/v1/assistance/reviews/due/export': { guard: 'assistance.read', query: () => purpose },
  'GET /api/v1/audit/subjects': { guard: 'audit.read', query: () => `q=${encodeURIComponent('张')}` },
  'GET /api/v1/audit/export': { guard: 'audit.read', query: (o) => `personId=${o.person}&${purpose}` },
};
