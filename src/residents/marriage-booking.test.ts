/**
 * 婚姻登记网上预约 in the residents' end, through HTTP: a resident books for the couple; the partner, signed in,
 * sees the booking and can cancel it; both get a notice in the booking's own transaction (a failure leaves neither
 * booking nor notice); bad input answers with a code and a Chinese message and changes nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStaff, seedAssistanceDivisions, STREETS, COMMITTEES } from '../assistance/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { addDays, makeIdNumber, todayInShanghai } from '../kernel/index.js';
import { IdVault, registerPerson, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { setDevCodeSink } from './identity.js';

let t: TestDatabase;
let app: AppInstance;
const codes = new Map<string, string>();
const ids = { groom: makeIdNumber('310115', '1994-03-08', 31), bride: makeIdNumber('310115', '1996-11-20', 42) };
const tomorrow = addDays(todayInShanghai(), 1);

beforeAll(async () => {
  t = await openTestDatabase();
  setDevCodeSink(({ idNumberMasked, code }) => codes.set(idNumberMasked, code));
  await seedAssistanceDivisions(t.ctx);
  const clerk = await makeStaff(t.ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await app.ready();
  const vault = new IdVault(t.ctx.config.secretKey);
  const registry = t.ctx.db.kysely.withTables<RegistryTables>();
  await registerPerson(registry, vault, clerk, { idNumber: ids.groom, name: '陈志强', hukouDivision: COMMITTEES.weifang1, residenceDivision: COMMITTEES.weifang1 });
  await registerPerson(registry, vault, clerk, { idNumber: ids.bride, name: '林晓雯', hukouDivision: COMMITTEES.weifang1, residenceDivision: COMMITTEES.weifang1 });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

interface Session {
  cookie: string;
  csrf: string;
}
async function signIn(idNumber: string): Promise<Session> {
  await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber } });
  const code = codes.get(`${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`);
  const login = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber, code } });
  expect(login.statusCode, login.body).toBe(200);
  const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
  return { cookie: `mz_resident=${cookies.mz_resident}; mz_resident_csrf=${cookies.mz_resident_csrf}`, csrf: cookies.mz_resident_csrf };
}
const as = (s: Session, method: 'GET' | 'POST', url: string, payload?: object) => app.inject({ method, url: `/api/v1${url}`, headers: { cookie: s.cookie, 'x-resident-csrf': s.csrf }, ...(payload ? { payload } : {}) });
const count = async (table: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(table)}`.execute(t.db.kysely)).rows[0].n);
const booking = (over: object = {}) => ({ officeId: 11, day: tomorrow, slot: '09:00', service: 'marriage', partner: { name: '林晓雯', idNumber: ids.bride }, ...over });

describe('resident marriage booking', () => {
  let groom: Session;
  let bride: Session;
  let bookingId = 0;

  it('books for the couple and writes a notice to each of them in the same transaction', async () => {
    groom = await signIn(ids.groom);
    const offices = await as(groom, 'GET', '/resident/marriage/offices');
    expect(offices.json()).toHaveLength(16);
    const slots = await as(groom, 'GET', `/resident/marriage/slots?officeId=11&day=${tomorrow}`);
    // 20 places a slot, 20 % kept for walk-ins: 16 online.
    expect(slots.json().find((s: { slot: string; service: string }) => s.slot === '09:00' && s.service === 'marriage')).toMatchObject({ places: 20, onlinePlaces: 16, left: 16 });
    const r = await as(groom, 'POST', '/resident/marriage/bookings', booking());
    expect(r.statusCode, r.body).toBe(201);
    bookingId = r.json().id;
    expect(r.json()).toMatchObject({ officeName: '浦东新区婚姻登记处', day: tomorrow, slot: '09:00', status: 'open', bookedByMe: true, parties: [{ name: '陈志强' }, { name: '林晓雯' }] });
    const notices = await sql<{ title: string; body: string }>`select title, body from residents.inbox where dedup_key like ${`marriage-booking:${bookingId}:booked:%`} order by person_id`.execute(t.db.kysely);
    expect(notices.rows.map((n) => n.title)).toEqual(['婚姻登记预约成功', '婚姻登记预约成功']);
    expect(notices.rows[1].body).toContain('陈志强为你们已预约 浦东新区婚姻登记处');
  });

  it('shows the booking to the partner, who did not make it', async () => {
    bride = await signIn(ids.bride);
    const mine = await as(bride, 'GET', '/resident/marriage/bookings');
    expect(mine.json()).toEqual([expect.objectContaining({ id: bookingId, status: 'open', bookedByMe: false })]);
  });

  it('refuses a second open booking, the past, a bad check digit and a full slot — nothing changed', async () => {
    const before = [await count('marriage.bookings'), await count('residents.inbox')];
    const again = await as(bride, 'POST', '/resident/marriage/bookings', booking({ partner: { name: '陈志强', idNumber: ids.groom } }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'MARRIAGE_BOOKING_OPEN', message: '一方已有未办理的预约，请先办理或取消原预约' });
    const past = await as(groom, 'POST', '/resident/marriage/bookings', booking({ day: todayInShanghai() }));
    expect(past.statusCode).toBe(400);
    expect(past.json().message).toMatch(/须至少提前 1 天/);
    const bad = await as(groom, 'POST', '/resident/marriage/bookings', booking({ partner: { name: '林晓雯', idNumber: `${ids.bride.slice(0, 17)}${ids.bride.endsWith('0') ? '1' : '0'}` } }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MARRIAGE_INVALID_ID_NUMBER');
    await sql`update marriage.capacity set places = 0 where office_id = 11 and service = 'marriage' and slot = '15:00'`.execute(t.db.kysely);
    const full = await as(groom, 'POST', '/resident/marriage/bookings', booking({ slot: '15:00' }));
    expect(full.statusCode).toBe(409);
    expect(full.json()).toMatchObject({ code: 'MARRIAGE_SLOT_FULL', message: `${tomorrow} 15:00 时段已约满` });
    expect([await count('marriage.bookings'), await count('residents.inbox')]).toEqual(before);
  });

  it('lets the partner cancel; both get a notice and may book again; another resident cannot touch it', async () => {
    const cancelled = await as(bride, 'POST', `/resident/marriage/bookings/${bookingId}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
    expect(await count(`residents.inbox where dedup_key like 'marriage-booking:${bookingId}:cancelled:%'`)).toBe(2);
    expect((await as(groom, 'GET', '/resident/marriage/bookings')).json()[0]).toMatchObject({ id: bookingId, status: 'cancelled', bookedByMe: true });
    expect((await as(groom, 'POST', '/resident/marriage/bookings', booking({ slot: '10:30' }))).statusCode).toBe(201);
  });

  it('rolls the booking back when the notice cannot be written (one transaction)', async () => {
    const open = (await as(groom, 'GET', '/resident/marriage/bookings')).json().find((b: { status: string }) => b.status === 'open');
    expect((await as(groom, 'POST', `/resident/marriage/bookings/${open.id}/cancel`)).statusCode).toBe(200);
    const before = [await count('marriage.bookings'), await count('marriage.booking_holds'), await count('residents.inbox')];
    // New notices now fail (existing rows are not checked): the booking in the same transaction must go with them.
    await sql`alter table residents.inbox add constraint mz_marriage_test_block check (kind <> 'status') not valid`.execute(t.db.kysely);
    try {
      const failed = await as(groom, 'POST', '/resident/marriage/bookings', booking({ slot: '13:30' }));
      expect(failed.statusCode).toBeGreaterThanOrEqual(400);
      expect(failed.statusCode).not.toBe(201);
    } finally {
      await sql`alter table residents.inbox drop constraint mz_marriage_test_block`.execute(t.db.kysely);
    }
    expect([await count('marriage.bookings'), await count('marriage.booking_holds'), await count('residents.inbox')]).toEqual(before);
    expect((await as(groom, 'POST', '/resident/marriage/bookings', booking({ slot: '13:30' }))).statusCode).toBe(201);
  });
});
