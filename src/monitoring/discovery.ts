/**
 * 政策找人: a division (the actor's jurisdiction, the city for the system) against every programme for a
 * month. The policy engine screens the population (its screening run, set-based from the registry, kept
 * current by re-screens after registry events); the households it finds eligible for a programme they
 * are not in become leads for their advisor, and automatic benefits found due (老年综合津贴, 孤儿基本生活费)
 * are granted. Each chunk of candidates is committed on its own; leads are never created twice.
 */
import type { Actor } from '../access/index.js';
import { backgroundSettled, INTERRUPTED_MESSAGE, JobInterrupted, retryAfterOutage, runInBackground, throwIfStopping } from '../db/index.js';
import { recordJob } from '../jobs/index.js';
import { invalid, isValidMonth, normaliseDivisionCode, notFound, type IsoDate, type Month } from '../kernel/index.js';
import { eligibleHouseholds, runScreen } from '../policy/index.js';
import { tables, thisMonth, type MonitoringDeps } from './deps.js';
import { writeFindings } from './evaluate.js';
import { policyFindings, type PolicyJob } from './evaluate-policy.js';
import { allowRead } from './guard.js';
import { LEAD_PROGRAMMES, PACK_AUTO_PROGRAMMES } from './model.js';
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
  /** Called after each chunk's progress is recorded (a test reads the progress the page would poll). */
  onChunk?: (done: number, total: number) => Promise<void> | void;
  /** Started in the background: a graceful stop ends the run after the chunk under way. */
  stoppable?: boolean;
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

interface Begun {
  id: number;
  month: Month;
  divisionCode: string;
}

async function beginDiscovery(deps: MonitoringDeps, actor: Actor | null, options: DiscoveryOptions): Promise<Begun> {
  const month = options.month ?? thisMonth(deps);
  if (!isValidMonth(month)) throw invalid('MONITORING_INVALID_MONTH', `月份格式错误：${month}`);
  const divisionCode = normaliseDivisionCode(options.divisionCode ?? actor?.jurisdiction ?? '310000000000');
  if (!divisionCode) throw invalid('MONITORING_INVALID_DIVISION', `区划代码无效：${options.divisionCode ?? ''}`);
  const db = tables(deps);
  if (actor) await allowRead(db, actor, { permission: 'monitoring.discover', action: 'monitoring.discovery.run', entityType: 'division', entityId: divisionCode, divisionCodes: [divisionCode], detail: { month } });
  const run = await db
    .insertInto('monitoring.discovery_runs')
    .values({ month, division_code: divisionCode, started_by: actor?.userId ?? null, started_at: deps.clock.now(), finished_at: null, households_total: null, error: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: run.id, month, divisionCode };
}

/** Runs 政策找人 within the request (the CLI, the tests, the API's synchronous route). */
export async function runDiscovery(deps: MonitoringDeps, actor: Actor | null, options: DiscoveryOptions = {}): Promise<DiscoveryRun> {
  return carryOut(deps, await beginDiscovery(deps, actor, options), options);
}

/**
 * Starts 政策找人 in the background for the screen: the run's row reports its progress (候选家庭 done of
 * total, leads so far), the user's 任务中心 lists it, and a failure is recorded on the row, not lost.
 */
export async function startDiscovery(deps: MonitoringDeps, actor: Actor, options: DiscoveryOptions = {}): Promise<DiscoveryProgress> {
  const run = await beginDiscovery(deps, actor, options);
  await recordJob(deps.db, actor, {
    kind: 'discovery',
    moduleJobId: String(run.id),
    title: `政策找人 ${run.month}`,
    ref: { runId: run.id, month: run.month, divisionCode: run.divisionCode },
    statusPath: `/api/v1/monitoring/discovery/runs/${run.id}`,
  });
  // Small chunks: the bar moves on a district of a few thousand candidates too. A graceful stop lets the chunk
  // under way commit and records the run as interrupted (its chunks are guarded, so starting it again is safe).
  const fail = (message: string) =>
    tables(deps)
      .updateTable('monitoring.discovery_runs')
      .set({ finished_at: deps.clock.now(), error: message.slice(0, 500) })
      .where('id', '=', run.id)
      .where('finished_at', 'is', null)
      .execute()
      .catch(() => undefined);
  void runInBackground(
    'discovery',
    run.id,
    () =>
      carryOut(deps, run, { chunk: 200, stoppable: true, ...options }).catch(async (error: unknown) => {
        await fail(error instanceof JobInterrupted ? INTERRUPTED_MESSAGE : error instanceof Error ? error.message : String(error));
      }),
    async () => {
      await fail(INTERRUPTED_MESSAGE);
    },
  );
  return discoveryProgress(deps, actor, run.id);
}

/** Waits for the runs started in this process (a test's teardown, a graceful stop). */
export const discoveriesSettled = (): Promise<void> => backgroundSettled('discovery');

export interface DiscoveryProgress {
  runId: number;
  month: Month;
  divisionCode: string;
  status: 'running' | 'done' | 'failed';
  householdsTotal: number | null;
  householdsDone: number;
  leadsFound: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export async function discoveryProgress(deps: MonitoringDeps, actor: Actor, runId: number): Promise<DiscoveryProgress> {
  const db = tables(deps);
  const row = await db.selectFrom('monitoring.discovery_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  const request = { permission: 'monitoring.discover' as const, action: 'monitoring.discovery.read', entityType: 'discovery_run', entityId: runId };
  if (!row) {
    await allowRead(db, actor, request);
    throw notFound('MONITORING_DISCOVERY_NOT_FOUND', `政策找人任务 ${runId} 不存在`);
  }
  await allowRead(db, actor, { ...request, divisionCodes: [row.division_code] });
  return {
    runId: row.id,
    month: row.month as Month,
    divisionCode: row.division_code,
    status: row.error ? 'failed' : row.finished_at ? 'done' : 'running',
    householdsTotal: row.households_total,
    householdsDone: row.households_screened,
    leadsFound: row.leads_found,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    error: row.error,
  };
}

async function carryOut(deps: MonitoringDeps, run: Begun, options: DiscoveryOptions): Promise<DiscoveryRun> {
  const { month, divisionCode } = run;
  const db = tables(deps);
  const started = performance.now();
  await completePersonIndex(deps, divisionCode.slice(0, 2) === '31' ? divisionCode.replace(/0+$/, '') : '31');
  const ctx = { db: deps.db, databaseUrl: deps.databaseUrl };
  let screenRunId = options.rescreen ? await runScreen(ctx, null, { month, divisionCode }) : 0;
  const candidates = new Set<number>();
  for (const programme of [...LEAD_PROGRAMMES, ...PACK_AUTO_PROGRAMMES]) {
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
  await db.updateTable('monitoring.discovery_runs').set({ households_total: ids.length }).where('id', '=', run.id).execute();
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
    await options.onChunk?.(Math.min(ids.length, i + size), ids.length);
    if (options.stoppable && i + size < ids.length) throwIfStopping('discovery');
  }
  await db.updateTable('monitoring.discovery_runs').set({ finished_at: deps.clock.now() }).where('id', '=', run.id).execute();
  return { runId: run.id, screenRunId, month, divisionCode, households: ids.length, leads, grants, seconds: (performance.now() - started) / 1000 };
}
