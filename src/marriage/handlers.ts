/**
 * A death recorded in the registry ends the person's marriage (the survivor is free to marry) and any open divorce
 * application. The marriage is found by the person's id when the parties were matched at registration, else by the
 * person's ID hash (补录 and imported records, parties from outside Shanghai who later moved in); a match by hash
 * also records the person id on the marriage, so its events name the person.
 */
import type { EventHandler } from '../db/index.js';
import { isValidDate } from '../kernel/index.js';
import { personIdHashes, type RegistryTables } from '../registry/index.js';
import { auditSystem } from './deps.js';
import { endMarriage } from './divorce.js';
import type { MarriageTables } from './model.js';

export const onPersonDied: EventHandler = {
  name: 'marriage.person-died',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = raw.withTables<MarriageTables>();
    const personId = Number(event.payload.personId);
    if (!Number.isInteger(personId)) return;
    const deathDate = typeof event.payload.deathDate === 'string' && isValidDate(event.payload.deathDate) ? event.payload.deathDate : null;
    if (!deathDate) return;
    const hash = (await personIdHashes(raw.withTables<RegistryTables>(), [personId])).get(personId);
    const byId = await trx
      .selectFrom('marriage.marriages')
      .select('id')
      .where('ended_on', 'is', null)
      .where((eb) => eb.or([eb('husband_person_id', '=', personId), eb('wife_person_id', '=', personId)]))
      .execute();
    const byHash = hash ? await trx.selectFrom('marriage.open_parties').select('marriage_id as id').where('key', '=', hash).execute() : [];
    const ids = [...new Set([...byId, ...byHash].map((m) => Number(m.id)))];
    for (const id of ids) {
      if (hash) {
        await trx.updateTable('marriage.marriages').set({ husband_person_id: personId }).where('id', '=', id).where('husband_hash', '=', hash).where('husband_person_id', 'is', null).execute();
        await trx.updateTable('marriage.marriages').set({ wife_person_id: personId }).where('id', '=', id).where('wife_hash', '=', hash).where('wife_person_id', 'is', null).execute();
      }
      if (await endMarriage(trx, id, deathDate, 'death')) {
        await auditSystem(trx, 'marriage.marriage.ended_by_death', 'marriage', id, { personId, deathDate, eventId: event.id, matchedBy: byId.some((m) => Number(m.id) === id) ? 'person' : 'id_hash' });
      }
    }
  },
};

export const marriageHandlers: EventHandler[] = [onPersonDied];
