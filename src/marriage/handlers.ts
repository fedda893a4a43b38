/** A death recorded in the registry ends the person's marriage (the survivor is free to marry) and any open divorce application. */
import type { EventHandler } from '../db/index.js';
import { isValidDate } from '../kernel/index.js';
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
    const open = await trx
      .selectFrom('marriage.marriages')
      .select('id')
      .where('ended_on', 'is', null)
      .where((eb) => eb.or([eb('husband_person_id', '=', personId), eb('wife_person_id', '=', personId)]))
      .execute();
    for (const m of open) {
      await endMarriage(trx, m.id, deathDate, 'death');
      await auditSystem(trx, 'marriage.marriage.ended_by_death', 'marriage', m.id, { personId, deathDate, eventId: event.id });
    }
  },
};

export const marriageHandlers: EventHandler[] = [onPersonDied];
