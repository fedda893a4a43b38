/**
 * 殡葬服务 pages in Chromium against the real server: a street caseworker records a home death from the death desk
 * as a new user would, sees the checklist and the notice, ticks an item with a note; another street cannot open it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeIdNumber } from '../../src/kernel/index.js';
import { apiAs, loginThroughUi, newContext, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

describe('funeral pages in Chromium', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(300));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('a caseworker records a home death, reads the checklist and the notice, ticks an item; another street cannot see it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'weifang', '/');
    await page.getByTestId('side-nav').getByText('殡葬服务').click();
    await page.getByTestId('record-death').click();
    await page.locator('.ant-modal').last().waitFor();
    // A person the registry does not hold: the desk records the death with the name and the caseworker's street.
    await page.getByTestId('death-id-number').fill(makeIdNumber('310115', '1936-03-03', 21));
    await page.getByLabel('姓名（人口库中无此人时必填）').fill('孙居家');
    await page.getByTestId('death-date').click();
    await page.keyboard.type('2025-03-15');
    await page.keyboard.press('Enter');
    await page
      .locator('.ant-modal')
      .last()
      .getByRole('button', { name: '登 记' })
      .or(page.locator('.ant-modal').last().getByRole('button', { name: '登记', exact: true }))
      .first()
      .click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/funeral\/deaths\/\d+$/);
    const deathUrl = page.url();
    await expect.poll(() => page.getByTestId('checklist').textContent()).toContain('养老金停发及丧葬补助金');
    await expect.poll(() => page.getByText('孙居家（2025-03-15 死亡）').count()).toBe(1);
    // The notice opens as a printable page with the 15-day 户籍注销 deadline (2025-03-30).
    const href = await page.getByTestId('print-notice').getAttribute('href');
    const get = await apiAs(app.baseUrl, 'weifang');
    const notice = await get<{ lines: { label: string; text: string }[] }>(String(href).replace('/api/v1', '').replace('format=html', 'format=json'));
    expect(notice.status).toBe(200);
    expect(notice.body.lines.find((l) => l.label === '户籍注销')?.text).toContain('2025-03-30');
    // A manual item: the button says what is needed before it can be confirmed.
    await page.getByTestId('tick-medical').click();
    await page.locator('.ant-modal').last().waitFor();
    await page.getByTestId('tick-note').fill('2025-03-20 家属在浦东医保中心办结');
    await page.getByRole('button', { name: '确认办结' }).click();
    await expect.poll(() => page.getByTestId('checklist').textContent(), { timeout: 15_000 }).toContain('2025-03-20 家属在浦东医保中心办结');
    expect(errors).toEqual([]);
    await context.close();

    // 陆家嘴's caseworker gets no record of 潍坊's death.
    const other = await apiAs(app.baseUrl, 'lujiazui');
    const id = deathUrl.split('/').at(-1);
    expect((await other(`/funeral/deaths/${id}`)).status).toBe(404);
  }, 180_000);
});
