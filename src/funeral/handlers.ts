/**
 * The funeral line's reactions, run by the outbox dispatcher once per event in the transaction that marks it
 * handled. `registry.person.died` opens the checklist (the registry's own item is answered by the event);
 * each `<module>.death.settled` answers its module's item — the first answer stands, so a replayed death
 * (written again with `replayOf`, answered "nothing to do") changes nothing.
 */
import type { EventHandler, StoredEvent } from '../db/index.js';
import { isValidDate, monthOf, todayInShanghai } from '../kernel/index.js';
import { refreshCompletion, refreshCompletions } from './checklist.js';
import { conditionalItems, itemsFor, openDeath } from './deaths.js';
import { fileDeathReports, type DeathReport } from './notices.js';
import { DEATH_SOURCES, type DeathSource, type FuneralDb, type FuneralTables } from './model.js';

const asFuneral = (trx: Parameters<EventHandler['handle']>[0]): FuneralDb => trx.withTables<FuneralTables>();
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

async function settle(trx: FuneralDb, personId: number, module: string, event: StoredEvent): Promise<void> {
  await trx
    .insertInto('funeral.settlements')
    .values({ person_id: personId, module, event_id: event.id, payload: JSON.stringify(event.payload) })
    .onConflict((oc) => oc.columns(['person_id', 'module']).doNothing())
    .execute();
  const death = await trx.selectFrom('funeral.deaths').select('id').where('person_id', '=', personId).executeTakeFirst();
  if (death) await refreshCompletion(trx, death.id, new Date());
}

interface Died {
  event: StoredEvent;
  personId: number;
  deathDate: string;
  source: DeathSource;
  /** A report's proof sent with the death (public security's 死亡确认 through the exchange): filed as its notice. */
  proofNumber: string | null;
  values: Parameters<typeof openDeath>[1];
}

function diedOf(event: StoredEvent): Died | null {
  const personId = num(event.payload.personId);
  const deathDate = str(event.payload.deathDate);
  if (personId === null || deathDate === null || !isValidDate(deathDate)) return null;
  const hukou = str(event.payload.hukouDivision) ?? '';
  const residence = str(event.payload.residenceDivision) ?? hukou;
  const given = str(event.payload.source);
  const source: DeathSource = given && (DEATH_SOURCES as readonly string[]).includes(given) ? (given as DeathSource) : 'registry';
  return {
    event,
    personId,
    deathDate,
    source,
    proofNumber: str(event.payload.proofNumber),
    values: {
      person_id: personId,
      birth_date: null,
      death_date: deathDate,
      source,
      hukou_division: hukou,
      residence_division: residence,
      shanghai_hukou: hukou.startsWith('31'),
      household_id: num(event.payload.householdId),
      items: itemsFor(deathDate, true),
      opened_at: event.createdAt,
    },
  };
}

/**
 * The registry found a household the deceased headed left without a head: 变更户主 joins the checklist (once), a
 * manual item the street's caseworker ticks when the household has a head again. Rare, so row by row.
 */
async function addHeadlessItems(trx: FuneralDb, died: readonly Died[]): Promise<void> {
  const headless = died.filter((d) => Array.isArray(d.event.payload.headlessHouseholds) && d.event.payload.headlessHouseholds.length > 0);
  for (const d of headless) {
    const row = await trx.selectFrom('funeral.deaths').select(['id', 'items']).where('person_id', '=', d.personId).forUpdate().executeTakeFirst();
    if (!row) continue;
    const extra = conditionalItems(d.deathDate, 'headless_household').filter((i) => !row.items.some((x) => x.key === i.key));
    if (extra.length)
      await trx
        .updateTable('funeral.deaths')
        .set({ items: JSON.stringify([...row.items, ...extra]) })
        .where('id', '=', row.id)
        .execute();
  }
}

const registryNotice = (deathId: number, deathDate: string) => ({ death_id: deathId, source: 'registry' as const, proof_number: null, death_date: deathDate, status: 'first' as const, note: '人口库直接登记死亡', reported_by: null });

