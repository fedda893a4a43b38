import { sql } from 'kysely';
import type { Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, notFound, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { requireDivision } from './divisions.js';
import { householdReadDivisions } from './household-scope.js';
import { emitEvent, guardedTransaction, type RegistryTrx } from './guard.js';
import { RELATIONS, type HouseholdView, type MembershipView, type RegistryDb, type Relation } from './model.js';
import { selectPersons, toPersonView } from './person-rows.js';

function requireDate(value: string | undefined, field: string): IsoDate {
  if (value === undefined || !isValidDate(value)) throw invalid('REGISTRY_INVALID_DATE', `${field}不是有效日期：${value ?? ''}`);
  return value;
}

/** The household row, locked when it will change; a missing one is a 404 after the permission check. */
async function householdOrNotFound(trx: RegistryTrx, householdId: number, lock: boolean, onMissing: () => Promise<void>) {
  let query = trx.selectFrom('registry.households').selectAll().where('id', '=', householdId);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) {
    await onMissing();
    throw notFound('REGISTRY_HOUSEHOLD_NOT_FOUND', `家庭 ${householdId} 不存在`);
  }
  return row;
}

/** 建立家庭档案 at a residents' (villagers') committee. */
export async function createHousehold(db: RegistryDb, actor: Actor, input: { divisionCode: string; address?: string }): Promise<HouseholdView> {
  const divisionCode = await requireDivision(db, input.divisionCode, '家庭所在', { shanghaiOnly: true, committee: true });
  const address = (input.address ?? '').trim();
  return guardedTransaction(db, actor, async (trx, allow) => {
    const id = Number((await sql<{ id: number }>`select nextval('registry.household_id_seq') as id`.execute(trx)).rows[0].id);
    await allow({ permission: 'registry.write', action: 'registry.household.create', entityType: 'household', entityId: id, divisionCodes: [divisionCode] });
    await trx.insertInto('registry.households').values({ id, division_code: divisionCode, address }).execute();
    await emitEvent(trx, { topic: 'registry.household.created', key: String(id), payload: { householdId: id, divisionCode } });
    return { id, divisionCode, address, asOf: todayInShanghai(), members: [] };
  });
}

export interface NewMembership {
  personId: number;
  relation: Relation;
  since: IsoDate;
}

/**
 * Adds a member from `since` on. A person lives in one household at a time: a membership that is still
 * open on `since` (here or elsewhere) must be ended first. Only one head at a time.
 */
export async function addMember(db: RegistryDb, actor: Actor, householdId: number, input: NewMembership): Promise<MembershipView> {
  const since = requireDate(input.since, '加入日期');
  if (!RELATIONS.includes(input.relation)) throw invalid('REGISTRY_INVALID_RELATION', `与户主关系须为：${RELATIONS.join('、')}`);
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'registry.write' as const, action: 'registry.household.add_member', entityType: 'household', entityId: householdId, detail: { personId: input.personId, relation: input.relation, since } };
    const household = await householdOrNotFound(trx, householdId, true, () => allow(request));
    await allow({ ...request, divisionCodes: [household.division_code] });
    // Locking the person serialises two households claiming the same person at once.
    const person = await trx.selectFrom('registry.persons').select(['id', 'name', 'birth_date', 'death_date']).where('id', '=', input.personId).forUpdate().executeTakeFirst();
    if (!person) throw invalid('REGISTRY_PERSON_NOT_FOUND', `人员 ${input.personId} 不存在`);
    if (since < person.birth_date) throw invalid('REGISTRY_INVALID_DATE', '加入日期不能早于出生日期');
    if (person.death_date && person.death_date <= since) throw invalid('REGISTRY_PERSON_DEAD', '该人员已登记死亡，不能加入家庭');
    const overlapping = await trx
      .selectFrom('registry.household_members')
      .select(['household_id', 'since'])
      .where('person_id', '=', input.personId)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', since)]))
      .executeTakeFirst();
    if (overlapping) throw conflict('REGISTRY_MEMBERSHIP_OVERLAP', `该人员自 ${overlapping.since} 起为家庭 ${overlapping.household_id} 的成员，须先办理迁出`);
    if (input.relation === 'head') {
      const head = await trx
        .selectFrom('registry.household_members')
        .select('person_id')
        .where('household_id', '=', householdId)
        .where('relation', '=', 'head')
        .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>', since)]))
        .executeTakeFirst();
      if (head) throw conflict('REGISTRY_HOUSEHOLD_HAS_HEAD', `该家庭已有户主（人员 ${head.person_id}）`);
    }
    await trx.insertInto('registry.household_members').values({ household_id: householdId, person_id: input.personId, relation: input.relation, since, until: null }).execute();
    await emitEvent(trx, { topic: 'registry.household.member_added', key: String(householdId), payload: { householdId, personId: input.personId, relation: input.relation, since } });
    return { personId: person.id, name: person.name, relation: input.relation, since, until: null };
  });
}

