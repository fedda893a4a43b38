/**
 * GET /api/v1/labels: the Chinese names of every state and code, one table per code list, each owned by its
 * module beside its state machine. The web app fetches it once per session instead of keeping its own copy,
 * and takes the key types from LabelsSchema (type-only), so a new status fails the web's type check.
 */
import { Type, type Static } from 'typebox';
import { accessLabels, AccessLabelsSchema } from '../access/index.js';
import { assistanceLabels, AssistanceLabelsSchema } from '../assistance/index.js';
import { eldercareLabels, EldercareLabelsSchema } from '../eldercare/index.js';
import { monitoringLabels, MonitoringLabelsSchema } from '../monitoring/index.js';
import { policyLabels, PolicyLabelsSchema } from '../policy/index.js';
import { registryLabels, RegistryLabelsSchema } from '../registry/index.js';
import { residentLabels, ResidentLabelsSchema } from '../residents/index.js';
import type { AppInstance } from './types.js';
import { actorOf, bearer } from './auth.js';
import { errorResponses } from './schemas.js';

export const LabelsSchema = Type.Object({
  access: AccessLabelsSchema,
  registry: RegistryLabelsSchema,
  policy: PolicyLabelsSchema,
  assistance: AssistanceLabelsSchema,
  monitoring: MonitoringLabelsSchema,
  eldercare: EldercareLabelsSchema,
  residents: ResidentLabelsSchema,
});
export type Labels = Static<typeof LabelsSchema>;

const labels: Labels = { access: accessLabels, registry: registryLabels, policy: policyLabels, assistance: assistanceLabels, monitoring: monitoringLabels, eldercare: eldercareLabels, residents: residentLabels };

export async function labelRoutes(app: AppInstance): Promise<void> {
  app.get('/labels', { schema: { tags: ['access'], summary: '状态与代码的中文名称（各模块）', security: bearer, response: { 200: LabelsSchema, 401: errorResponses[401] } } }, async (request, reply) => {
    // Names carry no personal data, so any signed-in user may read them; they change only with a release.
    actorOf(request);
    void reply.header('cache-control', 'private, max-age=3600');
    return labels;
  });
}
