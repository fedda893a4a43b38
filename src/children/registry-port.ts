/**
 * What children's welfare reads from the registry, in one seam. The user was authorised (and audited) by a
 * children permission first: 儿童主任 and 督导员 hold no registry permission, and a minor's record is read for
 * the case, not browsed. Reads go to the registry's tables by their public types (RegistryTables), in batches,
 * so an event run over thousands of parents stays one query per batch.
 */
import type { Actor } from '../access/index.js';
import { ageOn, type IsoDate } from '../kernel/index.js';
import { linkedChildren, linkedParents, type RegistryTables } from '../registry/index.js';
import type { ChildrenDb } from './model.js';

export const CHILDREN_SYSTEM_ACTOR: Actor = { userId: 0, username: 'system:children', displayName: '儿童福利（系统）', role: 'district_staff', jurisdiction: '310000000000' };

export interface PersonFacts {
  id: number;
  name: string;
  sex: 'M' | 'F';
  birthDate: IsoDate;
  deathDate: IsoDate | null;
  residenceDivision: string;
  hukouDivision: string;
  disability: { grade: number; category: string } | null;
  idNumberMasked: string;
}

const reg = (db: ChildrenDb) => db.withTables<RegistryTables>();

export async function personFacts(db: ChildrenDb, ids: readonly number[]): Promise<Map<number, PersonFacts>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, PersonFacts>();
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await reg(db)
      .selectFrom('registry.persons')
      .select(['id', 'name', 'sex', 'birth_date', 'death_date', 'residence_division', 'hukou_division', 'disability_grade', 'disability_category', 'id_number_masked'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const r of rows)
      out.set(r.id, {
        id: r.id,
        name: r.name,
        sex: r.sex as 'M' | 'F',
        birthDate: r.birth_date,
        deathDate: r.death_date,
        residenceDivision: r.residence_division,
        hukouDivision: r.hukou_division,
        disability: r.disability_grade === null ? null : { grade: r.disability_grade, category: r.disability_category ?? '' },
        idNumberMasked: r.id_number_masked,
      });
  }
  return out;
}

export interface Family {
  householdId: number | null;
  fatherId: number | null;
  motherId: number | null;
}

/**
 * A child's parents: public security's parent links first (a parent living elsewhere, or divorced), else the
 * household relations (a 'child' of the household is the head's and spouse's).
 */
export async function familyOf(db: ChildrenDb, childId: number, on: IsoDate): Promise<Family | null> {
  const household = await householdFamilyOf(db, childId, on);
  const links = await linkedParents(reg(db), childId);
  if (!household && links.fatherId === null && links.motherId === null) return null;
  return { householdId: household?.householdId ?? null, fatherId: links.fatherId ?? household?.fatherId ?? null, motherId: links.motherId ?? household?.motherId ?? null };
}

async function householdFamilyOf(db: ChildrenDb, childId: number, on: IsoDate): Promise<Family | null> {
  const own = await reg(db)
    .selectFrom('registry.household_members')
    .select(['household_id', 'relation'])
    .where('person_id', '=', childId)
    .where('since', '<=', on)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', on)]))
    .executeTakeFirst();
  if (!own) return null;
  if (own.relation !== 'child') return { householdId: own.household_id, fatherId: null, motherId: null };
  const parents = await reg(db)
    .selectFrom('registry.household_members as m')
    .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
    .select(['p.id', 'p.sex'])
    .where('m.household_id', '=', own.household_id)
    .where('m.relation', 'in', ['head', 'spouse'])
    .where('m.since', '<=', on)
    .execute();
  return { householdId: own.household_id, fatherId: parents.find((p) => p.sex === 'M')?.id ?? null, motherId: parents.find((p) => p.sex === 'F')?.id ?? null };
}

export interface MinorChild {
  parentId: number;
  childId: number;
  residenceDivision: string;
}

/**
 * The minor children (under 18 on the day) of these parents: household members with relation 'child' where
 * the parent is the head or the spouse, and the children public security links to them. A few queries for
 * the whole batch.
 */
