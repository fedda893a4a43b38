/**
 * Matrix entries of the operations routes (branch `ops`, issue 22). GET /metrics takes no staff session: it
 * answers only the METRICS_TOKEN bearer token, and without a configured token it is not offered on the main
 * port at all (404, as here: the matrix configures none); a staff session's bearer token is refused like any
 * other wrong token. src/http/metrics.test.ts checks the token, the separate metrics port and the figures.
 */
import type { Permission } from '../../src/access/index.js';

/** The part of matrix.ts's RouteRule these entries use (importing it would make the two files import each other). */
interface RouteRule {
  guard: Permission | 'public' | 'resident';
  own?: number[];
}

export const OPS_MATRIX: Record<string, RouteRule> = {
  'GET /metrics': { guard: 'public', own: [404] },
};
