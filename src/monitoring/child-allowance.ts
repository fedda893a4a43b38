/**
 * 困境儿童 / 事实无人抚养儿童基本生活费 as a 免申即享 grant (issue 20): the district's decision in children's welfare
 * (`children.case.decided`, ids and the category only) sets the child's `child_category` in the read model and
 * queues the child; the queue's run reads the registry (birth date, registration) and the shanghai-children pack
 * decides, on a one-member household carrying the category and the orphan status (an active 孤儿基本生活费 grant):
 * the grant starts in the decision's start month. A case that closes clears the category and stops the grant
 * from the month it closed; the payment file stops it in the month the child is 18 on the 1st.
 */
import type { EventHandler } from '../db/index.js';
import { isValidMonth, todayInShanghai, monthOf, type IsoDate, type Month } from '../kernel/index.js';
import { childFacts, decideChildAllowance, shanghaiChildrenPack, type ChildAllowanceDecision } from '../policies/shanghai/index.js';
import { columnsFromHouseholds, effectiveParameters, screen, type ParameterTable, type PolicyTables } from '../policy/index.js';
import type { Database } from '../db/index.js';
import type { Kysely } from 'kysely';
import type { GrantInput } from './grant-log.js';
import { stopBenefits } from './grant-log.js';
import type { ChildCategoryCode, MonitoringDb, MonitoringTables } from './model.js';
import type { IndexedPerson } from './person-index.js';

export const CHILD_PROGRAMME = 'child_plight_allowance' as const;
const CATEGORIES: readonly ChildCategoryCode[] = ['de_facto', 'guardianship', 'poverty', 'disability'];

/** The children pack's parameter values in force, including an administrator's changes stored by the policy module. */
export function childrenPackParameters(db: Database): Promise<ParameterTable> {
  return effectiveParameters(db.kysely.withTables<PolicyTables>() as Kysely<PolicyTables>, shanghaiChildrenPack);
}

/** Each child's amount for month M by the compiled rule (0 = not eligible: 18 on the 1st, an orphan, no category in force). */
export function screenChildren(month: Month, rows: readonly { personId: number; birthDate: IsoDate; childCategory: ChildCategoryCode | null; orphan: boolean }[], parameters: ParameterTable): number[] {
  if (!rows.length) return [];
  const columns = columnsFromHouseholds(rows.map((r) => ({ facts: childFacts(r.personId, r.birthDate, r.childCategory, r.orphan), district: '' })));
  const out = screen(shanghaiChildrenPack, columns, month, { programmes: [CHILD_PROGRAMME], parameters }).outputs[CHILD_PROGRAMME];
  return rows.map((_, i) => (out.eligible[i] === 1 ? out.amountFen[i] : 0));
}

/** Whether each person has an active 孤儿基本生活费 grant: an orphan is never paid this allowance too. */
export async function orphansAmong(db: MonitoringDb, personIds: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < personIds.length; i += 1000) {
    const rows = await db
      .selectFrom('monitoring.benefit_grants')
      .select('person_id')
      .where('programme', '=', 'orphan_allowance')
      .where('status', '=', 'active')
      .where('person_id', 'in', personIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) out.add(r.person_id);
  }
  return out;
}

export interface ChildTrigger {
  personId: number | null;
  type: string;
  values: Record<string, string | number | null>;
  origin: GrantInput['cause'];
}

/** The grants the queued decisions start (a child the registry does not know, or the rule refuses, gets none). */
export async function childAllowanceGrants(db: MonitoringDb, database: Database, triggers: readonly ChildTrigger[], persons: Map<number, IndexedPerson>): Promise<GrantInput[]> {
  const wanted = triggers.filter((t) => t.type === 'child_category' && t.personId !== null);
  if (!wanted.length) return [];
  const ids = wanted.map((t) => t.personId as number);
  const categories = new Map<number, ChildCategoryCode | null>();
  for (let i = 0; i < ids.length; i += 1000)
    for (const r of await db
      .selectFrom('monitoring.persons')
      .select(['person_id', 'child_category'])
      .where('person_id', 'in', ids.slice(i, i + 1000))
      .execute())
      categories.set(r.person_id, r.child_category);
  const active = await orphansAmong(db, ids);
  const granted = new Set<number>();
  for (let i = 0; i < ids.length; i += 1000)
    for (const r of await db
      .selectFrom('monitoring.benefit_grants')
      .select('person_id')
      .where('programme', '=', CHILD_PROGRAMME)
      .where('status', '=', 'active')
      .where('person_id', 'in', ids.slice(i, i + 1000))
      .execute())
      granted.add(r.person_id);
  const parameters = await childrenPackParameters(database);
  const out: GrantInput[] = [];
  for (const t of wanted) {
    const personId = t.personId as number;
    const person = persons.get(personId);
    const category = categories.get(personId) ?? null;
    const from = String(t.values.startMonth ?? '');
    if (!person?.birthDate || !person.hukouDivision || !category || granted.has(personId) || !isValidMonth(from)) continue;
    const decision: ChildAllowanceDecision = decideChildAllowance({ personId, birthDate: person.birthDate, childCategory: category, orphan: active.has(personId) }, from, parameters);
    if (!decision.eligible) continue;
    granted.add(personId);
    out.push({
      personId,
      programme: CHILD_PROGRAMME,
      householdId: person.householdId,
      birthDate: person.birthDate,
      divisionCode: person.hukouDivision,
      fromMonth: from,
      reasons: [`区民政局认定（案件 ${t.values.caseId}），困境儿童基本生活费免申即享，自 ${from} 起发放`, ...decision.reasons],
      cause: t.origin,
    });
  }
  return out;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/**
 * A decision sets the category and queues the child (the registry is read by the queue's run, not here); a
 * closed case clears it and stops the allowance from the month it closed (paid up to the month before).
 */
export const onChildCase: EventHandler = {
  name: 'monitoring.child-allowance',
  topics: ['children.case.decided', 'children.case.closed'],
  async handle(raw, event) {
    const trx = raw.withTables<MonitoringTables>();
    const personId = num(event.payload.childId);
    if (personId === null) return;
    const origin = { kind: 'event' as const, topic: event.topic, eventId: event.id };
    if (event.topic === 'children.case.decided') {
      const category = event.payload.category as ChildCategoryCode;
      if (!CATEGORIES.includes(category)) return;
      await trx
        .insertInto('monitoring.persons')
        .values({ person_id: personId, household_id: null, birth_date: null, death_date: null, hukou_division: null, residence_division: null, disability_grade: null, child_category: category })
        .onConflict((oc) => oc.column('person_id').doUpdateSet({ child_category: category, refreshed_at: new Date() }))
        .execute();
      await trx
        .insertInto('monitoring.pending_evaluations')
        .values({ household_id: null, batch_id: null, trigger: JSON.stringify({ type: 'child_category', personId, values: { caseId: num(event.payload.caseId), startMonth: String(event.payload.startMonth ?? '') }, origin }) })
        .execute();
      return;
    }
    await trx.updateTable('monitoring.persons').set({ child_category: null }).where('person_id', '=', personId).execute();
    const on: IsoDate = todayInShanghai(event.createdAt);
    const reason = String(event.payload.reason ?? '') === 'adult' ? '年满 18 周岁，儿童福利案件结案' : '儿童福利案件结案';
    await stopBenefits(trx, personId, monthOf(on) as Month, reason, origin, new Date(), CHILD_PROGRAMME);
  },
};
