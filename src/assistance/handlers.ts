/**
 * Reactions to the registry's events, run by the outbox dispatcher in the transaction that marks the event
 * handled (so each runs once per event). They only use assistance's own tables: the registry's current facts
 * are read again by the next payment run, which is what changes the amount.
 */
import { withAuditBatch } from '../access/index.js';
import { emit, type EventHandler, type StoredEvent } from '../db/index.js';
import { addMonths, isValidDate, monthOf, type DomainEvent, type IsoDate, type Month } from '../kernel/index.js';
import { appendAction, loadLog, loadLogs, lockCase, logged, type CaseRow } from './case-log.js';
import { auditable } from './guard.js';
import type { AssistanceDb, AssistanceTables, CaseAction } from './model.js';
import { reduceCase, TERMINAL, TRANSITIONS } from './states.js';
import { reviewOnMaritalChange } from './marital-review.js';
import { overpaymentOnStop } from './recovery.js';

const openCasesOf = (trx: ReturnType<typeof asAssistance>, personId: number) =>
  trx.selectFrom('assistance.case_persons as p').innerJoin('assistance.cases as c', 'c.id', 'p.case_id').select('c.id').where('p.person_id', '=', personId).where('c.status', 'not in', TERMINAL).orderBy('c.id').execute();

const asAssistance = (trx: Parameters<EventHandler['handle']>[0]) => trx.withTables<AssistanceTables>();

const personIdOf = (event: StoredEvent): number | null => (typeof event.payload.personId === 'number' ? event.payload.personId : null);

interface Death {
  event: StoredEvent;
  personId: number;
  deathDate: IsoDate;
}

const deathOf = (event: StoredEvent): Death | null => {
  const personId = personIdOf(event);
  const deathDate = typeof event.payload.deathDate === 'string' && isValidDate(event.payload.deathDate) ? event.payload.deathDate : null;
  return personId === null || deathDate === null ? null : { event, personId, deathDate };
};

/** What one case needs to settle a death, read one case at a time (`handle`) or for a chunk at once (`handleMany`). */
interface CaseFacts {
  row: CaseRow;
  log: CaseAction[];
  persons: number[];
  /** Paid months of the case, in month order. */
  paid: { month: Month; amount_fen: number }[];
}

type Settled = { done: Record<string, unknown>; stopped?: DomainEvent };

/**
 * 死亡: the case stops from the month after the death when nobody it covers is left alive (or the dead
 * person was the 特困 beneficiary); months already paid after that are recorded for recovery. Otherwise the
 * case notes the change and its review becomes due now; the engine pays the smaller household next month.
 * Null: this death was noted on the case already (a replay) — nothing to do twice.
 */
async function settleCase(trx: AssistanceDb, death: Death, { row, log, persons, paid }: CaseFacts): Promise<Settled | null> {
  const { event, personId, deathDate } = death;
  const state = reduceCase(log.map(logged));
  const deadBefore = new Set(log.filter((a) => a.action === 'note_change' && a.payload.event === 'registry.person.died').map((a) => a.payload.personId));
  if (deadBefore.has(personId)) return null;
  deadBefore.add(personId);
  const nobodyLeft = persons.every((p) => deadBefore.has(p));
  const beneficiaryDied = row.beneficiary_person_id === personId;
  const effectiveMonth = addMonths(monthOf(deathDate), 1);
  const onDate: IsoDate = deathDate;
  if ((nobodyLeft || beneficiaryDied) && TRANSITIONS.stop.from.some((s) => s === state.status)) {
    // As `overpaidSince`: the months from the effective month on that were paid.
    const over = paid.filter((p) => p.month >= effectiveMonth);
    const overpaid = { overpaidMonths: over.map((p) => p.month), overpaidFen: over.reduce((n, p) => n + p.amount_fen, 0) };
    const reason = `${beneficiaryDied ? '救助对象' : '家庭成员'}（人员 ${personId}）于 ${deathDate} 死亡，自 ${effectiveMonth} 起终止救助`;
    await overpaymentOnStop({ trx }, row.id, row.version + 1, overpaid.overpaidMonths);
    await appendAction(trx, row, log, { action: 'stop', actor: null, onDate, reason, payload: { effectiveMonth, event: event.topic, eventId: event.id, personId, deathDate, ...overpaid } });
    return {
      done: { caseId: row.id, programme: row.programme, action: 'stopped', effectiveMonth, ...overpaid },
      // The roster readers (eldercare's priority, funeral's eligibility) learn of the stop as of a caseworker's.
      stopped: {
        topic: 'assistance.case.stopped',
        key: String(row.id),
        payload: { caseId: row.id, programme: row.programme, householdId: row.household_id, applicantPersonId: row.applicant_person_id, districtCode: row.district_code, effectiveMonth, reason },
      },
    };
  }
  const reason = `家庭成员（人员 ${personId}）于 ${deathDate} 死亡；自 ${effectiveMonth} 起按变化后的家庭人口重新计算，须复核`;
  await appendAction(trx, row, log, { action: 'note_change', actor: null, onDate, reason, payload: { event: event.topic, eventId: event.id, personId, deathDate, reviewNow: true } });
  return { done: { caseId: row.id, programme: row.programme, action: 'review', effectiveMonth } };
}

