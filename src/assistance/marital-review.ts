/**
 * 婚姻状况变化: when a person covered by an open case marries, divorces, or a marriage is found void or annulled, the
 * household that the payment was calculated for may have changed (a spouse joins or leaves; 低保 counts the
 * 共同生活的家庭成员, 《社会救助暂行办法》第九条 and 《最低生活保障审核确认办法》第七条). The case notes the change and
 * its review becomes due now, as for a move; nothing is stopped or recalculated here. A death is settled by
 * stopOnDeath, so a marriage ended by death is left to it.
 */
import type { EventHandler } from '../db/index.js';
import { isValidDate } from '../kernel/index.js';
import { appendAction, loadLog, lockCase } from './case-log.js';
import type { AssistanceTables } from './model.js';
import { TERMINAL } from './states.js';

const WHAT: Record<string, string> = {
  registered: '登记结婚',
  divorce: '登记离婚',
  court_divorce: '经法院判决（调解）离婚',
  void: '婚姻被确认无效',
  annulled: '婚姻被撤销',
};

export const reviewOnMaritalChange: EventHandler = {
  name: 'assistance.review-on-marital-change',
  topics: ['marriage.marriage.registered', 'marriage.marriage.ended'],
  async handle(raw, event) {
    const trx = raw.withTables<AssistanceTables>();
    const kind = event.topic === 'marriage.marriage.registered' ? 'registered' : String(event.payload.reason ?? '');
    if (!(kind in WHAT)) return;
    const personIds = Array.isArray(event.payload.personIds) ? event.payload.personIds.filter((x): x is number => typeof x === 'number') : [];
    if (!personIds.length) return;
    const day = event.topic === 'marriage.marriage.registered' ? event.payload.registeredOn : event.payload.endedOn;
    const onDate = typeof day === 'string' && isValidDate(day) ? day : event.createdAt.toISOString().slice(0, 10);
    const cases = await trx
      .selectFrom('assistance.case_persons as p')
      .innerJoin('assistance.cases as c', 'c.id', 'p.case_id')
      .select(['c.id', 'p.person_id'])
      .where('p.person_id', 'in', personIds)
      .where('c.status', 'not in', TERMINAL)
      .orderBy('c.id')
      .orderBy('p.person_id')
      .execute();
    // One note per case, naming every member the event concerns (both spouses may be on one case).
    const byCase = new Map<number, number[]>();
    for (const c of cases) byCase.set(Number(c.id), [...(byCase.get(Number(c.id)) ?? []), Number(c.person_id)]);
    for (const [caseId, members] of byCase) {
      const row = await lockCase(trx, caseId);
      if (!row) continue;
      const reason = `家庭成员（人员 ${members.join('、')}）于 ${onDate} ${WHAT[kind]}，共同生活的家庭成员可能变化，须复核`;
      await appendAction(trx, row, await loadLog(trx, caseId), {
        action: 'note_change',
        actor: null,
        onDate,
        reason,
        payload: { event: event.topic, eventId: event.id, personIds: members, marriageId: event.payload.marriageId ?? null, change: kind, reviewNow: true },
      });
    }
  },
};
