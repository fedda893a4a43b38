/**
 * Reactions to the registry's events, run by the outbox dispatcher in the transaction that marks the event
 * handled (so each runs once per event). They only use assistance's own tables: the registry's current facts
 * are read again by the next payment run, which is what changes the amount.
 */
import { emit, type EventHandler, type StoredEvent } from '../db/index.js';
import { addMonths, isValidDate, monthOf, type IsoDate } from '../kernel/index.js';
import { overpaidSince } from './actions.js';
import { appendAction, loadLog, lockCase } from './case-log.js';
import type { AssistanceTables } from './model.js';
import { reduceCase, TERMINAL, TRANSITIONS } from './states.js';
import { logged } from './case-log.js';

const openCasesOf = (trx: ReturnType<typeof asAssistance>, personId: number) =>
  trx.selectFrom('assistance.case_persons as p').innerJoin('assistance.cases as c', 'c.id', 'p.case_id').select('c.id').where('p.person_id', '=', personId).where('c.status', 'not in', TERMINAL).orderBy('c.id').execute();

const asAssistance = (trx: Parameters<EventHandler['handle']>[0]) => trx.withTables<AssistanceTables>();

const personIdOf = (event: StoredEvent): number | null => (typeof event.payload.personId === 'number' ? event.payload.personId : null);

/**
 * 死亡: the case stops from the month after the death when nobody it covers is left alive (or the dead
 * person was the 特困 beneficiary); months already paid after that are recorded for recovery. Otherwise the
 * case notes the change and its review becomes due now; the engine pays the smaller household next month.
 */
export const stopOnDeath: EventHandler = {
  name: 'assistance.stop-on-death',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = asAssistance(raw);
    const personId = personIdOf(event);
    const deathDate = typeof event.payload.deathDate === 'string' && isValidDate(event.payload.deathDate) ? event.payload.deathDate : null;
    if (personId === null || deathDate === null) return;
    const done: Record<string, unknown>[] = [];
    for (const { id } of await openCasesOf(trx, personId)) {
      const row = await lockCase(trx, id);
      if (!row) continue;
      const log = await loadLog(trx, id);
      const state = reduceCase(log.map(logged));
      const persons = (await trx.selectFrom('assistance.case_persons').select('person_id').where('case_id', '=', id).execute()).map((p) => p.person_id);
      const deadBefore = new Set(log.filter((a) => a.action === 'note_change' && a.payload.event === 'registry.person.died').map((a) => a.payload.personId));
      // The same death written again (a replay) was noted already: nothing to do twice.
      if (deadBefore.has(personId)) continue;
      deadBefore.add(personId);
      const nobodyLeft = persons.every((p) => deadBefore.has(p));
      const beneficiaryDied = row.beneficiary_person_id === personId;
      const effectiveMonth = addMonths(monthOf(deathDate), 1);
      const onDate: IsoDate = deathDate;
      if ((nobodyLeft || beneficiaryDied) && TRANSITIONS.stop.from.some((s) => s === state.status)) {
        const overpaid = await overpaidSince({ trx, row }, effectiveMonth);
        const reason = `${beneficiaryDied ? '救助对象' : '家庭成员'}（人员 ${personId}）于 ${deathDate} 死亡，自 ${effectiveMonth} 起终止救助`;
        await appendAction(trx, row, log, { action: 'stop', actor: null, onDate, reason, payload: { effectiveMonth, event: event.topic, eventId: event.id, personId, deathDate, ...overpaid } });
        // The roster readers (eldercare's priority, funeral's eligibility) learn of the stop as of a caseworker's.
        await emit(raw, {
          topic: 'assistance.case.stopped',
          key: String(row.id),
          payload: { caseId: row.id, programme: row.programme, householdId: row.household_id, applicantPersonId: row.applicant_person_id, districtCode: row.district_code, effectiveMonth, reason },
        });
        done.push({ caseId: row.id, programme: row.programme, action: 'stopped', effectiveMonth, ...overpaid });
        continue;
      }
      const reason = `家庭成员（人员 ${personId}）于 ${deathDate} 死亡；自 ${effectiveMonth} 起按变化后的家庭人口重新计算，须复核`;
      await appendAction(trx, row, log, { action: 'note_change', actor: null, onDate, reason, payload: { event: event.topic, eventId: event.id, personId, deathDate, reviewNow: true } });
      done.push({ caseId: row.id, programme: row.programme, action: 'review', effectiveMonth });
    }
    await emit(raw, { topic: 'assistance.death.settled', key: String(personId), payload: { personId, deathDate, eventId: event.id, replayOf: event.payload.replayOf ?? null, cases: done } });
  },
};

/** 居住地变更: the case stays with the street of registration, but the household's situation is to be reviewed. */
export const reviewOnMove: EventHandler = {
  name: 'assistance.review-on-move',
  topics: ['registry.person.moved'],
  async handle(raw, event) {
    const trx = asAssistance(raw);
    const personId = personIdOf(event);
    if (personId === null) return;
    const movedOn = typeof event.payload.movedOn === 'string' && isValidDate(event.payload.movedOn) ? event.payload.movedOn : event.createdAt.toISOString().slice(0, 10);
    for (const { id } of await openCasesOf(trx, personId)) {
      const row = await lockCase(trx, id);
      if (!row) continue;
      const reason = `家庭成员（人员 ${personId}）于 ${movedOn} 变更居住地至 ${String(event.payload.to ?? '')}，须复核`;
      await appendAction(trx, row, await loadLog(trx, id), { action: 'note_change', actor: null, onDate: movedOn, reason, payload: { event: event.topic, eventId: event.id, personId, to: event.payload.to ?? null, reviewNow: true } });
    }
  },
};

export const assistanceHandlers: EventHandler[] = [stopOnDeath, reviewOnMove];
