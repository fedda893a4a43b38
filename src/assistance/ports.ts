/**
 * Everything assistance needs from the registry and the policy engine, through their public index files
 * only. Keeping it in one file shows the whole dependency at a glance and gives tests one seam.
 */
import type { Actor } from '../access/index.js';
import type { Database } from '../db/index.js';
import type { Fen, Month } from '../kernel/index.js';
import {
  ColumnsBuilder,
  compileKernel,
  effectiveParameters,
  explainHousehold,
  runKernel,
  tableFromUsed,
  type EvaluateResponse,
  type HouseholdFacts,
  type MemberFacts,
  type ParameterTable,
  type ParamUnit,
  type PolicyTables,
  type UsedParameterOut,
} from '../policy/index.js';
import { shanghaiPack } from '../policies/shanghai/index.js';
import {
  correctFact,
  findDivision,
  getHousehold,
  householdNames,
  householdPolicyInput,
  listFacts,
  personNames,
  policyRowsText,
  readHouseholdPolicyInput,
  type FactCorrection,
  type FactView,
  type HouseholdView,
  type RegistryTables,
} from '../registry/index.js';
import type { AssistanceProgramme } from './model.js';

export type { EvaluateResponse, FactView, HouseholdFacts, HouseholdView, ParameterTable };

const registry = (db: Database) => db.kysely.withTables<RegistryTables>();

/** The household with today's members, for the applicant's street and the close-relative rule (audited by the registry). */
export function readHousehold(db: Database, actor: Actor, householdId: number): Promise<HouseholdView> {
  return getHousehold(registry(db), actor, householdId);
}

/** Display names of a case's household and persons for the viewer (masked where the registry would refuse them). */
export async function displayNames(db: Database, viewer: Actor, personIds: readonly number[], householdIds: readonly number[], reference: string) {
  return { persons: await personNames(registry(db), viewer, personIds, reference), households: await householdNames(registry(db), viewer, householdIds, reference) };
}

/** A division's name for notices (e.g. 黄浦区); the code when the registry does not know it. */
export async function divisionName(db: Database, code: string): Promise<string> {
  return (await findDivision(registry(db), code))?.name ?? code;
}

/** What the engine reads about the household for month M, from current facts (corrections win): for system jobs. */
export function policyInput(db: Database, householdId: number, month: Month): Promise<HouseholdFacts> {
  return householdPolicyInput(registry(db), householdId, month);
}

/** The same for a caseworker at a screen: the registry checks their jurisdiction and audits the read. */
export function readPolicyInput(db: Database, actor: Actor, householdId: number, month: Month): Promise<HouseholdFacts> {
  return readHouseholdPolicyInput(registry(db), actor, householdId, month);
}

/** The engine's input for many households for month M: what a payment run reads. */
export type PolicyInputSource = (db: Database, householdIds: readonly number[], month: Month) => Promise<HouseholdFacts[]>;

const LABOUR = ['full', 'partial', 'none'] as const;
const dayToIso = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);

/**
 * The registry's set-based policy rows (one query for the whole batch, same meaning as
 * householdPolicyInput), parsed from its text format (POLICY_ROW_COLUMNS). A household without a current
 * member has no rows and comes back with no members. Disability category is not in the rows: no rule reads it.
 */
export const registryPolicyInputs: PolicyInputSource = async (db, householdIds, month) => {
  if (householdIds.length === 0) return [];
  const text = await policyRowsText(registry(db), { month, divisionPrefixes: [''], householdIds });
  const byHousehold = new Map<number, HouseholdFacts & { members: MemberFacts[] }>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const c = line.split('\t').map(Number);
    let h = byHousehold.get(c[0]);
    if (!h) byHousehold.set(c[0], (h = { members: [], rigidExpensesLast12MonthsFen: c[11], hasLegalSupporter: c[12] === 1 }));
    h.members.push({
      id: String(c[2]),
      birthDate: dayToIso(c[3]),
      hukouShanghai: c[4] === 1,
      disability: c[5] > 0 ? { grade: c[5] as 1 | 2 | 3 | 4, category: '' } : null,
      laborCapacity: LABOUR[c[6]],
      orphan: c[7] === 1,
      monthlyIncomeFen: c[8],
      monetaryAssetsFen: c[9],
      ownsVehicle: c[10] === 1,
    });
  }
  return householdIds.map((id) => byHousehold.get(id) ?? { members: [], rigidExpensesLast12MonthsFen: 0, hasLegalSupporter: true });
};

