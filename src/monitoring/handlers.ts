/**
 * Reactions to other modules' events, run by the outbox dispatcher in the transaction that marks the event
 * handled (once per event). They touch monitoring's own tables only: what needs the registry or the engine
 * is queued in monitoring.pending_evaluations and done by `processPendingEvaluations` (jobs.ts).
 */
import { emit, type EventHandler, type StoredEvent } from '../db/index.js';
import { isValidDate, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { onChildCase } from './child-allowance.js';
import { monthAfter, stopBenefits } from './grant-log.js';
import { OPEN_LEAD, settleOpenLeads } from './lead-log.js';
import type { MonitoringDb, MonitoringTables, Origin } from './model.js';

const asMonitoring = (trx: Parameters<EventHandler['handle']>[0]): MonitoringDb => trx.withTables<MonitoringTables>();
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const date = (v: unknown, event: StoredEvent): IsoDate => (typeof v === 'string' && isValidDate(v) ? v : todayInShanghai(event.createdAt));
const originOf = (event: StoredEvent): Origin => ({ kind: 'event', topic: event.topic, eventId: event.id });

async function enqueue(trx: MonitoringDb, householdId: number | null, batchId: string | null, trigger: Record<string, unknown>): Promise<void> {
  await trx
    .insertInto('monitoring.pending_evaluations')
    .values({ household_id: householdId, batch_id: batchId, trigger: JSON.stringify(trigger) })
    .execute();
}

/** The read model learns of a person it had not seen: the rest (birth date) is read when first needed. */
async function touchPerson(trx: MonitoringDb, personId: number, set: Partial<{ household_id: number | null; death_date: IsoDate; residence_division: string; hukou_division: string; disability_grade: number | null }>): Promise<void> {
  await trx
    .insertInto('monitoring.persons')
    .values({ person_id: personId, household_id: null, birth_date: null, death_date: null, hukou_division: null, residence_division: null, disability_grade: null, ...set })
    .onConflict((oc) => oc.column('person_id').doUpdateSet({ ...set, refreshed_at: new Date() }))
    .execute();
}

/** What a stop left to recover, per grant: the months paid from the stop month on and their sum. */
async function stoppedAllowances(trx: MonitoringDb, grantIds: number[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const id of grantIds) {
    const grant = await trx.selectFrom('monitoring.benefit_grants').select(['programme', 'until_month']).where('id', '=', id).executeTakeFirstOrThrow();
    const paid = await trx
      .selectFrom('monitoring.allowance_payments')
      .select(['month', 'amount_fen'])
      .where('grant_id', '=', id)
      .where('month', '>=', grant.until_month ?? '9999-12')
      .orderBy('month')
      .execute();
    out.push({ grantId: id, programme: grant.programme, untilMonth: grant.until_month, recoverMonths: paid.map((p) => p.month), recoverFen: paid.reduce((n, p) => n + p.amount_fen, 0) });
  }
  return out;
}

/** 死亡: the allowances stop from the next month, the person's leads close, and the household is looked at again. */
export const onPersonDied: EventHandler = {
  name: 'monitoring.person-died',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = asMonitoring(raw);
    const personId = num(event.payload.personId);
    if (personId === null) return;
    const deathDate = date(event.payload.deathDate, event);
    const householdId = num(event.payload.householdId);
    const known = await trx.selectFrom('monitoring.persons').select('death_date').where('person_id', '=', personId).executeTakeFirst();
    const residence = str(event.payload.residenceDivision);
    if (!known) await touchPerson(trx, personId, { household_id: householdId, ...(residence ? { residence_division: residence } : {}) });
    await touchPerson(trx, personId, { death_date: deathDate });
    const now = new Date();
    const reason = `本人于 ${deathDate} 死亡（公安死亡登记）`;
    const stopped = await stopBenefits(trx, personId, monthAfter(deathDate), reason, originOf(event), now);
    await settleOpenLeads(trx, { personId }, 'close', reason, now, { eventId: event.id });
    await emit(raw, { topic: 'monitoring.death.settled', key: String(personId), payload: { personId, deathDate, eventId: event.id, replayOf: event.payload.replayOf ?? null, allowances: await stoppedAllowances(trx, stopped) } });
    if (householdId !== null) {
      const living = await trx.selectFrom('monitoring.persons').select('person_id').where('household_id', '=', householdId).where('death_date', 'is', null).where('person_id', '<>', personId).executeTakeFirst();
      if (!living) await settleOpenLeads(trx, { householdId }, 'close', `家庭唯一成员于 ${deathDate} 死亡`, now, { eventId: event.id });
      // A death the exchange brought was evaluated when it arrived; one registered elsewhere is evaluated now.
      else if (known?.death_date !== deathDate) await enqueue(trx, householdId, null, { type: 'death', personId, occurredOn: deathDate, origin: originOf(event) });
    }
  },
  /**
   * A chunk of deaths. The dead with nothing of monitoring's to stop or close (no active grant, no open lead of
   * theirs or of their household) — most of them — are done set-based: one upsert of the read model, one insert
   * of the settled events, one of the evaluations. The others go through `handle` one by one, as do chunks where
   * a person or a household comes twice (the order of their deaths then matters for "is anyone left living").
   */
  async handleMany(raw, events) {
    const trx = asMonitoring(raw);
    const dead = events.flatMap((event) => {
      const personId = num(event.payload.personId);
      return personId === null ? [] : [{ event, personId, deathDate: date(event.payload.deathDate, event), householdId: num(event.payload.householdId), residence: str(event.payload.residenceDivision) }];
    });
    const sequential = async (list: readonly StoredEvent[]) => {
      for (const event of list) await onPersonDied.handle(raw, event);
    };
    if (dead.length === 0) return;
    const ids = dead.map((d) => d.personId);
    const known = new Map((await trx.selectFrom('monitoring.persons').select(['person_id', 'death_date', 'household_id']).where('person_id', 'in', ids).execute()).map((r) => [r.person_id, r]));
    // Households a chunk person belongs to (by the event or by the read model): shared by two → one by one.
    const owner = new Map<number, number>();
    for (const d of dead) {
      for (const h of [d.householdId, known.get(d.personId)?.household_id ?? null]) {
        if (h === null) continue;
        if (owner.has(h) && owner.get(h) !== d.personId) return sequential(events);
        owner.set(h, d.personId);
      }
    }
    if (new Set(ids).size !== ids.length) return sequential(events);
    const households = dead.flatMap((d) => (d.householdId === null ? [] : [d.householdId]));
    const [granted, personLeads, householdLeads] = await Promise.all([
      trx.selectFrom('monitoring.benefit_grants').select('person_id').distinct().where('person_id', 'in', ids).where('status', '=', 'active').execute(),
      trx.selectFrom('monitoring.lead_programmes as lp').innerJoin('monitoring.leads as l', 'l.id', 'lp.lead_id').select('lp.person_id').distinct().where('lp.person_id', 'in', ids).where('l.status', 'in', OPEN_LEAD).execute(),
      households.length ? trx.selectFrom('monitoring.leads').select('household_id').distinct().where('household_id', 'in', households).where('status', 'in', OPEN_LEAD).execute() : Promise.resolve([]),
    ]);
    const busy = new Set<number>([...granted.map((r) => r.person_id), ...personLeads.map((r) => Number(r.person_id))]);
    const busyHouseholds = new Set(householdLeads.map((r) => Number(r.household_id)));
    const quiet = dead.filter((d) => !busy.has(d.personId) && (d.householdId === null || !busyHouseholds.has(d.householdId)));
    if (quiet.length) {
      // The read model: a person not seen before gets the household and residence of the event, everyone the death date.
      await trx
        .insertInto('monitoring.persons')
        .values(
          quiet.map((d) => {
            const seen = known.has(d.personId);
            return { person_id: d.personId, household_id: seen ? null : d.householdId, birth_date: null, death_date: d.deathDate, hukou_division: null, residence_division: seen ? null : d.residence, disability_grade: null };
          }),
        )
        .onConflict((oc) => oc.column('person_id').doUpdateSet((eb) => ({ death_date: eb.ref('excluded.death_date'), refreshed_at: new Date() })))
        .execute();
      await emit(
        raw,
        quiet.map((d) => ({ topic: 'monitoring.death.settled', key: String(d.personId), payload: { personId: d.personId, deathDate: d.deathDate, eventId: d.event.id, replayOf: d.event.payload.replayOf ?? null, allowances: [] } })),
      );
      const withHousehold = quiet.filter((d) => d.householdId !== null);
      const living = withHousehold.length
        ? new Set(
            (
              await trx
                .selectFrom('monitoring.persons')
                .select('household_id')
                .distinct()
                .where(
                  'household_id',
                  'in',
                  withHousehold.map((d) => d.householdId as number),
                )
                .where('death_date', 'is', null)
                .where('person_id', 'not in', ids)
                .execute()
            ).map((r) => Number(r.household_id)),
          )
        : new Set<number>();
      // No one left living: the household's open leads would close — a quiet household has none.
      const evaluate = withHousehold.filter((d) => living.has(d.householdId as number) && known.get(d.personId)?.death_date !== d.deathDate);
      if (evaluate.length)
        await trx
          .insertInto('monitoring.pending_evaluations')
          .values(evaluate.map((d) => ({ household_id: d.householdId, batch_id: null, trigger: JSON.stringify({ type: 'death', personId: d.personId, occurredOn: d.deathDate, origin: originOf(d.event) }) })))
          .execute();
    }
    const quietIds = new Set(quiet.map((d) => d.personId));
    await sequential(events.filter((e) => !quietIds.has(num(e.payload.personId) ?? -1)));
  },
};

