/**
 * The auditor's questions over HTTP: "who has read this person's data?" (PIPL art. 45) — reads of the person,
 * of their household and of their case, and refused attempts too, but nobody else's — with names instead of
 * codes, Shanghai date ranges, and the Excel ledger of the answer. The hash chain stays valid throughout.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyForAssistance, assistanceDeps } from '../assistance/index.js';
import { COMMITTEES, makeStaff, seedAssistanceDivisions, STREETS, TestClock, tokenOf } from '../assistance/testing.js';
import { buildApp } from '../http/app.js';
import type { AppInstance } from '../http/types.js';
import { todayInShanghai, addDays } from '../kernel/index.js';
import { newPerson } from '../registry/testing.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../testing/db.js';
import { verifyAuditChain } from './audit.js';
import type { AccessTables, Actor } from './model.js';

let t: TestDatabase;
let app: AppInstance;
let weifang: { authorization: string };
let lujiazui: { authorization: string };
let auditor: { authorization: string };
const subject = newPerson({ name: '王审计对象', residenceDivision: COMMITTEES.weifang1 });
let subjectId = 0;
let householdId = 0;
let caseId = 0;
let strangerId = 0;

interface Item {
  action: string;
  actorDisplayName: string | null;
  entityType: string | null;
  entityId: string | null;
  entityLabel: string | null;
  result: string;
}

beforeAll(async () => {
  t = await openTestDatabase(testConfig());
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await seedAssistanceDivisions(t.ctx);
  const caseworker: Actor = await makeStaff(t.ctx, 'al_weifang', 'street_caseworker', STREETS.weifang);
  await makeStaff(t.ctx, 'al_lujiazui', 'street_caseworker', STREETS.lujiazui);
  await makeStaff(t.ctx, 'al_auditor', 'auditor', '310000000000');
  await t.db.kysely.withTables<AccessTables>().updateTable('access.users').set({ display_name: '潍坊街道 李经办' }).where('username', '=', 'al_weifang').execute();
  weifang = await tokenOf(app, 'al_weifang');
  lujiazui = await tokenOf(app, 'al_lujiazui');
  auditor = await tokenOf(app, 'al_auditor');
  const post = async (url: string, payload: object) => {
    const response = await app.inject({ method: 'POST', url: `/api/v1${url}`, headers: weifang, payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: number };
  };
  subjectId = (await post('/persons', subject)).id;
  const spouse = (await post('/persons', newPerson({ name: '王配偶', sex: 'F', residenceDivision: COMMITTEES.weifang1 }))).id;
  strangerId = (await post('/persons', newPerson({ name: '无关的人', residenceDivision: COMMITTEES.weifang1 }))).id;
  householdId = (await post('/households', { divisionCode: COMMITTEES.weifang1 })).id;
  await post(`/households/${householdId}/members`, { personId: subjectId, relation: 'head', since: '2015-01-01' });
  await post(`/households/${householdId}/members`, { personId: spouse, relation: 'spouse', since: '2015-01-01' });
  const deps = assistanceDeps(t.ctx, new TestClock('2025-03-10'));
  // The case is the spouse's application: it holds the subject's data only through the household.
  caseId = (
    await applyForAssistance(deps, caseworker, { programme: 'dibao', householdId, applicantPersonId: spouse, reason: '收入低于低保标准', bankAccount: { holderName: '王配偶', bankName: '上海农商银行', accountNo: '6228480012345678901' } })
  ).id;

  const get = (headers: { authorization: string }, url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  expect((await get(weifang, `/persons/${subjectId}`)).statusCode).toBe(200);
  expect((await get(weifang, `/households/${householdId}`)).statusCode).toBe(200);
  expect((await get(weifang, `/assistance/cases/${caseId}`)).statusCode).toBe(200);
  expect((await get(lujiazui, `/persons/${subjectId}`)).statusCode).toBe(404);
  expect((await get(weifang, `/persons/${strangerId}`)).statusCode).toBe(200);
}, 240_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

const audit = async (query: string) => {
  const response = await app.inject({ method: 'GET', url: `/api/v1/audit?limit=500&${query}`, headers: auditor });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: Item[] }).items;
};

describe('who has read this person', () => {
  it('finds the person by name and by ID number, with the number masked', async () => {
    for (const q of ['王审计对象', subject.idNumber]) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/audit/subjects?q=${encodeURIComponent(q)}`, headers: auditor });
      expect(response.statusCode, response.body).toBe(200);
      const found = response.json() as { personId: number; name: string; idNumberMasked: string }[];
      expect(found).toEqual([expect.objectContaining({ personId: subjectId, name: '王审计对象', idNumberMasked: `${subject.idNumber.slice(0, 3)}***********${subject.idNumber.slice(-4)}` })]);
    }
  });

  it('lists the reads of the person, of their household and of their household’s case, and the refused attempt — and nothing about anyone else', async () => {
    const items = await audit(`personId=${subjectId}`);
    const seen = items.map((i) => `${i.action} ${i.entityType}:${i.entityId} ${i.result}`);
    expect(seen).toEqual(
      expect.arrayContaining([`registry.person.read person:${subjectId} ok`, `registry.person.read person:${subjectId} denied`, `registry.household.read household:${householdId} ok`, `assistance.case.read assistance_case:${caseId} ok`]),
    );
    expect(items.some((i) => i.entityType === 'person' && i.entityId === String(strangerId))).toBe(false);
    const read = items.find((i) => i.action === 'registry.person.read' && i.result === 'ok');
    // The actor by the name colleagues know, the object by the person's name.
    expect(read).toMatchObject({ actorDisplayName: '潍坊街道 李经办', entityLabel: '王审计对象' });
    expect(items.find((i) => i.entityType === 'assistance_case')?.entityLabel).toBe('王配偶 的救助案件');
  });

  it('narrows by Shanghai calendar dates and by action, and refuses a range that ends before it starts', async () => {
    const today = todayInShanghai();
    expect((await audit(`personId=${subjectId}&fromDate=${today}&toDate=${today}`)).length).toBeGreaterThanOrEqual(4);
    expect(await audit(`personId=${subjectId}&toDate=${addDays(today, -1)}`)).toEqual([]);
    expect((await audit(`personId=${subjectId}&action=assistance.case.read`)).map((i) => i.action)).toEqual(['assistance.case.read']);
    const reversed = await app.inject({ method: 'GET', url: `/api/v1/audit?limit=10&fromDate=${today}&toDate=${addDays(today, -1)}`, headers: auditor });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json()).toMatchObject({ code: 'AUDIT_INVALID_RANGE', message: '起始日期不能晚于截止日期' });
  });

  it('is for auditors only, and the refusal is itself audited', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/audit/subjects?q=${encodeURIComponent('王审计对象')}`, headers: weifang });
    expect(response.statusCode).toBe(403);
    const refused = await audit('action=audit.subjects&result=denied');
    expect(refused.length).toBeGreaterThanOrEqual(1);
  });

  it('exports the answer as an Excel ledger in words, audited, and the chain stays whole', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/audit/export?personId=${subjectId}&purpose=${encodeURIComponent('个人信息查询答复')}`, headers: auditor });
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('审计日志台账');
    if (!sheet) throw new Error('no ledger sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual(['编号', '时间（北京时间）', '操作人', '登录名', '角色', '操作', '对象类型']);
    const actions = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(6).value);
    expect(actions).toContain('查看人员');
    expect(actions).not.toContain('registry.person.read');
    expect(workbook.getWorksheet('导出说明')?.getRow(7).values).toEqual([undefined, '　被查看人', '王审计对象']);
    const exported = await audit('action=ledger.export');
    expect(exported[0]).toMatchObject({ entityType: 'ledger', entityId: 'access.audit_log', result: 'ok' });
    expect(await verifyAuditChain(t.db.kysely.withTables<AccessTables>())).toMatchObject({ ok: true });
  });
});
