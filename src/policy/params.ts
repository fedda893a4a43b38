/**
 * Effective-dated policy parameters. A value carries the date it takes effect and whether it was checked
 * against an official text: unverified values are shipped as data (never code) so an administrator can
 * correct them, and every explanation shows which values were unverified.
 */
import { invalid, isValidDate, type IsoDate, type Month } from '../kernel/index.js';

/**
 * `fen`: money in fen. `permille`: a ratio × 1000 (1.3 → 1300) so linked amounts stay integer arithmetic.
 * `fenBySize`: a table indexed by household size; the last entry applies to every larger household.
 */
export type ParamUnit = 'fen' | 'permille' | 'fenBySize';
export type ParamValue = number | readonly number[];

export interface DatedValue {
  readonly from: IsoDate;
  readonly value: ParamValue;
  readonly verified: boolean;
  /** Where the value comes from or why it is unverified; shown to administrators, not in decisions. */
  readonly note?: string;
}

export interface ParameterDef {
  /** Chinese name used in explanations, e.g. 低保标准. */
  readonly label: string;
  readonly unit: ParamUnit;
  readonly description?: string;
  /** Sorted by `from`, strictly increasing. */
  readonly values: readonly DatedValue[];
}

export type ParameterTable = Readonly<Record<string, ParameterDef>>;

/** What a decision records for each parameter it used: enough to reproduce it years later. */
export interface UsedParameter {
  readonly name: string;
  readonly label: string;
  readonly unit: ParamUnit;
  readonly value: ParamValue;
  readonly from: IsoDate;
  readonly verified: boolean;
}

/** The value in force on the first day of month M (POLICY-PACK: "value for month M"). */
export function resolveParameter(table: ParameterTable, name: string, month: Month): UsedParameter {
  const def = table[name];
  if (!def) throw new Error(`policy pack has no parameter ${name}`);
  const day = `${month}-01`;
  let found: DatedValue | undefined;
  for (const v of def.values) {
    if (v.from <= day) found = v;
    else break;
  }
  if (!found) {
    const first = def.values[0]?.from ?? '—';
    throw invalid('POLICY_PARAMETER_NOT_IN_FORCE', `参数「${def.label}」（${name}）在 ${month} 尚无生效值（最早 ${first} 起）`, { parameter: name, month });
  }
  return { name, label: def.label, unit: def.unit, value: found.value, from: found.from, verified: found.verified };
}

export function scalarValue(p: UsedParameter): number {
  if (typeof p.value !== 'number') throw new Error(`parameter ${p.name} is a table, not a scalar`);
  return p.value;
}

export function tableValue(p: UsedParameter): readonly number[] {
  if (typeof p.value === 'number') throw new Error(`parameter ${p.name} is a scalar, not a table`);
  return p.value;
}

/** Pack authors make mistakes in data too; catch them when the pack is defined, not in a decision. */
export function checkParameterTable(table: ParameterTable): void {
  for (const [name, def] of Object.entries(table)) {
    if (def.values.length === 0) throw new Error(`parameter ${name} has no values`);
    let previous = '';
    for (const v of def.values) {
      if (!isValidDate(v.from)) throw new Error(`parameter ${name}: bad from date ${v.from}`);
      if (v.from <= previous) throw new Error(`parameter ${name}: from dates must increase (${v.from})`);
      previous = v.from;
      const numbers = typeof v.value === 'number' ? [v.value] : v.value;
      if ((def.unit === 'fenBySize') === (typeof v.value === 'number')) throw new Error(`parameter ${name}: value shape does not match unit ${def.unit}`);
      if (numbers.length === 0 || numbers.some((n) => !Number.isSafeInteger(n) || n < 0)) {
        throw new Error(`parameter ${name}: values must be non-negative integers (${def.unit})`);
      }
    }
  }
}

/**
 * A scenario change for simulation. `scalePermille` 1050 = +5 %; the result is rounded up to `roundToFen`
 * (default 100 fen, because standards are published in whole yuan). Applies from `from` onwards,
 * including to later baseline values, so "+5 % from 2024-07-01" also lifts any later scheduled value.
 */
export type ParameterOverride =
  | { readonly name: string; readonly from: IsoDate; readonly set: ParamValue }
  | { readonly name: string; readonly from: IsoDate; readonly scalePermille: number; readonly roundToFen?: number }
  | { readonly name: string; readonly from: IsoDate; readonly addFen: number };

function transform(value: ParamValue, o: ParameterOverride): ParamValue {
  if ('set' in o) return o.set;
  const one = (v: number): number => {
    if ('addFen' in o) return Math.max(0, v + o.addFen);
    const step = o.roundToFen ?? 100;
    return Math.ceil((v * o.scalePermille) / (1000 * step)) * step;
  };
  return typeof value === 'number' ? one(value) : value.map(one);
}

export function applyOverrides(table: ParameterTable, overrides: readonly ParameterOverride[]): ParameterTable {
  const result: Record<string, ParameterDef> = { ...table };
  for (const o of overrides) {
    const def = result[o.name];
    if (!def) throw invalid('POLICY_UNKNOWN_PARAMETER', `未知参数：${o.name}`, { parameter: o.name });
    if (!isValidDate(o.from)) throw invalid('POLICY_INVALID_INPUT', `参数调整的生效日期不合法：${o.from}`, { field: 'from' });
    const before = def.values.filter((v) => v.from < o.from);
    const inForce = before[before.length - 1];
    const after = def.values.filter((v) => v.from > o.from);
    const atFrom = def.values.find((v) => v.from === o.from) ?? inForce;
    if (!atFrom && !('set' in o)) {
      throw invalid('POLICY_PARAMETER_NOT_IN_FORCE', `参数「${def.label}」在 ${o.from} 无生效值，无法按比例调整`, { parameter: o.name });
    }
    const note = `模拟调整（${o.from} 起）`;
    const changed: DatedValue = { from: o.from, value: atFrom ? transform(atFrom.value, o) : transform(0, o), verified: false, note };
    // A `set` replaces the value until the next scheduled change; a scale or add carries through later ones.
    const later = 'set' in o ? after : after.map((v): DatedValue => ({ ...v, value: transform(v.value, o), verified: false, note }));
    result[o.name] = { ...def, values: [...before, changed, ...later] };
  }
  checkParameterTable(result);
  return result;
}

/** Parameter values recorded in a decision, turned back into a table to re-run that decision exactly. */
export function tableFromUsed(base: ParameterTable, used: readonly UsedParameter[]): ParameterTable {
  const result: Record<string, ParameterDef> = { ...base };
  for (const u of used) {
    const def = base[u.name];
    result[u.name] = { label: def?.label ?? u.label, unit: u.unit, values: [{ from: u.from, value: u.value, verified: u.verified }] };
  }
  return result;
}
