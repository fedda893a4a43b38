/**
 * The reference interpreter: evaluates rule nodes for one household with exact fractions. It is the
 * back end of explain and of constant folding in the compiler, and the oracle the compiled kernels are
 * tested against. Speed is secondary here; clarity and exactness are not.
 */
import { ageOn, lastDayOfMonth, type Month } from '../kernel/index.js';
import { CHILD_CATEGORY_CODES, LABOR_CODES, type Node } from './dsl.js';
import type { HouseholdFacts } from './household.js';
import { resolveParameter, scalarValue, tableValue, type ParameterTable, type UsedParameter } from './params.js';

/** value = n / d with d > 0; money and counts are the d = 1 case. */
export interface Frac {
  readonly n: number;
  readonly d: number;
}
export type Value = Frac | boolean;

const gcd = (a: number, b: number): number => {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y) [x, y] = [y, x % y];
  return x || 1;
};
export const frac = (n: number, d = 1): Frac => {
  if (d === 1) return { n, d };
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
};
export const isFrac = (v: Value): v is Frac => typeof v !== 'boolean';

export function compareFrac(a: Frac, b: Frac): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function testCmp(op: string, c: number): boolean {
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '==':
      return c === 0;
    default:
      return c !== 0;
  }
}

/** Whole fen, rounding down: POLICY-PACK says amounts are whole fen and never rounds a benefit up. */
export const floorFen = (v: Frac): number => Math.floor(v.n / v.d);

export class Evaluation {
  readonly used = new Map<string, UsedParameter>();
  readonly eligibility = new Map<string, boolean>();
  /** Chinese programme names, so a dependency reads 最低生活保障 rather than dibao. */
  readonly programmeNames = new Map<string, string>();
  readonly firstDay: string;
  readonly lastDay: string;

  constructor(
    readonly parameters: ParameterTable,
    readonly month: Month,
    /** null when only constants and parameters are evaluated (compile-time folding). */
    readonly household: HouseholdFacts | null,
  ) {
    this.firstDay = `${month}-01`;
    this.lastDay = lastDayOfMonth(month);
  }

  param(name: string): UsedParameter {
    const cached = this.used.get(name);
    if (cached) return cached;
    const p = resolveParameter(this.parameters, name, this.month);
    this.used.set(name, p);
    return p;
  }

  private facts(): HouseholdFacts {
    if (!this.household) throw new Error('rule reads household data where only constants are allowed');
    return this.household;
  }

  private memberAt(index: number) {
    const m = this.facts().members[index];
    if (index < 0 || !m) throw new Error('member value used outside a member context');
    return m;
  }

  num(node: Node, member = -1): Frac {
    const v = this.value(node, member);
    if (!isFrac(v)) throw new Error(`expected a number from ${node.op}`);
    return v;
  }

  bool(node: Node, member = -1): boolean {
    const v = this.value(node, member);
    if (typeof v !== 'boolean') throw new Error(`expected a condition from ${node.op}`);
    return v;
  }

  age(on: 'first' | 'last', member: number): number {
    return ageOn(this.memberAt(member).birthDate, on === 'first' ? this.firstDay : this.lastDay);
  }

  /**
   * Values are memoised per (node, member): rendering walks the same subtrees many times, and a
   * household's facts do not change during one evaluation. `eligible` nodes are only read after the
   * programme they refer to was decided, so a cached value is never stale.
   */
  private readonly memo = new Map<Node, Value[]>();

  value(node: Node, member = -1): Value {
    let row = this.memo.get(node);
    if (!row) this.memo.set(node, (row = []));
    const slot = member + 1;
    const cached = row[slot];
    if (cached !== undefined) return cached;
    const v = this.compute(node, member);
    row[slot] = v;
    return v;
  }

