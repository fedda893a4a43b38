/**
 * The scheduler's work for elderly care (the serve loop calls `runEldercareJobs`): expire unanswered offers,
 * offer free basic-guarantee beds, and re-rank the queue when a new day can change priorities (someone turned 80).
 */
import type { Actor } from '../access/index.js';
import { allocatePending, type AllocationRun } from './allocation.js';
import { tables, today, type EldercareDeps } from './deps.js';
import { allowRead, auditSystem } from './guard.js';
import { expireOffers } from './offers.js';
import { escalateOverdueFindings } from './rectification.js';
import { rerank } from './priority.js';
import { loadSettings } from './settings.js';

let rankedOn: string | null = null;

export async function rerankQueue(deps: EldercareDeps): Promise<number> {
  const on = today(deps);
  const db = tables(deps);
  const changed = await db.transaction().execute(async (trx) => {
    const n = await rerank(trx, await loadSettings(trx, on), on);
    if (n) await auditSystem(trx, 'eldercare.queue.rerank', 'waitlist', undefined, { on, changed: n });
    return n;
  });
  rankedOn = on;
  return changed;
}

/** Re-ranking started by a person (e.g. after the priority order setting changed): permission and audit first. */
export async function rerankQueueAs(deps: EldercareDeps, actor: Actor): Promise<{ changed: number }> {
  await allowRead(tables(deps), actor, { permission: 'eldercare.waitlist.allocate', action: 'eldercare.queue.rerank_run', entityType: 'waitlist' });
  return { changed: await rerankQueue(deps) };
}

export async function runEldercareJobs(deps: EldercareDeps): Promise<{ expired: number; offered: number; reranked: number; overdueFindings: number }> {
  const reranked = rankedOn === today(deps) ? 0 : await rerankQueue(deps);
  const { expired, passedOn } = await expireOffers(deps);
  const pending: AllocationRun | null = await allocatePending(deps);
  const overdue = await escalateOverdueFindings(deps);
  return { expired: expired.length, offered: (passedOn?.offers.length ?? 0) + (pending?.offers.length ?? 0), reranked, overdueFindings: overdue.escalated.length };
}
