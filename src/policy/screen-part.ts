/**
 * One part of a screening run — the districts one process screens: read the registry's policy rows into
 * columns, run the compiled kernel, write the eligible results and the district summaries (COPY), and
 * store the columns as the month's snapshot. A whole run is one part (in-process) or one part per worker
 * process (screen-workers.ts); the job (screen-jobs.ts) owns the run row and the current results.
 */
import { DomainError, type Month } from '../kernel/index.js';
import { countPolicyHouseholds, policyColumnRows } from '../registry/index.js';
import { compileKernel, type CompiledKernel } from './compile.js';
import { parsePolicyRows } from './copy-parse.js';
import type { ParameterTable } from './params.js';
import { PopulationBuilder, type Population } from './population.js';
import type { PolicyPack } from './programme.js';
import { runKernel } from './screen.js';
import { CURRENT_COPY, currentRows, RESULT_COPY, resultRows, summarise, type DistrictSummary } from './screen-output.js';
import { writeSnapshotChunks } from './snapshot-store.js';
import { policyDb, type PolicyContext } from './store-model.js';

export interface ScreenPartRequest {
  readonly runId: number;
  readonly month: Month;
  /** Division prefixes this part screens (districts, or the run's division when it is smaller). */
  readonly prefixes: readonly string[];
  readonly parameters: ParameterTable;
  /** When the run started reading; written with the snapshot so newer patches win over it. */
  readonly readStartedAt: Date;
  /** Store the columns as the month's snapshot (only when the prefixes are whole districts). */
  readonly snapshot: boolean;
  /** The part's districts (6 digits): each gets a snapshot chunk, an empty one if no household has members. */
  readonly districts: readonly string[];
  /** Programmes whose parameters are in force for the month (all, except in the pack's first months). */
  readonly programmes: readonly string[];
  /**
   * The columns already read: from the month's current snapshot (not written again), or derived from
   * another month's (written as this month's snapshot).
   */
  readonly population?: Population;
  readonly populationSource?: 'snapshot' | 'derived';
  /** How long reading `population` took, for the run's timings. */
  readonly populationReadMs?: number;
  /**
   * In-process runs: merges the staged current results into household_results, committing only once
   * `resultsWritten` has settled well (so a failed run changes nothing current). Called as soon as the
   * staging is written, so on PostgreSQL the merge overlaps the results COPY.
   */
  readonly mergeCurrent?: (resultsWritten: Promise<unknown>) => Promise<void>;
}

export interface ScreenPartResult {
  households: number;
  persons: number;
  resultRows: number;
  summaries: DistrictSummary[];
  /** Milliseconds; the writes run at once, each timed from the end of the kernel (mergedMs 0: merged by the job). */
  timings: { readMs: number; kernelMs: number; writeMs: number; snapshotMs: number; stagingMs: number; mergedMs: number; source: 'registry' | 'snapshot' | 'derived' };
}

export type PartProgress = (fraction: number, phase: 'reading' | 'screening' | 'writing') => void;

/**
 * Reads the registry rows of the prefixes (or of just `householdIds` among them) into a population;
 * `onProgress` gets the share of households read.
 */
export async function readPopulation(ctx: PolicyContext, month: Month, prefixes: readonly string[], onProgress?: (fraction: number) => void, householdIds?: readonly number[]): Promise<Population> {
  const expected = householdIds?.length ?? (await countPolicyHouseholds(ctx.db, prefixes)).reduce((n, d) => n + d.households, 0);
  // Sized from the household count (≈ 2.5 members each in the demo city); the builder grows if needed.
  const builder = new PopulationBuilder(expected + 1, Math.ceil(expected * 2.6) + 16);
  const rows = policyColumnRows(ctx.db, { month, divisionPrefixes: prefixes, householdIds, databaseUrl: ctx.databaseUrl });
  await parsePolicyRows(rows, builder, onProgress ? (done) => onProgress(Math.min(1, done / Math.max(1, expected))) : undefined);
  return builder.finish();
}

/**
 * Programmes that can be screened for the month: those whose parameters are all in force (before
 * 2020-04 the 低保 family has no standard yet, while 老年综合津贴 does).
 */
export function screenableProgrammes(pack: PolicyPack, month: Month, parameters: ParameterTable): string[] {
  return pack.programmes
    .filter((p) => {
      try {
        compileKernel(pack, month, [p.id], { parameters, amounts: true });
        return true;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'POLICY_PARAMETER_NOT_IN_FORCE') return false;
        throw error;
      }
    })
    .map((p) => p.id);
}

