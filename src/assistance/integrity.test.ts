/**
 * Who may and who may not: four eyes, the close-relative rule, jurisdiction (each refusal audited), plus
 * 临时救助 within its ceiling, a rejection notice with reasons and appeal rights, sampling and reviews.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import type { AppInstance } from '../http/app.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import type { CaseDetail } from './model.js';
import { seededSample } from './sampling.js';
import { buildAssistanceTestApp, COMMITTEES, makeHousehold, makeStaff, PUDONG, seedAssistanceDivisions, STREETS, TestClock, tokenOf, type MemberSpec } from './testing.js';

let t: TestDatabase;
let app: AppInstance;
const clock = new TestClock('2024-05-06');
const users: Record<string, Actor> = {};
const headers: Record<string, { authorization: string }> = {};
const poor = (name: string, birthDate = '1975-01-01'): MemberSpec => ({ name, sex: 'M', birthDate, relation: 'head', monthlyIncomeFen: 50000, monetaryAssetsFen: 100000 });

beforeAll(async () => {
  t = await openTestDatabase();
  await seedAssistanceDivisions(t.ctx);
  const staff: [string, Parameters<typeof makeStaff>[2], string][] = [
    ['weifang.cw', 'street_caseworker', STREETS.weifang],
    ['weifang.cw2', 'street_caseworker', STREETS.weifang],
    ['lujiazui.cw', 'street_caseworker', STREETS.lujiazui],
    ['pudong.a', 'district_staff', PUDONG],
    ['pudong.b', 'district_staff', PUDONG],
    ['weifang1.adv', 'community_advisor', COMMITTEES.weifang1],
  ];
  app = await buildAssistanceTestApp(t.ctx, clock);
  for (const [name, role, jurisdiction] of staff) {
    users[name] = await makeStaff(t.ctx, name, role, jurisdiction);
    headers[name] = await tokenOf(app, name);
  }
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
const bank = { holderName: '户主', bankName: '上海银行', accountNo: '6217000011112222' };

async function applyFor(member: MemberSpec, programme = 'dibao', by = 'weifang.cw'): Promise<{ caseId: number; personId: number; householdId: number }> {
  const h = await makeHousehold(t.ctx, users['weifang.cw'], [member]);
  const c = await call(by, 'POST', '/assistance/cases', { programme, householdId: h.householdId, applicantPersonId: h.personIds[0], reason: '生活困难', bankAccount: bank }, 201);
  return { caseId: c.id, personId: h.personIds[0], householdId: h.householdId };
}

/** accept → verify → visit → notice by `by`, then the clock moves past the 7-day notice. */
async function walkToDecision(caseId: number, by = 'weifang.cw', visit: object = { findings: '情况属实' }) {
  clock.set('2024-05-06');
  await call(by, 'POST', `/assistance/cases/${caseId}/accept`, {});
  await call(by, 'POST', `/assistance/cases/${caseId}/verify`);
  await call(by, 'POST', `/assistance/cases/${caseId}/visit`, visit);
  await call(by, 'POST', `/assistance/cases/${caseId}/public-notice`, {});
  clock.set('2024-05-13');
}

async function deniedAudit(username: string, action: string) {
  return sql<{ reason: string }>`select detail->>'reason' as reason from access.audit_log where actor_username = ${username} and action = ${action} and result = 'denied' order by id desc limit 1`.execute(t.db.kysely).then((r) => r.rows[0]);
}

describe('four eyes', () => {
  it('refuses the approval by the person who accepted the case, and audits the refusal', async () => {
    const { caseId } = await applyFor(poor('王一'));
    await walkToDecision(caseId, 'pudong.a');
    const refused = await call<{ code: string }>('pudong.a', 'POST', `/assistance/cases/${caseId}/approve`, {}, 403);
    expect(refused.code).toBe('ASSISTANCE_FOUR_EYES');
    expect(await deniedAudit('pudong.a', 'assistance.case.approve')).toEqual({ reason: 'ASSISTANCE_FOUR_EYES' });
    // 1 person, 500 yuan income: 1510 − 500 = 1010.00 yuan.
    expect(await call('pudong.b', 'POST', `/assistance/cases/${caseId}/approve`, {})).toMatchObject({ status: 'in_payment', amountFen: 101000 });
  });
});

