/**
 * A case member marries or divorces: the case notes the change and its review is due on that day (the household
 * the amount was calculated for may have changed); one note per case even when both spouses are on it; a marriage
 * ended by death is left to stopOnDeath; a person on no open case changes nothing. Events as marriage emits them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import type { StoredEvent } from '../db/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { applyForAssistance } from './cases.js';
import { assistanceDeps } from './deps.js';
import { reviewOnMaritalChange } from './marital-review.js';
import { getCase } from './queries.js';
import { COMMITTEES, makeHousehold, makeStaff, seedAssistanceDivisions, STREETS, TestClock } from './testing.js';

let t: TestDatabase;
let caseworker: Actor;
const deps = () => assistanceDeps(t.ctx, new TestClock('2025-03-10'));
let caseId = 0;
let members: number[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  await seedAssistanceDivisions(t.ctx);
  caseworker = await makeStaff(t.ctx, 'mr_weifang', 'street_caseworker', STREETS.weifang);
  const household = await makeHousehold(
    t.ctx,
    caseworker,
    [
      { name: '周桂芳', sex: 'F', birthDate: '1975-05-01', relation: 'head' },
      { name: '周小军', sex: 'M', birthDate: '1998-02-02', relation: 'child' },
    ],
    { committee: COMMITTEES.weifang1 },
  );
  members = household.personIds;
  caseId = (
    await applyForAssistance(deps(), caseworker, {
      programme: 'dibao',
      householdId: household.householdId,
      applicantPersonId: members[0],
      reason: '收入低于低保标准',
      bankAccount: { holderName: '周桂芳', bankName: '上海农商银行', accountNo: '6228480012345678901' },
    })
  ).id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

let eventId = 1000;
const event = (topic: string, payload: Record<string, unknown>): StoredEvent => ({ id: ++eventId, topic, key: '1', payload, createdAt: new Date('2025-03-10T02:00:00Z') }) as StoredEvent;
const notes = async () => (await getCase(deps(), caseworker, caseId)).actions.filter((a) => a.action === 'note_change');

describe('assistance review on a marital change', () => {
  it('notes the son’s marriage once and makes the review due on the wedding day', async () => {
    await t.db.kysely.transaction().execute((trx) => reviewOnMaritalChange.handle(trx, event('marriage.marriage.registered', { marriageId: 7, personIds: [members[1], 999_999], registeredOn: '2025-03-08' })));
    const [note] = await notes();
    expect(note.reason).toBe(`家庭成员（人员 ${members[1]}）于 2025-03-08 登记结婚，共同生活的家庭成员可能变化，须复核`);
    expect((await getCase(deps(), caseworker, caseId)).reviewDue).toBe('2025-03-08');
  });

  it('notes a divorce naming both members when both are on the case, once', async () => {
    await t.db.kysely.transaction().execute((trx) => reviewOnMaritalChange.handle(trx, event('marriage.marriage.ended', { marriageId: 8, personIds: members, endedOn: '2025-03-09', reason: 'divorce' })));
    const all = await notes();
    expect(all).toHaveLength(2);
    expect(all[1].reason).toBe(`家庭成员（人员 ${members.join('、')}）于 2025-03-09 登记离婚，共同生活的家庭成员可能变化，须复核`);
  });

  it('leaves a marriage ended by death to the death handler, and a stranger changes nothing', async () => {
    await t.db.kysely.transaction().execute((trx) => reviewOnMaritalChange.handle(trx, event('marriage.marriage.ended', { marriageId: 9, personIds: [members[0]], endedOn: '2025-03-09', reason: 'death' })));
    await t.db.kysely.transaction().execute((trx) => reviewOnMaritalChange.handle(trx, event('marriage.marriage.registered', { marriageId: 10, personIds: [888_888], registeredOn: '2025-03-09' })));
    expect(await notes()).toHaveLength(2);
  });
});
