/**
 * Elderly-care ledgers over HTTP: facilities and beds with hand-counted bed figures, the residents of one
 * institution named and masked, assessments falling due — each in the caller's jurisdiction only.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { loginAs, type TestUser } from '../registry/testing.js';
import { recordAssessment } from './assessments.js';
import { createFacility } from './facilities.js';
import type { EldercareTables } from './model.js';
import { recordInspection } from './inspections.js';
import { admit } from './stays.js';
import { openEldercareWorld, type EldercareWorld } from './testing.js';

let w: EldercareWorld;
let app: AppInstance;
let pudong: TestUser;
let xuhui: TestUser;
let homeId = 0;
let residentId = 0;

beforeAll(async () => {
  w = await openEldercareWorld();
  app = await buildApp(w.t.ctx, { webDist: '/nonexistent' });
  const access = w.t.db.kysely.withTables<AccessTables>();
  pudong = await loginAs(app, access, 'pudong.ledger', 'district_staff', '310115000000');
  xuhui = await loginAs(app, access, 'xuhui.ledger', 'district_staff', '310104000000');
  const home = await createFacility(w.deps, w.users.pudong, {
    kind: 'institution',
    name: '浦东台账福利院',
    ownership: 'public',
    divisionCode: '310115004000',
    beds: [
      { bedType: 'nursing', count: 3, basicGuarantee: true },
      { bedType: 'ordinary', count: 2, basicGuarantee: false },
    ],
  });
  homeId = home.id;
  await createFacility(w.deps, w.users.xuhui, { kind: 'institution', name: '徐汇台账颐养院', ownership: 'private', divisionCode: '310104003000', beds: [{ bedType: 'ordinary', count: 4, basicGuarantee: false }] });
  residentId = await w.person({ name: '李在院', birthDate: '1938-08-08' });
  const beds = await w.t.db.kysely.withTables<EldercareTables>().selectFrom('eldercare.beds').select(['id', 'bed_type']).where('facility_id', '=', homeId).orderBy('id').execute();
  const ordinary = beds.find((b) => b.bed_type === 'ordinary');
  if (!ordinary) throw new Error('no ordinary bed');
  await admit(w.deps, w.users.weifang, { bedId: ordinary.id, personId: residentId, admittedOn: '2025-02-01' });
  await recordAssessment(w.deps, w.users.weifang, { personId: residentId, level: 4, assessor: '浦东新区评估中心', assessedOn: '2023-03-10' });
}, 240_000);

afterAll(async () => {
  await app?.close();
  await w?.close();
});

async function ledger(headers: Record<string, string>, url: string) {
  const response = await app.inject({ method: 'GET', url: `/api/v1${url}`, headers });
  expect(response.statusCode, response.body).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows = Array.from({ length: sheet.rowCount }, (_, i) => (sheet.getRow(i + 1).values as unknown[]).slice(1));
  return { header: rows[0], rows: rows.slice(1), about: workbook.getWorksheet('导出说明') };
}

const purpose = `purpose=${encodeURIComponent('季度台账')}`;

describe('elderly-care ledgers', () => {
  it('lists the facilities of the jurisdiction with their beds: 3 nursing (basic) + 2 ordinary, one taken', async () => {
    const { header, rows } = await ledger(pudong.headers, '/eldercare/facilities/export?kind=institution');
    const at = (name: string) => header.indexOf(name);
    expect(rows.map((r) => r[at('名称')])).toEqual(['浦东台账福利院']);
    const row = rows[0];
    // licensed 3 + 2 = 5; basic guarantee 3; occupied 1 (the ordinary bed); free 5 − 1 = 4.
    expect([row[at('核定床位')], row[at('保基本床位')], row[at('已入住')], row[at('空床')]]).toEqual([5, 3, 1, 4]);
    expect(row[at('类型')]).toBe('养老机构');
    expect(row[at('所在区划')]).not.toBe('310115004000');
  });

  it('names the residents of an institution with masked ID numbers, and hides the institution from another district', async () => {
    const { header, rows, about } = await ledger(pudong.headers, `/eldercare/facilities/${homeId}/residents/export?${purpose}`);
    expect(header.slice(0, 2)).toEqual(['姓名', '身份证号']);
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe('李在院');
    expect(String(rows[0][1])).toMatch(/^\d{3}\*{11}[\dX]{4}$/);
    expect(about?.getRow(7).values).toEqual([undefined, '　设施', '浦东台账福利院']);
    const foreign = await app.inject({ method: 'GET', url: `/api/v1/eldercare/facilities/${homeId}/residents/export?${purpose}`, headers: xuhui.headers });
    expect(foreign.statusCode).toBe(404);
  });

  it('lets the auditor find the residents list and the batch read of names among the reads of the resident', async () => {
    const auditor = await loginAs(app, w.t.db.kysely.withTables<AccessTables>(), 'auditor.ledger', 'auditor', '310000000000');
    const response = await app.inject({ method: 'GET', url: `/api/v1/audit?limit=500&personId=${residentId}`, headers: auditor.headers });
    expect(response.statusCode, response.body).toBe(200);
    const actions = (response.json() as { items: { action: string; actorUsername: string | null }[] }).items.filter((i) => i.actorUsername === 'pudong.ledger').map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['eldercare.residents.read', 'registry.persons.read']));
  });

  it('lists the assessments falling due, named', async () => {
    const { header, rows } = await ledger(pudong.headers, `/eldercare/assessments/expiring/export?state=all&${purpose}`);
    const mine = rows.find((r) => r[header.indexOf('姓名')] === '李在院');
    expect(mine?.[header.indexOf('有效期至')]).toBe('2025-03-09');
    expect(mine?.[header.indexOf('照护等级')]).toBe('照护四级');
  });

  it('lists the findings of inspections with their facility, category and rectification state, in words', async () => {
    await recordInspection(w.deps, w.users.pudong, {
      requestId: 'ledger-test-1',
      facilityId: homeId,
      inspectedOn: '2025-03-03',
      kind: 'routine',
      inspectors: '区民政局',
      findings: [{ category: 'fire', severity: 'minor', description: '=灭火器过期' }],
    });
    const { header, rows } = await ledger(pudong.headers, '/eldercare/supervision/findings/export?status=open');
    const at = (name: string) => header.indexOf(name);
    const mine = rows.filter((r) => r[at('设施')] === '浦东台账福利院');
    expect(mine.map((r) => [r[at('类别')], r[at('等级')], r[at('问题描述')], r[at('整改状态')]])).toEqual([['消防安全', '一般问题', "'=灭火器过期", '待整改']]);
    const foreign = await ledger(xuhui.headers, '/eldercare/supervision/findings/export');
    expect(foreign.rows.filter((r) => r[at('设施')] === '浦东台账福利院')).toEqual([]);
  });

  it('refuses a personal-data ledger without a purpose', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/v1/eldercare/facilities/${homeId}/residents/export`, headers: pudong.headers });
    expect(response.statusCode).toBe(400);
  });
});