export async function minorChildrenOf(db: ChildrenDb, parentIds: readonly number[], on: IsoDate): Promise<MinorChild[]> {
  if (parentIds.length === 0) return [];
  const out: MinorChild[] = [];
  const unique = [...new Set(parentIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await reg(db)
      .selectFrom('registry.household_members as pm')
      .innerJoin('registry.household_members as cm', 'cm.household_id', 'pm.household_id')
      .innerJoin('registry.persons as c', 'c.id', 'cm.person_id')
      .select(['pm.person_id as parentId', 'c.id as childId', 'c.birth_date', 'c.death_date', 'c.residence_division'])
      .where('pm.person_id', 'in', unique.slice(i, i + 1000))
      .where('pm.relation', 'in', ['head', 'spouse'])
      .where('cm.relation', '=', 'child')
      .where((eb) => eb.or([eb('pm.until', 'is', null), eb('pm.until', '>', on)]))
      .where((eb) => eb.or([eb('cm.until', 'is', null), eb('cm.until', '>', on)]))
      .execute();
    for (const r of rows) if (r.death_date === null && ageOn(r.birth_date, on) < 18 && ageOn(r.birth_date, on) >= 0) out.push({ parentId: r.parentId, childId: r.childId, residenceDivision: r.residence_division });
  }
  const links = await linkedChildren(reg(db), unique);
  const seen = new Set(out.map((k) => `${k.parentId}|${k.childId}`));
  const fresh = links.filter((l) => !seen.has(`${l.parentId}|${l.childId}`));
  if (fresh.length) {
    const persons = await personFacts(
      db,
      fresh.map((l) => l.childId),
    );
    for (const l of fresh) {
      const c = persons.get(l.childId);
      if (c && c.deathDate === null && ageOn(c.birthDate, on) < 18 && ageOn(c.birthDate, on) >= 0) out.push({ parentId: l.parentId, childId: l.childId, residenceDivision: c.residenceDivision });
    }
  }
  return out;
}

/** The household's id today (for 家庭贫困 through the poverty roster). */
export async function householdOf(db: ChildrenDb, personId: number, on: IsoDate): Promise<number | null> {
  const row = await reg(db)
    .selectFrom('registry.household_members')
    .select('household_id')
    .where('person_id', '=', personId)
    .where('since', '<=', on)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', on)]))
    .executeTakeFirst();
  return row?.household_id ?? null;
}

export async function isRegistered(db: ChildrenDb, personId: number): Promise<boolean> {
  return (await reg(db).selectFrom('registry.persons').select('id').where('id', '=', personId).executeTakeFirst()) !== undefined;
}

/**
 * Father and mother of many children at once: the public-security links first, else the head and spouse (by
 * sex) of the household where the child is a 'child'.
 */
export async function parentsOfChildren(db: ChildrenDb, childIds: readonly number[], on: IsoDate): Promise<Map<number, { fatherId: number | null; motherId: number | null }>> {
  const out = new Map<number, { fatherId: number | null; motherId: number | null }>();
  const unique = [...new Set(childIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await reg(db)
      .selectFrom('registry.household_members as cm')
      .innerJoin('registry.household_members as m', 'm.household_id', 'cm.household_id')
      .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
      .select(['cm.person_id as childId', 'p.id', 'p.sex'])
      .where('cm.person_id', 'in', unique.slice(i, i + 1000))
      .where('cm.relation', '=', 'child')
      .where((eb) => eb.or([eb('cm.until', 'is', null), eb('cm.until', '>', on)]))
      .where('m.relation', 'in', ['head', 'spouse'])
      .where('m.since', '<=', on)
      .orderBy('m.since')
      .execute();
    for (const r of rows) {
      const e = out.get(r.childId) ?? { fatherId: null, motherId: null };
      if (r.sex === 'M' && e.fatherId === null) e.fatherId = r.id;
      if (r.sex === 'F' && e.motherId === null) e.motherId = r.id;
      out.set(r.childId, e);
    }
    const links = await reg(db)
      .selectFrom('registry.facts as f')
      .select(['f.subject_id', 'f.attributes'])
      .where('f.kind', '=', 'parent_link')
      .where('f.subject_type', '=', 'person')
      .where('f.subject_id', 'in', unique.slice(i, i + 1000))
      .where('f.valid_to', 'is', null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry.facts as s').select('s.id').whereRef('s.supersedes', '=', 'f.id'))))
      .orderBy('f.id')
      .execute();
    for (const l of links) {
      const a = (l.attributes ?? {}) as { parentId?: number; role?: string };
      const e = out.get(l.subject_id) ?? { fatherId: null, motherId: null };
      if (a.role === 'father' && typeof a.parentId === 'number') e.fatherId = a.parentId;
      if (a.role === 'mother' && typeof a.parentId === 'number') e.motherId = a.parentId;
      out.set(l.subject_id, e);
    }
  }
  return out;
}
