/**
 * 殡葬服务 pages in Chromium against the real server: a street caseworker records a home death from the death desk
 * as a new user would, sees the checklist and the notice, ticks an item with a note; another street cannot open it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dispatchOutbox } from '../../src/db/index.js';
import { addDays, makeIdNumber, todayInShanghai } from '../../src/kernel/index.js';
import { eventHandlers } from '../../src/modules.js';
import { dibaoElderInCareHome } from './funeral-fixtures.js';
import { apiAs, apiClient, loginThroughUi, newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

describe('funeral pages in Chromium', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(300));
  }, 400_000);
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

  test('a 低保 recipient in a care home dies at home: the caseworker records it, watches the checklist fill, prints the notice, applies for the subsidy; another street is refused', async () => {
    const elder = await dibaoElderInCareHome(app);
    const yesterday = addDays(todayInShanghai(), -1);
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'weifang', '/');
    await page.getByTestId('side-nav').getByText('殡葬服务').click();
    await page.getByTestId('record-death').click();
    const dialog = page.locator('.ant-modal').last();
    await dialog.waitFor();
    // The rule is on the dialog before the click: one registration, every business acts.
    await expect.poll(() => dialog.textContent()).toContain('首次通报即登记死亡并通知救助、津贴、养老等业务办理');
    await page.getByTestId('death-id-number').fill(elder.idNumber);
    await page.getByTestId('death-date').click();
    await page.keyboard.type(yesterday);
    await page.keyboard.press('Enter');
    await dialog
      .getByRole('button', { name: '登 记' })
      .or(dialog.getByRole('button', { name: '登记', exact: true }))
      .first()
      .click();
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/funeral\/deaths\/\d+$/);
    const deathId = Number(page.url().split('/').at(-1));
    await expect.poll(() => page.getByText(`${elder.name}（${yesterday} 死亡）`).count()).toBe(1);
    // Until the modules answer, their items wait; serve's loop delivers the events, the page polls and fills.
    await expect.poll(() => page.getByTestId('checklist').textContent()).toContain('等待业务系统答复');
    for (let round = 0; round < 5; round++) await dispatchOutbox(app.ctx.db.kysely, eventHandlers());
    const row = (key: string) => page.getByTestId('checklist').locator('tr', { hasText: key });
    await expect.poll(() => row('社会救助停发').textContent(), { timeout: 20_000 }).toMatch(new RegExp(`低保案件 ${elder.caseId}：自 \\d{4}-\\d{2} 起终止`));
    await expect.poll(() => row('养老床位退床').textContent()).toMatch(/于 \d{4}-\d{2}-\d{2} 结束，床位 \d+ 已腾空/);
    await expect.poll(() => row('人口库登记死亡').textContent()).toContain(`人口库已于 ${yesterday} 登记死亡`);
    await expect.poll(() => page.getByTestId('checklist').textContent()).not.toContain('等待业务系统答复');

    // The notice prints in its own tab: 户籍注销 within 15 days of the death.
    const [printed] = await Promise.all([context.waitForEvent('page'), page.getByTestId('print-notice').click()]);
    await printed.waitForLoadState();
    await expect.poll(() => printed.textContent('body')).toContain(addDays(yesterday, 15));
    await printed.close();

    // Cremation at 浦东殡仪馆 with the four basic items' cost (300 + 180 + 400 + 200 = 1,080 yuan), then the subsidy: capped at 980.
    await page.getByTestId('cremation-home').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: elder.homeName }).first().click();
    await page.getByTestId('cost-transport').fill('300');
    await page.getByTestId('cost-storage').fill('180');
    await page.getByTestId('cost-cremation').fill('400');
    await page.getByTestId('cost-ash_storage').fill('200');
    await page.getByTestId('record-cremation').click();
    await expect.poll(() => page.getByText('四项基本服务费用').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('organiser-name').fill('张家属');
    await page.getByTestId('bank-account').fill('6222020000012345678');
    await page.getByTestId('apply-subsidy').click();
    await expect.poll(() => page.getByTestId('death-subsidies').textContent(), { timeout: 15_000 }).toContain('980.00 元');
    // A second basic subsidy is refused before the click: the button says why.
    await expect.poll(() => page.getByText('该逝者已享受基本殡葬服务补贴（每位逝者一次）').count()).toBe(1);
    await screenshot(page, 'funeral-death-dibao');
    expect(errors).toEqual([]);
    await context.close();

    // 陆家嘴's caseworker can neither read this death nor apply for its subsidy.
    const other = await apiAs(app.baseUrl, 'lujiazui');
    expect((await other(`/funeral/deaths/${deathId}`)).status).toBe(404);
    const write = await apiClient(app.baseUrl, 'lujiazui');
    const refused = await write<{ code: string }>('POST', '/funeral/subsidies', { deathId, kind: 'sea', organiserName: '他人', bankAccount: '6222020000099999999' });
    expect(refused.status).toBe(404); // a foreign street is told no such death exists, as for reads
    const mine = await apiAs(app.baseUrl, 'weifang');
    expect((await mine<{ items: { kind: string }[] }>(`/funeral/subsidies?deathId=${deathId}`)).body.items.map((i) => i.kind)).toEqual(['basic']);
  }, 240_000);
});
