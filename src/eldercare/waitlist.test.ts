import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emit } from '../db/index.js';
import { moveResidence, recordDeath, setDisability } from '../registry/index.js';
import { allocateBeds } from './allocation.js';
import { recordAssessment } from './assessments.js';
import { tables } from './deps.js';
import { createFacility } from './facilities.js';
import { rerankQueue } from './jobs.js';
import { acceptOffer, declineOffer, expireOffers } from './offers.js';
import { discharge } from './stays.js';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from './testing.js';
import { applyForBed, getApplication, listQueue, type ApplicationInput } from './waitlist.js';

// The world's clock starts at 2025-03-03 10:00 Shanghai time.
let w: EldercareWorld;
let nextCase = 500;

beforeAll(async () => {
  w = await openEldercareWorld();
}, 120_000);
afterAll(async () => w?.close());

/** A person of 潍坊一村 with a valid assessment at `level` who applies on `appliedOn`. */
async function applicant(birthDate: string, level: number, appliedOn: string, extra: Partial<ApplicationInput> & { committee?: string } = {}) {
  const personId = await w.person({ birthDate, committee: extra.committee });
  await recordAssessment(w.deps, w.users.weifang.jurisdiction.startsWith((extra.committee ?? TEST_COMMITTEES.weifang1).slice(0, 9)) ? w.users.weifang : w.users.xuhui, {
    personId,
    level,
    assessor: '浦东新区评估中心 张评估',
    assessedOn: '2025-01-02',
  });
  return { personId, apply: (more: Partial<ApplicationInput> = {}) => applyForBed(w.deps, extra.committee?.startsWith('310104') ? w.users.xuhui : w.users.weifang, { personId, bedType: 'nursing', appliedOn, ...extra, ...more }) };
}

async function rosterEvent(householdId: number, programme: string) {
  nextCase += 1;
  // The assistance module's published event (its contract), as an approved case emits it.
  await emit(w.t.db.kysely, { topic: 'assistance.case.approved', key: String(nextCase), payload: { caseId: nextCase, programme, householdId, districtCode: '310115000000' } });
  await w.dispatch();
}

