/**
 * A death recorded in the registry ends the person's marriage (the survivor is widowed and free to marry) and any
 * open divorce application, and answers the 身故一件事 checklist with `marriage.death.settled` (the marriages ended,
 * each with the spouse; none: "nothing to do" — a replay finds the marriage ended and answers so too). The marriage is found by the person's id when the parties were matched at registration, else by the
 * person's ID hash (补录 and imported records, parties from outside Shanghai who later moved in); a match by hash
 * also records the person id on the marriage, so its events name the person.
 */
import { emit, type EventHandler, type StoredEvent } from '../db/index.js';
import { isValidDate, type DomainEvent, type IsoDate } from '../kernel/index.js';
import { personIdHashes, type RegistryTables } from '../registry/index.js';
import { auditSystem } from './deps.js';
import { endMarriage } from './divorce.js';
import type { MarriageTables } from './model.js';
import { maritalStatus } from './status.js';

interface EndedByDeath {
  marriageId: number;
  endedOn: IsoDate;
  spousePersonId: number | null;
  /** The spouse's status after the death, as `maritalStatus` reads it ('widowed' unless they married again). */
  spouseStatus: string | null;
}

const settledEvent = (event: StoredEvent, personId: number, deathDate: IsoDate | null, marriages: EndedByDeath[]): DomainEvent => ({
  topic: 'marriage.death.settled',
  key: String(personId),
  payload: { personId, deathDate, eventId: event.id, replayOf: event.payload.replayOf ?? null, marriages },
});

export const onPersonDied: EventHandler = {
  name: 'marriage.person-died',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = raw.withTables<MarriageTables>();
    const personId = Number(event.payload.personId);
    if (!Number.isInteger(personId)) return;
    const deathDate = typeof event.payload.deathDate === 'string' && isValidDate(event.payload.deathDate) ? event.payload.deathDate : null;
    if (!deathDate) return emit(raw, settledEvent(event, personId, null, []));
    const hash = (await personIdHashes(raw.withTables<RegistryTables>(), [personId])).get(personId);
    const byId = await trx
      .selectFrom('marriage.marriages')
      .select('id')
      .where('ended_on', 'is', null)
      .where((eb) => eb.or([eb('husband_person_id', '=', personId), eb('wife_person_id', '=', personId)]))
      .execute();
    const byHash = hash ? await trx.selectFrom('marriage.open_parties').select('marriage_id as id').where('key', '=', hash).execute() : [];
    const ids = [...new Set([...byId, ...byHash].map((m) => Number(m.id)))];
    const ended: EndedByDeath[] = [];
    for (const id of ids) {
      if (hash) {
        await trx.updateTable('marriage.marriages').set({ husband_person_id: personId }).where('id', '=', id).where('husband_hash', '=', hash).where('husband_person_id', 'is', null).execute();
        await trx.updateTable('marriage.marriages').set({ wife_person_id: personId }).where('id', '=', id).where('wife_hash', '=', hash).where('wife_person_id', 'is', null).execute();
      }
      if (await endMarriage(trx, id, deathDate, 'death')) {
        await auditSystem(trx, 'marriage.marriage.ended_by_death', 'marriage', id, { personId, deathDate, eventId: event.id, matchedBy: byId.some((m) => Number(m.id) === id) ? 'person' : 'id_hash' });
        const m = await trx.selectFrom('marriage.marriages').select(['husband_person_id', 'wife_person_id']).where('id', '=', id).executeTakeFirstOrThrow();
        const spouse = Number(m.husband_person_id) === personId ? m.wife_person_id : m.husband_person_id;
        const spousePersonId = spouse === null ? null : Number(spouse);
        ended.push({ marriageId: id, endedOn: deathDate, spousePersonId, spouseStatus: spousePersonId === null ? null : (await maritalStatus(trx, spousePersonId, deathDate)).status });
      }
    }
    await emit(raw, settledEvent(event, personId, deathDate, ended));
  },
  /**
   * A chunk of deaths: two set-based reads (open marriages by person id, open parties by ID hash) find the dead
   * with a marriage to end; `handle` runs for those only — for the others it would find nothing and write only its
   * "nothing to do" answer, written here for all of them in one insert.
   */
  async handleMany(raw, events) {
    const trx = raw.withTables<MarriageTables>();
    const ids = [...new Set(events.map((e) => Number(e.payload.personId)).filter((id) => Number.isInteger(id)))];
    if (ids.length === 0) return;
    const hashes = await personIdHashes(raw.withTables<RegistryTables>(), ids);
    const married = new Set<number>();
    for (const m of await trx
      .selectFrom('marriage.marriages')
      .select(['husband_person_id', 'wife_person_id'])
      .where('ended_on', 'is', null)
      .where((eb) => eb.or([eb('husband_person_id', 'in', ids), eb('wife_person_id', 'in', ids)]))
      .execute()) {
      if (m.husband_person_id !== null) married.add(Number(m.husband_person_id));
      if (m.wife_person_id !== null) married.add(Number(m.wife_person_id));
    }
    // Buffers compare by reference in a Map: keyed by their hex.
    const byHash = new Map([...hashes].map(([id, hash]) => [hash.toString('hex'), id]));
    if (hashes.size)
      for (const p of await trx
        .selectFrom('marriage.open_parties')
        .select('key')
        .where('key', 'in', [...hashes.values()])
        .execute())
        married.add(byHash.get(Buffer.from(p.key).toString('hex')) as number);
    const idle: DomainEvent[] = [];
    for (const event of events) {
      const personId = Number(event.payload.personId);
      if (!Number.isInteger(personId)) continue;
      if (married.has(personId)) {
        if (idle.length) await emit(raw, idle.splice(0));
        await onPersonDied.handle(raw, event);
      } else idle.push(settledEvent(event, personId, typeof event.payload.deathDate === 'string' && isValidDate(event.payload.deathDate) ? event.payload.deathDate : null, []));
    }
    if (idle.length) await emit(raw, idle);
  },
};

export const marriageHandlers: EventHandler[] = [onPersonDied];