/** 迁出本市: the benefits that need Shanghai registration stop from the next month. */
export const onPersonMoved: EventHandler = {
  name: 'monitoring.person-moved',
  topics: ['registry.person.moved', 'monitoring.person.moved_out'],
  async handle(raw, event) {
    const trx = asMonitoring(raw);
    const personId = num(event.payload.personId);
    const to = str(event.payload.to);
    if (personId === null || to === null) return;
    const movedOn = date(event.payload.movedOn, event);
    const leftCity = !to.startsWith('31');
    await touchPerson(trx, personId, event.topic === 'monitoring.person.moved_out' ? { hukou_division: to } : { residence_division: to });
    if (!leftCity) return;
    const now = new Date();
    const reason = `本人于 ${movedOn} 迁出本市（迁入地 ${to}）`;
    await stopBenefits(trx, personId, monthAfter(movedOn), reason, originOf(event), now);
    await settleOpenLeads(trx, { personId }, 'close', reason, now, { eventId: event.id });
  },
};

export const onMembershipChanged: EventHandler = {
  name: 'monitoring.membership',
  topics: ['registry.household.member_added', 'registry.household.member_removed', 'registry.person.registered'],
  async handle(raw, event) {
    const trx = asMonitoring(raw);
    const personId = num(event.payload.personId);
    if (personId === null) return;
    if (event.topic === 'registry.person.registered') {
      const residence = str(event.payload.residenceDivision);
      const hukou = str(event.payload.hukouDivision);
      await touchPerson(trx, personId, { ...(residence ? { residence_division: residence } : {}), ...(hukou ? { hukou_division: hukou } : {}) });
      return;
    }
    const householdId = num(event.payload.householdId);
    if (event.topic === 'registry.household.member_added') await touchPerson(trx, personId, { household_id: householdId });
    else await trx.updateTable('monitoring.persons').set({ household_id: null }).where('person_id', '=', personId).where('household_id', '=', householdId).execute();
  },
};

