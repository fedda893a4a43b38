/**
 * Monitoring's read model of registry persons: which household a person lives in today, where, how old.
 * A department row names a person; the rules work on households, so every row needs this look-up, and
 * asking the registry (audited) for every row of every batch would be wasted. The model is kept current by
 * registry events (handlers.ts), filled in bulk by `syncPersonIndex` (paged registry reads) and lazily for
 * the persons it has not seen (one registry read for all of them). It decides routing only: every decision
 * re-reads the facts through the registry.
 */
import { authorize, type Actor } from '../access/index.js';
import type { IsoDate } from '../kernel/index.js';
import { tables, type MonitoringDeps } from './deps.js';
import { auditable } from './guard.js';
import type { MonitoringDb } from './model.js';
import type { PersonView } from './registry-port.js';

export interface IndexedPerson {
  personId: number;
  householdId: number | null;
  birthDate: IsoDate | null;
  deathDate: IsoDate | null;
  hukouDivision: string | null;
  residenceDivision: string | null;
  disabilityGrade: number | null;
}

const CHUNK = 1000;

const fromView = (p: PersonView) => ({
  person_id: p.id,
  household_id: p.householdId ?? null,
  birth_date: p.birthDate,
  death_date: p.deathDate,
  hukou_division: p.hukouDivision,
  residence_division: p.residenceDivision,
  disability_grade: p.disability?.grade ?? null,
});

export async function upsertPersons(db: MonitoringDb, persons: readonly PersonView[]): Promise<void> {
  for (let i = 0; i < persons.length; i += CHUNK) {
    await db
      .insertInto('monitoring.persons')
      .values(persons.slice(i, i + CHUNK).map(fromView))
      .onConflict((oc) =>
        oc.column('person_id').doUpdateSet((eb) => ({
          household_id: eb.ref('excluded.household_id'),
          birth_date: eb.ref('excluded.birth_date'),
          death_date: eb.ref('excluded.death_date'),
          hukou_division: eb.ref('excluded.hukou_division'),
          residence_division: eb.ref('excluded.residence_division'),
          disability_grade: eb.ref('excluded.disability_grade'),
          refreshed_at: new Date(),
        })),
      )
      .execute();
  }
}

/**
 * Re-reads every person of the division from the registry, 500 a page (each page is one registry audit
 * entry). Run once after a bulk load that bypassed events (the demo city), and as a nightly safety net.
 */
export async function syncPersonIndex(deps: MonitoringDeps, actor: Actor | null, divisionCode = '310000000000'): Promise<{ persons: number; pages: number }> {
  if (actor) await authorize(auditable(tables(deps)), actor, { permission: 'monitoring.configure', action: 'monitoring.persons.sync', entityType: 'division', entityId: divisionCode, divisionCodes: [divisionCode] });
  let cursor: string | undefined;
  let persons = 0;
  let pages = 0;
  do {
    const page = await deps.registry.personsPage(divisionCode, cursor, 500);
    await upsertPersons(tables(deps), page.items);
    persons += page.items.length;
    pages++;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { persons, pages };
}

// Not refreshed_at: a timestamp parsed for every row of a batch that no rule reads.
const INDEXED = ['person_id', 'household_id', 'birth_date', 'death_date', 'hukou_division', 'residence_division', 'disability_grade'] as const;

const toIndexed = (r: {
  person_id: number;
  household_id: number | null;
  birth_date: IsoDate | null;
  death_date: IsoDate | null;
  hukou_division: string | null;
  residence_division: string | null;
  disability_grade: number | null;
}): IndexedPerson => ({
  personId: r.person_id,
  householdId: r.household_id,
  birthDate: r.birth_date,
  deathDate: r.death_date,
  hukouDivision: r.hukou_division,
  residenceDivision: r.residence_division,
  disabilityGrade: r.disability_grade,
});

export async function readIndexed(db: MonitoringDb, personIds: readonly number[]): Promise<Map<number, IndexedPerson>> {
  const out = new Map<number, IndexedPerson>();
  for (let i = 0; i < personIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('monitoring.persons')
      .select(INDEXED)
      .where('person_id', 'in', personIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.person_id, toIndexed(r));
  }
  return out;
}

/** The persons, read from the registry when the model lacks them (or their birth date); absent = unknown to the registry. */
export async function ensurePersons(deps: MonitoringDeps, personIds: readonly number[], reference = 'monitoring:person-index'): Promise<Map<number, IndexedPerson>> {
  const unique = [...new Set(personIds)];
  const known = await readIndexed(tables(deps), unique);
  const missing = unique.filter((id) => !known.get(id)?.birthDate || !known.get(id)?.residenceDivision);
  const fetched: PersonView[] = missing.length ? await deps.registry.persons(missing, reference) : [];
  const found = new Set(fetched.map((p) => p.id));
  for (const id of missing) if (!found.has(id)) known.delete(id);
  if (fetched.length) {
    await upsertPersons(tables(deps), fetched);
    for (const [id, p] of await readIndexed(
      tables(deps),
      fetched.map((f) => f.id),
    ))
      known.set(id, p);
  }
  return known;
}

/** Living members of each household, as the model knows them. */
export async function householdMembers(db: MonitoringDb, householdIds: readonly number[]): Promise<Map<number, IndexedPerson[]>> {
  const out = new Map<number, IndexedPerson[]>();
  for (let i = 0; i < householdIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('monitoring.persons')
      .select(INDEXED)
      .where('household_id', 'in', householdIds.slice(i, i + CHUNK))
      .where('death_date', 'is', null)
      .execute();
    for (const r of rows) {
      const list = out.get(r.household_id as number) ?? [];
      list.push(toIndexed(r));
      out.set(r.household_id as number, list);
    }
  }
  return out;
}

/**
 * Reads from the registry the persons the model knows only from an event (no birth date yet), in the
 * division: the monthly grant run and a discovery run need every birth date. Few after a sync.
 */
export async function completePersonIndex(deps: MonitoringDeps, divisionPrefix: string): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await tables(deps)
      .selectFrom('monitoring.persons')
      .select('person_id')
      .where('birth_date', 'is', null)
      .where((eb) => eb.or([eb('residence_division', 'like', `${divisionPrefix}%`), eb('hukou_division', 'like', `${divisionPrefix}%`), eb('residence_division', 'is', null)]))
      .orderBy('person_id')
      .limit(500)
      .execute();
    if (!rows.length) return done;
    const found = await ensurePersons(
      deps,
      rows.map((r) => r.person_id),
    );
    // A person the registry does not know (deleted test data, a stray event) is dropped from the model.
    const gone = rows.map((r) => r.person_id).filter((id) => !found.has(id));
    if (gone.length) await tables(deps).deleteFrom('monitoring.persons').where('person_id', 'in', gone).execute();
    done += rows.length;
  }
}
