import type { Actor } from '../access/index.js';
import { addMonths, firstDayOfMonth, invalid, isValidMonth, notFound, type Fen, type IsoDate, type Month } from '../kernel/index.js';
import { guardedTransaction } from './guard.js';
import { householdReadDivisions } from './household-scope.js';
import type { Disability, LaborCapacity, RegistryDb } from './model.js';
import { disabilityOf } from './person-rows.js';

/** The household shape of the policy engine's evaluate contract (`household` in POST /policy/evaluate). */
export interface PolicyMemberInput {
  id: string;
  birthDate: IsoDate;
  hukouShanghai: boolean;
  disability: Disability | null;
  laborCapacity: LaborCapacity;
  orphan: boolean;
  monthlyIncomeFen: Fen;
  monetaryAssetsFen: Fen;
  ownsVehicle: boolean;
}

export interface HouseholdPolicyInput {
  members: PolicyMemberInput[];
  rigidExpensesLast12MonthsFen: Fen;
  hasLegalSupporter: boolean;
}

const FACT_KINDS = ['asset.monetary', 'vehicle', 'expense.medical', 'expense.education', 'orphan', 'legal_supporter'];

interface CurrentFact {
  id: number;
  subject_type: 'person' | 'household';
  subject_id: number;
  kind: string;
  amount_fen: number | null;
  attributes: Record<string, unknown> | null;
  valid_from: IsoDate;
  valid_to: IsoDate | null;
}

const validOn = (f: CurrentFact, day: IsoDate) => f.valid_from <= day && (f.valid_to === null || f.valid_to > day);

/**
 * What the policy engine reads about household `householdId` for month M, from the registry and the
 * current facts (a superseded row never counts). D = the 1st of M.
 *
 * | field                        | source                                                                        |
 * |------------------------------|-------------------------------------------------------------------------------|
 * | members                      | memberships with since ≤ D < until, persons not dead by D (death_date > D)   |
 * | id, birthDate                | persons.id (as a string), persons.birth_date                                  |
 * | hukouShanghai                | persons.hukou_division starts with 31                                         |
 * | disability, laborCapacity    | persons.disability_grade/category (null without a certificate), labour_capacity |
 * | orphan                       | a fact of kind `orphan` about the person valid on D                           |
 * | monthlyIncomeFen             | Σ amount of `income.*` facts about the person valid on D (valid_from ≤ D < valid_to) |
 * | monetaryAssetsFen            | the `asset.monetary` fact about the person with the latest valid_from ≤ D      |
 * | ownsVehicle                  | any `vehicle` fact valid on D whose attributes.disabledMobility is not true   |
 * | rigidExpensesLast12MonthsFen | Σ `expense.medical` + `expense.education` of members and household, paid (valid_from) in [D − 12 months, D) |
 * | hasLegalSupporter            | `legal_supporter` facts valid on D about the household or a member: true when any says able = true; none: true |
 *
 * Income, asset and vehicle facts about the household itself (joint accounts, a family car) are counted
 * for the first member listed (the head when there is one), so household totals are right; a person-level
 * rule such as 特困 "no income of their own" then sees them on the head.
 * For system callers (screening jobs) that authorise and audit at their own level; people use `readHouseholdPolicyInput`.
 */
export async function householdPolicyInput(db: RegistryDb, householdId: number, month: Month): Promise<HouseholdPolicyInput> {
  if (!isValidMonth(month)) throw invalid('REGISTRY_INVALID_MONTH', `月份格式错误：${month}（应为 YYYY-MM）`);
  // One snapshot for all reads: a fact batch committing in between must not be half-seen.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => computePolicyInput(trx, householdId, month));
}

