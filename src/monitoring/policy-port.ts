/**
 * What monitoring asks of the policy engine, through its public index only: screen many households at once
 * with the compiled kernel (no reasons built), then explain only the few a rule flags, for the advisor.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import type { Fen, Month } from '../kernel/index.js';
import { ColumnsBuilder, effectiveParameters, explainHousehold, rescreenHouseholds, resolveParameter, scalarValue, screen, type HouseholdFacts, type ParameterTable, type PolicyTables, type ProgrammeResult } from '../policy/index.js';
import { shanghaiPack } from '../policies/shanghai/index.js';
import { LEAD_PROGRAMMES, PACK_AUTO_PROGRAMMES } from './model.js';

export type { HouseholdFacts, ProgrammeResult };

/** Every programme a monitoring rule reads: the applied-for ones (leads) and the automatic ones. */
export const SCREENED_PROGRAMMES: readonly string[] = [...LEAD_PROGRAMMES, ...PACK_AUTO_PROGRAMMES];

export interface PersonEligibility {
  personId: number;
  programme: string;
  amountFen: Fen;
}

export interface HouseholdScreen {
  householdId: number;
  facts: HouseholdFacts;
  /** Household programmes the household is eligible for, with the monthly amount (0 for non-cash ones). */
  eligible: Map<string, Fen>;
  /** Eligible members of person programmes (特困, 老年综合津贴, 孤儿基本生活费). */
  persons: PersonEligibility[];
}

/**
 * Facts monitoring already holds (a one-member household for the automatic allowances) through the
 * compiled kernel. Households without members are returned with nothing eligible.
 */
export function screenFacts(month: Month, rows: readonly { householdId: number; facts: HouseholdFacts }[], parameters?: ParameterTable): HouseholdScreen[] {
  const withMembers = rows.filter((r) => r.facts.members.length > 0);
  const results = rows.map((r): HouseholdScreen => ({ householdId: r.householdId, facts: r.facts, eligible: new Map(), persons: [] }));
  if (withMembers.length === 0) return results;
  const builder = new ColumnsBuilder(
    withMembers.length,
    withMembers.reduce((n, r) => n + r.facts.members.length, 0),
  );
  for (const r of withMembers) builder.addHousehold(r.facts, '');
  const columns = builder.finish();
  const screened = screen(shanghaiPack, columns, month, { programmes: SCREENED_PROGRAMMES, parameters });
  const byHousehold = new Map(results.map((r) => [r.householdId, r]));
  withMembers.forEach((row, h) => {
    const result = byHousehold.get(row.householdId);
    if (!result) return;
    for (const programme of screened.programmes) {
      const out = screened.outputs[programme.id];
      if (programme.unit === 'household') {
        if (out.eligible[h] === 1) result.eligible.set(programme.id, out.amountFen[h]);
        continue;
      }
      for (let i = columns.memberOffsets[h]; i < columns.memberOffsets[h + 1]; i++) {
        if (out.eligible[i] !== 1) continue;
        const member = row.facts.members[i - columns.memberOffsets[h]];
        result.persons.push({ personId: Number(member.id), programme: programme.id, amountFen: out.amountFen[i] });
      }
    }
  });
  return results;
}

/** The engine's explanation for one household: each programme's result with its Chinese reasons. */
export function explainProgrammes(month: Month, facts: HouseholdFacts, programmes: readonly string[], parameters?: ParameterTable): ProgrammeResult[] {
  return explainHousehold(shanghaiPack, facts, month, { programmes, parameters }).results;
}

/** The reasons of one result as the advisor reads them: the programme's verdict first, then each condition. */
export function reasonsOf(results: readonly ProgrammeResult[], programme: string, memberId?: string): string[] {
  const result = results.find((r) => r.programme === programme && (memberId === undefined || r.memberId === memberId));
  return result ? result.reasons : [];
}

/**
 * 低收入 income line per person for month M (lowIncome.incomeMultiplier × dibao.standard), from the pack's
 * parameters: a pre-filter may skip households a wage alone keeps above it, never decide eligibility.
 */
export function lowIncomeLineFen(month: Month, parameters: ParameterTable = shanghaiPack.parameters): Fen {
  const standard = scalarValue(resolveParameter(parameters, 'dibao.standard', month));
  const multiplier = scalarValue(resolveParameter(parameters, 'lowIncome.incomeMultiplier', month));
  return Math.floor((standard * multiplier) / 1000);
}

const policyTables = (db: Database): Kysely<PolicyTables> => db.kysely.withTables<PolicyTables>();

/** The parameter values in force, including an administrator's changes stored by the policy module. */
export function policyParameters(db: Database): Promise<ParameterTable> {
  return effectiveParameters(policyTables(db), shanghaiPack);
}

export interface RegistryScreen {
  householdId: number;
  /** The household's committee; null when it has no current member. */
  divisionCode: string | null;
  eligible: Map<string, Fen>;
  persons: PersonEligibility[];
}

/**
 * THE screening entry point for households a change touched: the policy engine's re-screen (the registry's
 * set-based policy rows, the compiled kernel, the engine's current results kept in step), in one
 * transaction. A person programme's amount is shared evenly over its eligible members (exact for 特困).
 */
export async function screenRegistryHouseholds(db: Database, householdIds: readonly number[], month: Month): Promise<RegistryScreen[]> {
  const ids = [...new Set(householdIds)];
  if (!ids.length) return [];
  const screened = await policyTables(db)
    .transaction()
    .execute((trx) => rescreenHouseholds(trx, shanghaiPack, ids, month));
  return screened.map((h) => {
    const eligible = new Map<string, Fen>();
    const persons: PersonEligibility[] = [];
    for (const r of h.results) {
      if (r.memberIds === null) eligible.set(r.programme, r.monthlyAmountFen);
      else for (const id of r.memberIds) persons.push({ personId: id, programme: r.programme, amountFen: Math.floor(r.monthlyAmountFen / r.memberIds.length) });
    }
    return { householdId: h.householdId, divisionCode: h.divisionCode, eligible, persons };
  });
}
