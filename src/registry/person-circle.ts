/**
 * A person with their household, the persons they are guardian of and (for a month) the household's policy
 * input, in one transaction: what a person's own page shows (the residents' portal), read in five statements
 * where the four separate services take sixteen with their transactions. Each part is authorised and audited
 * under the same action as its own service, so the audit log reads the same.
 */
import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { isValidMonth, invalid, isWithin, type IsoDate, type Month } from '../kernel/index.js';
import { guardedTransaction } from './guard.js';
import { householdReadDivisions } from './household-scope.js';
import type { HouseholdView, PersonView, RegistryDb } from './model.js';
import { selectPersons, toPersonView } from './person-rows.js';
import { computePolicyInput, type HouseholdPolicyInput } from './policy-input.js';

export interface PersonCircle {
  person: PersonView;
  /** The person's household on `on`, members head first; null when they belong to none. */
  household: HouseholdView | null;
  /** Ids of the persons the registry records this person as guardian of on `on` (facts `guardian_of`). */
  wardIds: number[];
  /** The household's policy input for `month`, when a month was asked for and there is a household. */
  policyInput: HouseholdPolicyInput | null;
}

/** Null when the person is unknown or outside the jurisdiction (the refusal audited, as `getPersons` does). */
export async function personCircle(db: RegistryDb, actor: Actor, personId: number, options: { on: IsoDate; month?: Month; reference: string }): Promise<PersonCircle | null> {
  const { on, month, reference } = options;
  if (month !== undefined && !isValidMonth(month)) throw invalid('REGISTRY_INVALID_MONTH', `月份格式错误：${month}（应为 YYYY-MM）`);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const personRequest = { permission: 'registry.read' as const, action: 'registry.persons.read', entityType: 'person_batch', entityId: reference };
    const row = await selectPersons(trx, on).where('p.id', '=', personId).executeTakeFirst();
    if (!row) {
      await allow({ ...personRequest, detail: { ids: [] } });
      return null;
    }
    // A person outside the jurisdiction is left out as getPersons leaves them out: refused, audited, unknown to the caller.
    await allow({ ...personRequest, divisionCodes: [row.hukou_division, row.residence_division], detail: { ids: [row.id] } });
    const person = toPersonView(row);
    const [memberRows, wardFacts] = await Promise.all([
      row.household_id === null
        ? Promise.resolve([])
        : selectPersons(trx, on)
            .innerJoin('registry.household_members as hm', 'hm.person_id', 'p.id')
            .innerJoin('registry.households as h', 'h.id', 'hm.household_id')
            .select(['hm.relation', 'hm.since', 'hm.until', 'h.division_code as household_division', 'h.address as household_address'])
            .where('hm.household_id', '=', row.household_id)
            .where('hm.since', '<=', on)
            .where((eb) => eb.or([eb('hm.until', 'is', null), eb('hm.until', '>', on)]))
            .orderBy(sql`hm.relation = 'head'`, 'desc')
            .orderBy('hm.since')
            .orderBy('p.id')
            .execute(),
      trx
        .selectFrom('registry.facts as f')
        .select(['f.attributes', 'f.valid_from', 'f.valid_to'])
        .where('f.subject_type', '=', 'person')
        .where('f.subject_id', '=', personId)
        .where('f.kind', '=', 'guardian_of')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id'))))
        .execute(),
    ]);
    await allow({ permission: 'registry.read', action: 'registry.facts.read', entityType: 'person', entityId: personId, divisionCodes: [row.hukou_division, row.residence_division], detail: { kind: 'guardian_of' } });
    const wardIds = wardFacts.filter((f) => f.valid_from <= on && (f.valid_to === null || f.valid_to > on)).flatMap((f) => (typeof f.attributes?.wardPersonId === 'number' ? [f.attributes.wardPersonId] : []));
    let household: HouseholdView | null = null;
    let policyInput: HouseholdPolicyInput | null = null;
    const first = memberRows[0];
    if (row.household_id !== null && first) {
      const householdId = row.household_id;
      const residence = first.household_division;
      // Read by this person's grant; the members' 户籍 are only read when the residence alone would not do.
      const divisions = isWithin(residence, actor.jurisdiction) ? [residence] : await householdReadDivisions(trx, householdId, residence, on, actor);
      const householdRequest = { permission: 'registry.read' as const, entityType: 'household', entityId: householdId, divisionCodes: divisions };
      await allow({ ...householdRequest, action: 'registry.household.read', detail: { asOf: on, memberIds: memberRows.map((r) => r.id) } });
      household = {
        id: householdId,
        divisionCode: residence,
        address: first.household_address,
        asOf: on,
        members: memberRows.map((r) => ({ ...toPersonView(r), relation: r.relation, since: r.since, until: r.until })),
      };
      if (month !== undefined) {
        policyInput = await computePolicyInput(trx, householdId, month, true);
        await allow({ ...householdRequest, action: 'registry.household.policy_input', detail: { month, memberIds: policyInput.members.map((m) => m.id) } });
      }
    }
    return { person, household, wardIds, policyInput };
  });
}
