/**
 * The rule compiler: turns the programmes of a pack, for one month and one parameter table, into one
 * JavaScript function over typed arrays (columns.ts). Parameters and derived constants are folded into
 * literals, every aggregate of every programme is computed in a single pass over a household's members,
 * and conditions are branch-free 0/1 arithmetic (codegen.ts). The hot loop allocates nothing. The
 * interpreter (interpret.ts) defines the meaning; tests check that both agree on random populations.
 */
import type { Month } from '../kernel/index.js';
import { Generator } from './codegen.js';
import { Evaluation } from './interpret.js';
import type { ParameterTable, UsedParameter } from './params.js';
import { withDependencies, type PolicyPack, type Programme } from './programme.js';

export interface ProgrammeColumns {
  readonly unit: 'household' | 'person';
  /** Per household (household programmes) or per member (person programmes): 1 eligible, 0 not. */
  readonly eligible: Uint8Array;
  readonly amountFen: Float64Array;
  /** Bit k set: condition k of the programme failed. Lets screening say why without re-explaining. */
  readonly failMask: Uint32Array;
}

export type KernelFn = (cols: object, out: Record<string, ProgrammeColumns>, h0: number, h1: number) => void;

export interface CompiledKernel {
  readonly month: Month;
  /** Evaluated programmes, in order (requested ones plus their dependencies). */
  readonly programmes: readonly Programme[];
  readonly parameters: readonly UsedParameter[];
  readonly source: string;
  readonly run: KernelFn;
}

const kernelCache = new Map<string, KernelFn>();

function programmeCode(gen: Generator, p: Programme, k: number, amounts: boolean): string[] {
  if (p.conditions.length > 31) throw new Error(`${p.id}: at most 31 conditions fit the failure mask`);
  const at = p.unit === 'household' ? 'h' : 'i';
  gen.inMember = p.unit === 'person';
  // Every condition is evaluated (no short-circuit): the failure mask is complete and the cost is flat.
  const flags = p.conditions.map((c, bit) => `((1 ^ ${gen.bool(c.test.node)}) << ${bit})`);
  const lines = [`const f${k} = ${flags.length ? flags.join(' | ') : '0'};`, `const el${k} = +(f${k} === 0);`, `o${k}_el[${at}] = el${k};`, `o${k}_mask[${at}] = f${k};`];
  if (p.amount && amounts) {
    const a = gen.num(p.amount.node);
    const whole = a.d ? `Math.floor(${a.n} / ${a.d})` : a.n;
    // el × max(0, x): never −0, never negative, no branch.
    lines.push(`o${k}_amt[${at}] = el${k} * Math.max(0, ${whole});`);
  } else lines.push(`o${k}_amt[${at}] = 0;`);
  gen.inMember = false;
  if (p.unit === 'household') gen.eligibleVar.set(p.id, `el${k}`);
  return lines;
}

export interface CompileOptions {
  /** Default: the pack's table. */
  readonly parameters?: ParameterTable;
  /**
   * false: decide eligibility only (amountFen is written as 0). Aggregates that only amounts need are then
   * never generated, e.g. counting minors for dibao — cheaper coverage counts.
   */
  readonly amounts?: boolean;
}

export function compileKernel(pack: PolicyPack, month: Month, programmeIds: readonly string[], options: CompileOptions = {}): CompiledKernel {
  const parameters = options.parameters ?? pack.parameters;
  const programmes = withDependencies(pack, programmeIds);
  const gen = new Generator(new Evaluation(parameters, month, null));
  const householdBody: string[] = [];
  const personBody: string[] = [];
  const outputs: string[] = [];
  programmes.forEach((p, k) => {
    const key = JSON.stringify(p.id);
    outputs.push(`const o${k}_el = out[${key}].eligible, o${k}_amt = out[${key}].amountFen, o${k}_mask = out[${key}].failMask;`);
    (p.unit === 'household' ? householdBody : personBody).push(...programmeCode(gen, p, k, options.amounts ?? true));
  });
  const aggregates = [...gen.aggregates.values()];
  const source = [
    '"use strict";',
    'return function kernel(c, out, h0, h1) {',
    'const off = c.memberOffsets;',
    ...[...gen.memberCols].map((f) => `const m_${f} = c.${f};`),
    ...[...gen.householdCols].map((f) => `const h_${f} = c.${f};`),
    ...outputs,
    'for (let h = h0; h < h1; h++) {',
    'const s = off[h], e = off[h + 1], n = e - s;',
    ...(aggregates.length ? [`let ${aggregates.map((a) => `${a.name} = 0`).join(', ')};`, 'for (let i = s; i < e; i++) {', ...aggregates.map((a) => a.update), '}'] : []),
    ...householdBody,
    ...(personBody.length ? ['for (let i = s; i < e; i++) {', ...personBody, '}'] : []),
    '}',
    '};',
  ].join('\n');
  let run = kernelCache.get(source);
  if (!run) {
    // One function per distinct source (month × parameter values), so V8 optimises each rule set once.
    run = new Function(source)() as KernelFn;
    if (kernelCache.size > 256) kernelCache.clear();
    kernelCache.set(source, run);
  }
  return { month, programmes, parameters: [...gen.ev.used.values()], source, run };
}
