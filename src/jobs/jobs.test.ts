/**
 * 任务中心 on the server: the jobs a user starts (screening, simulation, department import) are listed for that
 * user in any session, never for anyone else; who may and who may not call each endpoint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { createHousehold, registerPerson, addMember, IdVault, type RegistryTables } from '../registry/index.js';
import { loginAs, newPerson, seedTestDivisions, TEST_COMMITTEES, type TestUser } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { recordJob, type JobPage } from './index.js';

let t: TestDatabase;
let app: AppInstance;
let admin: TestUser;
let adminElsewhere: TestUser;
let pudong: TestUser;
let advisor: TestUser;
let personId: number;

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: user?.headers ?? {}, ...(payload ? { payload } : {}) });
const jobsOf = async (user: TestUser, query = ''): Promise<JobPage> => {
  const response = await call(user, 'GET', `/jobs${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as JobPage;
};

/** A second session of the same user, as from another browser. */
async function anotherSession(user: TestUser): Promise<TestUser> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.actor.username, password: 'test-pass-123' } });
  expect(response.statusCode).toBe(200);
  const token = (response.json() as { token: string }).token;
  expect(token).not.toBe(user.token);
  return { ...user, token, headers: { authorization: `Bearer ${token}` } };
}

beforeAll(async () => {
  t = await openTestDatabase();
  const registry = t.db.kysely.withTables<RegistryTables>();
  await seedTestDivisions(registry);
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  const access = t.db.kysely.withTables<AccessTables>();
  admin = await loginAs(app, access, 'jobs.admin', 'city_admin', '310000000000');
  adminElsewhere = await loginAs(app, access, 'jobs.admin2', 'city_admin', '310000000000');
  pudong = await loginAs(app, access, 'jobs.pudong', 'district_staff', '310115000000');
  advisor = await loginAs(app, access, 'jobs.adv', 'community_advisor', TEST_COMMITTEES.weifang1);
  const household = await createHousehold(registry, pudong.actor, { divisionCode: TEST_COMMITTEES.weifang1 });
  const person = await registerPerson(registry, new IdVault(t.ctx.config.secretKey), pudong.actor, newPerson({ birthDate: '1950-02-02' }));
  await addMember(registry, pudong.actor, household.id, { personId: person.id, relation: 'head', since: '2020-01-01' });
  personId = person.id;
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('jobs started by a user', () => {
  it('lists a screening run, a simulation and an import for the same user in another session, newest first', async () => {
    const screen = await call(pudong, 'POST', '/policy/screen', { month: '2025-03' });
    expect(screen.statusCode, screen.body).toBe(202);
    const runId = (screen.json() as { runId: number }).runId;
    // The run goes on in the background: wait for its end so the database is not closed under it.
    for (let i = 0; i < 300; i++) {
      const status = (await call(pudong, 'GET', `/policy/screen/${runId}`)).json() as { status: string };
      if (status.status === 'done' || status.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const simulation = await call(pudong, 'POST', '/policy/simulate', { startMonth: '2025-03', overrides: [{ name: 'dibao.standard', from: '2025-03-01', scalePermille: 1050 }] });
    expect(simulation.statusCode, simulation.body).toBe(200);

    const csv = `type,personId,observedAt,idleHours\nwater_idle,${personId},2025-03-01T08:00:00+08:00,55\n`;
    const upload = await app.inject({ method: 'POST', url: '/api/v1/monitoring/exchange/water/batches/jobs-1', headers: { ...admin.headers, 'content-type': 'text/csv' }, payload: csv });
    expect(upload.statusCode, upload.body).toBe(200);

    const elsewhere = await anotherSession(pudong);
    const { items, nextCursor } = await jobsOf(elsewhere);
    expect(nextCursor).toBeNull();
    expect(items.map((j) => j.kind)).toEqual(['simulation', 'screen']);
    expect(items[0]).toMatchObject({ title: '政策模拟：低保标准 +5%（2025-03-01 起）', statusPath: null, ref: { startMonth: '2025-03', overrides: [{ name: 'dibao.standard', from: '2025-03-01', scalePermille: 1050 }] } });
    expect(items[0].ref).not.toHaveProperty('divisionCode');
    expect(items[1]).toMatchObject({ moduleJobId: String(runId), title: '政策筛查 2025-03（310115000000）', statusPath: `/api/v1/policy/screen/${runId}`, ref: { runId } });
    // The status link works for the owner.
    expect((await app.inject({ method: 'GET', url: items[1].statusPath as string, headers: elsewhere.headers })).statusCode).toBe(200);

    const adminJobs = await jobsOf(await anotherSession(admin));
    expect(adminJobs.items).toEqual([expect.objectContaining({ kind: 'import', moduleJobId: 'water:jobs-1', statusPath: '/api/v1/monitoring/exchange/water/batches/jobs-1', ref: { source: 'water', batchId: 'jobs-1' } })]);
  });

  it('never shows a job to another user, whatever their role, nor lets them remove it', async () => {
    const own = (await jobsOf(pudong)).items;
    expect(own.length).toBeGreaterThan(0);
    expect((await jobsOf(adminElsewhere)).items).toEqual([]);
    expect((await jobsOf(advisor)).items).toEqual([]);
    const theirs = await call(adminElsewhere, 'DELETE', `/jobs/${own[0].id}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await jobsOf(pudong)).items).toEqual(own);
  });

  it('records nothing when the start is refused or the input is bad', async () => {
    const before = (await jobsOf(advisor)).items.length;
    const refused = await call(advisor, 'POST', '/policy/simulate', { startMonth: '2025-03', overrides: [{ name: 'dibao.standard', from: '2025-03-01', scalePermille: 1050 }] });
    expect(refused.statusCode).toBe(403);
    const bad = await call(pudong, 'POST', '/policy/simulate', { startMonth: '2025-13', overrides: [] });
    expect(bad.statusCode).toBe(400);
    expect((await jobsOf(advisor)).items.length).toBe(before);
    expect((await jobsOf(pudong)).items.map((j) => j.kind)).toEqual(['simulation', 'screen']);
  });

  it('moves a job started again to the top, pages newest first, and forgets a job on request', async () => {
    const owner = await loginAs(app, t.db.kysely.withTables<AccessTables>(), 'jobs.pager', 'district_staff', '310104000000');
    for (let i = 1; i <= 25; i++) await recordJob(t.db, owner.actor, { kind: 'import', moduleJobId: `hr:b-${i}`, title: `数据导入 ${i}` });
    await recordJob(t.db, owner.actor, { kind: 'import', moduleJobId: 'hr:b-3', title: '数据导入 3（重发）' });
    const first = await jobsOf(owner);
    expect(first.items).toHaveLength(20);
    expect(first.items.slice(0, 3).map((j) => j.title)).toEqual(['数据导入 3（重发）', '数据导入 25', '数据导入 24']);
    expect(first.items[0].updatedAt >= first.items[0].createdAt).toBe(true);
    const second = await jobsOf(owner, `?cursor=${first.nextCursor}`);
    expect(second.items.map((j) => j.title)).toEqual(['数据导入 6', '数据导入 5', '数据导入 4', '数据导入 2', '数据导入 1']);
    expect(second.nextCursor).toBeNull();
    expect((await jobsOf(owner, '?limit=5')).items).toHaveLength(5);

    const forgotten = await call(owner, 'DELETE', `/jobs/${first.items[0].id}`);
    expect(forgotten.statusCode).toBe(204);
    expect((await jobsOf(owner)).items[0].title).toBe('数据导入 25');
    expect((await call(owner, 'DELETE', `/jobs/${first.items[0].id}`)).statusCode).toBe(404);
  });

  it('answers bad paging with a Chinese 400 and callers without a session with 401', async () => {
    for (const query of ['?limit=0', '?limit=101', '?cursor=abc']) {
      const response = await call(pudong, 'GET', `/jobs${query}`);
      expect(response.statusCode, query).toBe(400);
      expect((response.json() as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await call(null, 'GET', '/jobs')).statusCode).toBe(401);
    expect((await call(null, 'DELETE', '/jobs/1')).statusCode).toBe(401);
    expect((await call(pudong, 'DELETE', '/jobs/not-a-number')).statusCode).toBe(400);
  });
});
