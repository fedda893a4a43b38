/**
 * Reactions to other modules' events, run by the outbox dispatcher once per event in the transaction that
 * marks it handled. They touch elderly care's own tables only; a bed freed here is offered by the scheduler.
 */
import type { EventHandler, StoredEvent } from '../db/index.js';
import { isValidDate, todayInShanghai, type IsoDate } from '../kernel/index.js';
import { auditSystem, emitEvent } from './guard.js';
import type { EldercareDb, EldercareTables } from './model.js';
import { rerank } from './priority.js';
import { loadSettings } from './settings.js';
import { endStay } from './stays.js';
import { closeApplication } from './waitlist.js';

const asEldercare = (trx: Parameters<EventHandler['handle']>[0]): EldercareDb => trx.withTables<EldercareTables>();
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const dayOf = (event: StoredEvent): IsoDate => todayInShanghai(event.createdAt);

async function rerankWhere(trx: EldercareDb, on: IsoDate, column: 'household_id' | 'person_id', id: number): Promise<void> {
  const ids = (await trx.selectFrom('eldercare.applications').select('id').where(column, '=', id).where('status', 'in', ['waiting', 'offered']).execute()).map((r) => r.id);
  if (ids.length) await rerank(trx, await loadSettings(trx, on), on, ids);
}

/** 特困 and 低保/低收入 priority comes from approved assistance cases of the applicant's household. */
export const onAssistanceCase: EventHandler = {
  name: 'eldercare.assistance-roster',
  topics: ['assistance.case.approved', 'assistance.case.stopped'],
  async handle(raw, event) {
    const trx = asEldercare(raw);
    const caseId = num(event.payload.caseId);
    const householdId = num(event.payload.householdId);
    const programme = str(event.payload.programme);
    if (caseId === null || householdId === null || programme === null) return;
    const active = event.topic === 'assistance.case.approved';
    await trx
      .insertInto('eldercare.assistance_roster')
      .values({ case_id: caseId, household_id: householdId, programme, active })
      .onConflict((oc) => oc.column('case_id').doUpdateSet({ active, changed_at: new Date() }))
      .execute();
    await rerankWhere(trx, dayOf(event), 'household_id', householdId);
  },
};

/** A death ends the person's application and stay; the freed bed goes to the next applicant. */
export const onPersonDied: EventHandler = {
  name: 'eldercare.person-died',
  topics: ['registry.person.died'],
  async handle(raw, event) {
    const trx = asEldercare(raw);
    const personId = num(event.payload.personId);
    if (personId === null) return;
    const deathDate = typeof event.payload.deathDate === 'string' && isValidDate(event.payload.deathDate) ? event.payload.deathDate : dayOf(event);
    const reason = `人口库登记死亡（${deathDate}）`;
    const applications = await trx.selectFrom('eldercare.applications').select('id').where('person_id', '=', personId).where('status', 'in', ['waiting', 'offered']).execute();
    for (const a of applications) await closeApplication(trx, a.id, 'removed', reason, null);
    const stays = await trx.selectFrom('eldercare.stays').select(['id', 'admitted_on']).where('person_id', '=', personId).where('discharged_on', 'is', null).execute();
    const ended: Record<string, unknown>[] = [];
    for (const s of stays) {
      const dischargedOn = deathDate < s.admitted_on ? s.admitted_on : deathDate;
      const freed = await endStay(trx, s.id, dischargedOn, reason, new Date());
      ended.push({ stayId: s.id, dischargedOn, ...freed });
    }
    await emitEvent(trx, {
      topic: 'eldercare.death.settled',
      key: String(personId),
      payload: { personId, deathDate, eventId: event.id, replayOf: event.payload.replayOf ?? null, applicationsClosed: applications.map((a) => a.id), staysEnded: ended },
    });
    if (applications.length || stays.length) await auditSystem(trx, 'eldercare.person.died', 'person', personId, { applications: applications.map((a) => a.id), stays: stays.map((s) => s.id), eventId: event.id });
  },
};

/** A disability certificate issued or withdrawn changes the 残疾 priority group. */
export const onDisabilityChanged: EventHandler = {
  name: 'eldercare.disability-changed',
  topics: ['registry.person.disability_changed'],
  async handle(raw, event) {
    const trx = asEldercare(raw);
    const personId = num(event.payload.personId);
    if (personId === null) return;
    const to = event.payload.to as { grade?: number; category?: string } | null;
    const apps = await trx.selectFrom('eldercare.applications').select(['id', 'groups', 'group_sources']).where('person_id', '=', personId).where('status', 'in', ['waiting', 'offered']).execute();
    for (const app of apps) {
      const groups = app.groups.filter((g) => g !== 'disabled');
      const sources = { ...app.group_sources };
      delete sources.disabled;
      if (to && num(to.grade) !== null) {
        groups.push('disabled');
        sources.disabled = `人口库残疾信息：${to.category ?? ''}${'一二三四'[(to.grade ?? 1) - 1]}级（${dayOf(event)} 更新）`;
      }
      await trx
        .updateTable('eldercare.applications')
        .set({ groups, group_sources: JSON.stringify(sources) })
        .where('id', '=', app.id)
        .execute();
      await trx
        .insertInto('eldercare.application_log')
        .values({ application_id: app.id, action: 'groups_changed', actor_user: null, reason: to ? '残疾证信息更新' : '残疾证注销', detail: JSON.stringify({ eventId: event.id }) })
        .execute();
    }
    if (apps.length) await rerankWhere(trx, dayOf(event), 'person_id', personId);
  },
};

/** A move within the city takes the application to the new street's caseworkers; a move out of the city ends it. */
export const onPersonMoved: EventHandler = {
  name: 'eldercare.person-moved',
  topics: ['registry.person.moved'],
  async handle(raw, event) {
    const trx = asEldercare(raw);
    const personId = num(event.payload.personId);
    const to = str(event.payload.to);
    if (personId === null || to === null) return;
    const apps = await trx.selectFrom('eldercare.applications').select(['id', 'division_code']).where('person_id', '=', personId).where('status', 'in', ['waiting', 'offered']).execute();
    for (const app of apps) {
      if (!to.startsWith('31')) {
        await closeApplication(trx, app.id, 'removed', `人口库登记迁出本市（${to}）`, null);
        continue;
      }
      await trx
        .updateTable('eldercare.applications')
        .set({ division_code: to, district_code: `${to.slice(0, 6)}000000` })
        .where('id', '=', app.id)
        .execute();
      await trx
        .insertInto('eldercare.application_log')
        .values({ application_id: app.id, action: 'moved', actor_user: null, reason: `居住地变更：${app.division_code} → ${to}`, detail: JSON.stringify({ eventId: event.id }) })
        .execute();
    }
    if (apps.length) await auditSystem(trx, 'eldercare.person.moved', 'person', personId, { applications: apps.map((a) => a.id), to, eventId: event.id });
  },
};

export const eldercareHandlers: EventHandler[] = [onAssistanceCase, onPersonDied, onDisabilityChanged, onPersonMoved];
