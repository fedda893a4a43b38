/**
 * 系统管理 in Chromium against the real server: the security admin creates a street caseworker (who can then
 * sign in with the one-time password), unlocks the account after a source locked itself out, disables and
 * re-enables it, and exports the ledger; the city admin sets a parameter from a future day and sees it waiting
 * in the history while the value in force stays.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser, type AccessTables } from '../../src/access/index.js';
import { DEMO_PASSWORD } from '../../src/demo/users.js';
import { USED_ROUTES } from '../../web/src/api/used-routes.js';
import { choose, openAs, modalSettled, screenshot, startAppAndBrowser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

const open = (user: string, path = '/') => openAs(browser, app.baseUrl, user, path);

/** Opens a tree node until the child shows: on a loaded machine a click on the switcher while the dropdown is still opening can be lost (a run under load never saw the child). */
async function expandTreeTo(page: Page, parent: string, child: string): Promise<void> {
  const target = page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: child }).first();
  const switcher = page.locator('.ant-select-dropdown:visible .ant-select-tree-treenode', { hasText: parent }).first().locator('.ant-select-tree-switcher');
  for (let attempt = 1; attempt <= 3; attempt++) {
    // A second click on an open node would close it: click only while it is closed.
    if (!((await switcher.getAttribute('class')) ?? '').includes('switcher_open')) await switcher.click();
    if (
      await target.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
  throw new Error(`the tree did not open ${parent} to show ${child}`);
}

/** Clicks a row action and confirms it in its Popconfirm, once the popover has finished opening (a click during its animation can be lost). */
async function confirmAction(page: Page, target: string | Locator): Promise<void> {
  await expect.poll(() => page.locator('.ant-popover:visible').count()).toBe(0);
  await (typeof target === 'string' ? page.getByTestId(target) : target).click();
  const popover = page.locator('.ant-popover:visible');
  await popover.waitFor();
  await expect.poll(() => popover.getAttribute('class'), { timeout: 10_000 }).not.toMatch(/ant-zoom/);
  await popover.locator('.ant-btn-primary').click();
  await expect.poll(() => page.locator('.ant-popover:visible').count(), { timeout: 15_000 }).toBe(0);
}

const login = (username: string, password: string) => fetch(`${app.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('staff admin screens in Chromium', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(300));
    // Database, demo city and browser start together; with eight engineers' tests on two cores this has taken over three minutes.
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('every route the admin screens call is served', async () => {
    const doc = (await (await fetch(`${app.baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const served = new Set(Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`)));
    const adminRoutes = USED_ROUTES.slice(USED_ROUTES.indexOf('GET /users'));
    expect(adminRoutes.length).toBeGreaterThan(10);
    expect(adminRoutes.filter((route) => !served.has(route))).toEqual([]);
  });

  test('the security admin creates a street caseworker who can sign in, unlocks, disables and re-enables the account', async () => {
    const { page, errors, close } = await open('secadmin');
    // The home page's promise links to the screen that keeps it.
    await page.getByTestId('permission-list').getByRole('link', { name: '管理用户账号、角色与辖区' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await page.getByTestId('user-table').locator('tr', { hasText: 'weifang' }).first().waitFor();
    // The rules are on the buttons: nobody disables their own account.
    expect(await page.getByTestId('disable-secadmin').isDisabled()).toBe(true);

    await page.getByTestId('new-user').click();
    await modalSettled(page);
    await page.getByTestId('user-display-name').fill('潍坊新村街道 赵经办');
    await page.getByTestId('user-username').fill('e2e.zhao');
    await choose(page, 'user-form-role', '街镇经办人员');
    await page.getByTestId('user-form-jurisdiction').click();
    await expandTreeTo(page, '浦东新区', '潍坊新村街道');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: '潍坊新村街道' }).first().click();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    const shown = page.getByTestId('initial-password');
    await shown.waitFor();
    const initialPassword = ((await shown.textContent()) ?? '').trim();
    expect(initialPassword.length).toBeGreaterThanOrEqual(12);
    await screenshot(page, '60-admin-user-created');
    await page.getByRole('button', { name: '我已记下' }).click();
    const row = page.getByTestId('user-table').locator('tr', { hasText: 'e2e.zhao' });
    await row.waitFor();
    expect(await row.textContent()).toContain('街镇经办人员');
    expect(await row.textContent()).toContain('潍坊新村街道');

    // The new caseworker signs in with the one-time password, must change it, and then works.
    const first = await login('e2e.zhao', initialPassword);
    expect(first.status).toBe(200);
    const { token, stage } = (await first.json()) as { token: string; stage: string };
    expect(stage).toBe('password_change');
    const changed = await fetch(`${app.baseUrl}/api/v1/users/me/password`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: initialPassword, newPassword: 'Zhao-e2e-Weifang-2025!' }),
    });
    expect(changed.status).toBe(204);
    expect(((await (await login('e2e.zhao', 'Zhao-e2e-Weifang-2025!')).json()) as { stage: string }).stage).toBe('active');

    // Five wrong passwords from this source lock it out of the account; the ledger shows the lock and the unlock clears it.
    expect(await page.getByTestId('unlock-e2e.zhao').isDisabled()).toBe(true);
    // (Sign-ins per account are rate-limited to 10 a minute: the test spends nine.)
    for (let i = 0; i < 5; i++) expect((await login('e2e.zhao', 'wrong-password-e2e')).status).toBe(401);
    await page.reload();
    await page.getByTestId('status-e2e.zhao-locked').waitFor();
    await confirmAction(page, 'unlock-e2e.zhao');
    await expect.poll(() => page.getByTestId('status-e2e.zhao-locked').count()).toBe(0);
    expect((await login('e2e.zhao', 'Zhao-e2e-Weifang-2025!')).status).toBe(200);

    await confirmAction(page, 'disable-e2e.zhao');
    await page.getByTestId('status-e2e.zhao-disabled').waitFor();
    expect((await login('e2e.zhao', 'Zhao-e2e-Weifang-2025!')).status).toBe(401);
    await confirmAction(page, 'enable-e2e.zhao');
    await page.getByTestId('status-e2e.zhao-active').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-users').click()]);
    expect(download.suggestedFilename()).toMatch(/^用户台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await screenshot(page, '61-admin-users');
    expect(errors).toEqual([]);
    await close();
    // Sign-ins are slowed on purpose after failures, and two shared cores make every step slow.
  }, 240_000);

  test('a city-wide grant that may unmask ID numbers waits for a second security admin, who approves it', async () => {
    // The demo has one security admin; the operator who installs the system provisions the second.
    await createUser(app.ctx.db.kysely.withTables<AccessTables>(), null, { username: 'secadmin2', displayName: '市局安全管理员（二）', role: 'security_admin', jurisdiction: '310000000000', password: DEMO_PASSWORD });
    const first = await open('secadmin', '/admin/users');
    await first.page.getByTestId('edit-role-e2e.zhao').click();
    await modalSettled(first.page);
    await choose(first.page, 'user-form-role', '区民政局工作人员');
    await first.page.getByTestId('user-form-jurisdiction').click();
    await first.page.locator('.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper', { hasText: '上海市' }).first().click();
    await first.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await first.page.getByTestId('status-e2e.zhao-pending').waitFor();
    const pending = first.page.getByTestId('pending-grants').locator('tr', { hasText: 'e2e.zhao' });
    // The requester cannot decide: the rule is said where the buttons would be.
    expect(await pending.textContent()).toContain('须另一名安全管理员审批');
    expect(await pending.locator('[data-testid^="approve-grant-"]').count()).toBe(0);
    expect(await first.page.getByTestId('user-table').locator('tr', { hasText: 'e2e.zhao' }).textContent()).toContain('街镇经办人员');
    expect(first.errors).toEqual([]);
    await first.close();

    const second = await open('secadmin2', '/admin/users');
    const row = second.page.getByTestId('pending-grants').locator('tr', { hasText: 'e2e.zhao' });
    await confirmAction(second.page, row.locator('[data-testid^="approve-grant-"]'));
    await expect.poll(() => second.page.getByTestId('pending-grants').locator('tr', { hasText: 'e2e.zhao' }).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => second.page.getByTestId('user-table').locator('tr', { hasText: 'e2e.zhao' }).textContent()).toContain('区民政局工作人员');
    expect(second.errors).toEqual([]);
    await second.close();
  }, 240_000);

  test('the city admin sets a parameter from a future day: the value in force stays, the new one waits in the history', async () => {
    const { page, errors, close } = await open('admin');
    await page.getByTestId('side-nav').getByText('参数设置').click();
    await page.getByRole('tab', { name: '社会救助业务' }).click();
    const table = page.getByTestId('settings-assistance');
    const ceiling = table.locator('tr', { hasText: '临时救助单次上限' });
    await ceiling.waitFor();
    expect(await ceiling.textContent()).toContain('4,785.00 元');
    expect(await ceiling.textContent()).toContain('参数待核实');

    const future = new Date(Date.now() + 40 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await page.getByTestId('edit-temporary.ceilingFen').click();
    await modalSettled(page);
    await page.getByTestId('setting-value').fill('5000.5');
    const from = page.locator('.ant-modal .ant-picker input');
    await from.click();
    await from.press('ControlOrMeta+a');
    await from.fill(future);
    await from.press('Enter');
    await page.getByTestId('setting-note').fill('按新文件调整（e2e）');
    await page.getByTestId('setting-verified').check();
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-modal').waitFor({ state: 'detached' });

    // Until that day the ceiling in force is unchanged; the new value waits beside it.
    await page.getByTestId('upcoming-temporary.ceilingFen').waitFor();
    expect(await page.getByTestId('upcoming-temporary.ceilingFen').textContent()).toBe(`自 ${future} 起：5,000.50 元`);
    expect(await ceiling.textContent()).toContain('4,785.00 元');
    await page.getByTestId('history-temporary.ceilingFen').click();
    const history = page.getByTestId('setting-history');
    await history.waitFor();
    const waiting = history.locator('tr', { hasText: future });
    expect(await waiting.textContent()).toContain('5,000.50 元');
    expect(await waiting.textContent()).toContain('待生效');
    expect(await waiting.textContent()).toContain('已核实');
    expect(await history.locator('tr', { hasText: '初始配置' }).textContent()).toContain('现行');
    await screenshot(page, '62-admin-settings-history');

    // The wire carries fen: 5000.50 元 is 500050.
    const settings = await page.evaluate(async () => (await fetch('/api/v1/assistance/settings')).json());
    const stored = (settings as { key: string; value: number; history: { from: string | null; value: number }[] }[]).find((s) => s.key === 'temporary.ceilingFen');
    expect(stored?.value).toBe(478500);
    expect(stored?.history.find((v) => v.from === future)?.value).toBe(500050);

    // The eldercare page no longer tells staff to call an API: it links here.
    await page.goto(`${app.baseUrl}/eldercare/settings`);
    await page.getByTestId('edit-eldercare-settings').waitFor();
    expect(await page.locator('main, .ant-layout-content').first().textContent()).not.toMatch(/\/api\/|PUT /);
    expect(errors).toEqual([]);
    await close();
    // Sign-ins are slowed on purpose after failures, and two shared cores make every step slow.
  }, 240_000);
});
