/**
 * Screening jobs: `startScreenRun` records the run and returns at once; the work goes on in the background
 * of this process (or in worker processes, one group of districts each) and writes its progress to
 * policy.screen_runs, so a caller may leave and poll. At the end the division's current results
 * (policy.household_results) are replaced in one transaction, except households re-screened after an
 * event while the run was reading (their newer result stands).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { authorize, scopeDivision, type Actor } from '../access/index.js';
import { DomainError, divisionPrefix, invalid, isValidMonth, normaliseDivisionCode, type Month } from '../kernel/index.js';
import { INTERRUPTED_MESSAGE, isConnectionError, runInBackground, waitForDatabase } from '../db/index.js';
import { countPolicyHouseholds } from '../registry/index.js';
import { activePack } from './active-pack.js';
import { recordScreenJob } from './job-records.js';
import { effectiveParameters } from './parameter-store.js';
import type { ParameterTable } from './params.js';
import type { PolicyPack } from './programme.js';
import { screenableProgrammes, screenKernel, screenPart, type ScreenPartResult } from './screen-part.js';
import { runScreenWorkers } from './screen-workers.js';
import { derivedSnapshot } from './snapshot-derive.js';
import { currentSnapshot } from './snapshot-store.js';
import { rescreenOnRegistryChange } from './rescreen-handler.js';
import { accessOf, policyDb, type PolicyContext } from './store-model.js';

export interface ScreenRequest {
  readonly month: string;
  /** Default: the actor's jurisdiction (the city for a system run). */
  readonly divisionCode?: string;
  /** Worker processes (PostgreSQL only); default 1 = in this process. */
  readonly workers?: number;
  /**
   * 'auto' (default): the month's columnar snapshot when it is current (every district fresh, no registry event
   * waiting to be re-screened), else the nearest month's current snapshot with the households whose dates lie
   * between the months read again, else the registry; 'registry': always re-aggregate the registry's facts.
   */
  readonly source?: 'auto' | 'registry';
}

interface PreparedRun {
  runId: number;
  month: Month;
  divisionCode: string;
  workers: number;
  source: 'auto' | 'registry';
  parameters: ParameterTable;
  programmes: string[];
}