/** The facts behind a verification: every member's and the household's, with source, dates and history. */
export async function readFacts(db: Database, actor: Actor, householdId: number, personIds: number[]): Promise<FactView[]> {
  const facts = await listFacts(registry(db), actor, { type: 'household', id: householdId });
  for (const id of personIds) facts.push(...(await listFacts(registry(db), actor, { type: 'person', id })));
  return facts;
}

/** 更正事实: the registry writes a new fact naming the old one, with the caseworker's reason. */
export function correctRegistryFact(db: Database, actor: Actor, factId: number, correction: FactCorrection): Promise<FactView> {
  return correctFact(registry(db), actor, factId, correction);
}

/** Policy programmes a case of each kind is verified against (临时救助 has no rule: 低保/低收入 are shown for context). */
export const ENGINE_PROGRAMMES: Record<AssistanceProgramme, string[]> = {
  dibao: ['dibao'],
  low_income: ['low_income'],
  expense_poverty: ['expense_poverty'],
  destitute: ['destitute'],
  temporary: ['dibao', 'low_income'],
};

export interface EngineRequest {
  month: Month;
  household: HouseholdFacts;
  programmes: string[];
}

/** The parameter table of this installation: the pack's values overlaid by the administrators' (policy module). */
export function engineParameters(db: Database): Promise<ParameterTable> {
  return effectiveParameters(db.kysely.withTables<PolicyTables>(), shanghaiPack);
}

export function evaluate(request: EngineRequest, parameters: ParameterTable): EvaluateResponse {
  return explainHousehold(shanghaiPack, request.household, request.month, { programmes: request.programmes, parameters });
}

/** Re-runs a recorded request with the parameter values the decision recorded, not today's table. */
export function reproduce(request: EngineRequest, parameters: readonly UsedParameterOut[]): EvaluateResponse {
  const used = parameters.map((p) => ({ ...p, unit: p.unit as ParamUnit }));
  return explainHousehold(shanghaiPack, request.household, request.month, { programmes: request.programmes, parameters: tableFromUsed(shanghaiPack.parameters, used) });
}

export interface AmountInput {
  facts: HouseholdFacts;
  programme: 'dibao' | 'destitute';
  /** For 特困供养: the member the case pays. */
  beneficiaryId?: string;
}

export interface AmountResult {
  eligible: boolean;
  amountFen: Fen;
}

export interface BatchAmounts {
  results: AmountResult[];
  ruleVersion: string;
  /** 低保标准 in force for the month. */
  standardFen: Fen | null;
}

export type AmountKernel = ReturnType<typeof compileKernel>;

/** The compiled 低保/特困 rules for a month: compile once per run, use for every batch. */
export function amountKernel(month: Month, parameters: ParameterTable): AmountKernel {
  return compileKernel(shanghaiPack, month, ['dibao', 'destitute'], parameters);
}

/**
 * Monthly amounts for many households at once with the engine's compiled kernel (the screening path):
 * the same rules as `evaluate`, without building reasons nobody reads in a payment run.
 */
export function batchAmounts(month: Month, inputs: readonly AmountInput[], kernel: AmountKernel): BatchAmounts {
  if (kernel.month !== month) throw new Error(`kernel for ${kernel.month} used for ${month}`);
  const standard = kernel.parameters.find((p) => p.name === 'dibao.standard');
  const standardFen = typeof standard?.value === 'number' ? standard.value : null;
  const withMembers = inputs.filter((i) => i.facts.members.length > 0);
  const builder = new ColumnsBuilder(
    withMembers.length,
    withMembers.reduce((n, i) => n + i.facts.members.length, 0),
  );
  for (const input of withMembers) builder.addHousehold(input.facts, '');
  const columns = builder.finish();
  const outputs = withMembers.length ? runKernel(shanghaiPack, kernel, columns).outputs : {};
  let h = 0;
  const results = inputs.map((input): AmountResult => {
    if (input.facts.members.length === 0) return { eligible: false, amountFen: 0 };
    const index = h++;
    const out = outputs[input.programme];
    if (input.programme === 'dibao') return { eligible: out.eligible[index] === 1, amountFen: out.amountFen[index] };
    const member = input.facts.members.findIndex((m) => m.id === input.beneficiaryId);
    if (member < 0) return { eligible: false, amountFen: 0 };
    const at = columns.memberOffsets[index] + member;
    return { eligible: out.eligible[at] === 1, amountFen: out.amountFen[at] };
  });
  return { results, ruleVersion: shanghaiPack.ruleVersion, standardFen };
}