describe('保基本床位统筹轮候: the order of the queue', () => {
  const ids: Record<string, number> = {};

  it('orders by priority group, then assessment level, then application date, and explains each place', async () => {
    // Ages on 2025-03-03; a person born 1945-03-03 turns 80 today, one born 1945-03-04 tomorrow.
    const p1 = await applicant('1950-06-01', 5, '2025-01-10');
    const p2 = await applicant('1950-06-01', 3, '2025-01-05');
    const p3 = await applicant('1945-03-03', 2, '2025-02-01');
    const p4 = await applicant('1955-01-01', 2, '2025-02-01');
    await setDisability(w.registry, w.users.pudong, p4.personId, { grade: 2, category: '肢体' });
    const p5 = await applicant('1955-01-01', 2, '2025-02-02');
    const p5Person = await w.deps.registry.person(w.users.pudong, p5.personId);
    await rosterEvent(p5Person.householdId!, 'dibao');
    const p6 = await applicant('1955-01-01', 2, '2025-02-20');
    const p7 = await applicant('1955-01-01', 6, '2025-01-01');
    const p8 = await applicant('1945-03-04', 2, '2025-01-20');

    ids.p1 = (await p1.apply()).id;
    ids.p2 = (await p2.apply()).id;
    ids.p3 = (await p3.apply()).id;
    ids.p4 = (await p4.apply()).id;
    ids.p5 = (await p5.apply()).id;
    ids.p6 = (await p6.apply()).id;
    ids.p7 = (await p7.apply({ declaredGroups: [{ group: 'family_planning', evidence: '计划生育特殊家庭扶助证 沪计特 2019-0231' }] })).id;
    ids.p8 = (await p8.apply()).id;
    // 特困 approved after the application: the roster event re-ranks it.
    const p6Person = await w.deps.registry.person(w.users.pudong, p6.personId);
    await rosterEvent(p6Person.householdId!, 'destitute');

    const queue = await listQueue(w.deps, w.users.weifang, { limit: 20 });
    const order = queue.items.map((e) => Object.entries(ids).find(([, id]) => id === e.id)?.[0]);
    // 特困 (p6), 低保 (p5), 残疾 (p4), 高龄 (p3, 80 today), 计生特殊家庭 (p7); then no group by level: p1 (5), p2 (3), p8 (2).
    expect(order).toEqual(['p6', 'p5', 'p4', 'p3', 'p7', 'p1', 'p2', 'p8']);
    expect(queue.items.map((e) => e.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const p2Detail = await getApplication(w.deps, w.users.weifang, ids.p2);
    // Ahead of p2: one in each of five groups, and p1 (no group, level 5 > 3).
    expect(p2Detail.position).toMatchObject({ position: 7, aheadSameGroupHigherLevel: 1, aheadSameGroupSameLevelEarlier: 0, waitingTotal: 8 });
    expect(p2Detail.position!.aheadByGroup.map((g) => [g.group, g.count])).toEqual([
      ['destitute', 1],
      ['dibao_low_income', 1],
      ['disabled', 1],
      ['age80', 1],
      ['family_planning', 1],
    ]);
    expect(p2Detail.explanation.join('')).toContain('排第 7 位');
    expect(p2Detail.explanation.join('')).toContain('本区（浦东新区）');
    const p6Detail = await getApplication(w.deps, w.users.weifang, ids.p6);
    expect(p6Detail.groups.map((g) => g.group)).toEqual(['destitute']);
    expect(p6Detail.groups[0].source).toContain('特困人员救助供养');
    expect(p6Detail.log.map((l) => l.action)).toEqual(['applied']);
  });

  it('re-ranks when a day passes: turning 80 moves an applicant up', async () => {
    w.clock.advanceHours(24); // 2025-03-04: p8 turns 80
    expect(await rerankQueue(w.deps)).toBe(1);
    const queue = await listQueue(w.deps, w.users.weifang, { limit: 20 });
    const order = queue.items.map((e) => Object.entries(ids).find(([, id]) => id === e.id)?.[0]);
    // p8 and p3 are both 高龄 at level 2; p8 applied earlier (2025-01-20 before 2025-02-01).
    expect(order).toEqual(['p6', 'p5', 'p4', 'p8', 'p3', 'p7', 'p1', 'p2']);
  });

  it('refuses a second active application, an applicant without a valid assessment, and an undeclarable group', async () => {
    await expect(applyForBed(w.deps, w.users.weifang, { personId: (await getApplication(w.deps, w.users.weifang, ids.p1)).personId, bedType: 'nursing' })).rejects.toMatchObject({ code: 'ELDERCARE_APPLICATION_EXISTS' });
    const fresh = await w.person({ birthDate: '1950-01-01' });
    await expect(applyForBed(w.deps, w.users.weifang, { personId: fresh, bedType: 'nursing' })).rejects.toMatchObject({ code: 'ELDERCARE_ASSESSMENT_REQUIRED' });
    await expect(applyForBed(w.deps, w.users.weifang, { personId: fresh, bedType: 'nursing', declaredGroups: [{ group: 'destitute' as never, evidence: 'x' }] })).rejects.toMatchObject({ code: 'ELDERCARE_GROUP_NOT_DECLARABLE' });
    await expect(listQueue(w.deps, w.users.xuhui, { divisionCode: '310115000000' })).rejects.toMatchObject({ code: 'ACCESS_OUT_OF_JURISDICTION' });
  });

  it('offers a freed bed to the first applicant; a declined offer passes to the next; an accepted one admits', async () => {
    const home = await createFacility(w.deps, w.users.pudong, { kind: 'institution', name: '潍坊社区养老院', ownership: 'public', divisionCode: '310115004000', beds: [{ bedType: 'nursing', count: 1, basicGuarantee: true }] });
    // Only district and city staff run allocations; a refusal offers nothing.
    await expect(allocateBeds(w.deps, w.users.weifang)).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    const run = await allocateBeds(w.deps, w.users.pudong);
    expect(run.offers).toHaveLength(1);
    expect(run.offers[0]).toMatchObject({ applicationId: ids.p6, position: 1, crossDistrict: false });

    const declined = await declineOffer(w.deps, w.users.weifang, run.offers[0].offerId, { reason: '家属希望就近入住' });
    expect(declined.application).toMatchObject({ status: 'waiting', declines: 1 });
    expect(declined.application.offers.map((o) => o.status)).toEqual(['declined']);
    // p6 stays first in the queue but is not asked again for the bed they refused: p5 (second) gets it.
    expect(declined.passedOn.offers).toHaveLength(1);
    expect(declined.passedOn.offers[0]).toMatchObject({ applicationId: ids.p5, position: 2 });
    await expect(declineOffer(w.deps, w.users.weifang, run.offers[0].offerId, { reason: 'again' })).rejects.toMatchObject({ code: 'ELDERCARE_OFFER_CLOSED' });

    const admitted = await acceptOffer(w.deps, w.users.weifang, declined.passedOn.offers[0].offerId, { admittedOn: '2025-03-04' });
    expect(admitted).toMatchObject({ status: 'admitted', admittedOn: '2025-03-04' });
    const bed = await tables(w.deps).selectFrom('eldercare.beds').select('status').where('facility_id', '=', home.id).executeTakeFirstOrThrow();
    expect(bed.status).toBe('occupied');

    // Discharged later: the bed is free again and this time p6 (first) is asked again.
    const stay = await tables(w.deps).selectFrom('eldercare.stays').select('id').where('application_id', '=', ids.p5).executeTakeFirstOrThrow();
    w.clock.advanceHours(1);
    const out = await discharge(w.deps, w.users.pudong, stay.id, { reason: '转入医院长期治疗' });
    expect(out.passedOn?.offers[0]).toMatchObject({ applicationId: ids.p6, position: 1 });
  });

  it('an offer left unanswered past its time limit expires and goes to the next applicant', async () => {
    const open = await tables(w.deps).selectFrom('eldercare.offers').select(['id', 'application_id']).where('status', '=', 'open').execute();
    expect(open.map((o) => o.application_id)).toEqual([ids.p6]);
    w.clock.advanceHours(3 * 24 + 1); // offer time limit: 3 days (configured)
    const { expired, passedOn } = await expireOffers(w.deps);
    expect(expired).toEqual([open[0].id]);
    expect((await getApplication(w.deps, w.users.weifang, ids.p6)).declines).toBe(2);
    // p5 is admitted elsewhere (closed); next in order after p6 is p4.
    expect(passedOn?.offers[0]).toMatchObject({ applicationId: ids.p4 });
  });

  it('allocates across district boundaries only to applicants who allow it', async () => {
    const xuhuiHome = await createFacility(w.deps, w.users.xuhui, { kind: 'institution', name: '天平养老院', ownership: 'public_private', divisionCode: '310104003000', beds: [{ bedType: 'nursing', count: 2, basicGuarantee: true }] });
    // Only the two applicants who allow 徐汇 qualify: p7 (any district) and p1 (prefers 徐汇); p8, p3 (浦东 only) are passed over.
    await tables(w.deps).updateTable('eldercare.applications').set({ accept_any_district: true }).where('id', '=', ids.p7).execute();
    await tables(w.deps)
      .updateTable('eldercare.applications')
      .set({ preferred_districts: ['310104000000'] })
      .where('id', '=', ids.p1)
      .execute();
    const run = await allocateBeds(w.deps, w.users.xuhui);
    expect(run.bedsConsidered).toBe(2);
    expect(run.offers.map((o) => [o.applicationId, o.crossDistrict, o.facilityId])).toEqual([
      [ids.p7, true, xuhuiHome.id],
      [ids.p1, true, xuhuiHome.id],
    ]);
    // The 徐汇 staff answer for the 徐汇 bed; 浦东's caseworker sees the offer in the application.
    const detail = await getApplication(w.deps, w.users.weifang, ids.p7);
    expect(detail.offers.at(-1)).toMatchObject({ facilityName: '天平养老院', districtCode: '310104000000', status: 'open' });
  });

  it('follows a move within the city to the new street', async () => {
    const p2 = await getApplication(w.deps, w.users.weifang, ids.p2);
    await moveResidence(w.registry, w.users.pudong, p2.personId, { residenceDivision: TEST_COMMITTEES.lujiazui1, movedOn: '2025-03-05' });
    await w.dispatch();
    const moved = await getApplication(w.deps, w.users.pudong, ids.p2);
    expect(moved).toMatchObject({ divisionCode: TEST_COMMITTEES.lujiazui1, status: 'waiting' });
    expect(moved.log.at(-1)?.action).toBe('moved');
    // 潍坊's caseworker no longer holds it; 浦东's district staff still do.
    await expect(getApplication(w.deps, w.users.weifang, ids.p2)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a death ends the application and the stay; the freed bed is offered by the scheduler', async () => {
    const p7 = await getApplication(w.deps, w.users.weifang, ids.p7);
    const offer = p7.offers.at(-1)!;
    await acceptOffer(w.deps, w.users.xuhui, offer.id);
    await recordDeath(w.registry, w.users.pudong, p7.personId, { deathDate: '2025-03-08' });
    const p3 = await getApplication(w.deps, w.users.weifang, ids.p3);
    await recordDeath(w.registry, w.users.pudong, p3.personId, { deathDate: '2025-03-08' });
    await w.dispatch();
    expect((await getApplication(w.deps, w.users.weifang, ids.p3)).status).toBe('removed');
    const stay = await tables(w.deps).selectFrom('eldercare.stays').select(['discharged_on', 'discharge_reason', 'bed_id']).where('application_id', '=', ids.p7).executeTakeFirstOrThrow();
    expect(stay).toMatchObject({ discharged_on: '2025-03-08' });
    expect(stay.discharge_reason).toContain('死亡');
    const bed = await tables(w.deps).selectFrom('eldercare.beds').select('status').where('id', '=', stay.bed_id).executeTakeFirstOrThrow();
    expect(bed.status).toBe('free');
  });
});