describe('close relatives of staff (经办人员近亲属备案)', () => {
  it('flags the case and keeps the related staff from handling or approving it', async () => {
    const h = await makeHousehold(t.ctx, users['weifang.cw'], [poor('赵二')]);
    const personId = h.personIds[0];
    await call('weifang.cw', 'POST', '/assistance/staff-relatives', { personId, relation: 'sibling' }, 201);
    await call('pudong.b', 'POST', '/assistance/staff-relatives', { staffUserId: users['pudong.a'].userId, personId, relation: 'parent_in_law' }, 201);
    expect((await call<{ code: string }>('weifang.cw', 'POST', '/assistance/cases', { programme: 'dibao', householdId: h.householdId, applicantPersonId: personId, reason: '困难', bankAccount: bank }, 403)).code).toBe(
      'ASSISTANCE_CONFLICT_OF_INTEREST',
    );
    const c = await call('weifang.cw2', 'POST', '/assistance/cases', { programme: 'dibao', householdId: h.householdId, applicantPersonId: personId, reason: '困难', bankAccount: bank }, 201);
    expect(c.relativeOfStaff).toBe(true);
    const page = await call<{ items: { id: number; relativeOfStaff: boolean }[] }>('pudong.b', 'GET', '/assistance/cases?status=applied');
    expect(page.items.find((i) => i.id === c.id)?.relativeOfStaff).toBe(true);
    expect((await call<{ code: string }>('weifang.cw', 'POST', `/assistance/cases/${c.id}/accept`, {}, 403)).code).toBe('ASSISTANCE_CONFLICT_OF_INTEREST');
    expect(await deniedAudit('weifang.cw', 'assistance.case.accept')).toEqual({ reason: 'ASSISTANCE_CONFLICT_OF_INTEREST' });
    await walkToDecision(c.id, 'weifang.cw2');
    expect((await call<{ code: string }>('pudong.a', 'POST', `/assistance/cases/${c.id}/approve`, {}, 403)).code).toBe('ASSISTANCE_CONFLICT_OF_INTEREST');
    expect((await call('pudong.b', 'POST', `/assistance/cases/${c.id}/approve`, {})).status).toBe('in_payment');
    const filings = await call<{ staffUserId: number }[]>('pudong.b', 'GET', '/assistance/staff-relatives');
    expect(filings.map((f) => f.staffUserId).sort()).toEqual([users['weifang.cw'].userId, users['pudong.a'].userId].sort());
    expect((await call<{ code: string }>('weifang.cw', 'GET', '/assistance/staff-relatives', undefined, 403)).code).toBe('ACCESS_PERMISSION_DENIED');
  });
});