export function screenKernel(pack: PolicyPack, month: Month, parameters: ParameterTable, programmes: readonly string[]): CompiledKernel {
  return compileKernel(pack, month, programmes, { parameters });
}

const setups = new Map<string, CompiledKernel>();

/**
 * The kernel for every screenable programme of (pack, month, parameter values), memoised: re-screening
 * one household must not pay for seven compilations (most of its time before this cache).
 */
export function screeningKernel(pack: PolicyPack, month: Month, parameters: ParameterTable): CompiledKernel {
  const key = `${pack.ruleVersion}|${pack.rulesFingerprint}|${month}|${JSON.stringify(parameters)}`;
  let kernel = setups.get(key);
  if (!kernel) {
    kernel = screenKernel(pack, month, parameters, screenableProgrammes(pack, month, parameters));
    if (setups.size > 64) setups.clear();
    setups.set(key, kernel);
  }
  return kernel;
}

export async function screenPart(ctx: PolicyContext, pack: PolicyPack, request: ScreenPartRequest, onProgress: PartProgress = () => undefined): Promise<ScreenPartResult> {
  const t0 = performance.now();
  const population = request.population ?? (await readPopulation(ctx, request.month, request.prefixes, (fraction) => onProgress(fraction, 'reading')));
  const t1 = performance.now();
  onProgress(1, 'screening');
  const kernel = screenKernel(pack, request.month, request.parameters, request.programmes);
  const screened = runKernel(pack, kernel, population.columns);
  const t2 = performance.now();
  onProgress(0, 'writing');
  const rows = resultRows(request.runId, population, kernel.programmes, screened.outputs);
  const summaries = summarise(population, kernel.programmes, screened.outputs);
  const source = request.population ? (request.populationSource ?? 'snapshot') : 'registry';
  // Results, current results (staged) and snapshot go to different tables on different connections: on
  // PostgreSQL each COPY keeps a server process busy, so writing them at once uses both cores (PGlite
  // simply takes them in turn).
  const writeResults = async () => {
    await ctx.db.copyFromBinary(RESULT_COPY, rows.chunks);
    if (summaries.length) {
      await policyDb(ctx.db)
        .insertInto('policy.screen_summaries')
        .values(summaries.map((s) => ({ run_id: request.runId, district: s.district, programme: s.programme, households: s.households, persons: s.persons, monthly_amount_fen: s.monthlyAmountFen })))
        .execute();
    }
    onProgress(0.5, 'writing');
    return performance.now() - t2;
  };
  const writeSnapshot = async () => {
    if (request.snapshot && source !== 'snapshot') await writeSnapshotChunks(ctx.db, request.month, request.runId, request.readStartedAt, population, request.districts);
    return performance.now() - t2;
  };
  const writeCurrent = async () => {
    await ctx.db.copyFromBinary(CURRENT_COPY, currentRows(request.runId, population, kernel.programmes, screened.outputs).chunks);
    return performance.now() - t2;
  };
  const results = writeResults();
  const staged = writeCurrent();
  const merge = request.mergeCurrent;
  // PGlite has one connection: a transaction waiting for the COPY would hold it against that COPY.
  const mergeAfter = ctx.db.kind === 'pg' ? staged : Promise.all([staged, results]);
  const merged = merge ? mergeAfter.then(() => merge(results)).then(() => performance.now() - t2) : Promise.resolve(0);
  // All settled before a failure is reported: nothing of this part still writes when the job cleans up.
  const settled = await Promise.allSettled([results, writeSnapshot(), staged, merged]);
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  const [writeMs, snapshotMs, stagingMs, mergedMs] = settled.map((r) => (r.status === 'fulfilled' ? r.value : 0));
  onProgress(1, 'writing');
  return {
    households: population.columns.householdCount,
    persons: population.columns.memberCount,
    resultRows: rows.count(),
    summaries,
    timings: {
      readMs: Math.round(request.populationReadMs ?? t1 - t0),
      kernelMs: Math.round(t2 - t1),
      writeMs: Math.round(writeMs),
      snapshotMs: Math.round(snapshotMs),
      stagingMs: Math.round(stagingMs),
      mergedMs: Math.round(mergedMs),
      source,
    },
  };
}
