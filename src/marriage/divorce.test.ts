/**
 * Divorce by agreement (民法典 1076–1078), court judgements, reissue, e-licences, imports and the HTTP guard, on a
 * real database. Day numbers count from the day after receipt (民法典 201): received 2025-07-01 → day 30 is 07-31,
 * day 31 is 08-01, day 60 is 08-30 (a Saturday; weekends are not 法定休假日 by default), day 61 is 08-31.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { addDays, DomainError, todayInShanghai } from '../kernel/index.js';
import { eLicence, reissue, verifyELicence } from './certificates.js';
import { applyForDivorce, getDivorce, lapseApplications, registerDivorce, withdrawDivorce } from './divorce.js';
import { importBatch } from './imports.js';
import { enterJudgement } from './judgements.js';
import { getMarriage } from './records.js';
import { registerMarriage, type RegistrationInput } from './registration.js';
import { book, closeBooking, daySlots, slotsForResident } from './booking.js';
import type { MarriageTables } from './model.js';
import { openMarriageWorld, type MarriageWorld } from './testing.js';

let w: MarriageWorld;
let app: AppInstance;
const headers: Record<string, { authorization: string }> = {};

beforeAll(async () => {
  w = await openMarriageWorld();
  app = await buildApp(w.t.ctx);
  for (const u of ['pudong.hy', 'xuhui.hy', 'weifang.cw', 'auditor', 'city.admin']) {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u, password: 'test-pass-123' } });
    headers[u] = { authorization: `Bearer ${(login.json() as { token: string }).token}` };
  }
}, 120_000);
afterAll(async () => {
  await app?.close();
  await w?.close();
});

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};
const agreement = { children: '无子女', property: '房产归男方，男方补偿女方 20 万元', debts: '无共同债务' };
const full = { husband: 'full', wife: 'full' } as const;

async function married(on = '2024-05-20'): Promise<{ id: number; couple: RegistrationInput; number: string }> {
  w.clock.set(on);
  const couple = w.couple();
  const r = await registerMarriage(w.deps, w.users.pudong, couple);
  return { id: r.marriageId, couple, number: r.certificateNumber };
}
async function applied(marriageId: number, on = '2025-07-01'): Promise<number> {
  w.clock.set(on);
  return (await applyForDivorce(w.deps, w.users.pudong, { marriageId, bothPresent: true, agreement, capacity: full })).id;
}

describe('divorce by agreement: the cooling-off (民法典 1077)', () => {
  it('lets one party withdraw on day 30 and refuses on day 31', async () => {
    const a = await applied((await married()).id);
    w.clock.set('2025-07-31');
    expect((await withdrawDivorce(w.deps, w.users.pudong, a, { party: 'wife' })).status).toBe('withdrawn');
    const b = await applied((await married()).id);
    w.clock.set('2025-08-01');
    const e = (await withdrawDivorce(w.deps, w.users.pudong, b, { party: 'husband' }).catch((x: DomainError) => x)) as DomainError;
    expect(e.code).toBe('MARRIAGE_WITHDRAW_LATE');
    expect(e.message).toContain('2025-07-31');
    expect((await getDivorce(w.deps, w.users.pudong, b)).status).toBe('awaiting_registration');
  });

  it('registers on day 31 and on day 60 (离婚证, the marriage ends), and lets day 61 lapse by the daily job', async () => {
    const m31 = await married();
    const d31 = await applied(m31.id);
    w.clock.set('2025-07-31');
    expect(await codeOf(registerDivorce(w.deps, w.users.pudong, d31, { bothPresent: true, consentConfirmed: true }))).toBe('MARRIAGE_COOLING_OFF');
    w.clock.set('2025-08-01');
    const done = await registerDivorce(w.deps, w.users.pudong, d31, { bothPresent: true, consentConfirmed: true });
    expect(done).toMatchObject({ status: 'registered', certificateNumber: 'L310115-2025-000001' });
    expect(await getMarriage(w.deps, w.users.pudong, m31.id)).toMatchObject({ endedOn: '2025-08-01', endReason: 'divorce' });

    const d60 = await applied((await married()).id);
    w.clock.set('2025-08-30');
    expect((await getDivorce(w.deps, w.users.pudong, d60)).daysLeft).toBe(0);
    expect((await registerDivorce(w.deps, w.users.pudong, d60, { bothPresent: true, consentConfirmed: true })).status).toBe('registered');

    const d61 = await applied((await married()).id);
    w.clock.set('2025-08-31');
    expect(await codeOf(registerDivorce(w.deps, w.users.pudong, d61, { bothPresent: true, consentConfirmed: true }))).toBe('MARRIAGE_APPLICATION_LAPSED');
    expect(await lapseApplications(w.deps)).toBeGreaterThanOrEqual(1);
    const lapsed = await getDivorce(w.deps, w.users.pudong, d61);
    expect(lapsed.status).toBe('deemed_withdrawn');
    expect(lapsed.actions.at(-1)).toMatchObject({ kind: 'deemed_withdrawn', onDay: '2025-08-31' });
  });

  it('refuses one party alone, another office, no agreement, limited capacity, and a second open application', async () => {
    const m = await married();
    w.clock.set('2025-07-01');
    expect(await codeOf(applyForDivorce(w.deps, w.users.pudong, { marriageId: m.id, bothPresent: true, agreement: null, capacity: full }))).toBe('MARRIAGE_NO_AGREEMENT');
    expect(await codeOf(applyForDivorce(w.deps, w.users.pudong, { marriageId: m.id, bothPresent: true, agreement, capacity: { husband: 'full', wife: 'limited' } }))).toBe('MARRIAGE_NO_CAPACITY');
    const a = await applied(m.id);
    expect(await codeOf(applyForDivorce(w.deps, w.users.pudong, { marriageId: m.id, bothPresent: true, agreement, capacity: full }))).toBe('MARRIAGE_APPLICATION_OPEN');
    w.clock.set('2025-08-05');
    expect(await codeOf(registerDivorce(w.deps, w.users.pudong, a, { bothPresent: false, consentConfirmed: true }))).toBe('MARRIAGE_PARTY_ABSENT');
    // Another office: the application is held by 浦东 (a plain 403 naming why, the refusal audited).
    expect(await codeOf(registerDivorce(w.deps, w.users.xuhui, a, { bothPresent: true, consentConfirmed: true }))).toBe('MARRIAGE_OTHER_OFFICE');
  });
});

describe('court judgements, reissue and e-licences', () => {
  it('a void judgement voids the certificate, ends the marriage from the start and frees both parties', async () => {
    const m = await married();
    w.clock.set('2025-07-02');
    const licence = await eLicence(w.deps, m.number);
    expect(JSON.stringify(licence)).not.toContain(m.couple.husband.idNumber);
    expect((await verifyELicence(w.deps, licence)).status).toBe('valid');
    const j = await enterJudgement(w.deps, w.users.pudong, { marriageId: m.id, kind: 'void', court: '上海市浦东新区人民法院', caseNumber: '(2025)沪0115民初1号', effectiveOn: '2025-07-01' });
    expect(j.annotation).toBe('备注婚姻无效');
    expect(await getMarriage(w.deps, w.users.pudong, m.id)).toMatchObject({ endReason: 'void', endedOn: '2024-05-20', certificates: [{ status: 'void' }] });
    expect((await verifyELicence(w.deps, licence)).status).toBe('void');
    // Retried: the same case number answers the first entry.
    expect((await enterJudgement(w.deps, w.users.pudong, { marriageId: m.id, kind: 'void', court: '上海市浦东新区人民法院', caseNumber: '(2025)沪0115民初1号', effectiveOn: '2025-07-01' })).id).toBe(j.id);
    // Void from the start: the husband is "unmarried" again, no proof needed.
    expect(await codeOf(registerMarriage(w.deps, w.users.pudong, w.couple({ husband: { idNumber: m.couple.husband.idNumber } })))).toBe('ok');
  });

  it('reissues at another office after checking the applicant is a party; the old number is superseded', async () => {
    const m = await married();
    w.clock.set('2025-07-03');
    const old = await eLicence(w.deps, m.number);
    expect(await codeOf(reissue(w.deps, w.users.xuhui, m.number, { idNumber: w.id('M', '1990-01-01'), purpose: '补领结婚证' }))).toBe('MARRIAGE_NOT_A_PARTY');
    const fresh = await reissue(w.deps, w.users.xuhui, m.number, { idNumber: m.couple.wife.idNumber, purpose: '补领结婚证' });
    expect(fresh).toMatchObject({ kind: 'BJ', officeName: '徐汇区婚姻登记处', status: 'valid' });
    expect(fresh.number).toBe('BJ310104-2025-000001');
    expect(await verifyELicence(w.deps, old)).toEqual({ status: 'superseded', supersededBy: 'BJ310104-2025-000001' });
    const tampered = { ...old, data: { ...old.data, issuedOn: '2020-01-01' } };
    expect((await verifyELicence(w.deps, tampered)).status).toBe('forged');
  });
});

describe('historical import', () => {
  it('lands good rows, reports bad ones by row, flags two open marriages for one ID, and is a no-op when re-sent', async () => {
    w.clock.set('2025-07-01');
    const shared = w.id('M', '1965-05-05');
    const content = [
      JSON.stringify({ husbandName: '郑大海', husbandIdNumber: shared, wifeName: '冯小梅', wifeIdNumber: w.id('F', '1966-06-06'), registeredOn: '1990-01-01' }),
      '{not json',
      JSON.stringify({ husbandName: '郑大海', husbandIdNumber: shared, wifeName: '韩丽', wifeIdNumber: w.id('F', '1968-08-08'), registeredOn: '1995-01-01' }),
      JSON.stringify({ husbandName: '', wifeName: '某', registeredOn: '1990-01-01' }),
      JSON.stringify({ husbandName: '甲', husbandIdNumber: '110101199001011234', wifeName: '乙', registeredOn: '1990-01-01' }),
    ].join('\n');
    const input = { batchId: 'hist-2025-01', source: '区档案馆', provenance: 'imported' as const, format: 'ndjson' as const, content };
    const first = await importBatch(w.deps, w.users.admin, input);
    expect(first).toMatchObject({ replayed: false, rows: 5, accepted: 2, rejected: 3, conflicting: 1 });
    expect(first.errors.map((e) => e.row)).toEqual([2, 4, 5]);
    expect(first.errors[2].message).toContain('校验码');
    const again = await importBatch(w.deps, w.users.admin, input);
    expect(again).toMatchObject({ replayed: true, accepted: 2, rejected: 3 });
    const rows = await w.deps.db.kysely.withTables<MarriageTables>().selectFrom('marriage.marriages').select('quality').where('batch_id', '=', 'hist-2025-01').execute();
    expect(rows.map((r) => r.quality)).toEqual(['conflicting', 'conflicting']);
  });
});

describe('booking: never overbooked, one open booking per person', () => {
  it('accepts online bookings up to the online share, refuses the next and a second booking for one person', async () => {
    w.clock.set('2025-07-01');
    // 20 places, 20 % kept for walk-ins → 16 online places.
    const slot = { officeId: 11, day: '2025-07-03', slot: '09:00', service: 'marriage' as const, channel: 'online' as const };
    const people: { a: string; b: string }[] = [];
    for (let i = 0; i < 17; i++) people.push({ a: w.id('M', '1990-01-01'), b: w.id('F', '1992-01-01') });
    const results = await Promise.all(people.map((p) => codeOf(book(w.deps, w.users.pudong, { ...slot, partyA: { idNumber: p.a, name: '甲' }, partyB: { idNumber: p.b, name: '乙' } }))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(16);
    expect(results.filter((r) => r === 'MARRIAGE_SLOT_FULL')).toHaveLength(1);
    expect(await codeOf(book(w.deps, w.users.pudong, { ...slot, slot: '10:30', partyA: { idNumber: people[0].a, name: '甲' }, partyB: { idNumber: w.id('F', '1993-01-01'), name: '丙' } }))).toBe('MARRIAGE_BOOKING_OPEN');
    expect(await codeOf(book(w.deps, w.users.pudong, { ...slot, day: '2025-07-01', partyA: { idNumber: w.id('M', '1990-01-01'), name: '甲' }, partyB: { idNumber: w.id('F', '1992-01-01'), name: '乙' } }))).toBe('MARRIAGE_BOOKING_TOO_LATE');
    expect(await codeOf(book(w.deps, w.users.pudong, { ...slot, officeId: 99, partyA: { idNumber: w.id('M', '1990-01-01'), name: '甲' }, partyB: { idNumber: w.id('F', '1992-01-01'), name: '乙' } }))).toBe('MARRIAGE_UNKNOWN_OFFICE');
  });

  it('gives a cancelled booking its place back; a no-show keeps it; another office may not cancel', async () => {
    w.clock.set('2025-07-01');
    // 4 places (10:30 divorce slot set to 4 here): 80 % online → 3 online places, 1 kept for walk-ins.
    await w.t.db.kysely.withTables<MarriageTables>().updateTable('marriage.capacity').set({ places: 4 }).where('office_id', '=', 11).where('service', '=', 'divorce').where('slot', '=', '10:30').execute();
    const slot = { officeId: 11, day: '2025-07-04', slot: '10:30', service: 'divorce' as const, channel: 'online' as const };
    const couple = () => ({ partyA: { idNumber: w.id('M', '1980-01-01'), name: '甲' }, partyB: { idNumber: w.id('F', '1982-01-01'), name: '乙' } });
    const made = [await book(w.deps, w.users.pudong, { ...slot, ...couple() }), await book(w.deps, w.users.pudong, { ...slot, ...couple() }), await book(w.deps, w.users.pudong, { ...slot, ...couple() })];
    expect(await codeOf(book(w.deps, w.users.pudong, { ...slot, ...couple() }))).toBe('MARRIAGE_SLOT_FULL');
    expect(await codeOf(closeBooking(w.deps, w.users.xuhui, made[0].id, 'cancelled'))).toBe('MARRIAGE_OTHER_OFFICE');
    await closeBooking(w.deps, w.users.pudong, made[0].id, 'cancelled');
    await book(w.deps, w.users.pudong, { ...slot, ...couple() });
    expect(await codeOf(book(w.deps, w.users.pudong, { ...slot, ...couple() }))).toBe('MARRIAGE_SLOT_FULL');
    w.clock.set('2025-07-04');
    await closeBooking(w.deps, w.users.pudong, made[1].id, 'no_show');
    // The walk-in place is left, and only it: 3 online + 1 walk-in = 4, the no-show still counted.
    await book(w.deps, w.users.pudong, { ...slot, channel: 'walk_in', ...couple() });
    expect(await codeOf(book(w.deps, w.users.pudong, { ...slot, channel: 'walk_in', ...couple() }))).toBe('MARRIAGE_SLOT_FULL');
    expect((await daySlots(w.deps, 11, '2025-07-04')).find((s) => s.slot === '10:30' && s.service === 'divorce')).toMatchObject({ places: 4, booked: 4, left: 0 });
  });
});

describe('HTTP: the office scope and the roles', () => {
  it('lets the office read its record, answers another office 403 (its own code) and a street caseworker 403, audits the read', async () => {
    const m = await married();
    const own = await app.inject({ method: 'GET', url: `/api/v1/marriage/marriages/${m.id}`, headers: headers['pudong.hy'] });
    expect(own.statusCode).toBe(200);
    expect(own.json().husband.idNumber).toMatch(/^\d{3}\*+\d{3}[\dX]$/);
    expect((await app.inject({ method: 'GET', url: `/api/v1/marriage/marriages/${m.id}`, headers: headers.auditor })).statusCode).toBe(200);
    const other = await app.inject({ method: 'GET', url: `/api/v1/marriage/marriages/${m.id}`, headers: headers['xuhui.hy'] });
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'MARRIAGE_OTHER_OFFICE', message: '该档案由其他婚姻登记机关保管，本登记机关无权查看或办理' });
    const cw = await app.inject({ method: 'GET', url: `/api/v1/marriage/marriages/${m.id}`, headers: headers['weifang.cw'] });
    expect(cw.statusCode).toBe(403);
    expect(cw.json()).toMatchObject({ code: 'ACCESS_PERMISSION_DENIED' });
    expect((await app.inject({ method: 'GET', url: `/api/v1/marriage/marriages/${m.id}`, headers: headers['city.admin'] })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/marriage/figures?year=2025', headers: headers['weifang.cw'] })).statusCode).toBe(200);
    const audit = await w.t.db.kysely
      .withTables<AccessTables>()
      .selectFrom('access.audit_log')
      .select(['actor_username', 'result'])
      .where('action', '=', 'marriage.marriage.read')
      .where('entity_id', '=', String(m.id))
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { actor_username: 'pudong.hy', result: 'ok' },
      { actor_username: 'auditor', result: 'ok' },
      { actor_username: 'xuhui.hy', result: 'denied' },
      { actor_username: 'weifang.cw', result: 'denied' },
      { actor_username: 'city.admin', result: 'denied' },
    ]);
  });

  it('answers every bad input of the issue over HTTP with 4xx, a code and a Chinese message, and changes nothing', async () => {
    // The app runs on the real clock: the world's clock is set to the real day for the rows made beforehand.
    const real = todayInShanghai();
    const m = await married(addDays(real, -400));
    w.clock.set(addDays(real, -40));
    const late = (await applyForDivorce(w.deps, w.users.pudong, { marriageId: m.id, bothPresent: true, agreement, capacity: full })).id;
    // A working day ahead with 16 online places at 浦东, all taken.
    w.clock.set(real);
    let day = '';
    for (let ahead = 2; ahead <= 20 && !day; ahead++) if ((await slotsForResident(w.deps, 11, addDays(real, ahead))).some((x) => x.slot === '09:00' && x.service === 'marriage' && x.left > 0)) day = addDays(real, ahead);
    const slot = { officeId: 11, day, slot: '09:00', service: 'marriage' as const, channel: 'online' as const };
    for (let left = (await slotsForResident(w.deps, 11, day)).find((x) => x.slot === '09:00' && x.service === 'marriage')?.left ?? 0; left > 0; left--)
      await book(w.deps, w.users.pudong, { ...slot, partyA: { idNumber: w.id('M', '1990-01-01'), name: '甲' }, partyB: { idNumber: w.id('F', '1992-01-01'), name: '乙' } });
    const counts = async () =>
      Promise.all(
        (['marriage.marriages', 'marriage.bookings', 'marriage.certificates', 'marriage.divorce_actions'] as const).map(async (t) =>
          Number(
            (
              await w.deps.db.kysely
                .withTables<MarriageTables>()
                .selectFrom(t)
                .select((eb) => eb.fn.countAll<string>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          ),
        ),
      );
    const before = await counts();
    const couple = w.couple();
    const badDigit = `${couple.husband.idNumber.slice(0, 17)}${couple.husband.idNumber[17] === '0' ? '1' : '0'}`;
    const pair = () => ({ partyA: { idNumber: w.id('M', '1990-01-01'), name: '甲' }, partyB: { idNumber: w.id('F', '1992-01-01'), name: '乙' } });
    const cases: [string, string, object, string][] = [
      ['身份证校验码错误', '/api/v1/marriage/marriages', { ...couple, husband: { ...couple.husband, idNumber: badDigit } }, 'MARRIAGE_INVALID_ID_NUMBER'],
      ['两名男性', '/api/v1/marriage/marriages', w.couple({ wife: { idNumber: w.id('M', '1995-01-01') } }), 'MARRIAGE_NOT_MAN_AND_WOMAN'],
      ['未签署声明', '/api/v1/marriage/marriages', w.couple({ wife: { declarationSigned: false } }), 'MARRIAGE_NO_DECLARATION'],
      ['预约过去的日期', '/api/v1/marriage/bookings', { ...slot, day: addDays(real, -1), ...pair() }, 'MARRIAGE_BOOKING_TOO_LATE'],
      ['预约已满', '/api/v1/marriage/bookings', { ...slot, ...pair() }, 'MARRIAGE_SLOT_FULL'],
      // Every 404 of the platform reads the same (no existence oracle): MARRIAGE_UNKNOWN_OFFICE stays in the request log.
      ['不存在的登记机关', '/api/v1/marriage/bookings', { ...slot, officeId: 99, ...pair() }, 'NOT_FOUND'],
      ['冷静期满后撤回', `/api/v1/marriage/divorces/${late}/withdraw`, { party: 'wife' }, 'MARRIAGE_WITHDRAW_LATE'],
    ];
    for (const [what, url, payload, code] of cases) {
      const r = await app.inject({ method: 'POST', url, headers: headers['pudong.hy'], payload });
      expect([what, r.statusCode >= 400 && r.statusCode < 500]).toEqual([what, true]);
      expect([what, r.json().code]).toEqual([what, code]);
      expect([what, /[\u4e00-\u9fff]/.test(r.json().message)]).toEqual([what, true]);
    }
    expect(await counts()).toEqual(before);
  }, 60_000);

  it('answers bad input with a code and a Chinese message', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/marriage/marriages', headers: headers['pudong.hy'], payload: { ...w.couple({ wife: { idNumber: w.id('M', '1995-01-01') } }) } });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'MARRIAGE_NOT_MAN_AND_WOMAN' });
    expect(r.json().message).toContain('不予登记');
  });
});
