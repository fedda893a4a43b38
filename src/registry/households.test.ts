import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../kernel/index.js';
import { ok, openRegistryApi, type RegistryApi } from './api-harness.js';
import { renameOrCloseDivision, seedDivisions, SHANGHAI_CITY, SHANGHAI_DISTRICTS, SHANGHAI_STREETS, type HouseholdView, type PersonView } from './index.js';
import { newPerson, TEST_COMMITTEES, type TestUser } from './testing.js';

let api: RegistryApi;
let weifang: TestUser;
let lujiazui: TestUser;

const db = () => api.db();

beforeAll(async () => {
  api = await openRegistryApi();
  ({ weifang, lujiazui } = api);
});
afterAll(async () => api?.close());

const post = (user: TestUser, url: string, payload: object) => api.post(user, url, payload);
const get = (user: TestUser, url: string) => api.get(user, url);

describe('divisions', () => {
  it('answers a division with its current children for 6-, 9- and 12-digit codes', async () => {
    const pudong = await ok<{ name: string; level: string; children: { code: string }[] }>(get(weifang, '/divisions/310115'));
    expect(pudong).toMatchObject({ name: '浦东新区', level: 'district', parentCode: '310000000000' });
    expect(pudong.children.map((c) => c.code)).toContain('310115004000');
    const street = await ok<{ name: string; children: { code: string }[] }>(get(weifang, '/divisions/310115004'));
    expect(street.name).toBe('潍坊新村街道');
    expect(street.children.map((c) => c.code)).toEqual([TEST_COMMITTEES.weifang1, TEST_COMMITTEES.weifang2]);
    expect((await get(weifang, '/divisions/310115004000')).statusCode).toBe(200);
    expect((await get(weifang, '/divisions/310199')).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await get(weifang, '/divisions/31011')).json()).toMatchObject({ code: 'REGISTRY_INVALID_DIVISION_CODE' });
  });

  it('seeds idempotently and keeps history through a rename and a closure', async () => {
    const tree = { city: SHANGHAI_CITY, districts: SHANGHAI_DISTRICTS, streets: SHANGHAI_STREETS, validFrom: '2000-01-01' };
    expect(await seedDivisions(db(), { ...tree, committees: [{ code: '310104003009', name: '旧名居委会', kind: '居委会' }] })).toEqual({ inserted: 1 });
    expect(await seedDivisions(db(), tree)).toEqual({ inserted: 0 });
    await renameOrCloseDivision(db(), { code: '310104003009', on: '2020-01-01', name: '新名居委会' });
    expect(await ok(get(weifang, '/divisions/310104003009'))).toMatchObject({ name: '新名居委会', validFrom: '2020-01-01', validTo: null });
    expect(await ok(get(weifang, '/divisions/310104003009?on=2019-12-31'))).toMatchObject({ name: '旧名居委会', validTo: '2020-01-01' });
    await renameOrCloseDivision(db(), { code: '310104003009', on: '2021-01-01' });
    expect((await get(weifang, '/divisions/310104003009')).statusCode).toBe(404);
    const street = await ok<{ children: { code: string }[] }>(get(weifang, '/divisions/310104003'));
    expect(street.children.map((c) => c.code)).not.toContain('310104003009');
  });
});

