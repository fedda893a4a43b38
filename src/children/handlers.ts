/**
 * Reactions to registry and assistance events, run once per event by the outbox dispatcher. They touch this
 * module's tables only and emit events with ids only.
 */
import { emit, type EventHandler, type StoredEvent } from '../db/index.js';
import { isValidDate, todayInShanghai, type DomainEvent, type IsoDate } from '../kernel/index.js';
import { onAllowanceStopped } from './allowance.js';
import { closeRow } from './case-actions.js';
import type { CaseRow } from './case-access.js';
import { reportsFromParentEvents, reportsFromSituationBatch } from './cases.js';
import { auditSystem, emitEvent } from './guard.js';
import type { ChildrenDb, ChildrenTables } from './model.js';
import { minorChildrenOf } from './registry-port.js';
import { changeSubsidyStatus } from './subsidies.js';

const asChildren = (trx: Parameters<EventHandler['handle']>[0]): ChildrenDb => trx.withTables<ChildrenTables>();
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const dayOf = (event: StoredEvent, v: unknown): IsoDate => (typeof v === 'string' && isValidDate(v) ? v : todayInShanghai(event.createdAt));

/**
 * A death: as a parent, a report per minor child; as a child, the case closes; as a registered guardian, the
 * guardianship ends on the death date and the child's open case gets the event to review its guardianship; either
 * way, the 两项补贴 stop. Every death is answered with `children.death.settled` for the funeral checklist (what was
 * done, or nothing; a replay finds everything done and answers nothing).
 */
