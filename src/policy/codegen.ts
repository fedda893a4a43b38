/**
 * Code generation for one rule node at a time (used by compile.ts). Two choices make the kernels fast:
 * - Conditions are generated as 0/1 integers combined with & | ^ instead of && || and `if`. Eligibility
 *   is close to random across a population, so branches mispredict; setcc-style code does not
 *   (measured: ~1.3× faster on the dibao rule than the branching form).
 * - Constants are folded by the interpreter, so parameters and derived values (minors' standard, asset
 *   tables) arrive as literals and lookups by size or age band become sums of 0/1 × step.
 */
import { householdFields, memberFields, type CmpOp, type Node } from './dsl.js';
import type { Evaluation } from './interpret.js';
import { childrenOf } from './programme.js';
import { ymd } from './columns.js';

/** A fraction in code: value = n / d; d null means 1 (the common, fast case). */
export interface Code {
  readonly n: string;
  readonly d: string | null;
}

const JS_OP: Record<CmpOp, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '===', '!=': '!==' };
const FLIP: Record<CmpOp, CmpOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const lit = (v: number): string => (v < 0 ? `(${v})` : String(v));
const mulD = (a: string | null, b: string | null): string | null => (a && b ? `(${a} * ${b})` : (a ?? b));
export const times = (x: string, d: string | null): string => (d ? `(${x} * ${d})` : x);
const core = (node: Node): Node => (node.op === 'label' ? core(node.a) : node);
const isLiteral = (s: string): boolean => /^\(?-?\d+\)?$/.test(s);
const literalValue = (s: string): number => Number(s.replace(/[()]/g, ''));

function isBoolNode(node: Node): boolean {
  switch (node.op) {
    case 'cmp':
    case 'and':
    case 'or':
    case 'not':
    case 'eligible':
    case 'between':
      return true;
    case 'memberField':
      return memberFields[node.field].kind === 'bool';
    case 'householdField':
      return householdFields[node.field].kind === 'bool';
    case 'const':
      return node.kind === 'bool';
    case 'label':
      return isBoolNode(node.a);
    case 'if':
      return isBoolNode(node.then);
    default:
      return false;
  }
}

const constantCache = new WeakMap<Node, boolean>();
export function isConstant(node: Node): boolean {
  let v = constantCache.get(node);
  if (v === undefined) {
    const reads = ['memberField', 'householdField', 'memberCount', 'age', 'sum', 'count', 'eligible'].includes(node.op);
    v = !reads && childrenOf(node).every(isConstant);
    constantCache.set(node, v);
  }
  return v;
}

export interface Aggregate {
  readonly name: string;
  readonly update: string;
}

export class Generator {
  readonly aggregates = new Map<string, Aggregate>();
  /** Aggregates rewritten in terms of other aggregates (no accumulator of their own). */
  private readonly derived = new Map<string, string>();
  readonly memberCols = new Set<string>();
  readonly householdCols = new Set<string>();
  /** household programme id → local holding its 0/1 decision for the current household. */
  readonly eligibleVar = new Map<string, string>();
  private readonly firstDay: number;
  private readonly lastDay: number;
  /** true while generating code inside a member loop (member index `i` is in scope). */
  inMember = false;

  constructor(readonly ev: Evaluation) {
    this.firstDay = ymd(ev.firstDay);
    this.lastDay = ymd(ev.lastDay);
  }

  private memberCol(field: string): string {
    if (!this.inMember) throw new Error(`member value ${field} used outside sum/count in a household rule`);
    this.memberCols.add(field);
    return `m_${field}[i]`;
  }

  /** Branch-free select between two whole numbers by a 0/1 code when both are literals. */
  private select(c: string, a: string, b: string): string {
    if (isLiteral(a) && isLiteral(b)) return `(${b} + ${c} * ${lit(literalValue(a) - literalValue(b))})`;
    return `(${c} ? ${a} : ${b})`;
  }

