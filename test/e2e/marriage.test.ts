/**
 * 婚姻登记 in Chromium against the real server and the demo (npm start's data), as the demo registrar of 浦东
 * (`hunyin`) would use it: book a couple, register a marriage after its checks, see an under-age and an
 * already-married party refused before the click, withdraw a divorce in its cooling-off, let another lapse by
 * running the daily job with the clock moved on; a street caseworker opening the registrar's pages gets a clear 403.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addDays, makeIdNumber, todayInShanghai } from '../../src/kernel/index.js';
import { lapseApplications, marriageDeps } from '../../src/marriage/index.js';
import { choose, openAs, screenshot, startAppAndBrowser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

const open = (user: string, path = '/') => openAs(browser, app.baseUrl, user, path);

const today = todayInShanghai();
let seq = 100;
const idFor = (sex: 'M' | 'F', birth: string) => makeIdNumber('320102', birth, (++seq * 2 + (sex === 'M' ? 1 : 0)) % 1000);

async function fillCouple(page: Page, husband: { name: string; id: string }, wife: { name: string; id: string }) {
  await page.getByTestId('husband-name').fill(husband.name);
  await page.getByTestId('husband-id').fill(husband.id);
  await page.getByTestId('wife-name').fill(wife.name);
  await page.getByTestId('wife-id').fill(wife.id);
  await page.getByTestId('run-checks').click();
  await page.getByTestId('check-results').waitFor();
}

describe('婚姻登记 in the browser', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(300));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the registrar books a couple, registers a marriage after its checks, and is stopped before the click for an under-age and a married party', async () => {
    const { page, errors, close } = await open('hunyin', '/marriage');
    await page.getByTestId('day-list').waitFor();
    // A walk-in for today (online booking needs a day's notice).
    await page.getByTestId('new-booking').click();
    await page.locator('.ant-modal').waitFor();
    await choose(page, 'booking-slot', '15:00');
    const husbandId = idFor('M', '1994-05-20');
    const wifeId = idFor('F', '1996-08-08');
    await page.getByTestId('booking-a-name').fill('陈思远');
    await page.getByTestId('booking-a-id').fill(husbandId);
    await page.getByTestId('booking-b-name').fill('林晓雯');
    await page.getByTestId('booking-b-id').fill(wifeId);
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('day-list').textContent(), { timeout: 20_000 }).toContain('陈思远');

    await fillCouple(page, { name: '陈思远', id: husbandId }, { name: '林晓雯', id: wifeId });
    await expect.poll(() => page.getByTestId('check-results').textContent()).not.toContain('不通过');
    await page.getByTestId('register-marriage').click();
    await expect.poll(() => page.getByTestId('registered').textContent(), { timeout: 20_000 }).toContain(`J310115-${today.slice(0, 4)}-`);
    // The booking is now attended.
    await expect.poll(() => page.getByTestId('day-list').textContent(), { timeout: 20_000 }).toContain('已办理');

    // 21 years old on the day (民法典 1047: 22 for men): refused before the click, the rule shown.
    const young = idFor('M', addDays(today, -(21 * 365 + 10)));
    await fillCouple(page, { name: '王小明', id: young }, { name: '赵小红', id: idFor('F', '1999-01-01') });
    await expect.poll(() => page.getByTestId('check-results').textContent()).toContain('未满 22 周岁');
    expect(await page.getByTestId('register-marriage').isDisabled()).toBe(true);

    // The husband just married: the bigamy check names the office that holds the marriage.
    await fillCouple(page, { name: '陈思远', id: husbandId }, { name: '周婷', id: idFor('F', '1997-02-02') });
    await expect.poll(() => page.getByTestId('check-results').textContent()).toContain('男方在浦东新区婚姻登记处有未解除的婚姻登记');
    expect(await page.getByTestId('register-marriage').isDisabled()).toBe(true);
    await screenshot(page, 'marriage-registration');
    expect(errors).toEqual([]);
    await close();
  });

  test('the registrar withdraws a divorce in its cooling-off; another lapses when the daily job runs with the clock moved on', async () => {
    const { page, errors, close } = await open('hunyin', '/marriage/divorces');
    await page.getByTestId('divorce-list').waitFor();
    const cooling = page.locator('[data-testid="divorce-list"] tr', { hasText: '冷静期内' }).first();
    await cooling.locator('button').first().click();
    await expect.poll(() => page.getByTestId('divorce-status').textContent()).toBe('冷静期内');
    await page.getByTestId('withdraw-divorce').click();
    await expect.poll(() => page.locator('[data-testid="divorce-list"]').textContent(), { timeout: 20_000 }).toContain('已撤回');

    const awaiting = await page.locator('[data-testid="divorce-list"] tr', { hasText: '待申领离婚证' }).count();
    expect(awaiting).toBeGreaterThan(0);
    // Sixty days on, every application awaiting its certificate has passed its window: 视为撤回 (民法典 1077 ¶2).
    const later = addDays(today, 60);
    await lapseApplications(marriageDeps(app.ctx, { now: () => new Date(`${later}T02:00:00Z`) }));
    await page.reload();
    await page.getByTestId('divorce-list').waitFor();
    // The reloaded list first renders empty while it loads: wait for the lapsed rows, then count what still awaits.
    await expect.poll(() => page.locator('[data-testid="divorce-list"]').textContent(), { timeout: 20_000 }).toContain('视为撤回');
    expect(await page.locator('[data-testid="divorce-list"] tr', { hasText: '待申领离婚证' }).count()).toBe(0);
    await screenshot(page, 'marriage-divorces');
    expect(errors).toEqual([]);
    await close();
  });

  test('a street caseworker opening the registrar pages gets a clear 403, and reads the figures', async () => {
    const { page, close } = await open('weifang', '/marriage/divorces');
    await expect.poll(() => page.getByTestId('api-error').textContent()).toContain('您的角色无权访问此页面');
    await page.goto(`${app.baseUrl}/marriage/figures`);
    await page.getByTestId('marriage-figures').waitFor();
    await close();
  });
});
