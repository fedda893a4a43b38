import type { Actor } from '../access/index.js';
import { conflict, invalid, isValidDate, notFound, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { endMembershipsOnDeath } from './death-households.js';
import { requireDivision } from './divisions.js';
import { emitEvent, guardedTransaction, type RegistryTrx } from './guard.js';
import { DISABILITY_CATEGORIES, LABOR_CAPACITIES, type Disability, type LaborCapacity, type PersonView, type RegistryDb } from './model.js';
import { disabilityOf, selectPersons, toPersonView, type PersonRow } from './person-rows.js';

export function validateDisability(disability: Disability): Disability {
  if (![1, 2, 3, 4].includes(disability.grade)) throw invalid('REGISTRY_INVALID_DISABILITY', '残疾等级须为1–4级');
  if (!(DISABILITY_CATEGORIES as readonly string[]).includes(disability.category)) {
    throw invalid('REGISTRY_INVALID_DISABILITY', `残疾类别须为：${DISABILITY_CATEGORIES.join('、')}`);
  }
  return { grade: disability.grade, category: disability.category };
}

export function requireDate(value: string, field: string): IsoDate {
  if (!isValidDate(value)) throw invalid('REGISTRY_INVALID_DATE', `${field}不是有效日期：${value}`);
  if (value > todayInShanghai()) throw invalid('REGISTRY_FUTURE_DATE', `${field}不能晚于今天`);
  return value;
}

/**
 * The frame of every change to a person: one transaction that locks the row, authorises the actor against
 * the person's current divisions (audited with `detail`), applies the change and returns the new view.
 */
async function changePerson(db: RegistryDb, actor: Actor, personId: number, action: string, detail: Record<string, unknown>, change: (trx: RegistryTrx, row: PersonRow) => Promise<void>): Promise<PersonView> {
  return guardedTransaction(db, actor, async (trx, allow) => {
    const request = { permission: 'registry.write' as const, action, entityType: 'person', entityId: personId, detail };
    const locked = await trx.selectFrom('registry.persons').select('id').where('id', '=', personId).forUpdate().executeTakeFirst();
    const row = locked ? await selectPersons(trx).where('p.id', '=', personId).executeTakeFirst() : undefined;
    if (!row) {
      await allow(request);
      throw notFound('REGISTRY_PERSON_NOT_FOUND', `人员 ${personId} 不存在`);
    }
    await allow({ ...request, divisionCodes: [row.hukou_division, row.residence_division] });
    await change(trx, row);
    return toPersonView(await selectPersons(trx).where('p.id', '=', personId).executeTakeFirstOrThrow());
  });
}

/** 死亡登记. Emits `registry.person.died`: payments stop, allowances end, the funeral "one thing" opens. */
export async function recordDeath(db: RegistryDb, actor: Actor, personId: number, input: { deathDate: IsoDate; source?: string }): Promise<PersonView> {
  const deathDate = requireDate(input.deathDate, '死亡日期');
  return changePerson(db, actor, personId, 'registry.person.death', { deathDate }, async (trx, row) => {
    if (row.death_date) throw conflict('REGISTRY_PERSON_ALREADY_DEAD', `该人员已于 ${row.death_date} 登记死亡`);
    if (deathDate < row.birth_date) throw invalid('REGISTRY_INVALID_DATE', '死亡日期不能早于出生日期');
    await trx.updateTable('registry.persons').set({ death_date: deathDate, updated_at: new Date() }).where('id', '=', personId).execute();
    const households = (await endMembershipsOnDeath(trx, [{ personId, deathDate }])).get(personId);
    await emitEvent(trx, {
      topic: 'registry.person.died',
      key: String(personId),
      // The source (hospital, police, a caseworker…) tells the funeral desk which notice came first.
      payload: { personId, deathDate, hukouDivision: row.hukou_division, residenceDivision: row.residence_division, householdId: row.household_id, source: input.source ?? 'registry', ...households },
    });
  });
}

/** 残疾证: grade and category from the certificate, or null when the certificate is withdrawn. */
export async function setDisability(db: RegistryDb, actor: Actor, personId: number, disability: Disability | null): Promise<PersonView> {
  const value = disability ? validateDisability(disability) : null;
  return changePerson(db, actor, personId, 'registry.person.disability', { disability: value }, async (trx, row) => {
    await trx
      .updateTable('registry.persons')
      .set({ disability_grade: value?.grade ?? null, disability_category: value?.category ?? null, updated_at: new Date() })
      .where('id', '=', personId)
      .execute();
    await emitEvent(trx, { topic: 'registry.person.disability_changed', key: String(personId), payload: { personId, from: disabilityOf(row), to: value } });
  });
}

/** 劳动能力 as assessed: full, partial or none. */
export async function setLaborCapacity(db: RegistryDb, actor: Actor, personId: number, laborCapacity: LaborCapacity): Promise<PersonView> {
  if (!LABOR_CAPACITIES.includes(laborCapacity)) throw invalid('REGISTRY_INVALID_LABOR_CAPACITY', '劳动能力须为 full、partial 或 none');
  return changePerson(db, actor, personId, 'registry.person.labor_capacity', { laborCapacity }, async (trx, row) => {
    await trx.updateTable('registry.persons').set({ labour_capacity: laborCapacity, updated_at: new Date() }).where('id', '=', personId).execute();
    await emitEvent(trx, { topic: 'registry.person.labor_capacity_changed', key: String(personId), payload: { personId, from: row.labour_capacity, to: laborCapacity } });
  });
}

/**
 * 居住地变更. The actor needs the person in their jurisdiction before the move (the street the person
 * leaves records it); the new residence must be a Shanghai division in force.
 */
export async function moveResidence(db: RegistryDb, actor: Actor, personId: number, input: { residenceDivision: string; movedOn: IsoDate }): Promise<PersonView> {
  const movedOn = requireDate(input.movedOn, '迁入日期');
  const to = await requireDivision(db, input.residenceDivision, '新居住地', { shanghaiOnly: true });
  return changePerson(db, actor, personId, 'registry.person.move', { to, movedOn }, async (trx, row) => {
    if (row.death_date) throw conflict('REGISTRY_PERSON_DEAD', '该人员已登记死亡，不能变更居住地');
    if (row.residence_division === to) throw invalid('REGISTRY_SAME_RESIDENCE', '新居住地与现居住地相同');
    await trx.updateTable('registry.persons').set({ residence_division: to, updated_at: new Date() }).where('id', '=', personId).execute();
    await emitEvent(trx, { topic: 'registry.person.moved', key: String(personId), payload: { personId, from: row.residence_division, to, movedOn, householdId: row.household_id } });
  });
}
