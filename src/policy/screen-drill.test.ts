/**
 * Drilling into a screening run (issue 15): city → district → street by counts, then the street's households
 * page by page with the head of household masked. The counts must agree with the run's own district summaries
 * (computed separately when the run finished), and every level with the one above it.
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { IdVault, loadDemoCity, type RegistryTables } from '../registry/index.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';

let t: TestDatabase;
let app: AppInstance;
let admin: TestUser, pudong: TestUser, caseworker: TestUser;
let runId = 0;
const db = () => t.db.kysely.withTables<AccessTables>().withTables<RegistryTables>();
const get = (user: TestUser, url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.headers });

interface Row {
  divisionCode: string;
  programme: string;
  households: number;
}
function totals(rows: Row[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.programme] = (out[r.programme] ?? 0) + r.households;
  return out;
}

beforeAll(async () => {
  t = await openTestDatabase();
  await loadDemoCity(t.db, new IdVault(randomBytes(32)), { seed: 5, persons: 300, today: '2025-03-15' });
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  admin = await loginAs(app, db(), 'dr.admin', 'city_admin', '310000000000');
  pudong = await loginAs(app, db(), 'dr.pudong', 'district_staff', '310115000000');
  caseworker = await loginAs(app, db(), 'dr.cw', 'street_caseworker', '310115004000');
  const started = await app.inject({ method: 'POST', url: '/api/v1/policy/screen', headers: admin.headers, payload: { month: '2025-03' } });
  runId = (started.json() as { runId: number }).runId;
  for (let i = 0; i < 900; i++) {
    const run = (await get(admin, `/policy/screen/${runId}`)).json() as { status: string };
    if (run.status === 'done') break;
    if (run.status === 'failed') throw new Error('screening failed');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 240_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('screening drill-down', () => {
  it('counts by district as the run summarised them, and by street as the district adds up', async () => {
    const run = (await get(admin, `/policy/screen/${runId}`)).json() as { summaries: { district: string; programme: string; households: number }[] };
    const city = (await get(admin, `/policy/screen/${runId}/breakdown`)).json() as { divisionCode: string; rows: Row[] };
    expect(city.divisionCode).toBe('310000000000');
    expect(city.rows.length).toBeGreaterThan(0);
    expect(city.rows.every((r) => r.divisionCode.endsWith('000000'))).toBe(true);
    const summarised = run.summaries.filter((s) => s.households > 0).map((s) => [`${s.district.slice(0, 6)}000000`, s.programme, s.households]);
    expect(city.rows.map((r) => [r.divisionCode, r.programme, r.households]).sort()).toEqual(summarised.sort());

    // District staff start at their district: its streets add up to the district's row of the city view.
    const district = (await get(pudong, `/policy/screen/${runId}/breakdown`)).json() as { divisionCode: string; rows: Row[] };
    expect(district.divisionCode).toBe('310115000000');
    expect(district.rows.every((r) => r.divisionCode.startsWith('310115') && r.divisionCode.endsWith('000') && !r.divisionCode.endsWith('000000'))).toBe(true);
    expect(totals(district.rows)).toEqual(totals(city.rows.filter((r) => r.divisionCode === '310115000000')));

    expect((await get(pudong, `/policy/screen/${runId}/breakdown?division=310104`)).json()).toMatchObject({ code: 'POLICY_DIVISION_OUTSIDE' });
    expect((await get(caseworker, `/policy/screen/${runId}/breakdown`)).statusCode).toBe(403);
  }, 60_000);

  it('pages through a street’s households, each once, with the head of household masked', async () => {
    const district = (await get(pudong, `/policy/screen/${runId}/breakdown`)).json() as { rows: Row[] };
    const street = district.rows[0].divisionCode;
    const seen: number[] = [];
    const names: (string | null)[] = [];
    for (let cursor: number | null = null, i = 0; i < 100; i++) {
      const url = `/policy/screen/${runId}/households?division=${street}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await get(pudong, url)).json() as { items: { householdId: number; divisionCode: string; headName: string | null; programmes: string[] }[]; nextCursor: number | null };
      for (const h of page.items) {
        expect(h.divisionCode.startsWith(street.slice(0, 9))).toBe(true);
        expect(h.programmes.length).toBeGreaterThan(0);
        seen.push(h.householdId);
        names.push(h.headName);
      }
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    // Each household counts once under every programme it qualifies for: at least the largest programme's count.
    const streetRows = district.rows.filter((r) => r.divisionCode === street);
    expect(seen.length).toBeGreaterThanOrEqual(Math.max(...streetRows.map((r) => r.households)));
    expect(seen.length).toBeLessThanOrEqual(streetRows.reduce((n, r) => n + r.households, 0));
    expect(names.filter((n) => n !== null && n.length > 1).every((n) => n?.includes('*'))).toBe(true);
    const audit = await t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').select('detail').where('action', '=', 'policy.screen.households').where('actor_username', '=', 'dr.pudong').execute();
    expect(audit.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('screening households ledger (筛查结果台账)', () => {
  const purpose = `purpose=${encodeURIComponent('入户走访安排')}`;

  it('holds the households the drill list pages through, with the same masked names, programmes in Chinese and amounts in yuan', async () => {
    const district = (await get(pudong, `/policy/screen/${runId}/breakdown`)).json() as { rows: Row[] };
    const street = district.rows[0].divisionCode;
    const listed: { householdId: number; divisionCode: string; headName: string | null; programmes: string[]; monthlyAmountFen: number }[] = [];
    for (let cursor: number | null = null, i = 0; i < 100; i++) {
      const page = (await get(pudong, `/policy/screen/${runId}/households?division=${street}&limit=200${cursor ? `&cursor=${cursor}` : ''}`)).json() as { items: typeof listed; nextCursor: number | null };
      listed.push(...page.items);
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    const response = await get(pudong, `/policy/screen/${runId}/households/export?division=${street}&${purpose}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(Number(response.headers['x-row-count'])).toBe(listed.length);
    expect(decodeURIComponent(String(response.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/^筛查结果台账_\d{12}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('筛查结果台账');
    if (!sheet) throw new Error('no ledger sheet');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['家庭户编号', '户主（脱敏）', '居委会区划', '符合的项目', '测算月金额（元）']);
    const first = listed[0];
    // The programme codes in the pack's Chinese names (policy labels), joined by 、; fen shown as yuan (÷ 100).
    const names: Record<string, string> = { dibao: '最低生活保障（低保）', low_income: '低收入家庭', expense_poverty: '支出型贫困家庭', destitute: '特困人员供养', elderly_allowance: '老年综合津贴', orphan_allowance: '孤儿基本生活费' };
    const cells = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(cells.slice(0, 4)).toEqual([first.householdId, first.headName ?? '无在册成员', first.divisionCode, first.programmes.map((p) => names[p]).join('、')]);
    expect(cells[4] ?? 0).toBe(first.monthlyAmountFen / 100);
    const ids = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
    expect(ids).toEqual(listed.map((h) => h.householdId));
    const about = workbook.getWorksheet('导出说明');
    expect(about?.getRow(4).getCell(2).value).toBe('入户走访安排');
    expect(about?.getRow(7).values).toEqual([undefined, '　筛查任务', String(runId)]);
    expect(about?.getRow(8).values).toEqual([undefined, '　区划', street]);
    const entry = await db().selectFrom('access.audit_log').selectAll().where('action', '=', 'ledger.export').where('actor_username', '=', 'dr.pudong').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ entity_id: 'policy.screen.households', purpose: '入户走访安排', result: 'ok' });
    expect(entry.detail).toMatchObject({ list: '筛查结果台账', rows: listed.length });
  }, 60_000);

  it('refuses a division outside the jurisdiction, a role without the permission, an unknown run and a missing purpose', async () => {
    const outside = await get(pudong, `/policy/screen/${runId}/households/export?division=310104&${purpose}`);
    expect(outside.statusCode).toBe(400);
    expect(outside.json()).toMatchObject({ code: 'POLICY_DIVISION_OUTSIDE' });
    expect((await get(caseworker, `/policy/screen/${runId}/households/export?${purpose}`)).statusCode).toBe(403);
    expect((await get(pudong, `/policy/screen/999999/households/export?${purpose}`)).statusCode).toBe(404);
    expect((await get(pudong, `/policy/screen/${runId}/households/export`)).statusCode).toBe(400);
  }, 60_000);
});
