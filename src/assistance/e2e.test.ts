/**
 * One household from application to its third monthly payment across the July 2024 standard change, all
 * through HTTP, then the changes that follow (new income, a death). Every amount is checked against the
 * written rule (POLICY-PACK.md), computed by hand beside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../db/index.js';
import type { AppInstance } from '../http/app.js';
import { eventHandlers } from '../modules.js';
import { recordDeath, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import type { CaseDetail } from './model.js';
import { buildAssistanceTestApp, COMMITTEES, makeHousehold, makeStaff, PUDONG, recordFacts, seedAssistanceDivisions, STREETS, TestClock, tokenOf, type TestHousehold } from './testing.js';
import type { Actor } from '../access/index.js';

let t: TestDatabase;
let app: AppInstance;
const clock = new TestClock('2024-05-06');
let caseworker: Actor;
let h: TestHousehold;
const headers: Record<string, { authorization: string }> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  await seedAssistanceDivisions(t.ctx);
  caseworker = await makeStaff(t.ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
  await makeStaff(t.ctx, 'pudong.a', 'district_staff', PUDONG);
  await makeStaff(t.ctx, 'lujiazui.cw', 'street_caseworker', STREETS.lujiazui);
  app = await buildAssistanceTestApp(t.ctx, clock);
  for (const u of ['weifang.cw', 'pudong.a', 'lujiazui.cw']) headers[u] = await tokenOf(app, u);
  // 张伟 earns 1000 yuan a month; 李娜 and their son (born 2015, a minor) have no income; savings 20000 yuan.
  h = await makeHousehold(
    t.ctx,
    caseworker,
    [
      { name: '张伟', sex: 'M', birthDate: '1980-03-10', relation: 'head', monthlyIncomeFen: 100000, monetaryAssetsFen: 2000000 },
      { name: '李娜', sex: 'F', birthDate: '1982-07-21', relation: 'spouse' },
      { name: '张小明', sex: 'M', birthDate: '2015-09-01', relation: 'child' },
    ],
    { committee: COMMITTEES.weifang1 },
  );
  // PGlite's start-up alone can take most of a minute on a busy machine.
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const call = async <T = CaseDetail>(user: string, method: 'GET' | 'POST', url: string, payload?: object, status = 200): Promise<T> => {
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: headers[user], ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
};

let caseId = 0;
const runs: Record<string, number> = {};

describe('a 低保 household from application to the third payment (2024-05 → 2024-07)', () => {
  it('applies, is accepted by the street of registration, verified, visited and publicly noticed', async () => {
    const applied = await call(
      'weifang.cw',
      'POST',
      '/assistance/cases',
      {
        programme: 'dibao',
        householdId: h.householdId,
        applicantPersonId: h.personIds[0],
        reason: '家庭收入低，生活困难',
        bankAccount: { holderName: '张伟', bankName: '上海农商银行', accountNo: '6228480012345678901' },
      },
      201,
    );
    caseId = applied.id;
    expect(applied).toMatchObject({ status: 'applied', streetCode: STREETS.weifang, districtCode: PUDONG, dueOn: '2024-06-20', bankAccount: { accountMasked: '***************8901' } });

    expect((await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/accept`, {})).status).toBe('accepted');

    clock.set('2024-05-07');
    const { case: verified, verification } = await call<{
      case: CaseDetail;
      verification: { id: number; eligible: boolean; monthlyAmountFen: number; ruleVersion: string; facts: { source: string }[]; response: { parameters: { name: string; value: number; from: string }[] } };
    }>('weifang.cw', 'POST', `/assistance/cases/${caseId}/verify`);
    // 低保 rule: amount = Σ member standards − household income. May 2024: standard 1510 (from 2023-07-01);
    // minors' standard = 1510 × 1.3 = 1963, rounded up to 5 yuan = 1965. 1510 + 1510 + 1965 − 1000 = 3985.00 yuan.
    expect(verification).toMatchObject({ eligible: true, monthlyAmountFen: 398500, ruleVersion: 'shanghai@1' });
    expect(verification.response.parameters).toContainEqual(expect.objectContaining({ name: 'dibao.standard', value: 151000, from: '2023-07-01' }));
    expect(verification.facts.map((f) => f.source)).toContain('人社局');
    expect(verified.status).toBe('verified');
    const reproduced = await call<{ identical: boolean }>('pudong.a', 'GET', `/assistance/verifications/${verification.id}/reproduce`);
    expect(reproduced.identical).toBe(true);

    // The bank statement shows 18000 yuan, not 20000: corrected only with a reason, as a new fact; then re-verified.
    const assetFact = (verification.facts as unknown as { id: number; kind: string }[]).find((f) => f.kind === 'asset.monetary')!;
    const noReason = await call<{ code: string }>('weifang.cw', 'POST', `/assistance/cases/${caseId}/fact-corrections`, { factId: assetFact.id, amountFen: 1800000, reason: '' }, 400);
    expect(noReason.code).toBe('VALIDATION_FAILED');
    const corrected = await call<{ fact: { id: number; supersedes: number; reason: string }; verification: { id: number; monthlyAmountFen: number; facts: { id: number; supersededBy: number | null }[] } }>(
      'weifang.cw',
      'POST',
      `/assistance/cases/${caseId}/fact-corrections`,
      { factId: assetFact.id, amountFen: 1800000, reason: '银行流水核实存款余额为 18000 元' },
    );
    expect(corrected.fact).toMatchObject({ supersedes: assetFact.id, reason: '银行流水核实存款余额为 18000 元' });
    expect(corrected.verification.id).toBeGreaterThan(verification.id);
    expect(corrected.verification.monthlyAmountFen).toBe(398500);
    expect(corrected.verification.facts.find((f) => f.id === assetFact.id)?.supersededBy).toBe(corrected.fact.id);

    clock.set('2024-05-08');
    await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/visit`, { findings: '入户核实：三口之家，居住面积小，家中无贵重物品' });
    const noticed = await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/public-notice`, {});
    // 公示 7 days: 8 May to 14 May inclusive.
    expect(noticed).toMatchObject({ status: 'in_notice', noticeEndsOn: '2024-05-14' });

    clock.set('2024-05-10');
    const objected = await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/objections`, { objection: '群众反映该户有私家车' });
    const seq = objected.actions[objected.actions.length - 1].seq;
    clock.set('2024-05-14');
    const blocked = await call<{ code: string; message: string }>('pudong.a', 'POST', `/assistance/cases/${caseId}/approve`, {}, 409);
    expect(blocked.code).toBe('ASSISTANCE_NOTICE_NOT_ENDED');
    await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/objections/${seq}/resolve`, { finding: '经车管所数据核对，该户名下无机动车，异议不成立', upheld: false });
  });

  it('refuses illegal transitions with 409 and the allowed actions', async () => {
    const refused = await call<{ code: string; message: string; details: { allowed: string[] } }>('weifang.cw', 'POST', `/assistance/cases/${caseId}/visit`, { findings: 'x' }, 409);
    expect(refused.code).toBe('ASSISTANCE_ILLEGAL_TRANSITION');
    expect(refused.message).toContain('案件当前状态为「公示中」，不能执行「登记入户调查」');
    expect(refused.details.allowed).toContain('approve');
  });

  it('is approved by the district after the notice period, with the engine amount', async () => {
    clock.set('2024-05-15');
    const approved = await call('pudong.a', 'POST', `/assistance/cases/${caseId}/approve`, { note: '符合低保条件' });
    expect(approved).toMatchObject({ status: 'in_payment', amountFen: 398500, paymentFrom: '2024-05', reviewDue: '2025-05-15' });
    const twice = await call<{ code: string }>('pudong.a', 'POST', `/assistance/cases/${caseId}/approve`, {}, 409);
    expect(twice.code).toBe('ASSISTANCE_ILLEGAL_TRANSITION');
  });

  it('pays May, June and July; July applies the new standard by itself', async () => {
    for (const [date, month] of [
      ['2024-05-20', '2024-05'],
      ['2024-06-20', '2024-06'],
      ['2024-07-20', '2024-07'],
    ]) {
      clock.set(date);
      const run = await call<{ runId: number; status: string; paidCount: number }>('pudong.a', 'POST', '/assistance/payment-runs', { districtCode: '310115', month });
      expect(run).toMatchObject({ status: 'completed', paidCount: 1 });
      runs[month] = run.runId;
    }
    const payments = await call<{ month: string; amountFen: number; standardFen: number; status: string }[]>('weifang.cw', 'GET', `/assistance/cases/${caseId}/payments`);
    // May, June: 3985.00 yuan (above). July 2024: standard 1595 (from 2024-07-01); minors' 1595 × 1.3 = 2073.5 → 2075;
    // 1595 + 1595 + 2075 − 1000 = 4265.00 yuan.
    expect(payments.map((p) => [p.month, p.amountFen, p.standardFen, p.status])).toEqual([
      ['2024-05', 398500, 151000, 'paid'],
      ['2024-06', 398500, 151000, 'paid'],
      ['2024-07', 426500, 159500, 'paid'],
    ]);
    // Ledger total 3985 + 3985 + 4265 = 12235.00 yuan.
    expect(payments.reduce((n, p) => n + p.amountFen, 0)).toBe(1223500);

    const again = await call<{ paidCount: number; paidTotalFen: number; writtenNow: number }>('pudong.a', 'POST', '/assistance/payment-runs', { districtCode: '310115', month: '2024-07' });
    expect(again).toMatchObject({ paidCount: 1, paidTotalFen: 426500, writtenNow: 0 });

    // The cockpit's statistics read the same ledger: one dibao household a month, 3985.00 / 3985.00 / 4265.00 yuan.
    const stats = await call<{ divisionCode: string; rows: { month: string; districtCode: string; programme: string; households: number; amountFen: number }[] }>('pudong.a', 'GET', '/assistance/stats?from=2024-05&to=2024-07');
    expect(stats.divisionCode).toBe('310115000000');
    expect(stats.rows).toEqual([
      { month: '2024-05', districtCode: '310115000000', programme: 'dibao', households: 1, amountFen: 398500 },
      { month: '2024-06', districtCode: '310115000000', programme: 'dibao', households: 1, amountFen: 398500 },
      { month: '2024-07', districtCode: '310115000000', programme: 'dibao', households: 1, amountFen: 426500 },
    ]);
    const otherStreet = await call<{ rows: unknown[] }>('lujiazui.cw', 'GET', '/assistance/stats?from=2024-05&to=2024-07');
    expect(otherStreet.rows).toEqual([]);
    await call('pudong.a', 'GET', '/assistance/stats?from=2024-07&to=2024-05', undefined, 400);
  });

  it('exports the bank file in CSV and Excel, totals reconciling with the ledger', async () => {
    const csv = await app.inject({ url: `/api/v1/assistance/payment-runs/${runs['2024-07']}/export?format=csv&purpose=银行代发核对`, headers: headers['pudong.a'] });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['x-total-fen']).toBe('426500');
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[1]).toBe(`1,${caseId},张伟,上海农商银行,6228480012345678901,4265.00,最低生活保障（低保）,2024-07`);
    expect(lines[2]).toBe('合计,,,,1 笔,4265.00,,');
    const xlsx = await app.inject({ url: `/api/v1/assistance/payment-runs/${runs['2024-07']}/export?format=xlsx&purpose=银行代发核对`, headers: headers['pudong.a'] });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await app.inject({ url: `/api/v1/assistance/payment-runs/${runs['2024-07']}/export?purpose=银行代发核对`, headers: headers['weifang.cw'] })).statusCode).toBe(403);
  });

  it('issues the approval notice in Chinese with the appeal rights', async () => {
    const html = await app.inject({ url: `/api/v1/assistance/cases/${caseId}/decision-notice`, headers: headers['weifang.cw'] });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('最低生活保障（低保）审批决定书');
    expect(html.body).toContain('每月 3985.00 元，自2024年5月起按月发放');
    expect(html.body).toContain('六十日内向浦东新区人民政府申请行政复议');
    expect(html.body).toContain('六个月内依法向人民法院提起行政诉讼');
  });

  it('changes the next payment on new income, and on a death in the household', async () => {
    // 李娜 starts work at 2000 yuan a month from August. August: 1595 + 1595 + 2075 − (1000 + 2000) = 2265.00 yuan.
    await recordFacts(t.ctx, 'wage-2024-08', '人社局', [{ subjectType: 'person', subjectId: h.personIds[1], kind: 'income.wage', amountFen: 200000, validFrom: '2024-08-01' }]);
    clock.set('2024-08-20');
    await call('pudong.a', 'POST', '/assistance/payment-runs', { districtCode: '310115', month: '2024-08' });
    // The son dies on 25 August: the case notes it and the review falls due; September is paid for two:
    // 1595 + 1595 − 3000 = 190.00 yuan (per-capita income 1500 < 1595, still eligible).
    await recordDeath(t.db.kysely.withTables<RegistryTables>(), caseworker, h.personIds[2], { deathDate: '2024-08-25' });
    expect(await dispatchOutbox(t.db.kysely, eventHandlers())).toBeGreaterThan(0);
    const noted = await call('weifang.cw', 'GET', `/assistance/cases/${caseId}`);
    expect(noted).toMatchObject({ status: 'in_payment', reviewDue: '2024-08-25', overdue: false });
    expect(noted.actions.at(-1)).toMatchObject({ action: 'note_change', actorId: null });
    clock.set('2024-09-20');
    await call('pudong.a', 'POST', '/assistance/payment-runs', { districtCode: '310115', month: '2024-09' });
    // A raise to 3500 yuan from October: per-capita (1000 + 3500) / 2 = 2250 ≥ 1595, not eligible: withheld, case suspended.
    await recordFacts(t.ctx, 'wage-2024-10', '人社局', [{ subjectType: 'person', subjectId: h.personIds[1], kind: 'income.wage', amountFen: 150000, validFrom: '2024-10-01' }]);
    clock.set('2024-10-20');
    const october = await call<{ paidCount: number; withheldCount: number }>('pudong.a', 'POST', '/assistance/payment-runs', { districtCode: '310115', month: '2024-10' });
    expect(october).toMatchObject({ paidCount: 0, withheldCount: 1 });
    const payments = await call<{ month: string; amountFen: number; status: string }[]>('weifang.cw', 'GET', `/assistance/cases/${caseId}/payments`);
    expect(payments.slice(3).map((p) => [p.month, p.amountFen, p.status])).toEqual([
      ['2024-08', 226500, 'paid'],
      ['2024-09', 19000, 'paid'],
      ['2024-10', 0, 'withheld'],
    ]);
    const suspended = await call('weifang.cw', 'GET', `/assistance/cases/${caseId}`);
    expect(suspended.status).toBe('suspended');
    expect(suspended.actions.at(-1)?.reason).toContain('暂停发放');
  });
});