const settledEvent = ({ event, personId, deathDate }: Death, cases: Record<string, unknown>[]): DomainEvent => ({
  topic: 'assistance.death.settled',
  key: String(personId),
  payload: { personId, deathDate, eventId: event.id, replayOf: event.payload.replayOf ?? null, cases },
});

/** The events of one death in the order the one-by-one handler writes them: each stop, then the answer. */
function eventsOf(death: Death, settled: (Settled | null)[]): DomainEvent[] {
  const done = settled.filter((s): s is Settled => s !== null);
  return [
    ...done.flatMap((s) => (s.stopped ? [s.stopped] : [])),
    settledEvent(
      death,
      done.map((s) => s.done),
    ),
  ];
}

export const stopOnDeath: EventHandler = {
  name: 'assistance.stop-on-death',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = asAssistance(raw);
    const death = deathOf(event);
    if (!death) return;
    const settled: (Settled | null)[] = [];
    for (const { id } of await openCasesOf(trx, death.personId)) {
      const row = await lockCase(trx, id);
      if (!row) continue;
      const persons = (await trx.selectFrom('assistance.case_persons').select('person_id').where('case_id', '=', id).execute()).map((p) => p.person_id);
      const paid = await trx.selectFrom('assistance.payments').select(['month', 'amount_fen']).where('case_id', '=', id).where('status', '=', 'paid').orderBy('month').execute();
      settled.push(await settleCase(trx, death, { row, log: await loadLog(trx, id), persons, paid }));
    }
    await emit(raw, eventsOf(death, settled));
  },
  // A chunk of deaths: five reads for all their cases, the appends, one audit write and one insert of events.
  async handleMany(raw, events) {
    const trx = asAssistance(raw);
    const deaths = events.map(deathOf).filter((d): d is Death => d !== null);
    if (deaths.length === 0) return;
    const open = await trx
      .selectFrom('assistance.case_persons as p')
      .innerJoin('assistance.cases as c', 'c.id', 'p.case_id')
      .select(['c.id', 'p.person_id'])
      .where(
        'p.person_id',
        'in',
        deaths.map((d) => d.personId),
      )
      .where('c.status', 'not in', TERMINAL)
      .orderBy('c.id')
      .execute();
    const caseIds = [...new Set(open.map((o) => o.id))];
    // One person dying twice in a chunk, or two deaths touching one case, depend on each other's writes: in turn.
    if (new Set(deaths.map((d) => d.personId)).size < deaths.length || caseIds.length < open.length) {
      for (const event of events) await stopOnDeath.handle(raw, event);
      return;
    }
    await withAuditBatch(auditable(trx), async () => {
      const rows = caseIds.length ? await trx.selectFrom('assistance.cases').selectAll().where('id', 'in', caseIds).orderBy('id').forUpdate().execute() : [];
      const logs = caseIds.length ? await loadLogs(trx, caseIds) : new Map<number, CaseAction[]>();
      const persons = group(caseIds.length ? await trx.selectFrom('assistance.case_persons').select(['case_id', 'person_id']).where('case_id', 'in', caseIds).execute() : [], (r) => r.case_id);
      const paid = group(
        caseIds.length ? await trx.selectFrom('assistance.payments').select(['case_id', 'month', 'amount_fen']).where('case_id', 'in', caseIds).where('status', '=', 'paid').orderBy('month').execute() : [],
        (r) => r.case_id,
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      const out: DomainEvent[] = [];
      for (const death of deaths) {
        const settled: (Settled | null)[] = [];
        for (const o of open.filter((x) => x.person_id === death.personId)) {
          const row = byId.get(o.id);
          if (!row) continue;
          const facts = { row, log: logs.get(o.id) ?? [], persons: (persons.get(o.id) ?? []).map((p) => p.person_id), paid: paid.get(o.id) ?? [] };
          settled.push(await settleCase(trx, death, facts));
        }
        out.push(...eventsOf(death, settled));
      }
      await emit(raw, out);
    });
  },
};

function group<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

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

export const assistanceHandlers: EventHandler[] = [stopOnDeath, reviewOnMove, reviewOnMaritalChange];
