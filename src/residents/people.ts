/**
 * Who a resident is and for whom they may act (代办): themself, the minors of their household, and the persons
 * the registry records them as guardian of. Anyone else answers as a missing record (404), audited as denied.
 */
import type { Static } from 'typebox';
import { appendAudit } from '../access/index.js';
import { ageOn, recordNotFound, type Month } from '../kernel/index.js';
import { auditDb, portalActor, today, type ResidentDeps } from './deps.js';
import type { ResidentSession } from './identity.js';
import { personRelationNames, type PersonRelation } from './model.js';
import { circleRead, divisionName, personsById, type HouseholdPolicyInput, type HouseholdView, type PersonView } from './ports.js';
import type { HouseholdViewSchema, PersonRefSchema } from './schemas.js';

export type PersonRef = Static<typeof PersonRefSchema>;
export type HouseholdSummary = Static<typeof HouseholdViewSchema>;

/** `张*明`, `李*`: the first and (for three characters or more) the last character stay. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function personRef(person: Pick<PersonView, 'id' | 'name' | 'idNumber' | 'birthDate'>, relation: PersonRelation | null, on: string): PersonRef {
  return {
    personId: person.id,
    nameMasked: maskName(person.name),
    // The registry returns the masked number unless a reveal was asked for, which this module never does.
    idNumberMasked: person.idNumber,
    age: ageOn(person.birthDate, on),
    relation: relation ?? 'self',
    relationName: relation ? personRelationNames[relation] : '家庭成员',
  };
}

export interface Circle {
  self: PersonView;
  household: HouseholdView | null;
  /** Persons the resident may act for, themself first, with how. */
  actFor: { person: PersonView; relation: PersonRelation }[];
  /** The policy input of the resident's household for the month asked of `circleOf`, read with the rest. */
  policyInput: HouseholdPolicyInput | null;
}

/**
 * The resident's person, household and the persons they may act for, in one registry read (audited by it);
 * with `month`, also the household's policy input for that month. Wards outside the household are a second read.
 */
export async function circleOf(deps: ResidentDeps, session: ResidentSession, month?: Month): Promise<Circle> {
  const actor = portalActor(session.residentId);
  const on = today(deps);
  const read = await circleRead(deps, actor, session.personId, on, month, `resident:${session.residentId}`);
  if (!read) throw recordNotFound();
  const { person: self, household } = read;
  const actFor: Circle['actFor'] = [{ person: self, relation: 'self' }];
  for (const member of household?.members ?? []) {
    if (member.id !== self.id && !member.deathDate && ageOn(member.birthDate, on) < 18) actFor.push({ person: member, relation: 'minor' });
  }
  const wardIds = read.wardIds.filter((id) => !actFor.some((a) => a.person.id === id));
  for (const ward of await personsById(deps, actor, wardIds, `resident:${session.residentId}:wards`)) if (!ward.deathDate) actFor.push({ person: ward, relation: 'ward' });
  return { self, household, actFor, policyInput: read.policyInput };
}

export async function householdSummary(deps: ResidentDeps, household: HouseholdView | null, circle: Circle): Promise<HouseholdSummary | null> {
  if (!household) return null;
  const on = today(deps);
  const committee = household.divisionCode;
  const street = `${committee.slice(0, 9)}000`;
  const [streetName, committeeName] = await Promise.all([divisionName(deps, street, on), committee === street ? Promise.resolve(null) : divisionName(deps, committee, on)]);
  return {
    householdId: household.id,
    streetName,
    committeeName,
    members: household.members.filter((m) => !m.deathDate).map((m) => ({ ...personRef(m, circle.actFor.find((a) => a.person.id === m.id)?.relation ?? null, on), isHead: m.relation === 'head' })),
  };
}

/**
 * The person a request is for: the resident, or someone they may act for. Refusals are audited and answer 404
 * (the same as an unknown id: the answer tells nothing about a stranger). Acting for someone else is recorded.
 */
export async function actingFor(deps: ResidentDeps, session: ResidentSession, circle: Circle, forPersonId: number | undefined, action: string): Promise<{ person: PersonView; relation: PersonRelation }> {
  const wanted = forPersonId ?? session.personId;
  const found = circle.actFor.find((a) => a.person.id === wanted);
  const audit = auditDb(deps.db.kysely);
  if (!found) {
    await appendAudit(audit, { actor: portalActor(session.residentId), action, entityType: 'person', entityId: wanted, result: 'denied', detail: { reason: 'not_in_circle', residentPersonId: session.personId } });
    throw recordNotFound();
  }
  return found;
}

/** Writes who acted for whom (代办) and the audit entry of a resident's read or act on a person's data. */
export async function recordAct(deps: ResidentDeps, session: ResidentSession, forPersonId: number, action: string, entityId?: string | number): Promise<void> {
  const actor = portalActor(session.residentId);
  const entry = { actor, action, entityType: 'person', entityId: forPersonId, result: 'ok' as const, detail: { residentPersonId: session.personId, actingFor: forPersonId !== session.personId, entityId } };
  if (forPersonId === session.personId) return appendAudit(auditDb(deps.db.kysely), entry);
  await deps.db.kysely.transaction().execute(async (trx) => {
    await trx
      .withTables<import('./model.js').ResidentTables>()
      .insertInto('residents.acts')
      .values({ resident_id: session.residentId, acting_person_id: session.personId, for_person_id: forPersonId, action, entity_id: entityId === undefined ? null : String(entityId) })
      .execute();
    await appendAudit(auditDb(trx), entry);
  });
}
