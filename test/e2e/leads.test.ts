/**
 * 政策找人 in Chromium against the real server (issue 15): district staff start a discovery run from the
 * screening page, watch its progress and open the leads, masked for their role until they give a purpose; the
 * community advisor opens a lead and reads whom to visit and where.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openAs, screenshot, startAppAndBrowser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

const open = (user: string, path = '/') => openAs(browser, app.baseUrl, user, path);

describe('政策找人 leads in Chromium', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(600));
  }, 480_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('district staff start a discovery run from the screening page, see its progress, then the leads with masked names', async () => {
    const { page, errors, close } = await open('pudong', '/policy/screen');
    await page.getByTestId('discovery-start').click();
    await page.getByTestId('discovery-run').waitFor();
    await expect.poll(() => page.getByTestId('discovery-status').textContent(), { timeout: 240_000, interval: 1000 }).toBe('已完成');
    const counts = (await page.getByTestId('discovery-counts').textContent()) ?? '';
    const match = /已核查 (\d+) \/ (\d+) 户，发现线索 (\d+) 条/.exec(counts);
    expect(match, counts).not.toBeNull();
    expect(match?.[1]).toBe(match?.[2]);
    expect(Number(match?.[2])).toBeGreaterThan(0);
    await screenshot(page, '60-discovery-progress');

    await page.getByTestId('discovery-leads').click();
    await page.getByRole('tab', { name: /政策找人线索/ }).click();
    const groups = page.getByTestId('lead-groups');
    await groups.waitFor();
    // District staff do not visit: the head of household's name shows masked.
    expect(await groups.getByTestId('lead-head-name').first().textContent()).toContain('*');
    await groups.locator('[data-testid^="open-lead-"]').first().click();
    const drawer = page.getByTestId('lead-drawer');
    await drawer.waitFor();
    expect(await drawer.getByTestId('lead-drawer-name').textContent()).toContain('*');
    await drawer.getByTestId('lead-reveal').click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('.ant-select').click();
    await page.locator('.ant-select-item-option', { hasText: '入户调查核实' }).click();
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => drawer.getByTestId('lead-drawer-name').textContent()).not.toContain('*');
    expect(await drawer.getByTestId('lead-drawer-address').textContent()).not.toContain('*');
    await screenshot(page, '61-lead-revealed');
    expect(errors).toEqual([]);
    await close();
  });

  test('an advisor opens a lead showing the head of household’s name, the address and the programmes', async () => {
    const { page, errors, close } = await open('advisor', '/monitoring?scope=all');
    await page.getByRole('tab', { name: /政策找人线索/ }).click();
    const groups = page.getByTestId('lead-groups');
    await groups.waitFor();
    await groups.locator('[data-testid^="open-lead-"]').first().click();
    const drawer = page.getByTestId('lead-drawer');
    await drawer.waitFor();
    const name = (await drawer.getByTestId('lead-drawer-name').textContent()) ?? '';
    expect(name).toMatch(/^\p{Script=Han}{2,4}$/u);
    const address = (await drawer.getByTestId('lead-drawer-address').textContent()) ?? '';
    expect(address.length).toBeGreaterThan(4);
    expect(address).not.toContain('*');
    expect(await drawer.getByTestId('lead-programmes').locator('tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, '62-lead-advisor');
    expect(errors).toEqual([]);
    await close();
  });
});
