import { fileURLToPath } from 'node:url';
import type { EventHandler, MigrationSource } from './db/index.js';
import type { RoutesPlugin } from './http/types.js';
import { registerAuditSubjectSource } from './access/index.js';
import { accessRoutes } from './access/routes.js';
import { registryAuditSubjects } from './registry/index.js';
import { registryRoutes } from './registry/routes.js';
import { policyRoutes } from './policy/routes.js';
import { policyHandlers } from './policy/index.js';
import { assistanceAuditSubjects, assistanceHandlers, assistanceRoutes } from './assistance/index.js';
import { monitoringAuditSubjects, monitoringHandlers, monitoringRoutes } from './monitoring/index.js';
import { eldercareAuditSubjects, eldercareHandlers, eldercareRoutes } from './eldercare/index.js';
import { socialorgRoutes } from './socialorg/index.js';
import { jobRoutes } from './jobs/routes.js';
import { inboxHandler, residentRoutes } from './residents/index.js';
import { marriageHandlers, marriageRoutes } from './marriage/index.js';
import { funeralHandlers, funeralRoutes } from './funeral/index.js';
import { installPolicyPack } from './policy/index.js';
import { shanghaiPack } from './policies/shanghai/index.js';
import { childrenHandlers, childrenRoutes } from './children/index.js';
import { communityRoutes } from './community/index.js';
import { indicatorRoutes } from './indicators/index.js';
import { adoptionRoutes } from './adoption/index.js';

// The pack this installation runs (the Shanghai reference configuration); the engine asks for it, never imports it.
installPolicyPack(shanghaiPack);
// Whose data each audited object holds, for the auditor's "who read this person" (registry first: households before cases).
registerAuditSubjectSource('registry', registryAuditSubjects);
registerAuditSubjectSource('assistance', assistanceAuditSubjects);
registerAuditSubjectSource('eldercare', eldercareAuditSubjects);
registerAuditSubjectSource('monitoring', monitoringAuditSubjects);

export interface ModuleDefinition {
  /** Also the module's PostgreSQL schema. */
  name: string;
  routes?: RoutesPlugin;
  handlers?: EventHandler[];
}

const dir = (module: string) => fileURLToPath(new URL(`./${module}/migrations`, import.meta.url));

/** Every business module, in migration order (a module's tables may reference those above it only by id). */
export const modules: ModuleDefinition[] = [
  { name: 'core' },
  { name: 'access', routes: accessRoutes },
  { name: 'registry', routes: registryRoutes },
  { name: 'policy', routes: policyRoutes, handlers: policyHandlers },
  { name: 'assistance', routes: assistanceRoutes, handlers: assistanceHandlers },
  { name: 'monitoring', routes: monitoringRoutes, handlers: monitoringHandlers },
  { name: 'eldercare', routes: eldercareRoutes, handlers: eldercareHandlers },
  { name: 'jobs', routes: jobRoutes },
  { name: 'residents', routes: residentRoutes, handlers: [inboxHandler] },
  { name: 'socialorg', routes: socialorgRoutes },
  { name: 'children', routes: childrenRoutes, handlers: childrenHandlers },
  { name: 'community', routes: communityRoutes },
  { name: 'indicators', routes: indicatorRoutes },
  { name: 'marriage', routes: marriageRoutes, handlers: marriageHandlers },
  { name: 'funeral', routes: funeralRoutes, handlers: funeralHandlers },
  { name: 'adoption', routes: adoptionRoutes },
];

export const migrationSources: MigrationSource[] = modules.map((m) => ({
  module: m.name,
  dir: m.name === 'core' ? fileURLToPath(new URL('./db/migrations', import.meta.url)) : dir(m.name),
}));

export const eventHandlers = (): EventHandler[] => modules.flatMap((m) => m.handlers ?? []);
