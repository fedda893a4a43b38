import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEldercareWorld, TEST_COMMITTEES, type EldercareWorld } from '../eldercare/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import { addWorker, endWorker, listWorkers, rosterFigures, type CommunityDeps } from './roster.js';

let w: EldercareWorld;
let deps: CommunityDeps;
let app: AppInstance;
let weifang: TestUser;
let leader: TestUser;

beforeAll(async () => {
  w = await openEldercareWorld(); // clock 2025-03-03
  deps = { db: w.t.ctx.db, vault: w.vault, now: () => w.clock.now() };
  app = await buildApp(w.t.ctx);
  weifang = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'roster.weifang', 'street_caseworker', '310115004000');
  leader = await loginAs(app, w.t.ctx.db.kysely.withTables(), 'roster.leader', 'leader', '310000000000');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await w?.close();
});

const worker = (personId: number, divisionCode: string, startOn: string, extra: { endOn?: string; certificate?: 'none' | 'assistant' } = {}) =>
  addWorker(deps, w.users.weifang, { personId, divisionCode, post: '社区工作者', startOn, education: 'bachelor', ...extra });

describe('社区工作者 roster', () => {
  it('gives households per worker against the quota and lists the under-staffed committees', async () => {
    // 潍坊一村: 4 households (each person below has one of their own); 潍坊二村: 2 households, no worker.
    const p = [];
    for (let i = 0; i < 4; i++) p.push(await w.person({ birthDate: `198${i}-03-01` }));
    await w.person({ committee: TEST_COMMITTEES.weifang2 });
    await w.person({ committee: TEST_COMMITTEES.weifang2 });
    await worker(p[0], TEST_COMMITTEES.weifang1, '2020-01-01', { certificate: 'assistant' });
    await worker(p[1], TEST_COMMITTEES.weifang1, '2021-01-01', { endOn: '2024-12-31' });
    const figures = await rosterFigures(deps, w.users.weifang, {});
    // On 2025-03-03 one worker is in post (the second left on 2024-12-31): certified 1 of 1 = 100 %; born 1980-03-01 → 45 on 2025-03-03.
    expect(figures).toMatchObject({ headcount: 1, certified: 1, certifiedPercent: 100, averageAge: 45, quota: { householdsPerWorker: 300, verified: false } });
    // Quota 300 households per worker: 潍坊一村 4 ÷ 1 = 4.0, needs ⌈4/300⌉ = 1, has 1; 潍坊二村 needs 1, has 0 → under-staffed.
    expect(figures.committees).toEqual([
      expect.objectContaining({ committeeCode: TEST_COMMITTEES.weifang1, households: 4, workers: 1, householdsPerWorker: 4, required: 1, understaffed: false }),
      expect.objectContaining({ committeeCode: TEST_COMMITTEES.weifang2, households: 2, workers: 0, householdsPerWorker: null, required: 1, understaffed: true }),
    ]);
    // As on 2024-06-30 both were in post: 2 workers, 1 certified = 50 %.
    expect(await rosterFigures(deps, w.users.weifang, { on: '2024-06-30' })).toMatchObject({ headcount: 2, certifiedPercent: 50 });
    const list = await listWorkers(deps, w.users.weifang, {});
    expect(list.items.map((i) => [i.committeeName, i.certificateName])).toEqual([['潍坊一村居委会', '助理社会工作师']]);
  });

  it('refuses overlapping periods, malformed codes and committees not in force on the start date', async () => {
    const person = await w.person({ birthDate: '1988-01-01' });
    await worker(person, TEST_COMMITTEES.weifang1, '2022-01-01', { endOn: '2022-12-31' });
    await expect(worker(person, TEST_COMMITTEES.weifang2, '2022-12-31')).rejects.toMatchObject({ code: 'COMMUNITY_ROSTER_OVERLAP' });
    await expect(worker(person, '31011500400', '2023-01-01')).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_DIVISION_CODE' });
    // The test committees are in force from 2000-01-01.
    await expect(worker(person, TEST_COMMITTEES.weifang2, '1999-06-01')).rejects.toMatchObject({ code: 'COMMUNITY_DIVISION_NOT_IN_FORCE' });
    await expect(worker(person, TEST_COMMITTEES.weifang2, '2023-01-01', { endOn: '2022-06-01' })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_PERIOD' });
    // The day after the first period ends is free.
    const next = await worker(person, TEST_COMMITTEES.weifang2, '2023-01-01');
    await expect(endWorker(deps, w.users.weifang, next.id, '2022-12-01')).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_PERIOD' });
  });

  it('lets a street caseworker edit only her street, and a leader read figures but not the roster', async () => {
    const xuhuiPerson = await w.person({ committee: TEST_COMMITTEES.tianping1, birthDate: '1990-01-01' });
    const add = await app.inject({
      method: 'POST',
      url: '/api/v1/community/workers',
      headers: weifang.headers,
      payload: { personId: xuhuiPerson, divisionCode: TEST_COMMITTEES.tianping1, post: '社区工作者', startOn: '2024-01-01', education: 'college' },
    });
    expect(add.statusCode).toBe(404);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/community/workers', headers: weifang.headers, payload: { personId: xuhuiPerson, divisionCode: 'abc', post: '社区工作者', startOn: '2024-01-01', education: 'college' } });
    expect([bad.statusCode, (bad.json() as { code: string }).code]).toEqual([400, 'COMMUNITY_INVALID_DIVISION_CODE']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/community/workers', headers: leader.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/community/workers/figures', headers: leader.headers })).statusCode).toBe(200);
  });

  it('pages the roster by keyset: pages of one walk the whole list in its order; a bad cursor or limit is refused', async () => {
    const all = await listWorkers(deps, w.users.weifang, { all: true });
    expect(all.next).toBeNull();
    expect(all.items.length).toBeGreaterThan(2);
    const walked: number[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const got = await listWorkers(deps, w.users.weifang, { all: true, limit: 1, after });
      walked.push(...got.items.map((i) => i.id));
      if (!got.next) break;
      after = got.next;
    }
    expect(walked).toEqual(all.items.map((i) => i.id));
    const two = await listWorkers(deps, w.users.weifang, { all: true, limit: 2 });
    expect(two.items.map((i) => i.id)).toEqual(all.items.slice(0, 2).map((i) => i.id));
    expect(two.next).toMatch(/^[0-9]{12}\.([0-9]{12})?\.[0-9]+$/);
    await expect(listWorkers(deps, w.users.weifang, { all: true, limit: 1, after: 'x' })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_CURSOR' });
    await expect(listWorkers(deps, w.users.weifang, { all: true, limit: 0 })).rejects.toMatchObject({ code: 'COMMUNITY_INVALID_LIMIT' });
  });
});