/** Validates, authorises (audited) and records a queued run. */
async function prepareRun(ctx: PolicyContext, actor: Actor | null, pack: PolicyPack, request: ScreenRequest): Promise<PreparedRun> {
  if (typeof request.month !== 'string' || !isValidMonth(request.month)) throw invalid('POLICY_INVALID_MONTH', `月份格式错误：${String(request.month)}（应为 YYYY-MM）`);
  const requested = request.divisionCode === undefined ? undefined : normaliseDivisionCode(String(request.divisionCode));
  if (requested === null) throw invalid('POLICY_INVALID_DIVISION', `区划代码无效：${String(request.divisionCode)}`);
  const divisionCode = actor ? scopeDivision(actor, requested) : (requested ?? '310000000000');
  const workers = request.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 32) throw invalid('POLICY_INVALID_WORKERS', '工作进程数须为 1 至 32 之间的整数');
  const source = request.source ?? 'auto';
  if (source !== 'auto' && source !== 'registry') throw invalid('POLICY_INVALID_SOURCE', '数据来源须为 auto（有当期快照时用快照）或 registry（重新汇总人口库）');
  const db = policyDb(ctx.db);
  const parameters = await effectiveParameters(db, pack);
  const programmes = screenableProgrammes(pack, request.month, parameters);
  if (programmes.length === 0) throw invalid('POLICY_PARAMETER_NOT_IN_FORCE', `${request.month} 没有任何项目的参数已生效，无法筛查`);
  const kernel = screenKernel(pack, request.month, parameters, programmes);
  const used = [...kernel.parameters].sort((a, b) => (a.name < b.name ? -1 : 1));
  const fingerprint = createHash('sha256').update(JSON.stringify(used)).digest('hex').slice(0, 16);
  // Audited on its own (not in the transaction below): a refusal must leave its entry too.
  if (actor) {
    await authorize(accessOf(db), actor, { permission: 'policy.screen', action: 'policy.screen.start', entityType: 'division', entityId: divisionCode, divisionCodes: [divisionCode], detail: { month: request.month, workers } });
  }
  return db.transaction().execute(async (trx) => {
    const running = await trx
      .selectFrom('policy.screen_runs')
      .select('id')
      .where('month', '=', request.month)
      .where('division_code', '=', divisionCode)
      .where('status', 'in', ['queued', 'running'])
      .where('heartbeat_at', '>', sql<Date>`now() - interval '60 seconds'`)
      .executeTakeFirst();
    if (running) throw new DomainError('conflict', 'POLICY_SCREEN_RUNNING', `该区划 ${request.month} 的筛查正在进行（任务 ${running.id}），请稍后查看结果`);
    const row = await trx
      .insertInto('policy.screen_runs')
      .values({
        month: request.month,
        division_code: divisionCode,
        status: 'queued',
        workers,
        households: null,
        persons: null,
        result_rows: null,
        rule_version: pack.ruleVersion,
        rules_fingerprint: pack.rulesFingerprint,
        parameters_fingerprint: fingerprint,
        parameters: JSON.stringify(used),
        timings: null,
        error: null,
        started_by: actor?.userId ?? null,
        started_by_username: actor?.username ?? null,
        started_at: null,
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { runId: row.id, month: request.month, divisionCode, workers, source, parameters, programmes };
  });
}

/** Starts a run in the background; returns its id for polling. */
export async function startScreenRun(ctx: PolicyContext, actor: Actor | null, request: ScreenRequest, pack?: PolicyPack): Promise<number> {
  const p = pack ?? (await activePack());
  const run = await prepareRun(ctx, actor, p, request);
  if (actor) await recordScreenJob(ctx.db, actor, run);
  // Failures are recorded on the run row. A graceful stop waits for the run; one still running at the deadline
  // is recorded as interrupted (its merge into current results is one transaction, so nothing half-done stays).
  void runInBackground(
    'screen',
    run.runId,
    () => executeRun(ctx, p, run),
    async () => {
      await policyDb(ctx.db)
        .updateTable('policy.screen_runs')
        .set({ status: 'failed', phase: 'failed', error: INTERRUPTED_MESSAGE, finished_at: sql`now()`, heartbeat_at: sql`now()` })
        .where('id', '=', run.runId)
        .where('status', 'in', ['queued', 'running'])
        .execute();
    },
  );
  return run.runId;
}

export type ScreenProgress = (percent: number, phase: string) => void;

/** Runs to the end (CLI, discovery): the run id once done; throws what made it fail. */
export async function runScreen(ctx: PolicyContext, actor: Actor | null, request: ScreenRequest, pack?: PolicyPack, onProgress?: ScreenProgress): Promise<number> {
  const p = pack ?? (await activePack());
  const run = await prepareRun(ctx, actor, p, request);
  await executeRun(ctx, p, run, onProgress);
  return run.runId;
}

/** Attempts of one run through lost connections (each after the database answered again), before it is recorded failed. */
const MAX_ATTEMPTS = 5;

async function executeRun(ctx: PolicyContext, pack: PolicyPack, run: PreparedRun, onProgress?: ScreenProgress, attempt = 1): Promise<void> {
  const db = policyDb(ctx.db);
  const started = performance.now();
  let pending = Promise.resolve();
  let lastWrite = 0;
  const write = (set: { progress_percent?: number; phase?: string }) => {
    pending = pending
      .then(() =>
        db
          .updateTable('policy.screen_runs')
          .set({ ...set, heartbeat_at: sql`now()` })
          .where('id', '=', run.runId)
          .execute()
          .then(() => undefined),
      )
      .catch(() => undefined);
  };
  const progress = (percent: number, phase: string, force = false) => {
    onProgress?.(percent, phase);
    const now = performance.now();
    if (!force && now - lastWrite < 1000) return;
    lastWrite = now;
    write({ progress_percent: Math.max(0, Math.min(100, Math.floor(percent))), phase });
  };
  // A heartbeat independent of progress: the registry query may run a long while before its first row.
  const heartbeat = setInterval(() => write({}), 10_000);
  try {
    if (attempt > 1) await discardAttempt(ctx, run.runId);
    const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
    const readStartedAt = new Date(rows[0].now);
    await db.updateTable('policy.screen_runs').set({ status: 'running', phase: 'reading', started_at: readStartedAt, heartbeat_at: sql`now()` }).where('id', '=', run.runId).execute();
    await dropOrphanedStaging(ctx);
    const prefix = divisionPrefix(run.divisionCode);
    const districts = await countPolicyHouseholds(ctx.db, [prefix]);
    const snapshot = prefix.length <= 6;
    const phaseShare = { reading: [0, 70], screening: [70, 75], writing: [75, 95] } as const;
    const onPart = (fraction: number, phase: keyof typeof phaseShare) => progress(phaseShare[phase][0] + fraction * (phaseShare[phase][1] - phaseShare[phase][0]), phase);
    const base = { runId: run.runId, month: run.month, parameters: run.parameters, programmes: run.programmes, readStartedAt, snapshot };
    // Reading the registry is most of a run. The month's snapshot, kept current by re-screens, is ~10×
    // cheaper; failing that, another month's snapshot with the households whose dates lie between re-read.
    const readStarted = performance.now();
    const needed = districts.map((d) => d.district);
    let population = run.source === 'auto' ? await currentSnapshot(ctx.db, run.month, [prefix], rescreenOnRegistryChange, needed) : null;
    const derived = run.source === 'auto' && !population ? await derivedSnapshot(ctx, run.month, [prefix], rescreenOnRegistryChange, needed) : null;
    population = population ?? derived?.population ?? null;
    const populationReadMs = Math.round(performance.now() - readStarted);
    const useWorkers = !population && run.workers > 1 && ctx.db.kind === 'pg' && ctx.databaseUrl !== undefined && districts.length > 1 && snapshot;
    const mergeCurrent = (resultsWritten: Promise<unknown>) => replaceCurrentResults(ctx, run, prefix, readStartedAt, resultsWritten);
    const parts: ScreenPartResult[] = useWorkers
      ? await runScreenWorkers(ctx.databaseUrl as string, pack.id, base, districts, run.workers, onPart)
      : [
          await screenPart(
            ctx,
            pack,
            {
              ...base,
              prefixes: [prefix],
              districts: snapshot ? districts.map((d) => d.district) : [],
              population: population ?? undefined,
              populationSource: derived ? 'derived' : 'snapshot',
              populationReadMs: population ? populationReadMs : undefined,
              mergeCurrent,
            },
            onPart,
          ),
        ];
    progress(95, 'current', true);
    const t = performance.now();
    // Worker processes staged their parts; the merge is this process's.
    if (useWorkers) await mergeCurrent(Promise.resolve());
    const currentMs = useWorkers ? Math.round(performance.now() - t) : parts[0].timings.mergedMs;
    const sum = (k: 'households' | 'persons' | 'resultRows') => parts.reduce((n, p) => n + p[k], 0);
    const timings = {
      totalMs: Math.round(performance.now() - started),
      currentMs,
      derivedFrom: derived ? { month: derived.from, changedHouseholds: derived.changedHouseholds, ...derived.timings } : null,
      parts: parts.map((p) => p.timings),
    };
    clearInterval(heartbeat);
    await pending;
    await db
      .updateTable('policy.screen_runs')
      .set({
        status: 'done',
        phase: 'done',
        progress_percent: 100,
        households: sum('households'),
        persons: sum('persons'),
        result_rows: sum('resultRows'),
        timings: JSON.stringify(timings),
        finished_at: sql`now()`,
        heartbeat_at: sql`now()`,
      })
      .where('id', '=', run.runId)
      .execute();
  } catch (error) {
    clearInterval(heartbeat);
    await pending;
    // A connection lost midway (database restart): once the database answers again the run starts over under
    // the same id, its partial rows dropped first. The merge into current results is one transaction, so an
    // attempt that died before its commit changed nothing current.
    if (isConnectionError(error) && attempt < MAX_ATTEMPTS && (await waitForDatabase(db))) return executeRun(ctx, pack, run, onProgress, attempt + 1);
    const message = error instanceof DomainError ? error.message : `筛查失败：${error instanceof Error ? error.message : String(error)}`;
    // Best effort: if the database is still away, the stale heartbeat lets the next run start after a minute.
    await db
      .updateTable('policy.screen_runs')
      .set({ status: 'failed', phase: 'failed', error: message, finished_at: sql`now()`, heartbeat_at: sql`now()` })
      .where('id', '=', run.runId)
      .execute()
      .then(() => dropOrphanedStaging(ctx))
      .catch(() => undefined);
    throw error;
  }
}

/** The rows an interrupted attempt wrote under the run's id; snapshot chunks are upserts and need nothing. */
async function discardAttempt(ctx: PolicyContext, runId: number): Promise<void> {
  await policyDb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      await trx.deleteFrom('policy.screen_results').where('run_id', '=', runId).execute();
      await trx.deleteFrom('policy.screen_summaries').where('run_id', '=', runId).execute();
      await trx.deleteFrom('policy.current_staging').where('run_id', '=', runId).execute();
    });
}