  private compute(node: Node, member: number): Value {
    switch (node.op) {
      case 'const':
        return frac(node.value);
      case 'param':
        return frac(scalarValue(this.param(node.name)));
      case 'bySize': {
        const table = tableValue(this.param(node.name));
        const size = floorFen(this.num(node.size, member));
        return frac(table[Math.max(0, Math.min(size, table.length) - 1)]);
      }
      case 'memberField': {
        const m = this.memberAt(member);
        switch (node.field) {
          case 'laborCapacity':
            return frac(LABOR_CODES[m.laborCapacity]);
          case 'disabilityGrade':
            return frac(m.disability?.grade ?? 0);
          case 'childCategory':
            return frac(CHILD_CATEGORY_CODES[m.childCategory ?? 'none']);
          case 'monthlyIncomeFen':
          case 'monetaryAssetsFen':
            return frac(m[node.field]);
          default:
            return m[node.field];
        }
      }
      case 'householdField': {
        const h = this.facts();
        return node.field === 'hasLegalSupporter' ? h.hasLegalSupporter : frac(h.rigidExpensesLast12MonthsFen);
      }
      case 'memberCount':
        return frac(this.facts().members.length);
      case 'age':
        return frac(this.age(node.on, member));
      case 'sum': {
        let total = frac(0);
        this.facts().members.forEach((_, i) => {
          total = addFrac(total, this.num(node.of, i));
        });
        return total;
      }
      case 'count':
        return frac(this.facts().members.filter((_, i) => this.bool(node.of, i)).length);
      case 'add':
        return addFrac(this.num(node.a, member), this.num(node.b, member));
      case 'sub': {
        const b = this.num(node.b, member);
        return addFrac(this.num(node.a, member), { n: -b.n, d: b.d });
      }
      case 'mul': {
        const a = this.num(node.a, member);
        const b = this.num(node.b, member);
        return frac(a.n * b.n, a.d * b.d);
      }
      case 'div': {
        const a = this.num(node.a, member);
        const b = this.num(node.b, member);
        if (b.n === 0) throw new Error('division by zero in a rule');
        return b.n > 0 ? frac(a.n * b.d, a.d * b.n) : frac(-a.n * b.d, -a.d * b.n);
      }
      case 'max': {
        const a = this.num(node.a, member);
        const b = this.num(node.b, member);
        return compareFrac(a, b) >= 0 ? a : b;
      }
      case 'ratio': {
        const a = this.num(node.a, member);
        const p = this.num(node.permille, member);
        return frac(a.n * p.n, a.d * p.d * 1000);
      }
      case 'perCapita': {
        const a = this.num(node.a, member);
        const n = this.facts().members.length;
        if (n === 0) throw new Error('per-capita value of a household without members');
        return frac(a.n, a.d * n);
      }
      case 'ceilTo': {
        const a = this.num(node.a, member);
        const step = floorFen(this.num(node.step, member));
        return frac(Math.ceil(a.n / (a.d * step)) * step);
      }
      case 'if':
        return this.bool(node.cond, member) ? this.value(node.then, member) : this.value(node.else, member);
      case 'cmp': {
        const a = this.value(node.a, member);
        const b = this.value(node.b, member);
        if (isFrac(a) && isFrac(b)) return testCmp(node.cmp, compareFrac(a, b));
        if (!isFrac(a) && !isFrac(b)) return testCmp(node.cmp, Number(a) - Number(b));
        throw new Error('comparison of a number with a condition');
      }
      case 'between': {
        const v = floorFen(this.num(node.a, member));
        return v >= node.lo && v <= node.hi;
      }
      case 'and':
        return node.args.map((a) => this.bool(a, member)).every(Boolean);
      case 'or':
        return node.args.map((a) => this.bool(a, member)).some(Boolean);
      case 'not':
        return !this.bool(node.a, member);
      case 'eligible': {
        const v = this.eligibility.get(node.programme);
        if (v === undefined) throw new Error(`${node.programme} was not evaluated before it was needed`);
        return v;
      }
      case 'band': {
        const chosen = this.chooseBand(node, member);
        return chosen < 0 ? frac(0) : this.value(node.bands[chosen].value, member);
      }
      case 'label':
        return this.value(node.a, member);
    }
  }

  /** Index of the band that applies, or -1 below the lowest band. */
  chooseBand(node: Extract<Node, { op: 'band' }>, member: number): number {
    const v = this.num(node.a, member);
    let chosen = -1;
    node.bands.forEach((b, i) => {
      if (compareFrac(v, frac(b.min)) >= 0 && (chosen < 0 || b.min > node.bands[chosen].min)) chosen = i;
    });
    return chosen;
  }
}

export function addFrac(a: Frac, b: Frac): Frac {
  return a.d === b.d ? frac(a.n + b.n, a.d) : frac(a.n * b.d + b.n * a.d, a.d * b.d);
}
