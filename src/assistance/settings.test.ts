/**
 * Dated workflow settings: a city admin sets a value from a later day, the value in force stays until then,
 * every value stays in the history, a day before today is refused (decisions already made keep theirs), and
 * each change is audited with the value it replaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInstance } from '../http/app.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { tables } from './deps.js';
import { loadSettings, type SettingView } from './settings.js';
import { buildAssistanceTestApp, makeStaff, PUDONG, seedAssistanceDivisions, TestClock, tokenOf } from './testing.js';

let t: TestDatabase;
let app: AppInstance;
const clock = new TestClock('2024-05-06');
const headers: Record<string, { authorization: string }> = {};

beforeAll(async () => {
  t = await openTestDatabase();
  await seedAssistanceDivisions(t.ctx);
  app = await buildAssistanceTestApp(t.ctx, clock);
  await makeStaff(t.ctx, 'city.admin', 'city_admin', '310000000000');
  await makeStaff(t.ctx, 'pudong.staff', 'district_staff', PUDONG);
  headers.admin = await tokenOf(app, 'city.admin');
  headers.staff = await tokenOf(app, 'pudong.staff');
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const list = async (who = 'admin') => {
  const response = await app.inject({ method: 'GET', url: '/api/v1/assistance/settings', headers: headers[who] });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SettingView[];
};
const noticeDays = async () => (await list()).find((s) => s.key === 'notice.days') as SettingView;
const put = (who: string, key: string, payload: object) => app.inject({ method: 'PUT', url: `/api/v1/assistance/settings/${key}`, headers: headers[who], payload });
const db = () => tables(t.ctx);

describe('assistance settings from a date on', () => {
  it('starts from the initial configuration, unverified, with one value in its history', async () => {
    const s = await noticeDays();
    expect(s).toMatchObject({ value: 7, verified: false, from: null });
    expect(s.history).toHaveLength(1);
  });

  it('keeps the value in force until the new value’s day, then applies it', async () => {
    const response = await put('admin', 'notice.days', { value: 10, verified: true, note: '公示期调整为 10 天', from: '2024-06-01' });
    expect(response.statusCode, response.body).toBe(200);
    // Today (2024-05-06) is before 2024-06-01: the answer still shows 7 in force, and 10 waiting in the history.
    const answer = response.json() as SettingView;
    expect(answer).toMatchObject({ value: 7, from: null });
    expect(answer.history.map((v) => [v.from, v.value, v.verified])).toEqual([
      [null, 7, false],
      ['2024-06-01', 10, true],
    ]);
    expect((await loadSettings(db(), '2024-05-31')).noticeDays).toBe(7);
    expect((await loadSettings(db(), '2024-06-01')).noticeDays).toBe(10);
    clock.set('2024-06-01');
    expect(await noticeDays()).toMatchObject({ value: 10, verified: true, from: '2024-06-01', note: '公示期调整为 10 天', updatedBy: 'city.admin' });
  });

  it('audits the change with the value it replaces and the day it applies from', async () => {
    const rows = await t.ownerQuery<{ actor_username: string; entity_id: string; detail: Record<string, unknown> }>("select actor_username, entity_id, detail from access.audit_log where action = 'assistance.settings.update' order by id");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_username: 'city.admin', entity_id: 'notice.days' });
    expect(rows[0].detail).toMatchObject({ from: 7, to: 10, validFrom: '2024-06-01', verified: true });
  });

  it('refuses a day before today, a value out of range and another role, changing nothing', async () => {
    const before = await noticeDays();
    const past = await put('admin', 'notice.days', { value: 5, verified: false, note: '追溯', from: '2024-05-31' });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ code: 'ASSISTANCE_PAST_DATE' });
    const zero = await put('admin', 'notice.days', { value: 0, verified: false, note: '无公示' });
    expect(zero.statusCode).toBe(400);
    expect((zero.json() as { message: string }).message).toContain('1–60');
    const staff = await put('staff', 'notice.days', { value: 9, verified: false, note: '区里想改' });
    expect(staff.statusCode).toBe(403);
    expect(await noticeDays()).toEqual(before);
  });

  it('without a date applies from today; a second value for the same day replaces the first', async () => {
    clock.set('2024-07-01');
    expect((await put('admin', 'sampling.ratePermille', { value: 80, verified: false, note: '加大抽查' })).statusCode).toBe(200);
    const response = await put('admin', 'sampling.ratePermille', { value: 60, verified: false, note: '更正为 6%' });
    expect(response.json()).toMatchObject({ value: 60, from: '2024-07-01', note: '更正为 6%' });
    expect((response.json() as SettingView).history.map((v) => v.value)).toEqual([50, 80, 60]);
    expect((await loadSettings(db(), '2024-06-30')).samplingRatePermille).toBe(50);
    expect((await loadSettings(db(), '2024-07-01')).samplingRatePermille).toBe(60);
  });
});
