/**
 * 基层治理 and the plan's indicators on the demo city, in Chromium: the indicator table with statuses, manual values
 * marked, the drill-down with its history chart and the Excel export; the leader reads only (no 填报, no roster);
 * a street caseworker keeps her own street's roster and the API refuses another street.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiAs, apiClient, canvasPainted, loginThroughUi, newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

async function open(user: string, path = '/') {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = watchForErrors(page);
  await loginThroughUi(page, app.baseUrl, user, path);
  return { page, errors, close: () => context.close() };
}

describe('规划指标 and 社区工作者 on the demo city', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(2000));
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('a leader reads the 15 indicators with statuses, drills into one with its history chart and exports Excel; no 填报', async () => {
    const { page, errors, close } = await open('leader');
    const nav = (await page.getByTestId('side-nav').textContent()) ?? '';
    expect(nav).toContain('规划指标');
    expect(nav).not.toContain('基层治理');
    await page.getByTestId('side-nav').getByText('规划指标').click();
    const table = page.getByTestId('indicators-table');
    await table.locator('tbody tr').nth(14).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(15);
    // Indicator 1 is computed from the 低保 parameters: 1595 ÷ 4375.67 = 36.5 % (the standard in force since 2024-07).
    expect(await page.getByTestId('indicator-value-1').textContent()).toBe('36.5%');
    expect(await page.getByTestId('indicator-status-1').textContent()).toBe('已达标');
    // Manual indicators show their source as 人工填报.
    expect(await table.locator('tbody tr').nth(5).textContent()).toContain('人工填报');
    expect(await page.getByTestId('indicator-enter-6').count()).toBe(0);
    await page.getByTestId('indicators-summary').waitFor();
    await table.locator('tbody tr').first().click();
    await page.getByTestId('indicator-history-chart').waitFor();
    await expect.poll(() => canvasPainted(page, 'indicator-history-chart'), { timeout: 15_000 }).toBe(true);
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-export').click()]);
    expect(download.suggestedFilename()).toContain('.xlsx');
    await screenshot(page, 'indicators-leader');
    expect(errors).toEqual([]);
    await close();
  });

  test('the city admin enters a manual value with its source, shown as 人工填报', async () => {
    const { page, errors, close } = await open('admin', '/indicators');
    await page.getByTestId('indicator-enter-9').click();
    await page.getByTestId('manual-value').fill('2600');
    await page.getByTestId('manual-source').fill('市康复辅具中心培训考试合格名单');
    await page.getByTestId('manual-save').click();
    await expect.poll(async () => page.getByTestId('indicator-value-9').textContent()).toBe('2600 人');
    const api = await apiAs(app.baseUrl, 'admin');
    const entries = await api<{ value: number; supersededBy: number | null }[]>('/indicators/9/values');
    expect(entries.body[0]).toMatchObject({ value: 2600, supersededBy: null });
    expect(errors).toEqual([]);
    await close();
  });

  test('a street caseworker sees her street’s roster and figures; another street’s committee is refused', async () => {
    const { page, errors, close } = await open('weifang', '/community');
    await page.getByTestId('roster-figures').waitFor();
    await page.getByTestId('roster-table').locator('tbody tr').first().waitFor();
    const streets = await page.getByTestId('roster-table').locator('tbody tr td:nth-child(2)').allTextContents();
    expect(streets.length).toBeGreaterThan(0);
    expect(new Set(streets)).toEqual(new Set(['潍坊新村街道']));
    await screenshot(page, 'community-roster');
    const client = await apiClient(app.baseUrl, 'weifang');
    const foreign = await client<{ code: string }>('POST', '/community/workers', { personId: 1, divisionCode: '310115005001', post: '社区工作者', startOn: '2024-01-01', education: 'bachelor' });
    expect([403, 404]).toContain(foreign.status);
    const leader = await apiAs(app.baseUrl, 'leader');
    expect((await leader('/community/workers')).status).toBe(403);
    expect(errors).toEqual([]);
    await close();
  });
});
