/**
 * The policy API through the real app, on PGlite and PostgreSQL: every worked case through
 * POST /policy/evaluate; parameter administration (city admin only, audited, the 33 % floor warning,
 * Chinese 400s); screening jobs polled to the end, paged results inside the jurisdiction; simulation;
 * who may and who may not call each endpoint.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { IdVault, loadDemoCity, type RegistryTables } from '../registry/index.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';

interface WorkedCase {
  id: string;
  input: { month: string; programmes?: string[] };
  expected: { programme: string; memberId?: string; eligible: boolean; monthlyAmountFen: number }[];
}
const dir = new URL('../policies/shanghai/cases/', import.meta.url);
const workedCases: WorkedCase[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as WorkedCase[]);

let t: TestDatabase;
let app: AppInstance;
let admin: TestUser, pudong: TestUser, xuhui: TestUser, caseworker: TestUser, leader: TestUser;
const db = () => t.db.kysely.withTables<AccessTables>().withTables<RegistryTables>();
const call = (user: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: user?.headers ?? {}, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await openTestDatabase();
  await loadDemoCity(t.db, new IdVault(randomBytes(32)), { seed: 3, persons: 300, today: '2025-03-15' });
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  admin = await loginAs(app, db(), 'rs.admin', 'city_admin', '310000000000');
  pudong = await loginAs(app, db(), 'rs.pudong', 'district_staff', '310115000000');
  xuhui = await loginAs(app, db(), 'rs.xuhui', 'district_staff', '310104000000');
  caseworker = await loginAs(app, db(), 'rs.cw', 'street_caseworker', '310115004000');
  leader = await loginAs(app, db(), 'rs.leader', 'leader', '310000000000');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('POST /policy/evaluate', () => {
  it(`decides all ${workedCases.length} worked cases as worked out by hand`, async () => {
    expect(workedCases.length).toBeGreaterThanOrEqual(40);
    for (const c of workedCases) {
      const res = await call(caseworker, 'POST', '/policy/evaluate', c.input);
      expect(res.statusCode, c.id).toBe(200);
      const got = (res.json() as { results: WorkedCase['expected'] }).results.map((r) => ({
        programme: r.programme,
        ...(r.memberId !== undefined ? { memberId: r.memberId } : {}),
        eligible: r.eligible,
        monthlyAmountFen: r.monthlyAmountFen,
      }));
      expect(got, c.id).toEqual(c.expected);
    }
  }, 60_000);
});

describe('policy parameters', () => {
  const post = (user: TestUser, name: string, body: object) => call(user, 'POST', `/policy/parameters/${name}/values`, body);
  const audit = (action: string) => db().selectFrom('access.audit_log').select(['result', 'actor_username', 'detail']).where('action', '=', action).orderBy('id').execute();

  it('lists every value with its date, verified flag and origin', async () => {
    const res = await call(caseworker, 'GET', '/policy/parameters');
    expect(res.statusCode).toBe(200);
    const standard = (res.json() as { parameters: { name: string; values: { from: string; value: number; verified: boolean; origin: string }[] }[] }).parameters.find((p) => p.name === 'dibao.standard');
    expect(standard?.values).toContainEqual(expect.objectContaining({ from: '2024-07-01', value: 159_500, verified: true, origin: 'pack' }));
    expect(standard?.values.some((v) => !v.verified)).toBe(true);
  });

  it('lets only the city admin add a value, audited either way', async () => {
    const body = { from: '2025-07-01', value: 170_000, note: '市政府通知' };
    expect((await post(pudong, 'dibao.standard', body)).statusCode).toBe(403);
    expect((await post(caseworker, 'dibao.standard', body)).statusCode).toBe(403);
    expect((await call(null, 'POST', '/policy/parameters/dibao.standard/values', body)).statusCode).toBe(401);
    expect((await audit('policy.parameter.add')).filter((a) => a.result === 'denied')).toHaveLength(2);
  });

  it('refuses bad values with a Chinese message', async () => {
    const cases: [string, object, number][] = [
      ['dibao.standard', { from: '2025-13-01', value: 170_000, note: 'x' }, 400],
      ['dibao.standard', { from: '2025-07-01', value: -1, note: 'x' }, 400],
      ['dibao.standard', { from: '2025-07-01', value: 170_000.5, note: 'x' }, 400],
      ['dibao.standard', { from: '2025-07-01', value: [1, 2], note: 'x' }, 400],
      ['dibao.assetLimitPerCapita', { from: '2025-07-01', value: 5_000_000, note: 'x' }, 400],
      ['dibao.standard', { from: '2025-07-01', value: 170_000 }, 400],
      ['pension.standard', { from: '2025-07-01', value: 1, note: 'x' }, 404],
    ];
    for (const [name, body, status] of cases) {
      const res = await post(admin, name, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect((res.json() as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('warns (and stores the warning) when a new 低保标准 is below 33 % of last year consumption', async () => {
    const low = await post(admin, 'dibao.standard', { from: '2025-07-01', value: 140_000, note: '测试：低于底线' });
    expect(low.statusCode).toBe(201);
    expect(low.json()).toMatchObject({ name: 'dibao.standard', from: '2025-07-01', value: 140_000, verified: false, warnings: [expect.objectContaining({ code: 'POLICY_DIBAO_BELOW_CONSUMPTION_FLOOR', from: '2025-07-01' })] });
    const fine = await post(admin, 'dibao.standard', { from: '2025-07-01', value: 170_000, verified: true, note: '更正' });
    expect(fine.json()).toMatchObject({ value: 170_000, verified: true, warnings: [] });
    const listed = (await call(admin, 'GET', '/policy/parameters')).json() as { parameters: { name: string; values: { from: string; value: number; inForce: boolean; warnings: unknown[]; origin: string; enteredBy: string }[] }[] };
    const july = listed.parameters.find((p) => p.name === 'dibao.standard')?.values.filter((v) => v.from === '2025-07-01');
    expect(july).toEqual([
      expect.objectContaining({ value: 140_000, inForce: false, origin: 'admin', enteredBy: 'rs.admin', warnings: [expect.objectContaining({ code: 'POLICY_DIBAO_BELOW_CONSUMPTION_FLOOR' })] }),
      expect.objectContaining({ value: 170_000, inForce: true, warnings: [] }),
    ]);
    const entries = (await audit('policy.parameter.add')).filter((a) => a.result === 'ok');
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries[0].detail)).toContain('33%');
    // Decisions from July 2025 read the new value.
    const res = await call(caseworker, 'POST', '/policy/evaluate', { ...workedCases[0].input, month: '2025-07' });
    expect((res.json() as { parameters: { name: string; value: number; from: string }[] }).parameters).toContainEqual(expect.objectContaining({ name: 'dibao.standard', value: 170_000, from: '2025-07-01' }));
  });
});

describe('screening jobs', () => {
  it('runs in the background for the jurisdiction, polled to the end, results paged', async () => {
    expect((await call(caseworker, 'POST', '/policy/screen', { month: '2025-03' })).statusCode).toBe(403);
    expect((await call(pudong, 'POST', '/policy/screen', { month: '2025-3' })).json()).toMatchObject({ code: 'POLICY_INVALID_MONTH' });
    expect((await call(pudong, 'POST', '/policy/screen', { month: '2025-03', divisionCode: '310104' })).statusCode).toBe(403);
    const started = await call(pudong, 'POST', '/policy/screen', { month: '2025-03' });
    expect(started.statusCode).toBe(202);
    const { runId } = started.json() as { runId: number };
    let run: { status: string; progressPercent: number; divisionCode: string; households: number; summaries: { district: string }[]; timings?: { totalMs: number; parts: Record<string, unknown>[] } } = {
      status: 'queued',
      progressPercent: 0,
      divisionCode: '',
      households: 0,
      summaries: [],
    };
    for (let i = 0; i < 600 && (run.status === 'queued' || run.status === 'running'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await call(pudong, 'GET', `/policy/screen/${runId}`)).json() as typeof run;
    }
    expect(run).toMatchObject({ status: 'done', progressPercent: 100, divisionCode: '310115000000' });
    expect(run.households).toBeGreaterThan(0);
    expect(run.summaries.every((s) => s.district === '310115')).toBe(true);
    // The response schema names the timings the pages read and passes the per-step detail through.
    expect(run.timings?.totalMs).toBeGreaterThanOrEqual(0);
    expect(run.timings?.parts[0]).toMatchObject({ source: expect.any(String), readMs: expect.any(Number), kernelMs: expect.any(Number), mergedMs: expect.any(Number) });
    expect((await call(xuhui, 'GET', `/policy/screen/${runId}`)).statusCode).toBe(404);
    const first = await call(pudong, 'GET', `/policy/screen/${runId}/results?programme=elderly_allowance&limit=3`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json() as { items: { householdId: number; memberId: number; divisionCode: string }[]; nextCursor: string };
    expect(page1.items).toHaveLength(3);
    const page2 = (await call(pudong, 'GET', `/policy/screen/${runId}/results?programme=elderly_allowance&limit=3&cursor=${page1.nextCursor}`)).json() as typeof page1;
    expect(page2.items[0].householdId * 1e9 + page2.items[0].memberId).toBeGreaterThan(page1.items[2].householdId * 1e9 + page1.items[2].memberId);
    // A street caseworker may not read screening results (no policy.screen); the city admin sees them all.
    expect((await call(caseworker, 'GET', `/policy/screen/${runId}/results`)).statusCode).toBe(403);
    expect((await call(admin, 'GET', `/policy/screen/${runId}/results?limit=1000`)).json()).toMatchObject({ runStatus: 'done' });
  }, 90_000);
});

describe('POST /policy/simulate', () => {
  it('reports the +5 % scenario by district for those allowed to simulate', async () => {
    const body = { startMonth: '2025-03', overrides: [{ name: 'dibao.standard', from: '2025-03-01', scalePermille: 1050 }], programmes: ['dibao'] };
    const res = await call(leader, 'POST', '/policy/simulate', body);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json() as { programmes: { programme: string; districts: { district: string }[]; total: { scenarioMonthlyCostFen: number; baselineMonthlyCostFen: number } }[]; divisionCode: string };
    expect(report.divisionCode).toBe('310000000000');
    // The response schema keeps every field the report has (the serialiser drops undeclared ones).
    expect(Object.keys(report).sort()).toEqual([
      'baselineParameters',
      'districtNames',
      'divisionCode',
      'households',
      'overrides',
      'persons',
      'programmes',
      'ruleVersion',
      'rulesFingerprint',
      'scenarioParameters',
      'source',
      'startMonth',
      'timings',
      'warnings',
    ]);
    expect(res.json()).toMatchObject({ overrides: [{ name: 'dibao.standard', scalePermille: 1050 }], districtNames: { '310115': '浦东新区' } });
    expect(report.programmes[0].total.scenarioMonthlyCostFen).toBeGreaterThan(report.programmes[0].total.baselineMonthlyCostFen);
    expect((await call(caseworker, 'POST', '/policy/simulate', body)).statusCode).toBe(403);
    const bad = await call(leader, 'POST', '/policy/simulate', { ...body, overrides: [{ name: 'dibao.standard', from: '2025-03-01', scalePermille: 1.05 }] });
    expect(bad.json()).toMatchObject({ code: 'POLICY_INVALID_OVERRIDE', message: expect.stringContaining('scalePermille') });
    expect((await call(leader, 'POST', '/policy/simulate', { ...body, overrides: [{ name: 'nope', from: '2025-03-01', addFen: 1 }] })).json()).toMatchObject({ code: 'POLICY_UNKNOWN_PARAMETER' });
  }, 60_000);
});
