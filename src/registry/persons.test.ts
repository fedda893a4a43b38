import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInstance } from '../http/app.js';
import { makeIdNumber } from '../kernel/index.js';
import { openRegistryApi, type RegistryApi } from './api-harness.js';
import type { PersonView } from './index.js';
import { loginAs, newPerson, TEST_COMMITTEES, type TestUser } from './testing.js';

let api: RegistryApi;
let app: AppInstance;
let weifang: TestUser;
let lujiazui: TestUser;
let pudong: TestUser;
let leader: TestUser;

const db = () => api.db();

beforeAll(async () => {
  api = await openRegistryApi();
  ({ app, weifang, lujiazui } = api);
  pudong = await loginAs(app, db(), 'pudong', 'district_staff', '310115');
  leader = await loginAs(app, db(), 'leader', 'leader', '310000');
});
afterAll(async () => api?.close());

const post = (user: TestUser, url: string, payload: object) => api.post(user, url, payload);
const get = (user: TestUser, url: string) => api.get(user, url);
const register = async (user: TestUser, payload: object) => {
  const response = await post(user, '/persons', payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as PersonView;
};
const personCount = async () =>
  Number(
    (
      await db()
        .selectFrom('registry.persons')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const lastAudit = () => db().selectFrom('access.audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

describe('registering a person: ID numbers through the API', () => {
  it('accepts a valid number, derives sex and birth date, and answers with the number masked', async () => {
    const idNumber = makeIdNumber('310115', '1958-03-09', 124);
    const person = await register(weifang, { idNumber, name: '王秀英', hukouDivision: TEST_COMMITTEES.weifang1, residenceDivision: TEST_COMMITTEES.weifang1 });
    expect(person).toMatchObject({ sex: 'F', birthDate: '1958-03-09', laborCapacity: 'full', disability: null, deathDate: null, householdId: null });
    expect(person.idNumber).toBe(`310***********${idNumber.slice(-4)}`);
    expect(JSON.stringify(await lastAudit())).not.toContain(idNumber);
  });

  const cases: [string, string, string][] = [
    ['a wrong check digit', makeIdNumber('310115', '1970-01-01', 11).slice(0, 17) + (makeIdNumber('310115', '1970-01-01', 11).endsWith('0') ? '1' : '0'), '身份证号码校验码错误'],
    ['an impossible date (1999-02-30)', '31011519990230' + '0112', '身份证号码中的出生日期不是有效日期'],
    ['a future birth date', makeIdNumber('310115', '2999-01-01', 11), '身份证号码中的出生日期晚于今天'],
    ['a malformed number', '31011519700101001', '身份证号码格式错误：应为18位，前17位为数字，末位为数字或X'],
  ];
  it.each(cases)('refuses %s with REGISTRY_INVALID_ID_NUMBER and stores nothing', async (_label, idNumber, message) => {
    const before = await personCount();
    const response = await post(weifang, '/persons', { idNumber, name: '张三', hukouDivision: TEST_COMMITTEES.weifang1, residenceDivision: TEST_COMMITTEES.weifang1 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'REGISTRY_INVALID_ID_NUMBER', message });
    expect(await personCount()).toBe(before);
  });

  it('checks sex, birth date and divisions against the number and the tree', async () => {
    const base = newPerson();
    const mismatch = await post(weifang, '/persons', { ...base, sex: 'F' });
    expect(mismatch.json()).toMatchObject({ code: 'REGISTRY_SEX_MISMATCH' });
    expect((await post(weifang, '/persons', { ...base, birthDate: '1901-01-01' })).json()).toMatchObject({ code: 'REGISTRY_BIRTH_DATE_MISMATCH' });
    expect((await post(weifang, '/persons', { ...base, name: '  ' })).json()).toMatchObject({ code: 'REGISTRY_INVALID_NAME' });
    expect((await post(weifang, '/persons', { ...base, residenceDivision: '310115004999' })).json()).toMatchObject({ code: 'REGISTRY_UNKNOWN_DIVISION' });
    expect((await post(weifang, '/persons', { ...base, residenceDivision: '320102000000' })).json()).toMatchObject({ code: 'REGISTRY_DIVISION_OUTSIDE_SHANGHAI' });
    // A migrant: hukou in 南京市玄武区, living in 潍坊.
    const migrant = await register(weifang, { ...newPerson({ addressCode: '320102' }), hukouDivision: '320102000000' });
    expect(migrant.hukouDivision).toBe('320102000000');
  });

  it('refuses a second registration of the same number with 409', async () => {
    const input = newPerson();
    await register(weifang, input);
    const again = await post(weifang, '/persons', input);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'REGISTRY_DUPLICATE_ID_NUMBER' });
  });
});

describe('jurisdiction', () => {
  it('refuses a caseworker of another street with 404 and audits the refusal', async () => {
    const person = await register(weifang, newPerson());
    const response = await get(lujiazui, `/persons/${person.id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(await lastAudit()).toMatchObject({ actor_username: 'lujiazui', action: 'registry.person.read', entity_type: 'person', entity_id: String(person.id), result: 'denied' });
    expect((await get(pudong, `/persons/${person.id}`)).statusCode).toBe(200);
  });

  it('lets only registry roles in: no session 401, a read-only role may not write, an auditor may not read', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/persons' })).json()).toMatchObject({ code: 'AUTH_REQUIRED' });
    const byLeader = await post(leader, '/persons', newPerson());
    expect(byLeader.statusCode).toBe(403);
    expect(byLeader.json()).toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    expect(await lastAudit()).toMatchObject({ actor_username: 'leader', action: 'registry.person.create', result: 'denied' });
    const auditor = await loginAs(app, db(), 'auditor', 'auditor', '310000');
    expect((await get(auditor, '/persons')).statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ actor_username: 'auditor', action: 'registry.person.list', result: 'denied' });
  });

  it('refuses to register a person outside the jurisdiction, audited, and stores nothing', async () => {
    const before = await personCount();
    const response = await post(lujiazui, '/persons', newPerson());
    expect(response.statusCode).toBe(404);
    expect(await personCount()).toBe(before);
    expect(await lastAudit()).toMatchObject({ actor_username: 'lujiazui', action: 'registry.person.create', result: 'denied' });
  });
});

describe('masking and reveal', () => {
  it('reveals the number only with pii.reveal and a purpose, and audits the purpose', async () => {
    const input = newPerson();
    const person = await register(weifang, input);
    expect((await get(weifang, `/persons/${person.id}`)).json()).toMatchObject({ idNumber: `310***********${input.idNumber.slice(-4)}` });

    const noPurpose = await get(weifang, `/persons/${person.id}?revealIdNumber=true`);
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json()).toMatchObject({ code: 'REGISTRY_PURPOSE_REQUIRED' });

    // Free text is no longer a purpose: a code from the fixed list, with an optional reference.
    const freeText = await get(weifang, `/persons/${person.id}?revealIdNumber=true&purpose=${encodeURIComponent('低保申请核对')}`);
    expect(freeText.statusCode).toBe(400);
    expect(await lastAudit()).toMatchObject({ actor_username: 'weifang', action: 'http.validation_failed', result: 'denied' });

    const revealed = await get(weifang, `/persons/${person.id}?revealIdNumber=true&purpose=eligibility_check&purposeRef=DB-2025-017`);
    expect(revealed.json()).toMatchObject({ idNumber: input.idNumber });
    expect(await lastAudit()).toMatchObject({ actor_username: 'weifang', action: 'registry.person.reveal_id_number', entity_id: String(person.id), purpose: '家庭经济状况核对：DB-2025-017', result: 'ok' });

    const refused = await get(leader, `/persons/${person.id}?revealIdNumber=true&purpose=eligibility_check`);
    expect(refused.statusCode).toBe(403);
    expect(await lastAudit()).toMatchObject({ actor_username: 'leader', action: 'registry.person.reveal_id_number', purpose: '家庭经济状况核对', result: 'denied' });
  });
});

describe('listing persons', () => {
  it('pages by id within the jurisdiction, one audit entry per page naming the ids', async () => {
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await register(weifang, newPerson({ name: `翻页${i}` })));
    const theirs = await register(lujiazui, newPerson({ residenceDivision: TEST_COMMITTEES.lujiazui1 }));
    // Registered in 潍坊, living in 陆家嘴 (人户分离): both streets see the person.
    const split = await register(lujiazui, newPerson({ hukouDivision: TEST_COMMITTEES.weifang2, residenceDivision: TEST_COMMITTEES.lujiazui1 }));

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(weifang, `/persons?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json() as { items: PersonView[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const p of page.items) expect(p.idNumber).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
      const audit = await lastAudit();
      expect(audit).toMatchObject({ action: 'registry.person.list', result: 'ok' });
      expect((audit.detail as { ids: number[] }).ids).toEqual(page.items.map((p) => p.id));
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen).toEqual(expect.arrayContaining([...mine.map((p) => p.id), split.id]));
    expect(seen).not.toContain(theirs.id);

    const lujiazuiIds = ((await get(lujiazui, '/persons?limit=500')).json() as { items: PersonView[] }).items.map((p) => p.id);
    expect(lujiazuiIds).toEqual([theirs.id, split.id]);

    const byName = (await get(weifang, `/persons?q=${encodeURIComponent('翻页3')}`)).json() as { items: PersonView[] };
    expect(byName.items.map((p) => p.id)).toEqual([mine[3].id]);
  });

  it('finds a person by the full ID number and never writes the number to the audit log', async () => {
    const input = newPerson();
    const person = await register(weifang, input);
    const page = (await get(weifang, `/persons?q=${input.idNumber}`)).json() as { items: PersonView[] };
    expect(page.items.map((p) => p.id)).toEqual([person.id]);
    expect(JSON.stringify(await lastAudit())).not.toContain(input.idNumber);
    expect(((await get(lujiazui, `/persons?q=${input.idNumber}`)).json() as { items: PersonView[] }).items).toEqual([]);
  });

  it('narrows a division filter to the jurisdiction and refuses one outside it (audited)', async () => {
    const outside = await get(weifang, '/persons?divisionCode=310115005');
    expect(outside.statusCode).toBe(404);
    expect(await lastAudit()).toMatchObject({ actor_username: 'weifang', action: 'registry.person.list', result: 'denied' });
    const committee = (await get(pudong, `/persons?divisionCode=${TEST_COMMITTEES.lujiazui1}&limit=500`)).json() as { items: PersonView[] };
    expect(committee.items.length).toBeGreaterThan(0);
    for (const p of committee.items) expect([p.hukouDivision, p.residenceDivision]).toContain(TEST_COMMITTEES.lujiazui1);
    expect((await get(weifang, '/persons?cursor=bm9wZQ')).json()).toMatchObject({ code: 'REGISTRY_INVALID_CURSOR' });
  });
});

describe('changes to a person', () => {
  it('records a death once and emits registry.person.died', async () => {
    const person = await register(weifang, newPerson());
    const died = await post(weifang, `/persons/${person.id}/death`, { deathDate: '2024-03-05' });
    expect(died.statusCode, died.body).toBe(200);
    expect(died.json()).toMatchObject({ deathDate: '2024-03-05' });
    const event = await db().selectFrom('core.outbox').selectAll().where('topic', '=', 'registry.person.died').where('key', '=', String(person.id)).executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ personId: person.id, deathDate: '2024-03-05' });
    expect((await post(weifang, `/persons/${person.id}/death`, { deathDate: '2024-03-06' })).json()).toMatchObject({ code: 'REGISTRY_PERSON_ALREADY_DEAD' });
    expect((await post(lujiazui, `/persons/${person.id}/death`, { deathDate: '2024-03-06' })).statusCode).toBe(404);
  });

  it('records disability, labour capacity and a move, each audited with an event', async () => {
    const person = await register(weifang, newPerson());
    const disabled = await post(weifang, `/persons/${person.id}/disability`, { disability: { grade: 2, category: '肢体' } });
    expect(disabled.json()).toMatchObject({ disability: { grade: 2, category: '肢体' } });
    expect((await post(weifang, `/persons/${person.id}/disability`, { disability: { grade: 2, category: '其他' } })).json()).toMatchObject({ code: 'REGISTRY_INVALID_DISABILITY' });
    expect((await post(weifang, `/persons/${person.id}/labor-capacity`, { laborCapacity: 'none' })).json()).toMatchObject({ laborCapacity: 'none' });
    const moved = await post(weifang, `/persons/${person.id}/moves`, { residenceDivision: TEST_COMMITTEES.lujiazui1, movedOn: '2024-06-01' });
    expect(moved.json()).toMatchObject({ residenceDivision: TEST_COMMITTEES.lujiazui1, hukouDivision: TEST_COMMITTEES.weifang1 });
    expect(await lastAudit()).toMatchObject({ action: 'registry.person.move', entity_id: String(person.id), result: 'ok' });
    const topics = (await db().selectFrom('core.outbox').select('topic').where('key', '=', String(person.id)).orderBy('id').execute()).map((e) => e.topic);
    expect(topics).toEqual(['registry.person.registered', 'registry.person.disability_changed', 'registry.person.labor_capacity_changed', 'registry.person.moved']);
  });
});
