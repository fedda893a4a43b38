/**
 * The payment ledger of a run (发放台账) over HTTP: every row the run wrote — paid and withheld, with the reason —
 * as an Excel file, for the district the runs list shows, audited as `ledger.export` with the purpose.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables, Actor } from '../access/index.js';
import { buildApp } from '../http/app.js';
import type { AppInstance } from '../http/types.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { insertApprovedCases } from './bulk-cases.js';
import { assistanceDeps } from './deps.js';
import { runPayments } from './payments.js';
import { COMMITTEES, makeHousehold, makeStaff, PUDONG, seedAssistanceDivisions, seedDestituteElders, STREETS, TestClock, tokenOf } from './testing.js';

// 特困供养, May 2024: destitute.standardRatio × dibao.standard = 1.3 × 1510 = 1963 yuan, rounded up to 5 yuan: 1965.00 yuan.
const MAY_AMOUNT = 196500;
let t: TestDatabase;
let app: AppInstance;
let pudong: { authorization: string };
let runId = 0;
let elderCases: number[] = [];
let temporaryCase = 0;

beforeAll(async () => {
  const signIn = { max: 1000, windowSeconds: 60 };
  t = await openTestDatabase(testConfig({ limits: { signInPerSource: signIn, signInPerAccount: signIn } }));
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await seedAssistanceDivisions(t.ctx);
  const caseworker: Actor = await makeStaff(t.ctx, 'pl_weifang', 'street_caseworker', STREETS.weifang);
  const district: Actor = await makeStaff(t.ctx, 'pl_pudong', 'district_staff', PUDONG);
  await makeStaff(t.ctx, 'pl_xuhui', 'district_staff', '310104000000');
  const deps = assistanceDeps(t.ctx, new TestClock('2024-05-20'));
  ({ caseIds: elderCases } = await seedDestituteElders(t.ctx, t.ctx.db, deps.accounts, { caseworker, district }, 2, MAY_AMOUNT));
  // A 临时救助 approved at 0 yuan: the run writes it as withheld, with the reason.
  const household = await makeHousehold(t.ctx, caseworker, [{ name: '临时户主', sex: 'M', birthDate: '1970-01-01', relation: 'head' }], { committee: COMMITTEES.weifang1 });
  [temporaryCase] = await insertApprovedCases(t.ctx.db, deps.accounts, [
    {
      programme: 'temporary',
      householdId: household.householdId,
      applicantPersonId: household.personIds[0],
      beneficiaryPersonId: household.personIds[0],
      personIds: household.personIds,
      applicantName: '临时户主',
      streetCode: STREETS.weifang,
      divisionCode: COMMITTEES.weifang1,
      amountFen: 0,
      paymentFrom: '2024-05',
      appliedOn: '2024-04-01',
      decidedOn: '2024-04-20',
      acceptedBy: caseworker.userId,
      approvedBy: district.userId,
      accountNo: '6228480000009999',
    },
  ]);
  const run = await runPayments(deps, district, '310115', '2024-05');
  runId = run.runId;
  pudong = await tokenOf(app, 'pl_pudong');
}, 240_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

const exportLedger = (headers: { authorization: string }, id: number, query: string) => app.inject({ method: 'GET', url: `/api/v1/assistance/payment-runs/${id}/ledger/export?${query}`, headers });

describe('payment ledger export', () => {
  it('lists every row of the run, paid and withheld, in yuan, with the run on the filters sheet', async () => {
    const response = await exportLedger(pudong, runId, `purpose=${encodeURIComponent('月度发放核对')}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['x-row-count']).toBe('3');
    expect(decodeURIComponent(String(response.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/^救助金发放台账_\d{12}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('救助金发放台账');
    if (!sheet) throw new Error('no ledger sheet');
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['发放月份', '案件编号', '救助项目', '申请人', '收款户名', '家庭户编号', '街镇区划', '发放状态', '发放金额（元）', '当月低保标准（元）', '说明（暂停原因、补发与抵扣）']);
    const row = (i: number) => (sheet.getRow(i).values as unknown[]).slice(1);
    // By case id: the two elders (1965.00 yuan each; standard 1510.00 yuan), then the 0-yuan temporary case, withheld.
    expect(row(2).slice(0, 5)).toEqual(['2024-05', elderCases[0], '特困人员救助供养', '老人1', '老人1']);
    expect(row(2).slice(6, 10)).toEqual([STREETS.weifang, '已发放', 1965, 1510]);
    expect(row(3)[1]).toBe(elderCases[1]);
    expect(row(4)[1]).toBe(temporaryCase);
    expect(row(4).slice(7)).toEqual(['暂停发放', 0, expect.anything(), '批准金额为 0']);
    expect(sheet.rowCount).toBe(4);
    const about = workbook.getWorksheet('导出说明');
    expect(about?.getRow(4).getCell(2).value).toBe('月度发放核对');
    expect(about?.getRow(7).values).toEqual([undefined, '　发放批次', String(runId)]);
    expect(about?.getRow(8).values).toEqual([undefined, '　区', '310115']);
    expect(about?.getRow(9).values).toEqual([undefined, '　发放月份', '2024-05']);
  });

  it('audits the export as ledger.export with the purpose and the row count', async () => {
    const entry = await t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').selectAll().where('action', '=', 'ledger.export').where('actor_username', '=', 'pl_pudong').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ entity_type: 'ledger', entity_id: 'assistance.payments', purpose: '月度发放核对', result: 'ok' });
    expect(entry.detail).toMatchObject({ list: '救助金发放台账', rows: 3 });
  });

  it("refuses another district's staff (as not found), a role without the payment permission, a missing purpose and an unknown run", async () => {
    const xuhui = await tokenOf(app, 'pl_xuhui');
    // A record outside the jurisdiction answers as one that does not exist (recordNotFound), so its id tells nothing.
    const foreign = await exportLedger(xuhui, runId, `purpose=${encodeURIComponent('越权尝试')}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'NOT_FOUND', message: '记录不存在或不在您的辖区范围内' });
    const caseworker = await tokenOf(app, 'pl_weifang');
    expect((await exportLedger(caseworker, runId, `purpose=${encodeURIComponent('越权尝试')}`)).statusCode).toBe(403);
    expect((await exportLedger(pudong, runId, '')).statusCode).toBe(400);
    expect((await exportLedger(pudong, 999_999, `purpose=${encodeURIComponent('核对')}`)).statusCode).toBe(404);
    const refused = await t.db.kysely.withTables<AccessTables>().selectFrom('access.audit_log').select(['result']).where('action', '=', 'assistance.payments.ledger').where('actor_username', '=', 'pl_xuhui').execute();
    expect(refused.map((r) => r.result)).toEqual(['denied']);
  });
});
