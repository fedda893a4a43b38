/** The HTTP surface, and for each endpoint who may and who may not call it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { currentMonthInShanghai, todayInShanghai } from '../kernel/index.js';
import { createHousehold, registerPerson, addMember, IdVault, type RegistryTables } from '../registry/index.js';
import { loginAs, newPerson, seedTestDivisions, TEST_COMMITTEES, type TestUser } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';

let t: TestDatabase;
let app: AppInstance;
let admin: TestUser;
let pudong: TestUser;
let advisor: TestUser;
let leader: TestUser;
let personId: number;

beforeAll(async () => {
  t = await openTestDatabase();
  const registry = t.db.kysely.withTables<RegistryTables>();
  await seedTestDivisions(registry);
  app = await buildApp(t.ctx);
  const access = t.db.kysely.withTables<AccessTables>();
  admin = await loginAs(app, access, 'city.admin', 'city_admin', '310000000000');
  pudong = await loginAs(app, access, 'pudong.staff', 'district_staff', '310115000000');
  advisor = await loginAs(app, access, 'weifang1.adv', 'community_advisor', TEST_COMMITTEES.weifang1);
  leader = await loginAs(app, access, 'leader', 'leader', '310000000000');
  const household = await createHousehold(registry, pudong.actor, { divisionCode: TEST_COMMITTEES.weifang1 });
  const person = await registerPerson(registry, new IdVault(t.ctx.config.secretKey), pudong.actor, newPerson({ birthDate: '1944-02-02' }));
  await addMember(registry, pudong.actor, household.id, { personId: person.id, relation: 'head', since: '2020-01-01' });
  personId = person.id;
}, 180_000);
afterAll(async () => {
  await app.close();
  await t.close();
});

const upload = (user: TestUser | null, body: string, contentType = 'text/csv', batch = 'b-1') =>
  app.inject({ method: 'POST', url: `/api/v1/monitoring/exchange/water/batches/${batch}`, headers: { ...(user ? user.headers : {}), 'content-type': contentType }, payload: body });

describe('monitoring API', () => {
  it('takes a department batch as CSV from the exchange operator only', async () => {
    const csv = `type,personId,observedAt,idleHours\nwater_idle,${personId},2025-03-01T08:00:00+08:00,55\nwater_idle,${personId},not-a-time,55\n`;
    expect((await upload(null, csv)).statusCode).toBe(401);
    const refused = await upload(pudong, csv);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    const response = await upload(admin, csv);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ replayed: false, accepted: 1, rejected: 1, warningsRaised: 1, errors: [{ row: 3, field: 'observedAt' }] });
    expect((await upload(admin, csv)).json()).toMatchObject({ replayed: true, accepted: 1 });
    const json = await upload(admin, JSON.stringify({ rows: [] }), 'application/json', 'b-2');
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ code: 'MONITORING_UNSUPPORTED_FORMAT' });
    const receipt = await app.inject({ method: 'GET', url: '/api/v1/monitoring/exchange/water/batches/b-1', headers: admin.headers });
    expect(receipt.json()).toMatchObject({ rows: 2, errors: [{ row: 3 }] });
  });

  it('shows warnings to the advisor of the committee, not to the leader', async () => {
    const mine = await app.inject({ method: 'GET', url: '/api/v1/monitoring/warnings?mine=true', headers: advisor.headers });
    expect(mine.statusCode).toBe(200);
    const [warning] = mine.json().items;
    expect(warning).toMatchObject({ type: 'water_idle', status: 'assigned', typeName: '独居老人用水异常' });
    const visit = await app.inject({ method: 'POST', url: `/api/v1/monitoring/warnings/${warning.id}/visit`, headers: advisor.headers, payload: { visitedOn: todayInShanghai(), findings: '老人安好，水表故障' } });
    expect(visit.statusCode).toBe(200);
    expect(visit.json()).toMatchObject({ status: 'visited' });
    expect((await app.inject({ method: 'GET', url: `/api/v1/monitoring/warnings/${warning.id}`, headers: leader.headers })).statusCode).toBe(403);
    const handle = await app.inject({ method: 'POST', url: `/api/v1/monitoring/warnings/${warning.id}/handle`, headers: pudong.headers, payload: { outcome: 'no_action', reason: '水表故障' } });
    expect(handle.statusCode).toBe(403);
  });

  it('lets anyone with statistics read the dashboard, scoped to the jurisdiction', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/monitoring/dashboard', headers: leader.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json().warnings.byType.find((t: { type: string }) => t.type === 'water_idle')).toMatchObject({ open: 1, total: 1 });
    expect((await app.inject({ method: 'GET', url: '/api/v1/monitoring/dashboard?division=310104', headers: advisor.headers })).statusCode).toBe(403);
  });

  it('lets the city admin change a rule parameter, effective-dated, and nobody else', async () => {
    const rules = await app.inject({ method: 'GET', url: '/api/v1/monitoring/rules', headers: advisor.headers });
    expect(rules.json().find((r: { name: string }) => r.name === 'water.idleHours').current).toMatchObject({ value: 48, verified: false });
    const body = { from: '2025-06-01', value: 36, verified: true, note: '市民政局2025年通知' };
    expect((await app.inject({ method: 'PUT', url: '/api/v1/monitoring/rules/water.idleHours', headers: advisor.headers, payload: body })).statusCode).toBe(403);
    const set = await app.inject({ method: 'PUT', url: '/api/v1/monitoring/rules/water.idleHours', headers: admin.headers, payload: body });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ current: { from: '2025-06-01', value: 36, verified: true }, history: [{ value: 48 }, { value: 36 }] });
    expect((await app.inject({ method: 'PUT', url: '/api/v1/monitoring/rules/no.such', headers: admin.headers, payload: body })).json()).toMatchObject({ code: 'MONITORING_UNKNOWN_RULE' });
  });

  it('runs discovery and the monthly grants for district staff, and serves the payment file', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/v1/monitoring/discovery/runs', headers: advisor.headers, payload: {} })).statusCode).toBe(403);
    const run = await app.inject({ method: 'POST', url: '/api/v1/monitoring/discovery/runs', headers: pudong.headers, payload: {} });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ households: 1, divisionCode: '310115000000' });
    const month = currentMonthInShanghai();
    const grants = await app.inject({ method: 'POST', url: '/api/v1/monitoring/grants/runs', headers: pudong.headers, payload: { month } });
    expect(grants.statusCode).toBe(200);
    const file = await app.inject({ method: 'GET', url: `/api/v1/monitoring/grants/payments/${month}?divisionCode=310115`, headers: pudong.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    expect(file.body).toContain(`,${personId},老年综合津贴,${month},180.00,`);
    expect((await app.inject({ method: 'GET', url: `/api/v1/monitoring/grants/payments/${month}?divisionCode=310115`, headers: admin.headers })).statusCode).toBe(403);
    const listed = await app.inject({ method: 'GET', url: '/api/v1/monitoring/grants', headers: pudong.headers });
    expect(listed.json().items[0]).toMatchObject({ personId, programme: 'elderly_allowance', status: 'active' });
  });
});