/** A new certificate entered anywhere (the exchange or a caseworker) is checked by the severe-disability rule. */
export const onDisabilityChanged: EventHandler = {
  name: 'monitoring.disability',
  topics: ['registry.person.disability_changed'],
  async handle(raw, event) {
    const trx = asMonitoring(raw);
    const personId = num(event.payload.personId);
    if (personId === null) return;
    const to = event.payload.to as { grade?: unknown; category?: unknown } | null;
    const from = event.payload.from as { grade?: unknown } | null;
    const grade = num(to?.grade);
    await touchPerson(trx, personId, { disability_grade: grade });
    if (grade === null) return;
    const values = { grade, category: str(to?.category) ?? '' };
    await enqueue(trx, null, null, { type: 'disability_certificate', personId, occurredOn: todayInShanghai(event.createdAt), values, previousGrade: num(from?.grade), origin: originOf(event) });
  },
};

/** Facts recorded or corrected outside the exchange (a caseworker, another import): the household is screened again. */
export const onFactsChanged: EventHandler = {
  name: 'monitoring.facts-changed',
  topics: ['registry.facts.recorded', 'registry.fact.corrected'],
  async handle(raw, event) {
    const trx = asMonitoring(raw);
    const batchId = str(event.payload.batchId);
    if (batchId?.startsWith('exchange:')) return;
    const trigger = { type: 'facts_changed', origin: originOf(event) };
    if (event.topic === 'registry.fact.corrected') {
      const id = num(event.payload.subjectId);
      if (id === null) return;
      if (event.payload.subjectType === 'household') await enqueue(trx, id, null, trigger);
      else await enqueue(trx, null, null, { ...trigger, personId: id });
      return;
    }
    const subjects = event.payload.subjects as { persons?: unknown[]; households?: unknown[] } | null;
    if (!subjects) return enqueue(trx, null, batchId, trigger);
    for (const h of subjects.households ?? []) if (num(h) !== null) await enqueue(trx, num(h), null, trigger);
    for (const p of subjects.persons ?? []) if (num(p) !== null) await enqueue(trx, null, null, { ...trigger, personId: num(p) });
  },
};

/** Who is in a programme (for discovery), and the lead that led to an approved case. */
export const onAssistanceCase: EventHandler = {
  name: 'monitoring.assistance-roster',
  topics: ['assistance.case.approved', 'assistance.case.stopped'],
  async handle(raw, event) {
    const trx = asMonitoring(raw);
    const caseId = num(event.payload.caseId);
    const householdId = num(event.payload.householdId);
    const programme = str(event.payload.programme);
    if (caseId === null || householdId === null || programme === null) return;
    const active = event.topic === 'assistance.case.approved';
    await trx
      .insertInto('monitoring.programme_roster')
      .values({ case_id: caseId, household_id: householdId, programme, active })
      .onConflict((oc) => oc.column('case_id').doUpdateSet({ active, changed_at: new Date() }))
      .execute();
    if (active) await settleOpenLeads(trx, { householdId, programme }, 'approve', `救助案件 ${caseId} 已批准`, new Date(), { caseId, eventId: event.id });
  },
};

export const monitoringHandlers: EventHandler[] = [onPersonDied, onPersonMoved, onMembershipChanged, onDisabilityChanged, onFactsChanged, onAssistanceCase, onChildCase];