/** `known`: the caller has just read the household in this transaction (it is not looked up again). */
export async function computePolicyInput(trx: RegistryDb, householdId: number, month: Month, known = false): Promise<HouseholdPolicyInput> {
  const day = firstDayOfMonth(month);
  const yearBefore = firstDayOfMonth(addMonths(month, -12));
  const household = known || (await trx.selectFrom('registry.households').select('id').where('id', '=', householdId).executeTakeFirst());
  if (!household) throw notFound('REGISTRY_HOUSEHOLD_NOT_FOUND', `家庭 ${householdId} 不存在`);
  const persons = await trx
    .selectFrom('registry.household_members as m')
    .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.birth_date', 'p.hukou_division', 'p.disability_grade', 'p.disability_category', 'p.labour_capacity', 'm.relation'])
    .where('m.household_id', '=', householdId)
    .where('m.since', '<=', day)
    .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>', day)]))
    .where((eb) => eb.or([eb('p.death_date', 'is', null), eb('p.death_date', '>', day)]))
    .orderBy((eb) => eb.case().when('m.relation', '=', 'head').then(0).else(1).end())
    .orderBy('m.since')
    .orderBy('p.id')
    .execute();
  const personIds = persons.map((p) => p.id);
  const facts: CurrentFact[] = await trx
    .selectFrom('registry.facts as f')
    .select(['f.id', 'f.subject_type', 'f.subject_id', 'f.kind', 'f.amount_fen', 'f.attributes', 'f.valid_from', 'f.valid_to'])
    .where((eb) => eb.or([eb.and([eb('f.subject_type', '=', 'household'), eb('f.subject_id', '=', householdId)]), ...(personIds.length ? [eb.and([eb('f.subject_type', '=', 'person'), eb('f.subject_id', 'in', personIds)])] : [])]))
    .where((eb) => eb.or([eb('f.kind', 'like', 'income.%'), eb('f.kind', 'in', FACT_KINDS)]))
    .where('f.valid_from', '<=', day)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id'))))
    .orderBy('f.valid_from')
    .orderBy('f.id')
    .execute();

  // Household-level facts are counted for the first member listed (see above).
  const owner = (f: CurrentFact) => (f.subject_type === 'person' ? f.subject_id : personIds[0]);
  const members = persons.map((p): PolicyMemberInput => {
    const own = facts.filter((f) => owner(f) === p.id);
    const latestAsset = own.filter((f) => f.kind === 'asset.monetary').at(-1);
    return {
      id: String(p.id),
      birthDate: p.birth_date,
      hukouShanghai: p.hukou_division.startsWith('31'),
      disability: disabilityOf(p),
      laborCapacity: p.labour_capacity,
      orphan: own.some((f) => f.kind === 'orphan' && f.subject_type === 'person' && validOn(f, day)),
      monthlyIncomeFen: own.filter((f) => f.kind.startsWith('income.') && validOn(f, day)).reduce((sum, f) => sum + (f.amount_fen ?? 0), 0),
      // Facts are sorted by valid_from, then id: the last one is the latest balance (a later correction wins a tie).
      monetaryAssetsFen: latestAsset?.amount_fen ?? 0,
      ownsVehicle: own.some((f) => f.kind === 'vehicle' && validOn(f, day) && f.attributes?.disabledMobility !== true),
    };
  });
  const rigidExpensesLast12MonthsFen = facts.filter((f) => (f.kind === 'expense.medical' || f.kind === 'expense.education') && f.valid_from >= yearBefore && f.valid_from < day).reduce((sum, f) => sum + (f.amount_fen ?? 0), 0);
  const supporters = facts.filter((f) => f.kind === 'legal_supporter' && validOn(f, day));
  const hasLegalSupporter = supporters.length === 0 || supporters.some((f) => f.attributes?.able === true);
  return { members, rigidExpensesLast12MonthsFen, hasLegalSupporter };
}

/** `householdPolicyInput` for a person at a screen: permission, jurisdiction and an audit entry naming the members read. */
export async function readHouseholdPolicyInput(db: RegistryDb, actor: Actor, householdId: number, month: Month): Promise<HouseholdPolicyInput> {
  if (!isValidMonth(month)) throw invalid('REGISTRY_INVALID_MONTH', `月份格式错误：${month}（应为 YYYY-MM）`);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'registry.read' as const, action: 'registry.household.policy_input', entityType: 'household', entityId: householdId, detail: { month } };
    const household = await trx.selectFrom('registry.households').select('division_code').where('id', '=', householdId).executeTakeFirst();
    if (!household) {
      await allow(request);
      throw notFound('REGISTRY_HOUSEHOLD_NOT_FOUND', `家庭 ${householdId} 不存在`);
    }
    const input = await computePolicyInput(trx, householdId, month, true);
    await allow({ ...request, divisionCodes: await householdReadDivisions(trx, householdId, household.division_code, undefined, actor), detail: { month, memberIds: input.members.map((m) => m.id) } });
    return input;
  });
}
