import type { Permission } from '../../src/access/index.js';

/**
 * Branch `demo` (the leader's minimum necessary): the leader lost `policy.evaluate` (one household's
 * calculation is person-level) but keeps 测算, whose form reads the parameters — so the parameter listing is
 * open to either permission. No new routes. Typed structurally (a RouteRule of matrix.ts) so that this file
 * does not import matrix.ts, which imports it.
 */
export const DEMO_MATRIX: Record<string, { guard: Permission[] }> = {
  'GET /api/v1/policy/parameters': { guard: ['policy.evaluate', 'policy.simulate'] },
};
