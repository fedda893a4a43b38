/**
 * What a death does to the households, in the transaction that records it (one person or a department's batch):
 * the person's open membership ends the day after the death (a member is in the household on day D when
 * since <= D < until, so the dead still count on the death date, as the modules' death handlers read it), and a
 * household whose head died while others still live there is flagged: it has no head until the street's
 * caseworker names one. Both travel in the `registry.person.died` payload (`membershipsEnded`,
 * `headlessHouseholds`), so the funeral checklist shows them and puts 变更户主 on the caseworker's list.
 */
import { sql } from 'kysely';
import { addDays, type IsoDate } from '../kernel/index.js';
import type { RegistryTrx } from './guard.js';

export interface DeathHouseholds {
  membershipsEnded: { householdId: number; until: IsoDate }[];
  /** Households the person headed that still have living members and now have no head. */
  headlessHouseholds: number[];
}

const CHUNK = 1000;

/** Ends the memberships of the dead (persons already marked dead in this transaction) and finds the headless households. */
export async function endMembershipsOnDeath(trx: RegistryTrx, deaths: readonly { personId: number; deathDate: IsoDate }[]): Promise<Map<number, DeathHouseholds>> {
  const out = new Map<number, DeathHouseholds>(deaths.map((d) => [d.personId, { membershipsEnded: [], headlessHouseholds: [] }]));
  const ended: { household_id: number; person_id: number; relation: string; until: IsoDate }[] = [];
  for (let i = 0; i < deaths.length; i += CHUNK) {
    const rows = deaths.slice(i, i + CHUNK).map((d) => ({ person_id: d.personId, until: addDays(d.deathDate, 1) }));
    // A membership begun after the death (a late registration) is left as it is: its end cannot precede its start.
    const result = await sql<{ household_id: string | number; person_id: string | number; relation: string; until: IsoDate }>`
      update registry.household_members as m set until = x.until
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(person_id bigint, until date)
      where m.person_id = x.person_id and m.since < x.until and (m.until is null or m.until > x.until)
      returning m.household_id, m.person_id, m.relation, to_char(m.until, 'YYYY-MM-DD') as until`.execute(trx);
    for (const r of result.rows) ended.push({ household_id: Number(r.household_id), person_id: Number(r.person_id), relation: r.relation, until: r.until });
  }
  for (const e of ended) out.get(e.person_id)?.membershipsEnded.push({ householdId: e.household_id, until: e.until });
  const headed = ended.filter((e) => e.relation === 'head');
  if (headed.length === 0) return out;
  // Left without a head: a living member remains on the day the head's membership ended, and nobody else heads it then.
  const ids = [...new Set(headed.map((h) => h.household_id))];
  const remaining = await trx
    .selectFrom('registry.household_members as m')
    .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
    .select(['m.household_id', 'm.relation', 'm.since', 'm.until'])
    .where('m.household_id', 'in', ids)
    .where('p.death_date', 'is', null)
    .execute();
  for (const h of headed) {
    const present = remaining.filter((m) => Number(m.household_id) === h.household_id && m.since <= h.until && (m.until === null || m.until > h.until));
    if (present.length > 0 && !present.some((m) => m.relation === 'head')) out.get(h.person_id)?.headlessHouseholds.push(h.household_id);
  }
  return out;
}