export const onDeath: EventHandler = {
  name: 'children.person-died',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = asChildren(raw);
    const personId = num(event.payload.personId);
    if (personId === null) return;
    const on = dayOf(event, event.payload.deathDate);
    const opened = await reportsFromParentEvents(trx, [{ parentId: personId, trigger: `death:${personId}`, on, what: '父（母）死亡（死亡登记）' }]);
    const own = (await trx.selectFrom('children.cases').selectAll().where('child_id', '=', personId).where('status', '<>', 'closed').executeTakeFirst()) as CaseRow | undefined;
    if (own) await closeRow(trx, own, on, 'death', null, '儿童死亡，案件结案');
    const guardianships = await endGuardianshipsOf(trx, personId, on);
    const stopped = await changeSubsidyStatus(trx, personId, 'stopped', `${on} 死亡`);
    if (opened || own || stopped || guardianships.length)
      await auditSystem(trx, 'children.event.death', 'person', personId, { reportsOpened: opened, caseClosed: own?.id ?? null, subsidiesStopped: stopped, guardianshipsEnded: guardianships });
    await emitEvent(trx, settledEvent(event, personId, on, { reportsOpened: opened, caseClosed: own?.id ?? null, guardianships, subsidiesStopped: stopped }));
  },
  /**
   * A chunk of deaths: three set-based reads find the dead this module has anything to do for (a minor child in
   * the household or linked, an open case of their own, a subsidy to stop); `handle` runs for those only. For
   * the others `handle` would write nothing (no report, no case, no subsidy, no audit entry).
   */
  async handleMany(raw, events) {
    const trx = asChildren(raw);
    const dead = events.flatMap((event) => {
      const personId = num(event.payload.personId);
      return personId === null ? [] : [{ event, personId, on: dayOf(event, event.payload.deathDate) }];
    });
    if (dead.length === 0) return;
    const ids = [...new Set(dead.map((d) => d.personId))];
    // A person twice in the chunk (a replay beside its death): one by one, in order.
    if (ids.length !== dead.length) {
      for (const d of dead) await onDeath.handle(raw, d.event);
      return;
    }
    // Guardians of any period: `handle` ends the ones still running on the death date.
    const guardians = new Set((await trx.selectFrom('children.guardians').select('guardian_id').where('guardian_id', 'in', ids).execute()).map((g) => Number(g.guardian_id)));
    const parents = new Set<number>();
    const byDay = new Map<IsoDate, number[]>();
    for (const d of dead) byDay.set(d.on, [...(byDay.get(d.on) ?? []), d.personId]);
    for (const [on, list] of byDay) for (const kid of await minorChildrenOf(trx, list, on)) parents.add(kid.parentId);
    const own = new Set((await trx.selectFrom('children.cases').select('child_id').where('child_id', 'in', ids).where('status', '<>', 'closed').execute()).map((r) => r.child_id));
    const subsidised = new Set((await trx.selectFrom('children.subsidies').select('person_id').where('person_id', 'in', ids).where('status', 'in', ['applied', 'approved', 'suspended']).execute()).map((r) => r.person_id));
    // Parents of minors only (most of the involved): their reports in one set-based call (it orders and dedupes a
    // batch as one by one would), the count per parent read back by trigger for the audit entry.
    const onlyParents = dead.filter((d) => parents.has(d.personId) && !own.has(d.personId) && !subsidised.has(d.personId) && !guardians.has(d.personId));
    const reportsOf = new Map<number, number>();
    if (onlyParents.length) {
      const triggers = onlyParents.map((d) => `death:${d.personId}`);
      const before = new Map((await countByTrigger(trx, triggers)).map((r) => [r.trigger, r.n]));
      await reportsFromParentEvents(
        trx,
        onlyParents.map((d) => ({ parentId: d.personId, trigger: `death:${d.personId}`, on: d.on, what: '父（母）死亡（死亡登记）' })),
      );
      const after = new Map((await countByTrigger(trx, triggers)).map((r) => [r.trigger, r.n]));
      for (const d of onlyParents) {
        const opened = (after.get(`death:${d.personId}`) ?? 0) - (before.get(`death:${d.personId}`) ?? 0);
        reportsOf.set(d.personId, opened);
        if (opened) await auditSystem(trx, 'children.event.death', 'person', d.personId, { reportsOpened: opened, caseClosed: null, subsidiesStopped: 0 });
      }
    }
    const handled = new Set(onlyParents.map((d) => d.personId));
    // The answers in the order one by one writes them: the dead with more to do answer from `handle`, the others here.
    const answers: DomainEvent[] = [];
    for (const d of dead) {
      if (!handled.has(d.personId) && (parents.has(d.personId) || own.has(d.personId) || subsidised.has(d.personId) || guardians.has(d.personId))) {
        if (answers.length) await emit(raw, answers.splice(0));
        await onDeath.handle(raw, d.event);
      } else answers.push(settledEvent(d.event, d.personId, d.on, { reportsOpened: reportsOf.get(d.personId) ?? 0, caseClosed: null, guardianships: [], subsidiesStopped: 0 }));
    }
    if (answers.length) await emit(raw, answers);
  },
};

type Answer = { reportsOpened: number; caseClosed: number | null; guardianships: { childId: number; caseId: number | null }[]; subsidiesStopped: number };

const settledEvent = (event: StoredEvent, personId: number, deathDate: IsoDate, answer: Answer): DomainEvent => ({
  topic: 'children.death.settled',
  key: String(personId),
  payload: { personId, deathDate, eventId: event.id, replayOf: event.payload.replayOf ?? null, ...answer },
});

/**
 * The guardianships the dead person held (民法典第二十七条、第三十九条: a guardian's death ends the guardianship): each
 * period ends on the death date, and the child's open case gets the event in its log so the child director and the
 * supervisor review who cares for the child now. A replay finds the periods ended and does nothing.
 */
async function endGuardianshipsOf(trx: ChildrenDb, personId: number, on: IsoDate): Promise<Answer['guardianships']> {
  const held = await trx
    .selectFrom('children.guardians')
    .select(['id', 'child_id'])
    .where('guardian_id', '=', personId)
    .where('from_date', '<=', on)
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>', on)]))
    .execute();
  const out: Answer['guardianships'] = [];
  for (const g of held) {
    await trx.updateTable('children.guardians').set({ to_date: on }).where('id', '=', g.id).execute();
    const open = await trx.selectFrom('children.cases').select('id').where('child_id', '=', g.child_id).where('status', '<>', 'closed').executeTakeFirst();
    if (open)
      await trx
        .insertInto('children.case_actions')
        .values({
          case_id: open.id,
          kind: 'event',
          on_date: on,
          actor_id: null,
          detail: JSON.stringify({ trigger: `guardian_death:${personId}`, what: '监护人死亡（死亡登记），监护关系于死亡之日终止，须复核监护安排', guardianId: personId }),
        })
        .execute();
    out.push({ childId: g.child_id, caseId: open?.id ?? null });
  }
  return out;
}