describe('jurisdiction', () => {
  it('gives a caseworker of another street 404 with an audit entry, and keeps the case out of their list', async () => {
    const { caseId, householdId, personId } = await applyFor(poor('钱三'));
    const again = await call<{ code: string; message: string }>('weifang.cw', 'POST', '/assistance/cases', { programme: 'dibao', householdId, applicantPersonId: personId, reason: '再次申请', bankAccount: bank }, 409);
    expect(again).toMatchObject({ code: 'ASSISTANCE_CASE_ALREADY_OPEN', message: expect.stringContaining('最低生活保障（低保）') });
    expect((await call<{ code: string }>('lujiazui.cw', 'GET', `/assistance/cases/${caseId}`, undefined, 404)).code).toBe('NOT_FOUND');
    expect(await deniedAudit('lujiazui.cw', 'assistance.case.read')).toEqual({ reason: 'jurisdiction' });
    expect((await call<{ code: string }>('lujiazui.cw', 'POST', `/assistance/cases/${caseId}/accept`, {}, 404)).code).toBe('NOT_FOUND');
    expect(await deniedAudit('lujiazui.cw', 'assistance.case.accept')).toEqual({ reason: 'jurisdiction' });
    expect((await call<{ items: unknown[] }>('lujiazui.cw', 'GET', '/assistance/cases')).items).toEqual([]);
    expect((await call<{ code: string }>('lujiazui.cw', 'GET', '/assistance/cases?division=310115004', undefined, 403)).code).toBe('ACCESS_OUT_OF_JURISDICTION');
    expect(await deniedAudit('lujiazui.cw', 'assistance.case.list')).toEqual({ reason: 'jurisdiction' });
    // The community advisor of the household's committee may read it, not work on it.
    expect((await call('weifang1.adv', 'GET', `/assistance/cases/${caseId}`)).id).toBe(caseId);
    expect((await call<{ code: string }>('weifang1.adv', 'POST', `/assistance/cases/${caseId}/accept`, {}, 403)).code).toBe('ACCESS_PERMISSION_DENIED');
    const refused = await call<{ code: string; message: string }>('weifang.cw', 'POST', `/assistance/cases/${caseId}/approve`, {}, 403);
    expect(refused.code).toBe('ACCESS_PERMISSION_DENIED');
    const illegal = await call<{ code: string; message: string }>('pudong.b', 'POST', `/assistance/cases/${caseId}/approve`, {}, 409);
    expect(illegal).toMatchObject({ code: 'ASSISTANCE_ILLEGAL_TRANSITION', message: expect.stringContaining('当前状态为「已申请」') });
  });
});

