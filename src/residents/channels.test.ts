/**
 * The resident's choice of message channels (短信 / 随申办 App 推送) is what the channel sinks receive: no choice yet
 * sends by SMS only (the table's defaults), opting out of SMS and into the app moves the next message to the app,
 * opting out of both sends nothing besides the inbox, and a message delivered again (same event) is sent no more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/index.js';
import { PAYMENT_PAID } from '../assistance/index.js';
import { COMMITTEES, makeStaff, seedAssistanceDivisions, STREETS } from '../assistance/testing.js';
import type { StoredEvent } from '../db/index.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { makeIdNumber } from '../kernel/index.js';
import { IdVault, registerPerson, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { setDevCodeSink } from './identity.js';
import { DevChannel, inboxHandler, setMessageChannels, type MessageChannel } from './inbox.js';

let t: TestDatabase;
let app: AppInstance;
let caseworker: Actor;
let personId = 0;
let session = { cookie: '', csrf: '' };
const idNumber = makeIdNumber('310115', '1970-03-05', 41);
const codes = new Map<string, string>();
const sms = new DevChannel('sms');
const push = new DevChannel('app');
let previous: MessageChannel[] = [];
let eventId = 9_000;

beforeAll(async () => {
  t = await openTestDatabase();
  previous = setMessageChannels([sms, push]);
  setDevCodeSink(({ idNumberMasked, code }) => codes.set(idNumberMasked, code));
  await seedAssistanceDivisions(t.ctx);
  caseworker = await makeStaff(t.ctx, 'weifang.ch', 'street_caseworker', STREETS.weifang);
  const vault = new IdVault(t.ctx.config.secretKey);
  personId = (await registerPerson(t.ctx.db.kysely.withTables<RegistryTables>(), vault, caseworker, { idNumber, name: '钱桂兰', hukouDivision: COMMITTEES.weifang1, residenceDivision: COMMITTEES.weifang1 })).id;
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await app.ready();
  const asked = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber } });
  expect(asked.statusCode, asked.body).toBe(204);
  const code = codes.get(`${idNumber.slice(0, 3)}${'*'.repeat(11)}${idNumber.slice(-4)}`);
  const login = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber, code } });
  expect(login.statusCode, login.body).toBe(200);
  const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
  session = { cookie: `mz_resident=${cookies.mz_resident}; mz_resident_csrf=${cookies.mz_resident_csrf}`, csrf: cookies.mz_resident_csrf };
}, 120_000);

afterAll(async () => {
  setMessageChannels(previous);
  await app?.close();
  await t?.close();
});

/** A month of 低保 paid to the resident, as assistance announces it (a new event each time unless `again`). */
async function paid(month: string, again?: number): Promise<number> {
  const id = again ?? ++eventId;
  const event: StoredEvent = { id, createdAt: new Date(), topic: PAYMENT_PAID, key: 'case:77', payload: { caseId: 77, applicantPersonId: personId, programme: 'dibao', month, amountFen: 123_400 } };
  await t.ctx.db.kysely.transaction().execute((trx) => inboxHandler.handle(trx, event));
  return id;
}

const choose = (choice: { sms: boolean; app: boolean }) => app.inject({ method: 'PUT', url: '/api/v1/resident/channels', headers: { cookie: session.cookie, 'x-resident-csrf': session.csrf }, payload: choice });

const titles = (channel: DevChannel) => channel.sent.filter((m) => m.personId === personId).map((m) => m.title);

describe('message channels chosen by the resident', () => {
  it('sends by SMS only while the resident has chosen nothing', async () => {
    await paid('2026-01');
    expect(titles(sms)).toEqual(['最低生活保障（低保） 2026-01 已发放']);
    expect(titles(push)).toEqual([]);
  });

  it('after opting out of SMS and into the app, the next message goes to the app only; the same event again sends nothing', async () => {
    const set = await choose({ sms: false, app: true });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ sms: false, app: true });
    const id = await paid('2026-02');
    await paid('2026-02', id);
    expect(titles(sms)).toEqual(['最低生活保障（低保） 2026-01 已发放']);
    expect(titles(push)).toEqual(['最低生活保障（低保） 2026-02 已发放']);
  });

  it('with both turned off, the message is in the inbox and sent on no channel', async () => {
    expect((await choose({ sms: false, app: false })).statusCode).toBe(200);
    await paid('2026-03');
    expect(titles(sms)).toHaveLength(1);
    expect(titles(push)).toHaveLength(1);
    const inbox = await app.inject({ method: 'GET', url: '/api/v1/resident/inbox', headers: { cookie: session.cookie } });
    expect(inbox.statusCode, inbox.body).toBe(200);
    expect((inbox.json() as { items: { title: string }[] }).items.map((m) => m.title)).toContain('最低生活保障（低保） 2026-03 已发放');
  });
});
