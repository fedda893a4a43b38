/**
 * The evaluate contract: untrusted JSON in, a decision with reasons out. Pure (no I/O, no clock), so the
 * HTTP route, the CLI and the worked-case tests all run exactly this function.
 */
import { explainHousehold } from './explain.js';
import type { EvaluateResponse } from './household.js';
import type { PolicyPack } from './programme.js';
import { validateEvaluateRequest } from './validate.js';

export function evaluateRequestWith(pack: PolicyPack, input: unknown): EvaluateResponse {
  const request = validateEvaluateRequest(
    input,
    pack.programmes.map((p) => p.id),
  );
  return explainHousehold(pack, request.household, request.month, request.programmes ? { programmes: request.programmes } : {});
}
