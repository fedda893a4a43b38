/**
 * Programmes and packs. A pack is the versioned unit a decision refers to: its rules (programmes) and its
 * parameter table. `definePack` checks the pack once at load time so that errors in a rule text (an
 * unknown parameter, a household rule reading a member value, a dependency cycle) never reach a decision.
 */
import { createHash } from 'node:crypto';
import type { E, Node, Scope } from './dsl.js';
import { checkParameterTable, type ParameterTable, type UsedParameter } from './params.js';

export interface Condition<S extends Scope> {
  /** Stable id, used in failure masks and structured output. */
  readonly id: string;
  /** Short Chinese name of the condition, e.g. 收入条件. */
  readonly label: string;
  readonly test: E<S, 'bool'>;
}

interface ProgrammeBase {
  readonly id: string;
  /** Chinese name, e.g. 最低生活保障. */
  readonly name: string;
  /** The written rule, quoted in explanations. */
  readonly ruleText: string;
  /** Shown in the conclusion when eligible for a programme without cash, e.g. which assistance it opens. */
  readonly benefitNote?: string;
  /** Extra values shown in explanations (e.g. the minors' standard), not part of the decision. */
  readonly notes?: readonly E<'household', 'fen' | 'count'>[];
}

export interface HouseholdProgramme extends ProgrammeBase {
  readonly unit: 'household';
  readonly conditions: readonly Condition<'household'>[];
  /** null: no cash benefit (the programme opens other assistance). */
  readonly amount: E<'household', 'fen'> | null;
}

export interface PersonProgramme extends ProgrammeBase {
  readonly unit: 'person';
  readonly conditions: readonly Condition<Scope>[];
  readonly amount: E<Scope, 'fen'> | null;
}

export type Programme = HouseholdProgramme | PersonProgramme;

/** A validation rule over the parameter table, e.g. the 33 % consumption floor for the 低保 standard. */
export interface PolicyWarning {
  readonly code: string;
  readonly message: string;
  readonly parameter: string;
  readonly from: string;
}
export type PackCheck = (parameters: ParameterTable) => PolicyWarning[];

export interface PolicyPackSpec {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly parameters: ParameterTable;
  /** In dependency order: a programme may only refer (via `eligible`) to household programmes above it. */
  readonly programmes: readonly Programme[];
  readonly checks?: readonly PackCheck[];
}

export interface PolicyPack extends PolicyPackSpec {
  /** e.g. "shanghai@1". */
  readonly ruleVersion: string;
  /** Hash of the rule trees: changes whenever a rule changes, even if someone forgets to bump the version. */
  readonly rulesFingerprint: string;
  readonly byId: ReadonlyMap<string, Programme>;
  /** Direct `eligible(...)` references of each programme, computed once at definition. */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
}

/** What a decision needs to be reproduced: the rules it ran and every parameter value it read. */
export interface DecisionBasis {
  readonly ruleVersion: string;
  readonly rulesFingerprint: string;
  readonly parameters: readonly UsedParameter[];
}

export function childrenOf(node: Node): Node[] {
  switch (node.op) {
    case 'const':
    case 'param':
    case 'memberField':
    case 'householdField':
    case 'memberCount':
    case 'age':
    case 'eligible':
      return [];
    case 'bySize':
      return [node.size];
    case 'sum':
    case 'count':
      return [node.of];
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'max':
    case 'cmp':
      return [node.a, node.b];
    case 'ratio':
      return [node.a, node.permille];
    case 'perCapita':
    case 'not':
    case 'between':
    case 'label':
      return [node.a];
    case 'ceilTo':
      return [node.a, node.step];
    case 'if':
      return [node.cond, node.then, node.else];
    case 'and':
    case 'or':
      return [...node.args];
    case 'band':
      return [node.a, ...node.bands.map((b) => b.value)];
  }
}

/** True when a node reads per-member data outside an aggregate, i.e. it has a value per member. */
export function isMemberLevel(node: Node): boolean {
  if (node.op === 'memberField' || node.op === 'age') return true;
  if (node.op === 'sum' || node.op === 'count') return false;
  return childrenOf(node).some(isMemberLevel);
}

export function programmeRoots(p: Programme): Node[] {
  return [...p.conditions.map((c) => c.test.node), ...(p.amount ? [p.amount.node] : []), ...(p.notes ?? []).map((n) => n.node)];
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const c of childrenOf(node)) walk(c, visit);
}

export function definePack(spec: PolicyPackSpec): PolicyPack {
  checkParameterTable(spec.parameters);
  const byId = new Map<string, Programme>();
  const dependsOn = new Map<string, string[]>();
  for (const p of spec.programmes) {
    if (byId.has(p.id)) throw new Error(`duplicate programme ${p.id}`);
    const deps: string[] = [];
    for (const root of programmeRoots(p)) {
      walk(root, (n) => {
        if (n.op === 'eligible' && !deps.includes(n.programme)) deps.push(n.programme);
        if ((n.op === 'param' || n.op === 'bySize') && !spec.parameters[n.name]) throw new Error(`${p.id}: unknown parameter ${n.name}`);
        if (n.op === 'eligible') {
          const dep = byId.get(n.programme);
          if (!dep) throw new Error(`${p.id}: refers to ${n.programme}, which must be defined above it`);
          if (dep.unit !== 'household') throw new Error(`${p.id}: may only refer to household programmes`);
        }
        if ((n.op === 'sum' || n.op === 'count') && childrenOf(n.of).some((c) => c.op === 'sum' || c.op === 'count')) {
          throw new Error(`${p.id}: nested aggregates are not supported`);
        }
      });
    }
    if (p.unit === 'household' && programmeRoots(p).some(isMemberLevel)) throw new Error(`${p.id}: household rule reads a member value outside sum/count`);
    byId.set(p.id, p);
    dependsOn.set(p.id, deps);
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(spec.programmes.map((p) => ({ id: p.id, unit: p.unit, roots: programmeRoots(p) }))))
    .digest('hex')
    .slice(0, 16);
  return { ...spec, ruleVersion: `${spec.id}@${spec.version}`, rulesFingerprint: fingerprint, byId, dependsOn };
}

/** The requested programmes plus every household programme they depend on, in pack order. */
export function withDependencies(pack: PolicyPack, ids: readonly string[]): Programme[] {
  const needed = new Set<string>();
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop() as string;
    if (needed.has(id)) continue;
    needed.add(id);
    stack.push(...(pack.dependsOn.get(id) ?? []));
  }
  return pack.programmes.filter((p) => needed.has(p.id));
}
