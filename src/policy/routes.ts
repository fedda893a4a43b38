/**
 * HTTP routes of the policy engine, mounted under /api/v1 by src/http/app.ts via src/modules.ts.
 * The body schema is there for OpenAPI only: validation is done by evaluateRequest itself so that errors
 * carry policy codes (POLICY_INVALID_INPUT, POLICY_UNKNOWN_PROGRAMME) and Chinese messages naming the field.
 */
import { requirePermission } from '../access/index.js';
import type { AppContext } from '../context.js';
import type { AppInstance } from '../http/types.js';
import { actorOf, bearer } from '../http/auth.js';
import { errorResponses } from '../http/schemas.js';
import { activePack } from './active-pack.js';
import { evaluateRequestWith } from './evaluate.js';
import { effectiveParameters } from './parameter-store.js';
import { policyStoreRoutes } from './routes-store.js';
import { EvaluateRequestSchema, EvaluateResponseSchema } from './schemas.js';
import { policyDb } from './store-model.js';

const tags = ['政策引擎'];
const acceptAll = () => (data: unknown) => ({ value: data });

export async function policyRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.post(
    '/policy/evaluate',
    {
      schema: {
        tags,
        summary: '单户政策评估：六项救助/福利是否符合、月金额及中文理由（纯计算，不保存）',
        security: bearer,
        body: EvaluateRequestSchema,
        response: { 200: EvaluateResponseSchema, ...errorResponses },
      },
      validatorCompiler: acceptAll,
    },
    async (request) => {
      requirePermission(actorOf(request), 'policy.evaluate');
      // The installation's table: the pack's values plus those the city administrator entered.
      const pack = await activePack();
      const parameters = await effectiveParameters(policyDb(ctx.db), pack);
      return evaluateRequestWith({ ...pack, parameters }, request.body as unknown);
    },
  );
  await policyStoreRoutes(app, ctx);
}