  num(node: Node): Code {
    if (isConstant(node)) {
      const v = this.ev.num(node);
      return { n: lit(v.n), d: v.d === 1 ? null : lit(v.d) };
    }
    switch (node.op) {
      case 'label':
        return this.num(node.a);
      case 'memberField':
        return { n: this.memberCol(node.field), d: null };
      case 'householdField':
        this.householdCols.add(node.field);
        return { n: `h_${node.field}[h]`, d: null };
      case 'memberCount':
        return { n: 'n', d: null };
      case 'age':
        return { n: `Math.floor((${node.on === 'first' ? this.firstDay : this.lastDay} - ${this.memberCol('birthYmd')}) / 10000)`, d: null };
      case 'sum':
      case 'count':
        return { n: this.aggregate(node), d: null };
      case 'add':
      case 'sub': {
        const a = this.num(node.a);
        const b = this.num(node.b);
        const sign = node.op === 'add' ? '+' : '-';
        if (a.d === b.d) return { n: `(${a.n} ${sign} ${b.n})`, d: a.d };
        return { n: `(${times(a.n, b.d)} ${sign} ${times(b.n, a.d)})`, d: mulD(a.d, b.d) };
      }
      case 'mul': {
        const a = this.num(node.a);
        const b = this.num(node.b);
        return { n: `(${a.n} * ${b.n})`, d: mulD(a.d, b.d) };
      }
      case 'div': {
        // Divisors are counts (members, months): positive, so the sign of the fraction stays in n.
        const a = this.num(node.a);
        const b = this.num(node.b);
        return { n: times(a.n, b.d), d: mulD(a.d, b.n) };
      }
      case 'max': {
        const a = this.num(node.a);
        const b = this.num(node.b);
        return { n: `Math.max(${times(a.n, b.d)}, ${times(b.n, a.d)})`, d: mulD(a.d, b.d) };
      }
      case 'ratio': {
        const a = this.num(node.a);
        const p = this.num(node.permille);
        return { n: `(${a.n} * ${p.n})`, d: mulD(mulD(a.d, p.d), '1000') };
      }
      case 'perCapita': {
        const a = this.num(node.a);
        return { n: a.n, d: mulD(a.d, 'n') };
      }
      case 'ceilTo': {
        const a = this.num(node.a);
        const step = this.num(node.step);
        if (step.d) throw new Error('ceilTo step must be whole fen');
        return { n: `(Math.ceil(${a.n} / ${times(step.n, a.d)}) * ${step.n})`, d: null };
      }
      case 'if': {
        const c = this.bool(node.cond);
        const a = this.num(node.then);
        const b = this.num(node.else);
        if (a.d === b.d) return { n: this.select(c, a.n, b.n), d: a.d };
        return { n: `(${c} ? ${times(a.n, b.d)} : ${times(b.n, a.d)})`, d: mulD(a.d, b.d) };
      }
      case 'bySize': {
        // table[min(size, L) − 1] = t0 + Σ_k [size ≥ k] × (t[k−1] − t[k−2])
        const size = this.num(node.size).n;
        const p = this.ev.param(node.name);
        if (typeof p.value === 'number') throw new Error(`${node.name} is not a table`);
        const t = p.value;
        const steps = t.slice(1).map((v, j) => `+(${size} >= ${j + 2}) * ${lit(v - t[j])}`);
        return { n: `(${[lit(t[0]), ...steps].join(' + ')})`, d: null };
      }
      case 'band':
        return { n: this.band(node), d: null };
      default:
        throw new Error(`${node.op} is not a number`);
    }
  }

  private band(node: Extract<Node, { op: 'band' }>): string {
    const bands = [...node.bands].sort((x, y) => x.min - y.min);
    const values = bands.map((b) => this.num(b.value));
    if (values.some((v) => v.d)) throw new Error('band values must be whole fen');
    const at = (min: number): string => this.compare('>=', node.a, { op: 'const', value: min, kind: 'age' });
    if (values.every((v) => isLiteral(v.n))) {
      // value = Σ_k [x ≥ min_k] × (v_k − v_{k−1}), v_{−1} = 0
      const terms = bands.map((b, k) => `${at(b.min)} * ${lit(literalValue(values[k].n) - (k ? literalValue(values[k - 1].n) : 0))}`);
      return `(${terms.join(' + ')})`;
    }
    return bands.reduce((code, b, k) => `(${at(b.min)} ? ${values[k].n} : ${code})`, '0');
  }

