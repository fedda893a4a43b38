import type { AccessTables } from '../access/index.js';
import type { AppContext } from '../context.js';
import { IdVault, loadDemoCity } from '../registry/index.js';
import { monitoringDeps, syncPersonIndex } from '../monitoring/index.js';
import { loadEldercareDemo, type EldercareDemoSummary } from '../eldercare/index.js';
import { loadSocialorgDemo } from '../socialorg/index.js';
import { loadCommunityDemo } from '../community/index.js';
import { loadIndicatorsDemo, publishOpenDataDemo } from '../indicators/index.js';
import { loadMarriageDemo } from '../marriage/index.js';
import { seedLivedInYear, type LivedInSummary } from './lived-in.js';
import { seedDemoUsers } from './users.js';
import { applyDemoUrgent, bookDemoMarriage } from './residents.js';
import { loadChildrenDemo } from '../children/index.js';
import { dispatchOutbox } from '../db/index.js';
import { loadFuneralDemo } from '../funeral/index.js';
import { eventHandlers } from '../modules.js';

export type Progress = (done: number, total: number) => void;

/**
 * First start of an empty installation in demo mode: the division tree, the demo users and a small demo
 * city; with `livedIn`, a year of work in it (see lived-in.ts). Returns false outside demo mode (never in production: its printed logins would be default
 * accounts) and when the database already holds users (a restart, or a real installation).
 */
export async function bootstrapDemo(ctx: AppContext, onProgress?: Progress, options: { livedIn?: boolean; onLivedIn?: (summary: LivedInSummary) => void } = {}): Promise<boolean> {
  if (!ctx.config.auth.demo) return false;
  const db = ctx.db.kysely.withTables<AccessTables>();
  const anyUser = await db.selectFrom('access.users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return false;
  const eldercare = await loadDemoPopulation(ctx, ctx.config.demo, onProgress);
  const socialorg = await loadSocialorgDemo(ctx, ctx.config.demo.seed);
  await seedDemoUsers(db, { operatorOrganisationId: eldercare.operatorOrganisationId, socialorgOrganisationId: socialorg.staffOrganisationId });
  await loadChildrenDemo(ctx);
  // After the logins: the demo caseworkers and district officer did their own streets' year of work.
  if (options.livedIn) {
    // Awaited on its own line: as the argument of an optional call it would not run without `onLivedIn`.
    const summary = await seedLivedInYear(ctx, { seed: ctx.config.demo.seed });
    options.onLivedIn?.(summary);
    // A year of deaths fanned out to the modules, after the lived-in year so some of the dead held cases (only in
    // the lived-in city: the deaths close elderly-care applications other pages' demo data counts on).
    await loadFuneralDemo(ctx, async () => void (await dispatchOutbox(ctx.db.kysely, eventHandlers())), { seed: ctx.config.demo.seed });
  }
  // The residents' 婚姻登记预约 page: the first demo resident and the second have a booking at 浦东.
  await bookDemoMarriage(ctx);
  // The street caseworker's list: the second demo resident's urgent 临时救助, applied for online.
  await applyDemoUrgent(ctx);
  // Last: the public open-data page shows last month as published from everything loaded above.
  await publishOpenDataDemo(ctx);
  return true;
}

export async function loadDemoPopulation(ctx: AppContext, options: { seed: number; persons: number }, onProgress?: Progress): Promise<EldercareDemoSummary> {
  await loadDemoCity(ctx.db, new IdVault(ctx.config.secretKey), { seed: options.seed, persons: options.persons, onProgress });
  // The bulk load emits no events, so monitoring learns of the loaded persons in one pass.
  await syncPersonIndex(monitoringDeps(ctx), null);
  const eldercare = await loadEldercareDemo(ctx, options.seed);
  await loadCommunityDemo(ctx, options.seed);
  await loadIndicatorsDemo(ctx);
  await loadMarriageDemo(ctx, options.seed);
  return eldercare;
}
