import type { AccessTables } from '../access/index.js';
import type { AppContext } from '../context.js';
import { IdVault, loadDemoCity } from '../registry/index.js';
import { monitoringDeps, syncPersonIndex } from '../monitoring/index.js';
import { loadEldercareDemo, type EldercareDemoSummary } from '../eldercare/index.js';
import { seedDemoUsers } from './users.js';

export type Progress = (done: number, total: number) => void;

/**
 * First start of an empty installation in demo mode: the division tree, the demo users and a small demo
 * city. Returns false outside demo mode (never in production: its printed logins would be default
 * accounts) and when the database already holds users (a restart, or a real installation).
 */
export async function bootstrapDemo(ctx: AppContext, onProgress?: Progress): Promise<boolean> {
  if (!ctx.config.auth.demo) return false;
  const db = ctx.db.kysely.withTables<AccessTables>();
  const anyUser = await db.selectFrom('access.users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return false;
  const eldercare = await loadDemoPopulation(ctx, ctx.config.demo, onProgress);
  await seedDemoUsers(db, { operatorOrganisationId: eldercare.operatorOrganisationId });
  return true;
}

export async function loadDemoPopulation(ctx: AppContext, options: { seed: number; persons: number }, onProgress?: Progress): Promise<EldercareDemoSummary> {
  await loadDemoCity(ctx.db, new IdVault(ctx.config.secretKey), { seed: options.seed, persons: options.persons, onProgress });
  // The bulk load emits no events, so monitoring learns of the loaded persons in one pass.
  await syncPersonIndex(monitoringDeps(ctx), null);
  return loadEldercareDemo(ctx, options.seed);
}