const countByTrigger = (trx: ChildrenDb, triggers: string[]) =>
  trx
    .selectFrom('children.cases')
    .select(['trigger_key as trigger', (eb) => eb.fn.countAll<string>().as('n')])
    .where('trigger_key', 'in', triggers)
    .groupBy('trigger_key')
    .execute()
    .then((rows) => rows.map((r) => ({ trigger: String(r.trigger), n: Number(r.n) })));

/** A parent's new grade 1–2 certificate reports the minor children; a withdrawn certificate suspends the subsidies. */
export const onDisabilityChanged: EventHandler = {
  name: 'children.disability-changed',
  topics: ['registry.person.disability_changed'],
  async handle(raw, event) {
    const trx = asChildren(raw);
    const personId = num(event.payload.personId);
    if (personId === null) return;
    const to = event.payload.to as { grade?: number } | null;
    const on = todayInShanghai(event.createdAt);
    if (to === null) {
      const n = await changeSubsidyStatus(trx, personId, 'suspended', `${on} 残疾人证注销`);
      if (n) await auditSystem(trx, 'children.event.certificate_withdrawn', 'person', personId, { suspended: n });
      return;
    }
    if (typeof to.grade === 'number' && to.grade <= 2) await reportsFromParentEvents(trx, [{ parentId: personId, trigger: `disability:${personId}:${to.grade}`, on, what: `父（母）取得 ${to.grade} 级残疾人证` }]);
  },
};

/**
 * Situations the court, justice, the police or health sent (registry facts through the exchange): a new custody,
 * lost-contact … fact reports the minor children, a release re-assesses. One query when the batch holds none.
 */
export const onSituationFacts: EventHandler = {
  name: 'children.situation-facts',
  topics: ['registry.facts.recorded'],
  async handle(raw, event) {
    const batchId = str(event.payload.batchId);
    if (batchId === null) return;
    const trx = asChildren(raw);
    const outcome = await reportsFromSituationBatch(trx, batchId, todayInShanghai(event.createdAt));
    if (outcome.reportsOpened || outcome.reassessed) await auditSystem(trx, 'children.event.situation', 'fact_batch', batchId, { reportsOpened: outcome.reportsOpened, reassessed: outcome.reassessed });
  },
};

/** 低保 / 低收入 / 特困 households, for 家庭贫困 and the 生活补贴. */
export const onAssistanceCase: EventHandler = {
  name: 'children.assistance-roster',
  topics: ['assistance.case.approved', 'assistance.case.stopped'],
  async handle(raw, event) {
    const trx = asChildren(raw);
    const caseId = num(event.payload.caseId);
    const householdId = num(event.payload.householdId);
    const programme = str(event.payload.programme);
    if (caseId === null || householdId === null || programme === null) return;
    await recordPoverty(trx, { caseId, householdId, programme, active: event.topic === 'assistance.case.approved' });
  },
};

export async function recordPoverty(trx: ChildrenDb, r: { caseId: number; householdId: number; programme: string; active: boolean }): Promise<void> {
  await trx
    .insertInto('children.poverty_roster')
    .values({ case_id: r.caseId, household_id: r.householdId, programme: r.programme, active: r.active })
    .onConflict((oc) => oc.column('case_id').doUpdateSet({ active: r.active, changed_at: new Date() }))
    .execute();
}

export const childrenHandlers: EventHandler[] = [onDeath, onDisabilityChanged, onSituationFacts, onAssistanceCase, onAllowanceStopped];
