/**
 * Screen: every requested programme over a whole columnar population for one month. Results are typed
 * arrays aligned with the input (per household or per member), so a caller can write them back, diff
 * two runs (simulate.ts) or re-screen a range of households after their facts changed (h0/h1).
 */
import type { Month } from '../kernel/index.js';
import { checkColumns, type PopulationColumns } from './columns.js';
import { compileKernel, type CompiledKernel, type ProgrammeColumns } from './compile.js';
import type { ParameterTable, UsedParameter } from './params.js';
import type { PolicyPack, Programme } from './programme.js';

export interface ScreenOptions {
  /** Default: every programme of the pack. Dependencies are evaluated too and appear in the result. */
  readonly programmes?: readonly string[];
  /** Default: the pack's table. */
  readonly parameters?: ParameterTable;
  /** Only households [from, to) are evaluated; others keep what `into` held. */
  readonly householdRange?: readonly [number, number];
  /** false: eligibility only, amounts written as 0 (see CompileOptions). */
  readonly amounts?: boolean;
  /** Reuse output arrays (e.g. from a previous month) instead of allocating. */
  readonly into?: Record<string, ProgrammeColumns>;
}

export interface ScreenResult {
  readonly month: Month;
  readonly ruleVersion: string;
  readonly rulesFingerprint: string;
  readonly parameters: readonly UsedParameter[];
  readonly programmes: readonly Programme[];
  readonly outputs: Record<string, ProgrammeColumns>;
  /** Condition ids per programme, in failMask bit order. */
  readonly conditionIds: Record<string, readonly string[]>;
}

export function allocateOutputs(programmes: readonly Programme[], cols: PopulationColumns): Record<string, ProgrammeColumns> {
  const out: Record<string, ProgrammeColumns> = {};
  for (const p of programmes) {
    const size = p.unit === 'household' ? cols.householdCount : cols.memberCount;
    out[p.id] = { unit: p.unit, eligible: new Uint8Array(size), amountFen: new Float64Array(size), failMask: new Uint32Array(size) };
  }
  return out;
}

export function screen(pack: PolicyPack, cols: PopulationColumns, month: Month, options: ScreenOptions = {}): ScreenResult {
  const kernel = compileKernel(pack, month, options.programmes ?? pack.programmes.map((p) => p.id), { parameters: options.parameters, amounts: options.amounts });
  return runKernel(pack, kernel, cols, options);
}

export function runKernel(pack: PolicyPack, kernel: CompiledKernel, cols: PopulationColumns, options: Pick<ScreenOptions, 'householdRange' | 'into'> = {}): ScreenResult {
  checkColumns(cols);
  const outputs = options.into ?? allocateOutputs(kernel.programmes, cols);
  for (const p of kernel.programmes) {
    const o = outputs[p.id];
    const size = p.unit === 'household' ? cols.householdCount : cols.memberCount;
    if (!o || o.eligible.length !== size) throw new Error(`output arrays for ${p.id} do not fit the population`);
  }
  const [h0, h1] = options.householdRange ?? [0, cols.householdCount];
  kernel.run(cols, outputs, Math.max(0, h0), Math.min(cols.householdCount, h1));
  const conditionIds: Record<string, readonly string[]> = {};
  for (const p of kernel.programmes) conditionIds[p.id] = p.conditions.map((c) => c.id);
  return {
    month: kernel.month,
    ruleVersion: pack.ruleVersion,
    rulesFingerprint: pack.rulesFingerprint,
    parameters: kernel.parameters,
    programmes: kernel.programmes,
    outputs,
    conditionIds,
  };
}