  /** A condition as a 0/1 integer expression. */
  bool(node: Node): string {
    if (isConstant(node)) return this.ev.bool(node) ? '1' : '0';
    switch (node.op) {
      case 'label':
        return this.bool(node.a);
      case 'memberField':
        return `+(${this.memberCol(node.field)} !== 0)`;
      case 'householdField':
        this.householdCols.add(node.field);
        return `+(h_${node.field}[h] !== 0)`;
      case 'cmp':
        return this.compare(node.cmp, node.a, node.b);
      case 'between': {
        const x = this.num(node.a).n;
        return `(+(${x} >= ${node.lo}) & +(${x} <= ${node.hi}))`;
      }
      case 'and':
      case 'or':
        return `(${node.args.map((a) => this.bool(a)).join(node.op === 'and' ? ' & ' : ' | ')})`;
      case 'not':
        return `(1 ^ ${this.bool(node.a)})`;
      case 'eligible': {
        const v = this.eligibleVar.get(node.programme);
        if (!v) throw new Error(`${node.programme} is not evaluated before it is needed`);
        return v;
      }
      case 'if':
        return `(${this.bool(node.cond)} ? ${this.bool(node.then)} : ${this.bool(node.else)})`;
      default:
        throw new Error(`${node.op} is not a condition`);
    }
  }

  /** Comparisons; age against a constant becomes a birth-date comparison (no division per member). */
  compare(op: CmpOp, aNode: Node, bNode: Node): string {
    const a = core(aNode);
    const b = core(bNode);
    if (a.op === 'age' && isConstant(b)) return this.ageCompare(op, a.on, this.ev.num(b));
    if (b.op === 'age' && isConstant(a)) return this.ageCompare(FLIP[op], b.on, this.ev.num(a));
    if (isBoolNode(a)) return `+(${this.bool(a)} ${JS_OP[op]} ${this.bool(b)})`;
    const x = this.num(a);
    const y = this.num(b);
    return `+(${times(x.n, y.d)} ${JS_OP[op]} ${times(y.n, x.d)})`;
  }

  private ageCompare(op: CmpOp, on: 'first' | 'last', k: { n: number; d: number }): string {
    if (k.d !== 1) throw new Error('ages are compared with whole years');
    const day = on === 'first' ? this.firstDay : this.lastDay;
    const birth = this.memberCol('birthYmd');
    // age(D) ≥ k  ⇔  D − B ≥ 10000·k  ⇔  B ≤ D − 10000·k   (yyyymmdd arithmetic, see columns.ts)
    const atLeast = (years: number): string => `+(${birth} <= ${day - 10000 * years})`;
    const below = (years: number): string => `+(${birth} > ${day - 10000 * years})`;
    switch (op) {
      case '>=':
        return atLeast(k.n);
      case '>':
        return atLeast(k.n + 1);
      case '<':
        return below(k.n);
      case '<=':
        return below(k.n + 1);
      case '==':
        return `(${atLeast(k.n)} & ${below(k.n + 1)})`;
      case '!=':
        return `(1 ^ (${atLeast(k.n)} & ${below(k.n + 1)}))`;
    }
  }

  private aggregate(node: Extract<Node, { op: 'sum' | 'count' }>): string {
    const key = `${node.op}:${JSON.stringify(node.of)}`;
    const existing = this.aggregates.get(key)?.name ?? this.derived.get(key);
    if (existing) return existing;
    const name = `a${this.aggregates.size}`;
    const outer = this.inMember;
    this.inMember = true;
    const of = core(node.of);
    if (node.op === 'sum' && of.op === 'if' && isConstant(of.then) && isConstant(of.else)) {
      // Σ (c ? A : B) = B·n + (A − B)·count(c): an integer count per member instead of a float multiply-add.
      const a = this.num(of.then);
      const b = this.num(of.else);
      if (!a.d && !b.d) {
        this.inMember = outer;
        const counted = this.aggregate({ op: 'count', of: of.cond });
        const code = `(${b.n} * n + ${lit(literalValue(a.n) - literalValue(b.n))} * ${counted})`;
        this.derived.set(key, code);
        return code;
      }
    }
    let update: string;
    // A 0/1 column is added as is (columns.ts requires 0/1), saving a compare per member.
    if (node.op === 'count' && of.op === 'memberField') update = `${name} += ${this.memberCol(of.field)};`;
    else if (node.op === 'count') update = `${name} += ${this.bool(node.of)};`;
    else {
      const v = this.num(node.of);
      if (v.d) throw new Error('sum of fractions is not supported; sum whole fen');
      update = `${name} += ${v.n};`;
    }
    this.inMember = outer;
    this.aggregates.set(key, { name, update });
    return name;
  }
}