/**
 * Brings the division's current results to this run's (staged by the parts in policy.current_staging): rows
 * the run no longer has are deleted, new or changed ones written, unchanged ones left alone (a re-run of a
 * month mostly changes nothing, and rewriting millions of equal rows was most of a snapshot run). Households
 * re-screened after the read began keep their newer result. The transaction commits once `resultsWritten`
 * has settled well.
 */
async function replaceCurrentResults(ctx: PolicyContext, run: PreparedRun, prefix: string, readStartedAt: Date, resultsWritten: Promise<unknown>): Promise<void> {
  const like = `${prefix}%`;
  await policyDb(ctx.db)
    .transaction()
    .execute(async (trx) => {
      const newer = (alias: string) => sql`exists (select 1 from policy.snapshot_patches sp where sp.month = ${run.month} and sp.household_id = ${sql.ref(`${alias}.household_id`)} and sp.recorded_at >= ${readStartedAt})`;
      // The staging table is emptied after every run: left to autovacuum's statistics the planner may think
      // it empty and re-scan it once per current row (minutes at a million households instead of a second).
      await sql`analyze policy.current_staging`.execute(trx);
      await sql`
      delete from policy.household_results hr where hr.month = ${run.month} and hr.division_code like ${like} and not ${newer('hr')}
        and not exists (select 1 from policy.current_staging cs where cs.run_id = ${run.runId} and cs.household_id = hr.household_id and cs.programme = hr.programme)`.execute(trx);
      await sql`
      insert into policy.household_results (month, programme, household_id, division_code, member_ids, monthly_amount_fen, run_id)
      select ${run.month}, cs.programme, cs.household_id, cs.division_code, cs.member_ids, cs.monthly_amount_fen, ${run.runId}::bigint
      from policy.current_staging cs where cs.run_id = ${run.runId} and not ${newer('cs')}
      on conflict (household_id, month, programme) do update
        set division_code = excluded.division_code, member_ids = excluded.member_ids, monthly_amount_fen = excluded.monthly_amount_fen, run_id = excluded.run_id, rescreened_at = null
        where (policy.household_results.division_code, policy.household_results.member_ids, policy.household_results.monthly_amount_fen)
          is distinct from (excluded.division_code, excluded.member_ids, excluded.monthly_amount_fen)
          and not exists (select 1 from policy.snapshot_patches sp where sp.month = ${run.month} and sp.household_id = excluded.household_id and sp.recorded_at >= ${readStartedAt})`.execute(trx);
      await trx.deleteFrom('policy.current_staging').where('run_id', '=', run.runId).execute();
      // Commit only with the run's results in place: a run that failed to write them changes nothing current.
      await resultsWritten;
    });
}

/** Staged rows of runs that ended without merging them (failed, or their process was stopped). */
async function dropOrphanedStaging(ctx: PolicyContext): Promise<void> {
  await sql`delete from policy.current_staging cs where not exists (select 1 from policy.screen_runs r where r.id = cs.run_id and r.status in ('queued', 'running'))`.execute(policyDb(ctx.db));
}