describe('households', () => {
  it('keeps members over time: as-of lists, history, one household and one head at a time', async () => {
    const head = await ok<PersonView>(post(weifang, '/persons', newPerson()), 201);
    const spouse = await ok<PersonView>(post(weifang, '/persons', newPerson({ sex: 'F' })), 201);
    const child = await ok<PersonView>(post(weifang, '/persons', newPerson({ birthDate: '2010-02-03' })), 201);
    expect((await post(weifang, '/households', { divisionCode: '310115004' })).json()).toMatchObject({ code: 'REGISTRY_WRONG_DIVISION_LEVEL' });
    const household = await ok<HouseholdView>(post(weifang, '/households', { divisionCode: TEST_COMMITTEES.weifang1, address: '潍坊路1号' }), 201);

    await ok(post(weifang, `/households/${household.id}/members`, { personId: head.id, relation: 'head', since: '2020-01-01' }), 201);
    await ok(post(weifang, `/households/${household.id}/members`, { personId: spouse.id, relation: 'spouse', since: '2020-01-01' }), 201);
    await ok(post(weifang, `/households/${household.id}/members`, { personId: child.id, relation: 'child', since: '2022-05-01' }), 201);
    expect((await post(weifang, `/households/${household.id}/members`, { personId: spouse.id, relation: 'head', since: '2023-01-01' })).statusCode).toBe(409);
    const other = await ok<HouseholdView>(post(weifang, '/households', { divisionCode: TEST_COMMITTEES.weifang2 }), 201);
    const clash = await post(weifang, `/households/${other.id}/members`, { personId: child.id, relation: 'head', since: '2023-06-01' });
    expect(clash.json()).toMatchObject({ code: 'REGISTRY_MEMBERSHIP_OVERLAP' });

    await ok(post(weifang, `/households/${household.id}/members/${child.id}/end`, { until: '2024-01-01' }));
    expect((await post(weifang, `/households/${household.id}/members/${child.id}/end`, { until: '2024-02-01' })).statusCode).toBe(404);
    await ok(post(weifang, `/households/${other.id}/members`, { personId: child.id, relation: 'head', since: '2024-01-01' }), 201);

    const ids = (h: HouseholdView) => h.members.map((m) => m.id);
    expect(ids(await ok<HouseholdView>(get(weifang, `/households/${household.id}?asOf=2021-01-01`)))).toEqual([head.id, spouse.id]);
    const in2023 = await ok<HouseholdView>(get(weifang, `/households/${household.id}?asOf=2023-01-01`));
    expect(ids(in2023)).toEqual([head.id, spouse.id, child.id]);
    expect(in2023.members[2]).toMatchObject({ relation: 'child', since: '2022-05-01', until: '2024-01-01', householdId: household.id });
    for (const m of in2023.members) expect(m.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    const today = await ok<HouseholdView>(get(weifang, `/households/${household.id}`));
    expect(ids(today)).toEqual([head.id, spouse.id]);
    expect(await ok(get(weifang, `/persons/${child.id}`))).toMatchObject({ householdId: other.id });

    const history = await ok<{ personId: number; until: string | null }[]>(get(weifang, `/households/${household.id}/memberships`));
    expect(history.map((m) => [m.personId, m.until])).toEqual([
      [head.id, null],
      [spouse.id, null],
      [child.id, '2024-01-01'],
    ]);

    expect((await get(lujiazui, `/households/${household.id}`)).statusCode).toBe(404);
    const audit = await db().selectFrom('access.audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_username: 'lujiazui', action: 'registry.household.read', entity_id: String(household.id), result: 'denied' });
  });
});

describe('人户分离 households', () => {
  it("are read by the street of a member's household registration too, and changed only by the residence street", async () => {
    // Lives in 潍坊一村 (潍坊新村街道); the head's 户籍 is in 梅园一村 (陆家嘴街道).
    const head = await ok<PersonView>(post(weifang, '/persons', newPerson({ residenceDivision: TEST_COMMITTEES.weifang1, hukouDivision: TEST_COMMITTEES.lujiazui1 })), 201);
    const household = await ok<HouseholdView>(post(weifang, '/households', { divisionCode: TEST_COMMITTEES.weifang1 }), 201);
    await ok(post(weifang, `/households/${household.id}/members`, { personId: head.id, relation: 'head', since: '2020-01-01' }), 201);
    for (const url of [`/households/${household.id}`, `/households/${household.id}/memberships`, `/households/${household.id}/facts`, `/households/${household.id}/policy-input?month=2025-03`]) {
      expect((await get(lujiazui, url)).statusCode, url).toBe(200);
    }
    const spouse = await ok<PersonView>(post(weifang, '/persons', newPerson({ sex: 'F' })), 201);
    expect((await post(lujiazui, `/households/${household.id}/members`, { personId: spouse.id, relation: 'spouse', since: '2021-01-01' })).statusCode).toBe(404);
    // Once the member from 陆家嘴 has left, the household is 潍坊's alone.
    await ok(post(weifang, `/households/${household.id}/members/${head.id}/end`, { until: '2024-01-01' }));
    expect((await get(lujiazui, `/households/${household.id}`)).statusCode).toBe(404);
  });
});

describe('organisations', () => {
  it('checks the credit code (GB 32100), refuses duplicates and lists by division', async () => {
    const creditCode = makeCreditCode('5231011550000000');
    const org = await ok<{ id: number }>(post(weifang, '/organisations', { creditCode, name: '潍坊社区养老服务中心', kind: '民办非企业单位', divisionCode: TEST_COMMITTEES.weifang1 }), 201);
    const wrong = creditCode.slice(0, 17) + (creditCode.endsWith('0') ? '1' : '0');
    const bad = await post(weifang, '/organisations', { creditCode: wrong, name: '错码机构', kind: '社会团体', divisionCode: TEST_COMMITTEES.weifang1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'REGISTRY_INVALID_CREDIT_CODE' });
    expect((await post(weifang, '/organisations', { creditCode, name: '重复', kind: '民办非企业单位', divisionCode: TEST_COMMITTEES.weifang1 })).statusCode).toBe(409);
    // GB 32100 authority: a 52 (民办非企业单位) code for a 社会团体 names position 2; a district's code for a foundation positions 3–8.
    const asGroup = await post(weifang, '/organisations', { creditCode: makeCreditCode('5231011550000001'), name: '错类社团', kind: '社会团体', divisionCode: TEST_COMMITTEES.weifang1 });
    expect(asGroup.statusCode).toBe(400);
    expect(asGroup.json()).toMatchObject({ code: 'REGISTRY_CREDIT_CODE_AUTHORITY', message: '统一社会信用代码第2位（机构类别代码）应为“1”，实为“2”' });
    const districtFoundation = await post(weifang, '/organisations', { creditCode: makeCreditCode('5331011550000001'), name: '区级基金会', kind: '基金会', divisionCode: TEST_COMMITTEES.weifang1 });
    expect(districtFoundation.statusCode).toBe(400);
    expect(districtFoundation.json()).toMatchObject({ message: '统一社会信用代码第3–8位（登记管理机关行政区划码）应为“310000”，实为“310115”' });
    const list = await ok<{ items: { id: number }[] }>(get(weifang, '/organisations?divisionCode=310115004'));
    expect(list.items.map((o) => o.id)).toEqual([org.id]);
    expect((await ok<{ items: unknown[] }>(get(lujiazui, '/organisations'))).items).toEqual([]);
    expect((await get(lujiazui, `/organisations/${org.id}`)).statusCode).toBe(404);
  });
});
