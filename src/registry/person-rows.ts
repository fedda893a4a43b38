import { sql } from 'kysely';
import { invalid, todayInShanghai, type IsoDate } from '../kernel/index.js';
import type { IdVault } from './id-vault.js';
import type { Disability, LaborCapacity, PersonView, RegistryDb } from './model.js';

/** The persons columns a view is built from, plus the household the person belongs to on `on` (the dead: on their death date, if earlier). */
export function selectPersons(db: RegistryDb, on: IsoDate = todayInShanghai()) {
  return db.selectFrom('registry.persons as p').select((eb) => [
    'p.id',
    'p.id_number_masked',
    'p.name',
    'p.sex',
    'p.birth_date',
    'p.hukou_division',
    'p.residence_division',
    'p.death_date',
    'p.disability_grade',
    'p.disability_category',
    'p.labour_capacity',
    eb
      .selectFrom('registry.household_members as m')
      .select('m.household_id')
      .whereRef('m.person_id', '=', 'p.id')
      // The dead: the household they belonged to on the death date (their membership ends the day after).
      .where('m.since', '<=', sql<IsoDate>`least(${on}::date, p.death_date)`)
      .where((w) => w.or([w('m.until', 'is', null), w('m.until', '>', sql<IsoDate>`least(${on}::date, p.death_date)`)]))
      .orderBy('m.since', 'desc')
      .limit(1)
      .as('household_id'),
  ]);
}

export interface PersonRow {
  id: number;
  id_number_masked: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: IsoDate;
  hukou_division: string;
  residence_division: string;
  death_date: IsoDate | null;
  disability_grade: number | null;
  disability_category: string | null;
  labour_capacity: LaborCapacity;
  household_id: number | null;
}

export function disabilityOf(row: { disability_grade: number | null; disability_category: string | null }): Disability | null {
  if (row.disability_grade === null) return null;
  return { grade: row.disability_grade as Disability['grade'], category: row.disability_category ?? '' };
}

/** Masked unless `idNumber` (an audited reveal) is passed. */
export function toPersonView(row: PersonRow, idNumber?: string): PersonView {
  return {
    id: row.id,
    idNumber: idNumber ?? row.id_number_masked,
    name: row.name,
    sex: row.sex,
    birthDate: row.birth_date,
    hukouDivision: row.hukou_division,
    residenceDivision: row.residence_division,
    deathDate: row.death_date,
    disability: disabilityOf(row),
    laborCapacity: row.labour_capacity,
    householdId: row.household_id,
  };
}

export async function revealIdNumber(db: RegistryDb, vault: IdVault, personId: number): Promise<string> {
  const row = await db.selectFrom('registry.persons').select('id_number_enc').where('id', '=', personId).executeTakeFirstOrThrow();
  return vault.decrypt(row.id_number_enc);
}

/** Keyset cursors are opaque to clients: a tagged id, base64url. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`after:${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^after:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalid('REGISTRY_INVALID_CURSOR', '分页游标无效，请从第一页重新查询');
  return Number(match[1]);
}

/** A LIKE pattern matching values that start with `text` (wildcards in `text` escaped). */
export function likePrefix(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

/** PostgreSQL's unique_violation, from pg or PGlite. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