describe('临时救助, rejection notices, sampling and reviews', () => {
  it('keeps a temporary relief within the ceiling, pays it once and closes the case', async () => {
    const { caseId } = await applyFor(poor('孙四'), 'temporary');
    clock.set('2024-05-06');
    await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/accept`, {});
    await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/verify`);
    const over = await call<{ code: string; message: string }>('weifang.cw', 'POST', `/assistance/cases/${caseId}/visit`, { findings: '突发疾病', proposedAmountFen: 478501 }, 400);
    expect(over).toMatchObject({ code: 'ASSISTANCE_AMOUNT_OVER_CEILING', message: expect.stringContaining('单次上限 4785.00 元') });
    await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/visit`, { findings: '突发疾病', proposedAmountFen: 200000 });
    await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/public-notice`, {});
    clock.set('2024-05-13');
    expect(await call('pudong.b', 'POST', `/assistance/cases/${caseId}/approve`, { amountFen: 150000 })).toMatchObject({ status: 'in_payment', amountFen: 150000 });
    await call('pudong.b', 'POST', '/assistance/payment-runs', { districtCode: '310115', month: '2024-05' });
    // Approved after May's run was completed (a run is final): paid from June.
    const late = await applyFor(poor('吴六'));
    await walkToDecision(late.caseId);
    clock.set('2024-05-20');
    expect(await call('pudong.b', 'POST', `/assistance/cases/${late.caseId}/approve`, {})).toMatchObject({ paymentFrom: '2024-06', reviewDue: '2025-05-20' });
    await call('pudong.b', 'POST', '/assistance/payment-runs', { districtCode: '310115', month: '2024-06' });
    const latePaid = await call<{ month: string }[]>('weifang.cw', 'GET', `/assistance/cases/${late.caseId}/payments`);
    expect(latePaid.map((p) => p.month)).toEqual(['2024-06']);
    const payments = await call<{ month: string; amountFen: number }[]>('weifang.cw', 'GET', `/assistance/cases/${caseId}/payments`);
    expect(payments.map((p) => [p.month, p.amountFen])).toEqual([['2024-05', 150000]]);
    expect((await call('weifang.cw', 'GET', `/assistance/cases/${caseId}`)).status).toBe('completed');
  });

  it('rejects with reasons and issues the notice with appeal rights, in HTML and PDF', async () => {
    const { caseId } = await applyFor({ ...poor('周五'), monthlyIncomeFen: 300000 });
    await walkToDecision(caseId);
    const detail = await call('weifang.cw', 'GET', `/assistance/cases/${caseId}`);
    expect(detail.actions.find((a) => a.action === 'verify')?.payload).toMatchObject({ eligible: false });
    expect((await call<{ code: string }>('pudong.b', 'POST', `/assistance/cases/${caseId}/approve`, {}, 409)).code).toBe('ASSISTANCE_NOT_ELIGIBLE');
    await call('pudong.b', 'POST', `/assistance/cases/${caseId}/reject`, { reasons: ['家庭月人均收入 3000.00 元，不低于低保标准 1510.00 元'] });
    const html = await app.inject({ url: `/api/v1/assistance/cases/${caseId}/decision-notice`, headers: headers['weifang.cw'] });
    expect(html.body).toContain('不予批准决定书');
    expect(html.body).toContain('1. 家庭月人均收入 3000.00 元，不低于低保标准 1510.00 元');
    expect(html.body).toContain('六十日内向浦东新区人民政府申请行政复议');
    const pdf = await app.inject({ url: `/api/v1/assistance/cases/${caseId}/decision-notice?format=pdf`, headers: headers['weifang.cw'] });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The fonts the PDF embeds, subset-tagged ("AAAAAA+NotoSansSCThin-Regular"): all Noto Sans SC from the npm
    // package, none a fallback the machine happened to have (or nothing at all: CJK as empty boxes).
    const fonts = new Set([...pdf.rawPayload.toString('latin1').matchAll(/\/(?:FontName|BaseFont) *\/[A-Z]{6}\+([^\s/>\]]+)/g)].map((m) => m[1]));
    expect(fonts.size).toBeGreaterThan(0);
    expect([...fonts].filter((name) => !/^NotoSansSC/.test(name))).toEqual([]);
  }, 60_000);

  it('draws the same monthly sample every time and re-checks it; lists reviews and overdue cases', async () => {
    expect(seededSample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'a', 300)).toEqual(seededSample([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 'a', 300));
    expect(
      seededSample(
        Array.from({ length: 100 }, (_, i) => i + 1),
        'a',
        50,
      ),
    ).toHaveLength(5);
    const first = await call<{ id: number; population: number; sampleSize: number; cases: { mismatch: boolean }[] }>('pudong.a', 'POST', '/assistance/samples', { districtCode: '310115', month: '2024-05' });
    expect(first.population).toBeGreaterThanOrEqual(2);
    expect(first.sampleSize).toBe(1);
    expect((await call<{ id: number }>('pudong.b', 'POST', '/assistance/samples', { districtCode: '310115', month: '2024-05' })).id).toBe(first.id);
    expect((await call<{ code: string }>('weifang.cw', 'POST', '/assistance/samples', { districtCode: '310115', month: '2024-05' }, 403)).code).toBe('ACCESS_PERMISSION_DENIED');

    const due = await call<{ items: { reviewDue: string; streetCode: string }[]; total: number }>('weifang.cw', 'GET', '/assistance/reviews/due?until=2025-06-01');
    expect(due.total).toBe(3);
    expect(due.items.map((i) => i.reviewDue)).toEqual(['2025-05-13', '2025-05-13', '2025-05-20']);
    expect(due.items.every((i) => i.streetCode === STREETS.weifang)).toBe(true);
    clock.set('2024-08-01');
    const overdue = await call<{ items: { status: string; overdue: boolean }[] }>('pudong.b', 'GET', '/assistance/cases?overdue=true');
    expect(overdue.items.length).toBeGreaterThan(0);
    expect(overdue.items.every((i) => i.overdue && i.status === 'applied')).toBe(true);
  });
});
