import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import { expiringAssessments, personAssessments, recordAssessment } from './assessments.js';
import { addBeds, createFacility, listFacilities } from './facilities.js';
import { eldercareFigures } from './figures.js';
import { setSetting } from './settings.js';
import { admit, discharge } from './stays.js';
import { openEldercareWorld, type EldercareWorld } from './testing.js';

let w: EldercareWorld;

beforeAll(async () => {
  w = await openEldercareWorld();
}, 120_000);
afterAll(async () => w?.close());

describe('beds and the figures computed from them', () => {
  it('computes the nursing-bed share and cognitive beds from the licensed beds, by district and for the city', async () => {
    // 浦东 institution: 30 nursing + 10 cognitive + 20 ordinary; 徐汇 institution: 10 nursing + 30 ordinary;
    // a family-care-bed station's 5 home beds are not 养老机构床位 and stay out of the share.
    const pudongHome = await createFacility(w.deps, w.users.pudong, {
      kind: 'institution',
      name: '浦东福利院',
      ownership: 'public',
      divisionCode: '310115004000',
      beds: [
        { bedType: 'nursing', count: 30, basicGuarantee: true },
        { bedType: 'cognitive', count: 10, basicGuarantee: false },
        { bedType: 'ordinary', count: 20, basicGuarantee: false },
      ],
      prices: [{ bedType: 'nursing', monthlyPriceFen: 480_000, basicGuaranteePriceFen: 350_000 }],
    });
    await createFacility(w.deps, w.users.xuhui, {
      kind: 'institution',
      name: '徐汇颐养院',
      ownership: 'private',
      divisionCode: '310104003000',
      beds: [
        { bedType: 'nursing', count: 10, basicGuarantee: false },
        { bedType: 'ordinary', count: 30, basicGuarantee: false },
      ],
    });
    await createFacility(w.deps, w.users.pudong, { kind: 'family_bed_station', name: '潍坊家庭照护床位服务站', ownership: 'private', divisionCode: '310115004000', beds: [{ bedType: 'nursing', count: 5, basicGuarantee: false }] });
    await createFacility(w.deps, w.users.pudong, { kind: 'meal_point', name: '潍坊长者食堂', ownership: 'public_private', divisionCode: '310115004001', mealPriceFen: 1_500 });

    const city = await eldercareFigures(w.deps, w.users.leader);
    // 护理型床位占比 = (30 + 10 nursing + 10 cognitive, counted as nursing by the setting) ÷ (60 + 40) = 50 / 100 = 50.0 %.
    expect(city.beds).toMatchObject({ nursing: 40, cognitive: 10, ordinary: 50, total: 100, basicGuarantee: 30, familyCareBeds: 5, nursingSharePercent: 50 });
    expect(city.targets.nursingShare).toMatchObject({ targetPercent: 60, actualPercent: 50, met: false, cognitiveCountedAsNursing: true });
    expect(city.targets.cognitiveBeds).toMatchObject({ target: 15_000, actual: 10, met: false, cityWide: true });
    expect(city).toMatchObject({ institutions: 2, mealPoints: 1 });
    // 浦东: (30 + 10) ÷ 60 = 66.7 %; 徐汇: 10 ÷ 40 = 25.0 %.
    expect(city.byDistrict.map((d) => [d.districtCode, d.nursingSharePercent])).toEqual([
      ['310104000000', 25],
      ['310115000000', 66.7],
    ]);
    const pudong = await eldercareFigures(w.deps, w.users.pudong);
    expect(pudong.targets.nursingShare).toMatchObject({ actualPercent: 66.7, met: true });
    await expect(eldercareFigures(w.deps, w.users.pudong, { divisionCode: '310104000000' })).rejects.toMatchObject({ code: 'ACCESS_OUT_OF_JURISDICTION' });

    // Counting cognitive beds apart (a dated setting): 40 ÷ 100 = 40.0 %.
    await setSetting(w.deps, w.users.admin, 'figures.cognitiveCountsAsNursing', { from: '2025-01-01', value: 0, verified: false, source: '按统计口径调整（测试）' });
    expect((await eldercareFigures(w.deps, w.users.leader)).beds.nursingSharePercent).toBe(40);

    // Occupancy follows admissions and discharges; a basic-guarantee bed cannot be entered directly.
    const resident = await w.person({ birthDate: '1938-08-08' });
    const cognitive = await w.t.db.kysely.withTables<import('./model.js').EldercareTables>().selectFrom('eldercare.beds').select(['id', 'basic_guarantee', 'bed_type']).where('facility_id', '=', pudongHome.id).orderBy('id').execute();
    const basicBed = cognitive.find((b) => b.basic_guarantee)!;
    const privateBed = cognitive.find((b) => b.bed_type === 'cognitive')!;
    await expect(admit(w.deps, w.users.weifang, { bedId: basicBed.id, personId: resident })).rejects.toMatchObject({ code: 'ELDERCARE_BASIC_BED_VIA_WAITLIST' });
    const stay = await admit(w.deps, w.users.weifang, { bedId: privateBed.id, personId: resident, admittedOn: '2025-02-01' });
    let listed = await listFacilities(w.deps, w.users.pudong, { kind: 'institution' });
    expect(listed.items[0].beds.cognitive).toMatchObject({ licensed: 10, occupied: 1, free: 9 });
    expect((await eldercareFigures(w.deps, w.users.leader)).beds.occupied).toBe(1);
    await discharge(w.deps, w.users.weifang, stay.id, { reason: '回家养老', dischargedOn: '2025-03-01' });
    listed = await listFacilities(w.deps, w.users.pudong, { kind: 'institution' });
    expect(listed.items[0].beds.cognitive).toMatchObject({ occupied: 0, free: 10 });

    await addBeds(w.deps, w.users.pudong, pudongHome.id, [{ bedType: 'cognitive', count: 5, basicGuarantee: false }]);
    expect((await eldercareFigures(w.deps, w.users.leader)).beds.cognitive).toBe(15);
    await expect(addBeds(w.deps, w.users.xuhui, pudongHome.id, [{ bedType: 'cognitive', count: 5, basicGuarantee: false }])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('老年照护统一需求评估', () => {
  it('is valid for two years, appears on the expiry list before it lapses, and expires', async () => {
    // Today is 2025-03-03. Assessed 2023-03-10: valid 24 months → to 2025-03-09 (the day before 2025-03-10).
    const person = await w.person({ birthDate: '1940-02-29' });
    const a = await recordAssessment(w.deps, w.users.weifang, { personId: person, level: 4, assessor: '浦东新区评估中心', assessedOn: '2023-03-10' });
    expect(a).toMatchObject({ validUntil: '2025-03-09', state: 'expiring', daysLeft: 6, qualifiesForLongTermCare: true, levelText: '照护四级' });
    const list = await expiringAssessments(w.deps, w.users.weifang, { state: 'expiring' });
    expect(list.items.map((i) => i.personId)).toContain(person);
    w.clock.advanceHours(7 * 24); // 2025-03-10
    expect((await expiringAssessments(w.deps, w.users.weifang, { state: 'expired' })).items.find((i) => i.personId === person)).toMatchObject({ state: 'expired', daysLeft: -1 });
    await expect(expiringAssessments(w.deps, w.users.xuhui, { divisionCode: '310115004000' })).rejects.toMatchObject({ code: 'ACCESS_OUT_OF_JURISDICTION' });

    // A reassessment replaces it. With the validity set to 36 months from 2025-01-01, an assessment of
    // 2025-03-01 runs to 2028-02-29 (2028 is a leap year: the day before 2028-03-01).
    await setSetting(w.deps, w.users.admin, 'assessment.validityMonths', { from: '2025-01-01', value: 36, verified: false, source: '测试：有效期调整' });
    const again = await recordAssessment(w.deps, w.users.weifang, { personId: person, level: 2, assessor: '浦东新区评估中心', assessedOn: '2025-03-01' });
    expect(again).toMatchObject({ validUntil: '2028-02-29', state: 'valid', levelText: '照护二级' });
    expect((await personAssessments(w.deps, w.users.weifang, person)).map((x) => x.level)).toEqual([2, 4]);
    expect((await expiringAssessments(w.deps, w.users.weifang)).items.find((i) => i.personId === person)).toBeUndefined();
    await expect(recordAssessment(w.deps, w.users.weifang, { personId: person, level: 3, assessor: 'x', assessedOn: '2024-01-01' })).rejects.toMatchObject({ code: 'ELDERCARE_ASSESSMENT_OUTDATED' });
    await expect(recordAssessment(w.deps, w.users.weifang, { personId: person, level: 7, assessor: 'x', assessedOn: '2025-03-01' })).rejects.toMatchObject({ code: 'ELDERCARE_INVALID_LEVEL' });
    await expect(recordAssessment(w.deps, w.users.advisor, { personId: person, level: 3, assessor: 'x', assessedOn: '2025-03-02' })).rejects.toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
  });
});

describe('elderly-care API', () => {
  let app: AppInstance;
  let pudong: TestUser;
  let leader: TestUser;

  beforeAll(async () => {
    app = await buildApp(w.t.ctx);
    const access = w.t.db.kysely.withTables<AccessTables>();
    pudong = await loginAs(app, access, 'pudong.api', 'district_staff', '310115000000');
    leader = await loginAs(app, access, 'leader.api', 'leader', '310000000000');
  });
  afterAll(async () => app?.close());

  it('registers a facility, refuses bad input with a Chinese message, and serves figures', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/v1/eldercare/facilities', headers: pudong.headers, payload: { kind: 'institution', name: '某院', ownership: 'public', divisionCode: '310115' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'ELDERCARE_INVALID_DIVISION' });
    expect(bad.json().message).toMatch(/街道/);
    const before = await app.inject({ method: 'GET', url: '/api/v1/eldercare/facilities', headers: pudong.headers });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/eldercare/facilities',
      headers: pudong.headers,
      payload: {
        kind: 'institution',
        name: '陆家嘴养老院',
        ownership: 'public_private',
        divisionCode: '310115005',
        mealPriceFen: null,
        beds: [{ bedType: 'nursing', count: 3, basicGuarantee: true }],
        prices: [{ bedType: 'nursing', monthlyPriceFen: 500_000, basicGuaranteePriceFen: null }],
      },
    });
    expect(created.statusCode).toBe(200);
    // A null in a JSON body stays null (not coerced to 0).
    expect(created.json()).toMatchObject({
      divisionCode: '310115005000',
      districtCode: '310115000000',
      mealPriceFen: null,
      totalBeds: { licensed: 3, basicGuarantee: 3, free: 3 },
      prices: [{ bedType: 'nursing', monthlyPriceFen: 500_000, basicGuaranteePriceFen: null }],
    });
    const stringly = await app.inject({ method: 'POST', url: '/api/v1/eldercare/facilities', headers: pudong.headers, payload: { kind: 'meal_point', name: '某食堂', ownership: 'public', divisionCode: '310115005', mealPriceFen: '1500' } });
    expect(stringly.statusCode).toBe(400);
    const after = await app.inject({ method: 'GET', url: '/api/v1/eldercare/facilities', headers: pudong.headers });
    expect(after.json().total).toBe(before.json().total + 1);
    const refused = await app.inject({ method: 'POST', url: '/api/v1/eldercare/facilities', headers: leader.headers, payload: { kind: 'day_care', name: '日托', ownership: 'public', divisionCode: '310115005000' } });
    expect(refused.statusCode).toBe(403);
    const figures = await app.inject({ method: 'GET', url: '/api/v1/eldercare/figures', headers: leader.headers });
    expect(figures.statusCode).toBe(200);
    expect(figures.json().targets.nursingShare.targetPercent).toBe(60);
    const settings = await app.inject({ method: 'GET', url: '/api/v1/eldercare/settings', headers: leader.headers });
    expect(settings.json().find((s: { name: string }) => s.name === 'waitlist.offerDays').current).toMatchObject({ value: 3, verified: false });
  });
});
