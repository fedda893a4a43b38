/**
 * Reactions to registry and assistance events, run once per event by the outbox dispatcher. They touch this
 * module's tables only and emit events with ids only.
 */
import type { EventHandler, StoredEvent } from '../db/index.js';
import { isValidDate, todayInShanghai, type IsoDate } from '../kernel/index.js';
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
 * A death: as a parent, a report per minor child; as a child, the case closes (`children.death.settled` for
 * the funeral checklist); either way, the 两项补贴 stop.
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
    if (own) {
      await closeRow(trx, own, on, 'death', null, '儿童死亡，案件结案');
      await emitEvent(trx, { topic: 'children.death.settled', key: String(personId), payload: { caseId: own.id, personId } });
    }
    const stopped = await changeSubsidyStatus(trx, personId, 'stopped', `${on} 死亡`);
    if (opened || own || stopped) await auditSystem(trx, 'children.event.death', 'person', personId, { reportsOpened: opened, caseClosed: own?.id ?? null, subsidiesStopped: stopped });
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
    const parents = new Set<number>();
    const byDay = new Map<IsoDate, number[]>();
    for (const d of dead) byDay.set(d.on, [...(byDay.get(d.on) ?? []), d.personId]);
    for (const [on, list] of byDay) for (const kid of await minorChildrenOf(trx, list, on)) parents.add(kid.parentId);
    const own = new Set((await trx.selectFrom('children.cases').select('child_id').where('child_id', 'in', ids).where('status', '<>', 'closed').execute()).map((r) => r.child_id));
    const subsidised = new Set((await trx.selectFrom('children.subsidies').select('person_id').where('person_id', 'in', ids).where('status', 'in', ['applied', 'approved', 'suspended']).execute()).map((r) => r.person_id));
    // Parents of minors only (most of the involved): their reports in one set-based call (it orders and dedupes a
    // batch as one by one would), the count per parent read back by trigger for the audit entry.
    const onlyParents = dead.filter((d) => parents.has(d.personId) && !own.has(d.personId) && !subsidised.has(d.personId));
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
        if (opened) await auditSystem(trx, 'children.event.death', 'person', d.personId, { reportsOpened: opened, caseClosed: null, subsidiesStopped: 0 });
      }
    }
    const handled = new Set(onlyParents.map((d) => d.personId));
    for (const d of dead) if (!handled.has(d.personId) && (parents.has(d.personId) || own.has(d.personId) || subsidised.has(d.personId))) await onDeath.handle(raw, d.event);
  },
};

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

export const childrenHandlers: EventHandler[] = [onDeath, onDisabilityChanged, onSituationFacts, onAssistanceCase];