export const onPersonDied: EventHandler = {
  name: 'funeral.person-died',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = asFuneral(raw);
    const died = diedOf(event);
    if (!died) return;
    const row = await openDeath(trx, died.values, { person_id: died.personId });
    if (died.source === 'registry') {
      const any = await trx.selectFrom('funeral.notices').select('id').where('death_id', '=', row.id).limit(1).executeTakeFirst();
      if (!any) await trx.insertInto('funeral.notices').values(registryNotice(row.id, died.deathDate)).execute();
    }
    if (died.proofNumber) await fileDeathReports(trx, [reportOf(died, row.id, row.death_date)]);
    await addHeadlessItems(trx, [died]);
    await settle(trx, died.personId, 'registry', event);
  },
  // A chunk of deaths: the records, the registry's own notices, the registry's answers and completion, set-based.
  async handleMany(raw, events) {
    const trx = asFuneral(raw);
    const all = events.map(diedOf).filter((d): d is Died => d !== null);
    if (all.length === 0) return;
    const first = [...new Map(all.map((d) => [d.personId, d] as const).reverse()).values()].reverse();
    await trx
      .insertInto('funeral.deaths')
      .values(first.map(({ values: { items, ...rest } }) => ({ ...rest, items: JSON.stringify(items) })))
      .onConflict((oc) => oc.column('person_id').doNothing())
      .execute();
    const personIds = first.map((d) => d.personId);
    const deaths = await trx.selectFrom('funeral.deaths').select(['id', 'person_id', 'death_date']).where('person_id', 'in', personIds).orderBy('id').forUpdate().execute();
    const deathOf = new Map(deaths.map((d) => [d.person_id, d.id]));
    const recorded = new Map(deaths.map((d) => [d.id, d.death_date]));
    const fromRegistry = first.filter((d) => d.source === 'registry' && deathOf.has(d.personId));
    if (fromRegistry.length) {
      const ids = fromRegistry.map((d) => deathOf.get(d.personId) as number);
      const noted = new Set((await trx.selectFrom('funeral.notices').select('death_id').where('death_id', 'in', ids).execute()).map((n) => n.death_id));
      // The registry notice carries the date of the first registry event of the person, as one by one.
      const rows = fromRegistry.filter((d) => !noted.has(deathOf.get(d.personId) as number)).map((d) => registryNotice(deathOf.get(d.personId) as number, d.deathDate));
      if (rows.length) await trx.insertInto('funeral.notices').values(rows).execute();
    }
    const reports = all.filter((d) => d.proofNumber && deathOf.has(d.personId)).map((d) => reportOf(d, deathOf.get(d.personId) as number, recorded.get(deathOf.get(d.personId) as number) as string));
    await fileDeathReports(trx, reports);
    await addHeadlessItems(trx, all);
    await trx
      .insertInto('funeral.settlements')
      .values(all.map((d) => ({ person_id: d.personId, module: 'registry', event_id: d.event.id, payload: JSON.stringify(d.event.payload) })))
      .onConflict((oc) => oc.columns(['person_id', 'module']).doNothing())
      .execute();
    await refreshCompletions(trx, personIds, new Date());
  },
};

const reportOf = (d: Died, deathId: number, recordedDeathDate: string, deathDate: string = d.deathDate): DeathReport => ({
  deathId,
  recordedDeathDate,
  source: d.source,
  proofNumber: d.proofNumber,
  deathDate,
  note: d.source === 'police' ? '公安数据交换（死亡确认）' : null,
  reportedBy: null,
});

/**
 * A report of a death the registry had already recorded (public security's 死亡确认 arriving after the hospital's
 * notice): filed on the record as any notice — attached, or to review when its date differs. Opens the record if
 * the registry's death has not reached this desk yet.
 */
export const onDeathReported: EventHandler = {
  name: 'funeral.death-reported',
  topics: ['registry.person.death_reported'],
  async handle(raw, event) {
    const trx = asFuneral(raw);
    const died = diedOf(event);
    const reported = str(event.payload.reportedDeathDate);
    if (!died?.proofNumber || reported === null || !isValidDate(reported)) return;
    const row = await openDeath(trx, died.values, { person_id: died.personId });
    await fileDeathReports(trx, [reportOf(died, row.id, row.death_date, reported)]);
  },
};

const moduleOf = (event: StoredEvent) => event.topic.slice(0, event.topic.indexOf('.'));

export const onDeathSettled: EventHandler = {
  name: 'funeral.death-settled',
  topics: ['assistance.death.settled', 'monitoring.death.settled', 'eldercare.death.settled', 'marriage.death.settled', 'children.death.settled'],
  async handle(raw, event) {
    const personId = num(event.payload.personId);
    if (personId === null) return;
    await settle(asFuneral(raw), personId, moduleOf(event), event);
  },
  // A chunk of answers: one insert (in id order, so the first answer still stands) and one completion pass.
  async handleMany(raw, events) {
    const trx = asFuneral(raw);
    const rows = events.flatMap((event) => {
      const personId = num(event.payload.personId);
      return personId === null ? [] : [{ person_id: personId, module: moduleOf(event), event_id: event.id, payload: JSON.stringify(event.payload) }];
    });
    if (rows.length === 0) return;
    await trx
      .insertInto('funeral.settlements')
      .values(rows)
      .onConflict((oc) => oc.columns(['person_id', 'module']).doNothing())
      .execute();
    await refreshCompletions(trx, [...new Set(rows.map((r) => r.person_id))], new Date());
  },
};

/** 低保, 特困 and 因病支出型贫困 cases, for the basic funeral subsidy's eligibility (as eldercare's roster). */
export const onAssistanceCase: EventHandler = {
  name: 'funeral.assistance-roster',
  topics: ['assistance.case.approved', 'assistance.case.stopped'],
  async handle(raw, event) {
    const trx = asFuneral(raw);
    const caseId = num(event.payload.caseId);
    const householdId = num(event.payload.householdId);
    const programme = str(event.payload.programme);
    if (caseId === null || householdId === null || programme === null) return;
    const active = event.topic === 'assistance.case.approved';
    const stopped = active ? null : (str(event.payload.effectiveMonth) ?? monthOf(todayInShanghai(event.createdAt)));
    await trx
      .insertInto('funeral.assistance_roster')
      .values({ case_id: caseId, household_id: householdId, beneficiary_person_id: num(event.payload.applicantPersonId), programme, active, stopped_month: stopped })
      .onConflict((oc) => oc.column('case_id').doUpdateSet({ active, stopped_month: stopped, changed_at: new Date() }))
      .execute();
  },
};

export const funeralHandlers: EventHandler[] = [onPersonDied, onDeathReported, onDeathSettled, onAssistanceCase];
