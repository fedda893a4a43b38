/**
 * 临时救助 (issue 23) through HTTP: the emergency track (先行救助) paid the same day and its paperwork overdue
 * after the configured days, the yearly cap across two reliefs over a 12-month window, the amount rule of the
 * ordinary track, and the refusals (400 with a code and a Chinese message, nothing written).
 *
 * Figures used (all settings of migration 006, unverified): 低保标准 1 595 元 from 2024-07-01 (POLICY-FACTS §1.1,
 * the policy pack); temporary.emergencyLimitFen 3 000 元; temporary.paperworkDays 5; temporary.ceilingFen
 * 4 785 元; temporary.multiplier.basic_living 1 000‰; the yearly cap is set to 5 000 元 here from 2024-08-01.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import type { AppInstance } from '../http/app.js';
import { dispatchOutbox } from '../db/index.js';
import { eventHandlers } from '../modules.js';
import { recordDeath, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { tables } from './deps.js';
import type { CaseDetail } from './model.js';
import { updateSetting } from './settings.js';
import { buildAssistanceTestApp, makeHousehold, makeStaff, PUDONG, seedAssistanceDivisions, STREETS, TestClock, tokenOf, type TestHousehold } from './testing.js';

let t: TestDatabase;
let app: AppInstance;
const clock = new TestClock('2024-08-01');
let single: TestHousehold;
let couple: TestHousehold;
let admin: Actor;
let caseworkerActor: Actor;
const headers: Record<string, { authorization: string }> = {};

type Answer = CaseDetail & { code?: string; message?: string };

beforeAll(async () => {
  t = await openTestDatabase();
  await seedAssistanceDivisions(t.ctx);
  const caseworker = await makeStaff(t.ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
  caseworkerActor = caseworker;
  await makeStaff(t.ctx, 'pudong.a', 'district_staff', PUDONG);
  admin = await makeStaff(t.ctx, 'city.admin', 'city_admin', '310000000000');
  app = await buildAssistanceTestApp(t.ctx, clock);
  for (const u of ['weifang.cw', 'pudong.a']) headers[u] = await tokenOf(app, u);
  single = await makeHousehold(t.ctx, caseworker, [{ name: '周海生', sex: 'M', birthDate: '1970-02-03', relation: 'head' }]);
  couple = await makeHousehold(t.ctx, caseworker, [
    { name: '吴建华', sex: 'M', birthDate: '1965-05-06', relation: 'head' },
    { name: '郑秀英', sex: 'F', birthDate: '1967-07-08', relation: 'spouse' },
  ]);
  // The yearly cap lowered to 5 000 元 so that two reliefs meet it (the default is 12 months of the standard).
  await updateSetting(tables(t.ctx), admin, 'temporary.yearlyCapFen', { value: 500_000, verified: false, from: '2024-08-01' }, '2024-08-01');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const call = async <T = Answer>(user: string, method: 'GET' | 'POST', url: string, payload?: object) => {
  const response = await app.inject({ method, url: `/api/v1${url}`, headers: headers[user], ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.json() as T };
};

const emergency = (h: TestHousehold, amountFen: number, extra: object = {}) =>
  call('weifang.cw', 'POST', '/assistance/temporary/emergency', {
    householdId: h.householdId,
    applicantPersonId: h.personIds[0],
    reason: '家中失火，基本生活无着',
    amountFen,
    hardshipType: 'accident',
    form: 'cash',
    findings: '现场核实：住房过火，衣物被褥全部烧毁',
    ...extra,
  });

const paymentsOf = (caseId: number) => tables(t.ctx).selectFrom('assistance.payments').selectAll().where('case_id', '=', caseId).execute();
const casesOf = async (h: TestHousehold) => (await tables(t.ctx).selectFrom('assistance.cases').select('id').where('household_id', '=', h.householdId).execute()).length;

describe('先行救助 (emergency track)', () => {
  let caseId: number;

  it('refuses an amount above the street limit with 400 and writes nothing', async () => {
    clock.set('2024-08-05');
    // Rule: 先行救助当场发放上限 temporary.emergencyLimitFen = 3 000 元; 3 500 元 is above it.
    const over = await emergency(couple, 350_000);
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'ASSISTANCE_OVER_EMERGENCY_LIMIT' });
    expect(over.body.message).toContain('3000.00');
    expect(await casesOf(couple)).toBe(0);
    // An in-kind relief must say what was handed over.
    const noItems = await emergency(couple, 100_000, { form: 'in_kind' });
    expect(noItems.status).toBe(400);
    expect(noItems.body).toMatchObject({ code: 'ASSISTANCE_ITEMS_REQUIRED' });
    expect(await casesOf(couple)).toBe(0);
  });

  it('pays the same day through the payment ledger, outside any run', async () => {
    const paid = await emergency(couple, 300_000);
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    caseId = paid.body.id;
    expect(paid.body).toMatchObject({ programme: 'temporary', urgent: true, status: 'emergency_paid', amountFen: 300_000, paymentFrom: '2024-08' });
    const ledger = await paymentsOf(caseId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ month: '2024-08', amount_fen: 300_000, status: 'paid', channel: 'cash', run_id: 0, standard_fen: 159_500 });
    const grant = paid.body.actions.find((a) => a.action === 'grant_emergency');
    expect(grant?.onDate).toBe('2024-08-05');
    // Rule: paperwork within temporary.paperworkDays = 5 days of paying: 2024-08-05 + 5 = 2024-08-10.
    expect(grant?.payload).toMatchObject({ paperworkDueOn: '2024-08-10', householdSize: 2, ruleLimitFen: 638_000 });
    expect(paid.body.dueOn).toBe('2024-08-10');
    expect(paid.body.overdue).toBe(false);
  });

  it('counts the paperwork overdue after the configured days, then records it as late', async () => {
    clock.set('2024-08-10');
    expect((await call('weifang.cw', 'GET', `/assistance/cases/${caseId}`)).body.overdue).toBe(false);
    clock.set('2024-08-11');
    const late = await call('weifang.cw', 'GET', `/assistance/cases/${caseId}`);
    expect(late.body).toMatchObject({ dueOn: '2024-08-10', overdue: true });
    const listed = await call<{ items: { id: number }[] }>('weifang.cw', 'GET', '/assistance/cases?overdue=true&programme=temporary');
    expect(listed.body.items.map((c) => c.id)).toContain(caseId);

    // The district cannot review before the paperwork is in.
    const early = await call('pudong.a', 'POST', `/assistance/cases/${caseId}/emergency-review`, { confirmed: true, note: '情况属实' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ASSISTANCE_PAPERWORK_MISSING' });

    const filed = await call('weifang.cw', 'POST', `/assistance/cases/${caseId}/paperwork`, { summary: '已补齐申请书、身份证明、火灾情况说明' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    expect(filed.body.actions.at(-1)?.payload).toMatchObject({ dueOn: '2024-08-10', late: true });
    expect(filed.body).toMatchObject({ dueOn: null, overdue: false });

    const reviewed = await call('pudong.a', 'POST', `/assistance/cases/${caseId}/emergency-review`, { confirmed: true, note: '情况属实，先行救助适当' });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'completed', open: false });
  });
});

describe('a death while a 先行救助 awaits its paperwork', () => {
  it('notes the death on the case for the district review instead of failing the death event', async () => {
    clock.set('2024-08-05');
    const family = await makeHousehold(t.ctx, caseworkerActor, [
      { name: '钱国强', sex: 'M', birthDate: '1950-03-04', relation: 'head' },
      { name: '孙桂兰', sex: 'F', birthDate: '1952-09-10', relation: 'spouse' },
    ]);
    const paid = await emergency(family, 100_000);
    expect(paid.body.status).toBe('emergency_paid');
    await recordDeath(t.db.kysely.withTables<RegistryTables>(), caseworkerActor, family.personIds[1] as number, { deathDate: '2024-08-05' });
    expect(await dispatchOutbox(t.db.kysely, eventHandlers())).toBeGreaterThan(0);
    const after = await call('weifang.cw', 'GET', `/assistance/cases/${paid.body.id}`);
    expect(after.body).toMatchObject({ status: 'emergency_paid' });
    expect(after.body.actions.at(-1)).toMatchObject({ action: 'note_change', actorId: null });
  });
});

describe('the yearly cap across reliefs (12 calendar months)', () => {
  it('refuses a second relief that would pass the cap, allows one within it, and drops a relief older than 12 months', async () => {
    // Relief 1: 3 000 元 on 2024-08-05 (the case above, for the same household).
    clock.set('2024-09-10');
    const before = await call<{ usedFen: number; remainingFen: number; reliefs: { caseId: number; month: string }[] }>('weifang.cw', 'GET', `/assistance/temporary/preview?householdId=${couple.householdId}&hardshipType=accident`);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    // Rule: paid in the 12 months up to 2024-09 (from 2023-10) count: 3 000 元; cap 5 000 → 2 000 元 remain.
    expect(before.body).toMatchObject({ usedFen: 300_000, remainingFen: 200_000, yearlyCapFen: 500_000, maxEmergencyFen: 200_000 });
    expect(before.body.reliefs).toMatchObject([{ month: '2024-08', amountFen: 300_000, state: 'paid', channel: 'cash' }]);

    const cases = await casesOf(couple);
    const over = await emergency(couple, 250_000);
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'ASSISTANCE_OVER_YEARLY_CAP' });
    // 3 000 + 2 500 = 5 500 元 > 5 000 元.
    expect(over.body.message).toContain('3000.00');
    expect(over.body.message).toContain('5000.00');
    expect(await casesOf(couple)).toBe(cases);

    const within = await emergency(couple, 200_000, { form: 'in_kind', items: '棉被两条、米面油一份' });
    expect(within.status, JSON.stringify(within.body)).toBe(201);
    expect((await paymentsOf(within.body.id))[0]).toMatchObject({ month: '2024-09', channel: 'in_kind', amount_fen: 200_000 });

    // A year on (window 2024-09 … 2025-08), August 2024 no longer counts; September 2024 does.
    clock.set('2025-08-01');
    const later = await call<{ usedFen: number; windowFrom: string }>('weifang.cw', 'GET', `/assistance/temporary/preview?householdId=${couple.householdId}`);
    expect(later.body).toMatchObject({ windowFrom: '2024-09', usedFen: 200_000 });
  });
});

describe('ordinary track: the amount rule at the visit', () => {
  it('refuses a proposal above standard × members × multiplier, and accepts one within it', async () => {
    clock.set('2024-08-20');
    const applied = await call('weifang.cw', 'POST', '/assistance/cases', {
      programme: 'temporary',
      householdId: single.householdId,
      applicantPersonId: single.personIds[0],
      reason: '子女学费一时无法筹措',
      bankAccount: { holderName: '周海生', bankName: '上海农商银行', accountNo: '622848001234567891' },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const id = applied.body.id;
    expect((await call('weifang.cw', 'POST', `/assistance/cases/${id}/accept`, {})).status).toBe(200);
    expect((await call('weifang.cw', 'POST', `/assistance/cases/${id}/verify`)).status).toBe(200);
    // Rule: 1 595 元 × 1 人 × 1 倍 (基本生活暂时困难, 1 000‰) = 1 595 元; 1 600 元 is above it.
    const over = await call('weifang.cw', 'POST', `/assistance/cases/${id}/visit`, { findings: '入户核实', proposedAmountFen: 160_000, hardshipType: 'basic_living' });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({ code: 'ASSISTANCE_AMOUNT_OVER_RULE' });
    expect(over.body.message).toContain('1595.00');
    expect((await call('weifang.cw', 'GET', `/assistance/cases/${id}`)).body.status).toBe('verified');
    const ok = await call('weifang.cw', 'POST', `/assistance/cases/${id}/visit`, { findings: '入户核实', proposedAmountFen: 159_500, hardshipType: 'basic_living' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.status).toBe('visited');
  });

  it('refuses 先行救助 on a case that is not urgent', async () => {
    const cases = await tables(t.ctx).selectFrom('assistance.cases').select(['id', 'status']).where('household_id', '=', single.householdId).execute();
    const grant = await call('weifang.cw', 'POST', `/assistance/cases/${cases[0].id}/emergency-grant`, { amountFen: 10_000, hardshipType: 'illness', form: 'cash', findings: '—' });
    // The case is visited: the transition itself refuses (先行救助 only before any other step).
    expect(grant.status).toBe(409);
    expect(grant.body).toMatchObject({ code: 'ASSISTANCE_ILLEGAL_TRANSITION' });
  });
});
