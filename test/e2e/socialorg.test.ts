/**
 * 社会组织 pages in Chromium against the real server and the demo's social organisations: anyone searches the public
 * register without signing in and downloads the result; the 浦东 registrar takes a 社会服务机构 from the name check to
 * its certificate; the demo organisation's staff file its overdue annual report, for which the year-end run listed it
 * (shown publicly); the leader reads the charts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeCreditCode } from '../../src/kernel/index.js';
import { canvasPainted, confirmDialog, loginThroughUi, newContext, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

async function open(user: string | null, path = '/') {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = watchForErrors(page);
  if (user) await loginThroughUi(page, app.baseUrl, user, path);
  else await page.goto(`${app.baseUrl}${path}`);
  return { page, errors, close: () => context.close() };
}

describe('社会组织', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(600));
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('anonymous: search → organisation page → the CSV has as many rows as the search found', { timeout: 180_000 }, async () => {
    const { page, errors, close } = await open(null, '/public/socialorg');
    await page.getByTestId('public-q').fill('浦东新区');
    await page.getByTestId('public-search').click();
    await page.waitForURL(/q=/);
    const api = (await (await fetch(`${app.baseUrl}/api/v1/public/socialorg/organisations?q=${encodeURIComponent('浦东新区')}&limit=1`)).json()) as { total: number };
    // The page's total is the search's (the unfiltered list showed before the click).
    await expect.poll(async () => (await page.getByTestId('public-total').textContent()) ?? '').toBe(`共 ${api.total} 家`);
    const total = api.total;
    expect(total).toBeGreaterThan(0);
    const first = page.getByTestId('public-table').locator('tbody a').first();
    const name = (await first.textContent()) ?? '';
    await first.click();
    await expect.poll(() => page.getByTestId('public-org-name').textContent()).toBe(name);
    const csv = await fetch(`${app.baseUrl}/api/v1/public/socialorg/export.csv?q=${encodeURIComponent('浦东新区')}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).trim().split('\r\n').length - 1).toBe(total);
    expect(errors).toEqual([]);
    await close();
  });

  test('a district registrar takes a 社服 from the name check to its certificate; the organisation’s staff file the overdue report', { timeout: 240_000 }, async () => {
    const desk = await open('pudong', '/socialorg');
    await desk.page.getByTestId('socialorg-new').click();
    await desk.page.getByTestId('socialorg-name').fill('浦东新区星河青少年社会工作服务中心');
    await desk.page.getByTestId('socialorg-division').fill('310115004000');
    await confirmDialog(desk.page);
    await expect.poll(() => desk.page.getByTestId('socialorg-status').textContent()).toBe('名称已核准');
    await desk.page.getByTestId('step-establish_apply').click();
    await desk.page.getByTestId('step-funds').fill('100000');
    await confirmDialog(desk.page);
    await expect.poll(() => desk.page.getByTestId('socialorg-status').textContent()).toBe('成立登记待审');
    await desk.page.getByTestId('step-establish').click();
    await desk.page.getByTestId('step-credit-code').fill(makeCreditCode('52310115MN000001'));
    await confirmDialog(desk.page);
    await expect.poll(() => desk.page.getByTestId('socialorg-status').textContent()).toBe('已登记');
    expect(desk.errors).toEqual([]);
    await desk.close();

    // The demo organisation did not file last year's report: the run listed it, and the public page says so.
    const mine = await open('mingde', '/socialorg/mine');
    await mine.page.getByTestId('report-income').fill('120000');
    await mine.page.getByTestId('report-expenditure').fill('90000');
    await mine.page.getByTestId('report-net-assets').fill('50000');
    await mine.page.getByTestId('report-file').click();
    await expect.poll(() => mine.page.locator('.ant-message').textContent()).toContain('年度工作报告已报送');
    expect(mine.errors).toEqual([]);
    await mine.close();
    const listed = await fetch(`${app.baseUrl}/api/v1/public/socialorg/organisations?q=${encodeURIComponent('潍坊明德')}&list=abnormal`);
    expect(((await listed.json()) as { items: { name: string }[] }).items.map((o) => o.name)).toEqual(['浦东新区潍坊明德社会工作服务中心']);
  });

  test('the leader reads the charts', { timeout: 120_000 }, async () => {
    const { page, errors, close } = await open('leader', '/socialorg/figures');
    await page.getByTestId('socialorg-district-chart').waitFor();
    await expect.poll(() => canvasPainted(page, 'socialorg-district-chart'), { timeout: 20_000 }).toBe(true);
    expect(errors).toEqual([]);
    await close();
  });
});
