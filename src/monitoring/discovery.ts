/**
 * 政策找人: a division (the actor's jurisdiction, the city for the system) against every programme for a
 * month. The policy engine screens the population (its screening run, set-based from the registry, kept
 * current by re-screens after registry events); the households it finds eligible for a programme they
 * are not in become leads for their advisor, and automatic benefits found due (老年综合津贴, 孤儿基本生活费)
 * are granted. Each chunk of candidates is committed on its own; leads are never created twice.
 */
import type { Actor } from '../access/index.js';
import { retryAfterOutage } from '../db/index.js';
import { invalid, isValidMonth, normaliseDivisionCode, type IsoDate, type Month } from '../kernel/index.js';
import { eligibleHouseholds, runScreen } from '../policy/index.js';
import { tables, thisMonth, type MonitoringDeps } from './deps.js';
import { writeFindings } from './evaluate.js';
import { policyFindings, type PolicyJob } from './evaluate-policy.js';
import { allowRead } from './guard.js';
import { AUTO_PROGRAMMES, LEAD_PROGRAMMES } from './model.js';
import { completePersonIndex } from './person-index.js';
import { storedRuleValues } from './rule-settings.js';
import { resolveRules, type RuleSettings } from './rules.js';

export interface DiscoveryOptions {
  month?: Month;
  divisionCode?: string;
  /** Run a new screening of the division first, instead of the engine's current results for the month. */
  rescreen?: boolean;
  /** Candidate households per chunk (one re-screen, one transaction). */
  chunk?: number;
}

export interface DiscoveryRun {
  runId: number;
  /** The policy engine's screening run the candidates came from. */
  screenRunId: number;
  month: Month;
  divisionCode: string;
  /** Households eligible for some programme (the candidates examined). */
  households: number;
  leads: number;
  grants: number;
  seconds: number;
}

const PAGE = 10_000;

export async function runDiscovery(deps: MonitoringDeps, actor: Actor | null, options: DiscoveryOptions = {}): Promise<DiscoveryRun> {
  const month = options.month ?? thisMonth(deps);
  if (!isValidMonth(month)) throw invalid('MONITORING_INVALID_MONTH', `月份格式错误：${month}`);
  const divisionCode = normaliseDivisionCode(options.divisionCode ?? actor?.jurisdiction ?? '310000000000');
  if (!divisionCode) throw invalid('MONITORING_INVALID_DIVISION', `区划代码无效：${options.divisionCode ?? ''}`);
  const db = tables(deps);
  if (actor) await allowRead(db, actor, { permission: 'monitoring.discover', action: 'monitoring.discovery.run', entityType: 'division', entityId: divisionCode, divisionCodes: [divisionCode], detail: { month } });
  const started = performance.now();
  const run = await db
    .insertInto('monitoring.discovery_runs')
    .values({ month, division_code: divisionCode, started_by: actor?.userId ?? null, started_at: deps.clock.now(), finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await completePersonIndex(deps, divisionCode.slice(0, 2) === '31' ? divisionCode.replace(/0+$/, '') : '31');
  const ctx = { db: deps.db, databaseUrl: deps.databaseUrl };
  let screenRunId = options.rescreen ? await runScreen(ctx, null, { month, divisionCode }) : 0;
  const candidates = new Set<number>();
  for (const programme of [...LEAD_PROGRAMMES, ...AUTO_PROGRAMMES]) {
    for (let after = 0; ; ) {
      const page = await eligibleHouseholds(ctx, { programme, divisionCode, month, afterHouseholdId: after, limit: PAGE });
      screenRunId = page.runId;
      for (const h of page.households) candidates.add(h.householdId);
      if (page.households.length < PAGE) break;
      after = page.households[page.households.length - 1].householdId;
    }
  }

  const stored = await storedRuleValues(db);
  const cache = new Map<IsoDate, RuleSettings>();
  const rulesOn = (on: IsoDate) => cache.get(on) ?? (cache.set(on, resolveRules(stored, on)).get(on) as RuleSettings);
  const ids = [...candidates].sort((a, b) => a - b);
  const size = options.chunk ?? 1000;
  let leads = 0;
  let grants = 0;
  for (let i = 0; i < ids.length; i += size) {
    const jobs: PolicyJob[] = ids.slice(i, i + size).map((householdId) => ({ householdId, month, deaths: [], jobLosses: [], origin: { kind: 'run', runId: run.id } }));
    // A chunk's findings are written in one transaction, guarded by the one-open-lead and one-active-grant
    // indexes: after a lost connection the chunk is simply done again once the database answers.
    const written = await retryAfterOutage(deps.db.kysely, async () => writeFindings(deps, await policyFindings(deps, db, jobs, rulesOn, { warnings: false }), { runId: run.id }, rulesOn), { maxWaitMs: 120_000 });
    leads += written.leads.length;
    grants += written.grants.length;
    await db
      .updateTable('monitoring.discovery_runs')
      .set({ households_screened: Math.min(ids.length, i + size), leads_found: leads })
      .where('id', '=', run.id)
      .execute();
  }
  await db.updateTable('monitoring.discovery_runs').set({ finished_at: deps.clock.now() }).where('id', '=', run.id).execute();
  return { runId: run.id, screenRunId, month, divisionCode, households: ids.length, leads, grants, seconds: (performance.now() - started) / 1000 };
}
