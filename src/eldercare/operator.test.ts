/** Institution staff: a login for the organisation that runs a facility, acting for its own facilities only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type AccessTables, type Actor } from '../access/index.js';
import { makeCreditCode } from '../kernel/index.js';
import { createOrganisation } from '../registry/index.js';
import { recordInspection } from './inspections.js';
import { createFacility } from './facilities.js';
import { recordMeal } from './meals.js';
import { recordPrepaidReport } from './prepaid.js';
import { rectifyFinding, verifyFinding } from './rectification.js';
import { admit, discharge, facilityResidents } from './stays.js';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from './testing.js';
import { listQueue } from './waitlist.js';

let w: EldercareWorld;
let staff: Actor;
let own: { home: number; freeBed: number; mealPoint: number };
let other: { home: number; freeBed: number };

beforeAll(async () => {
  w = await openEldercareWorld();
  const operator = await createOrganisation(w.registry, w.users.pudong, { creditCode: makeCreditCode('5231011550000123'), name: '潍坊颐养服务中心', kind: '民办非企业单位', divisionCode: '310115004000' });
  const home = await createFacility(w.deps, w.users.pudong, {
    kind: 'institution',
    name: '潍坊颐养院',
    ownership: 'private',
    organisationId: operator.id,
    divisionCode: '310115004000',
    beds: [{ bedType: 'ordinary', count: 2, basicGuarantee: false }],
  });
  const mealPoint = await createFacility(w.deps, w.users.pudong, { kind: 'meal_point', name: '潍坊颐养食堂', ownership: 'private', organisationId: operator.id, divisionCode: '310115004000', mealPriceFen: 1_500 });
  const elsewhere = await createFacility(w.deps, w.users.pudong, { kind: 'institution', name: '潍坊福利院', ownership: 'public', divisionCode: '310115004000', beds: [{ bedType: 'ordinary', count: 1, basicGuarantee: false }] });
  const bedOf = async (facilityId: number) =>
    (await w.t.db.kysely.withTables<import('./model.js').EldercareTables>().selectFrom('eldercare.beds').select('id').where('facility_id', '=', facilityId).orderBy('id').executeTakeFirstOrThrow()).id;
  own = { home: home.id, freeBed: await bedOf(home.id), mealPoint: mealPoint.id };
  other = { home: elsewhere.id, freeBed: await bedOf(elsewhere.id) };
  const user = await createUser(w.t.db.kysely.withTables<AccessTables>(), null, {
    username: 'yiyang.staff',
    displayName: '颐养院 前台',
    role: 'institution_staff',
    jurisdiction: '310115004000',
    password: 'test-pass-123',
    organisationId: operator.id,
  });
  staff = { userId: user.id, username: user.username, displayName: user.displayName, role: 'institution_staff', jurisdiction: user.jurisdiction, organisationId: operator.id };
}, 120_000);
afterAll(async () => w?.close());

describe('institution staff', () => {
  it('must name the organisation they work for, and only they may', async () => {
    const access = w.t.db.kysely.withTables<AccessTables>();
    await expect(createUser(access, null, { username: 'no.org', displayName: 'x', role: 'institution_staff', jurisdiction: '310115004000', password: 'test-pass-123' })).rejects.toMatchObject({ code: 'USER_ORGANISATION_MISMATCH' });
    await expect(createUser(access, null, { username: 'cw.org', displayName: 'x', role: 'street_caseworker', jurisdiction: '310115004000', password: 'test-pass-123', organisationId: 1 })).rejects.toMatchObject({
      code: 'USER_ORGANISATION_MISMATCH',
    });
  });

  it('admit and discharge residents of their own home — a resident from another district included — and no one else’s', async () => {
    const fromXuhui = await w.person({ birthDate: '1941-04-04', committee: TEST_COMMITTEES.tianping1 });
    const stay = await admit(w.deps, staff, { bedId: own.freeBed, personId: fromXuhui, admittedOn: '2025-03-01' });
    expect((await facilityResidents(w.deps, staff, own.home)).map((s) => s.personId)).toEqual([fromXuhui]);
    const another = await w.person({ birthDate: '1942-02-02' });
    await expect(admit(w.deps, staff, { bedId: other.freeBed, personId: another })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    await expect(facilityResidents(w.deps, staff, other.home)).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    await discharge(w.deps, staff, stay.id, { reason: '家属接回', dischargedOn: '2025-03-02' });
    expect(await facilityResidents(w.deps, staff, own.home)).toEqual([]);
    // They see no one's application or queue.
    await expect(listQueue(w.deps, staff)).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });

  it('record meals at their meal point and report their prepaid fees and rectifications; supervisors verify', async () => {
    const diner = await w.person({ birthDate: '1943-03-03' });
    expect(await recordMeal(w.deps, staff, { mealPointId: own.mealPoint, personId: diner, servedOn: '2025-03-03', meal: 'lunch' })).toMatchObject({ priceFen: 1_500 });
    await recordPrepaidReport(w.deps, staff, own.home, '2025-02', { collectedFen: 100_000, refundedFen: 0, balanceFen: 500_000, escrowFen: 500_000 });
    await expect(recordPrepaidReport(w.deps, staff, other.home, '2025-02', { collectedFen: 0, refundedFen: 0, balanceFen: 0, escrowFen: 0 })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    const inspection = await recordInspection(w.deps, w.users.pudong, {
      requestId: 'operator-test-1',
      facilityId: own.home,
      inspectedOn: '2025-03-03',
      kind: 'routine',
      inspectors: '区民政局',
      findings: [{ category: 'fire', severity: 'minor', description: '灭火器过期' }],
    });
    const finding = inspection.findings[0].id;
    expect(await rectifyFinding(w.deps, staff, finding, { rectifiedOn: '2025-03-03', measures: '已更换灭火器' })).toMatchObject({ status: 'rectified' });
    await expect(verifyFinding(w.deps, staff, finding, { verifiedOn: '2025-03-03', note: '自行销号' })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    expect(await verifyFinding(w.deps, w.users.pudong, finding, { verifiedOn: '2025-03-03', note: '现场复核通过' })).toMatchObject({ status: 'verified' });
  });
});
