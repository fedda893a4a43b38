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
import { residentLabels, ResidentLabelsSchema, residentsAuditLabels } from '../residents/index.js';
import { marriageAuditLabels } from '../marriage/index.js';
import { funeralAuditLabels } from '../funeral/index.js';
import { socialorgAuditLabels } from '../socialorg/index.js';
import { childrenAuditLabels } from '../children/index.js';
import { communityAuditLabels } from '../community/index.js';
import { indicatorsAuditLabels } from '../indicators/index.js';
import { adoptionAuditLabels } from '../adoption/index.js';
import type { AppInstance } from './types.js';
import { actorOf, bearer } from './auth.js';
import { errorResponses, LabelTable } from './schemas.js';

function mergeTables(tables: { auditAction: Record<string, string>; entityType: Record<string, string> }[]): { auditAction: Record<string, string>; entityType: Record<string, string> } {
  return { auditAction: Object.assign({}, ...tables.map((t) => t.auditAction)), entityType: Object.assign({}, ...tables.map((t) => t.entityType)) };
}

export const LabelsSchema = Type.Object({
  access: AccessLabelsSchema,
  registry: RegistryLabelsSchema,
  policy: PolicyLabelsSchema,
  assistance: AssistanceLabelsSchema,
  monitoring: MonitoringLabelsSchema,
  eldercare: EldercareLabelsSchema,
  residents: ResidentLabelsSchema,
  /** The later lines' audit actions and objects (their own code lists travel with their pages' schemas). */
  lines: Type.Object({ auditAction: LabelTable(), entityType: LabelTable() }),
});
export type Labels = Static<typeof LabelsSchema>;

const labels: Labels = {
  access: accessLabels,
  registry: registryLabels,
  policy: policyLabels,
  assistance: assistanceLabels,
  monitoring: monitoringLabels,
  eldercare: eldercareLabels,
  residents: residentLabels,
  lines: mergeTables([residentsAuditLabels, marriageAuditLabels, funeralAuditLabels, socialorgAuditLabels, childrenAuditLabels, communityAuditLabels, indicatorsAuditLabels, adoptionAuditLabels]),
};

/** Every module's audit actions and object types in one table each, for the audit log's ledger. */
export function auditNames(): { auditAction: Record<string, string>; entityType: Record<string, string> } {
  const tables = Object.values(labels) as { auditAction?: Record<string, string>; entityType?: Record<string, string> }[];
  return { auditAction: Object.assign({}, ...tables.map((t) => t.auditAction ?? {})), entityType: Object.assign({}, ...tables.map((t) => t.entityType ?? {})) };
}

export async function labelRoutes(app: AppInstance): Promise<void> {
  app.get('/labels', { schema: { tags: ['access'], summary: '状态与代码的中文名称（各模块）', security: bearer, response: { 200: LabelsSchema, 401: errorResponses[401] } } }, async (request, reply) => {
    // Names carry no personal data, so any signed-in user may read them; they change only with a release.
    actorOf(request);
    void reply.header('cache-control', 'private, max-age=3600');
    return labels;
  });
}