/** Ends a member's open membership: the person is no longer in the household from `until` on. */
export async function endMembership(db: RegistryDb, actor: Actor, householdId: number, personId: number, input: { until: IsoDate }): Promise<MembershipView> {
  const until = requireDate(input.until, '迁出日期');
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'registry.write' as const, action: 'registry.household.end_member', entityType: 'household', entityId: householdId, detail: { personId, until } };
    const household = await householdOrNotFound(trx, householdId, true, () => allow(request));
    await allow({ ...request, divisionCodes: [household.division_code] });
    const open = await trx
      .selectFrom('registry.household_members as m')
      .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
      .select(['m.since', 'm.relation', 'p.name'])
      .where('m.household_id', '=', householdId)
      .where('m.person_id', '=', personId)
      .where('m.until', 'is', null)
      .executeTakeFirst();
    if (!open) throw notFound('REGISTRY_MEMBERSHIP_NOT_FOUND', `人员 ${personId} 不是家庭 ${householdId} 的现有成员`);
    if (until <= open.since) throw invalid('REGISTRY_INVALID_DATE', `迁出日期须晚于加入日期 ${open.since}`);
    await trx.updateTable('registry.household_members').set({ until }).where('household_id', '=', householdId).where('person_id', '=', personId).where('since', '=', open.since).execute();
    await emitEvent(trx, { topic: 'registry.household.member_removed', key: String(householdId), payload: { householdId, personId, until } });
    return { personId, name: open.name, relation: open.relation, since: open.since, until };
  });
}

/** A household with the members it had on `asOf` (default today), ID numbers masked. */
export async function getHousehold(db: RegistryDb, actor: Actor, householdId: number, options: { asOf?: IsoDate } = {}): Promise<HouseholdView> {
  const asOf = options.asOf === undefined ? todayInShanghai() : requireDate(options.asOf, '查询日期');
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'registry.read' as const, action: 'registry.household.read', entityType: 'household', entityId: householdId };
    const household = await householdOrNotFound(trx, householdId, false, () => allow(request));
    const rows = await selectPersons(trx, asOf)
      .innerJoin('registry.household_members as hm', 'hm.person_id', 'p.id')
      .select(['hm.relation', 'hm.since', 'hm.until'])
      .where('hm.household_id', '=', householdId)
      .where('hm.since', '<=', asOf)
      .where((eb) => eb.or([eb('hm.until', 'is', null), eb('hm.until', '>', asOf)]))
      .orderBy(sql`hm.relation = 'head'`, 'desc')
      .orderBy('hm.since')
      .orderBy('p.id')
      .execute();
    await allow({ ...request, divisionCodes: await householdReadDivisions(trx, household.id, household.division_code, asOf, actor), detail: { asOf, memberIds: rows.map((r) => r.id) } });
    return {
      id: household.id,
      divisionCode: household.division_code,
      address: household.address,
      asOf,
      members: rows.map((r) => ({ ...toPersonView(r), relation: r.relation, since: r.since, until: r.until })),
    };
  });
}

/** Every membership the household ever had, ended ones included, oldest first. */
export async function householdMemberships(db: RegistryDb, actor: Actor, householdId: number): Promise<MembershipView[]> {
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'registry.read' as const, action: 'registry.household.history', entityType: 'household', entityId: householdId };
    const household = await householdOrNotFound(trx, householdId, false, () => allow(request));
    await allow({ ...request, divisionCodes: await householdReadDivisions(trx, household.id, household.division_code, undefined, actor) });
    const rows = await trx
      .selectFrom('registry.household_members as m')
      .innerJoin('registry.persons as p', 'p.id', 'm.person_id')
      .select(['m.person_id', 'p.name', 'm.relation', 'm.since', 'm.until'])
      .where('m.household_id', '=', householdId)
      .orderBy('m.since')
      .orderBy('m.person_id')
      .execute();
    return rows.map((r) => ({ personId: r.person_id, name: r.name, relation: r.relation, since: r.since, until: r.until }));
  });
}
