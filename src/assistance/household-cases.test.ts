/**
 * A household's cases through HTTP: the household filter, which case is open, the household and beneficiary by
 * name on the case read (masked for a reader outside the registry's reach), and the duplicate refusal naming
 * the open case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInstance } from '../http/app.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import type { CaseDetail, CaseSummary } from './model.js';
import { buildAssistanceTestApp, COMMITTEES, makeHousehold, makeStaff, PUDONG, seedAssistanceDivisions, STREETS, TestClock, tokenOf, type TestHousehold } from './testing.js';

let t: TestDatabase;
let app: AppInstance;
let household: TestHousehold;
let other: TestHousehold;
const headers: Record<string, { authorization: string }> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  await seedAssistanceDivisions(t.ctx);
  const caseworker = await makeStaff(t.ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
  await makeStaff(t.ctx, 'pudong.a', 'district_staff', PUDONG);
  app = await buildAssistanceTestApp(t.ctx, new TestClock('2024-05-06'));
  for (const u of ['weifang.cw', 'pudong.a']) headers[u] = await tokenOf(app, u);
  household = await makeHousehold(t.ctx, caseworker, [
    { name: '赵国强', sex: 'M', birthDate: '1950-02-03', relation: 'head' },
    { name: '钱桂芳', sex: 'F', birthDate: '1952-04-05', relation: 'spouse' },
  ]);
  other = await makeHousehold(t.ctx, caseworker, [{ name: '孙立', sex: 'M', birthDate: '1960-01-01', relation: 'head' }], { committee: COMMITTEES.weifang1 });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const call = async <T>(user: string, method: 'GET' | 'POST', url: string, payload?: object) => {
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: headers[user], ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as T };
};
const apply = (h: TestHousehold, programme: string, beneficiary?: number) =>
  call<CaseDetail & { code?: string; message?: string }>('weifang.cw', 'POST', '/assistance/cases', {
    programme,
    householdId: h.householdId,
    applicantPersonId: h.personIds[0],
    ...(beneficiary ? { beneficiaryPersonId: beneficiary } : {}),
    reason: '生活困难',
    bankAccount: { holderName: '赵国强', bankName: '上海农商银行', accountNo: '622848001234567890' },
  });

describe("a household's cases", () => {
  it('lists only that household, says which case is open, and refuses a second application naming the open case', async () => {
    const dibao = await apply(household, 'dibao');
    expect(dibao.status).toBe(201);
    expect(dibao.body.open).toBe(true);
    expect((await apply(other, 'dibao')).status).toBe(201);
    const again = await apply(household, 'dibao');
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'ASSISTANCE_CASE_ALREADY_OPEN' });
    expect(again.body.message).toContain(`案件 ${dibao.body.id}`);

    const withdrawn = await call<CaseDetail>('weifang.cw', 'POST', `/assistance/cases/${dibao.body.id}/withdraw`, { reason: '申请人撤回' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const reapplied = await apply(household, 'dibao');
    expect(reapplied.status).toBe(201);

    const listed = await call<{ items: CaseSummary[] }>('weifang.cw', 'GET', `/assistance/cases?household=${household.householdId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c) => [c.id, c.open])).toEqual([
      [reapplied.body.id, true],
      [dibao.body.id, false],
    ]);
  });

  it('names the household by its head and the 特困 beneficiary on the case read', async () => {
    const destitute = await apply(household, 'destitute', household.personIds[1]);
    expect(destitute.status, JSON.stringify(destitute.body)).toBe(201);
    const read = await call<CaseDetail>('pudong.a', 'GET', `/assistance/cases/${destitute.body.id}`);
    expect(read.body).toMatchObject({ householdName: '赵国强户', householdNameMasked: false, beneficiaryName: '钱桂芳', beneficiaryNameMasked: false });
  });
});
