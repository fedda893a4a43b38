import type { AccessTables } from '../../src/access/index.js';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/users.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiAs, loginThroughUi, newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

interface PersonItem {
  id: number;
  name: string;
  idNumber: string;
  hukouDivision: string;
  residenceDivision: string;
  householdId?: number | null;
}
interface HouseholdBody {
  id: number;
  divisionCode: string;
  members: PersonItem[];
}

const WEIFANG = '310115004';
/**
 * Ceiling per page render (click to content on screen). The target is < 1 s and is met on an idle
 * machine; here the browser shares two cores with the other test files, so the test only catches gross
 * regressions (a development build, a request waterfall) and prints the measured times.
 */
const RENDER_BUDGET_MS = 3_000;

let app: RunningApp;
let browser: Browser;
/** A person of 潍坊新村街道 whose whole household lives there, so 陆家嘴 has no claim on any of it. */
let person: PersonItem;
let household: HouseholdBody;
const timings: Record<string, number> = {};

async function pickWeifangHousehold(): Promise<void> {
  const weifang = await apiAs(app.baseUrl, 'weifang');
  const page = await weifang<{ items: PersonItem[] }>(`/persons?limit=200`);
  for (const candidate of page.body.items) {
    if (!candidate.householdId || !candidate.residenceDivision.startsWith(WEIFANG) || !candidate.hukouDivision.startsWith(WEIFANG)) continue;
    const { body } = await weifang<HouseholdBody>(`/households/${candidate.householdId}`);
    if (body.divisionCode.startsWith(WEIFANG) && body.members.length > 1 && body.members.every((m) => m.residenceDivision.startsWith(WEIFANG) && m.hukouDivision.startsWith(WEIFANG))) {
      person = candidate;
      household = body;
      return;
    }
  }
  throw new Error('demo city has no household living wholly in 潍坊新村街道 among the first 200 persons');
}

describe('web app in Chromium', () => {
  beforeAll(async () => {
    const started = Date.now();
    ({ app, browser } = await startAppAndBrowser(600));
    timings.startup = Date.now() - started;
    await pickWeifangHousehold();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (Object.keys(timings).length) console.log('[e2e] timings (ms): startup = database + demo city + browser; the rest = click to content on screen', timings);
  });

  test('a street caseworker sees who they are, finds a person of their street, and opens the person and the household', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);

    await page.goto(`${app.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-card').waitFor();
    await screenshot(page, '01-login');
    await loginThroughUi(page, app.baseUrl, 'weifang');

    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('潍坊新村街道 李经办');
    await expect.poll(() => page.getByTestId('user-role').textContent()).toBe('街镇经办人员');
    await expect.poll(() => page.getByTestId('user-jurisdiction').textContent()).toContain('浦东新区 潍坊新村街道');
    await expect.poll(() => page.getByTestId('welcome').textContent()).toContain('您好');
    const nav = await page.getByTestId('side-nav').textContent();
    expect(nav).toContain('人口与家庭');
    expect(nav).not.toContain('审计');
    await screenshot(page, '02-home');

    await page.getByTestId('side-nav').getByText('人口与家庭').click();
    await page.getByTestId('person-table').waitFor();
    await page.getByTestId('person-query').fill(person.name);
    // Search terms (a name here, often an ID number) travel in the body, never in a URL (PI-03).
    const searchUrls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/persons')) searchUrls.push(request.url());
    });
    const searched = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('/api/v1/persons/search') && (request.postData() ?? '').includes(person.name));
    let started = Date.now();
    await page.getByTestId('person-search').click();
    await searched;
    const row = page.getByTestId('person-table').locator(`tr[data-row-key="${person.id}"]`);
    await row.waitFor();
    timings.personSearch = Date.now() - started;
    expect(searchUrls.filter((u) => u.includes(encodeURIComponent(person.name)) || u.includes(person.name))).toEqual([]);
    expect(await row.getByTestId('id-number-masked').textContent()).toBe(person.idNumber);
    expect(person.idNumber).toMatch(/\*/);

    await row.getByTestId('reveal-id').click();
    await page.locator('#purpose').click();
    await page.locator('.ant-select-item-option', { hasText: '案件办理' }).click();
    await page.locator('#purposeRef').fill('E2E-001');
    await page.getByRole('button', { name: '确认查看' }).click();
    await expect.poll(() => row.getByTestId('id-number-revealed').textContent()).toMatch(/^\d{17}[\dX]$/);
    await screenshot(page, '03-person-search');

    started = Date.now();
    await row.getByRole('link', { name: person.name }).click();
    await page.getByTestId('facts-table').waitFor();
    timings.personDetail = Date.now() - started;
    expect(await page.getByTestId('person-name').textContent()).toBe(person.name);
    await screenshot(page, '04-person');

    started = Date.now();
    await page.getByTestId('person-household-link').click();
    await page.getByTestId('member-table').waitFor();
    timings.household = Date.now() - started;
    for (const member of household.members) expect(await page.getByTestId('member-table').textContent()).toContain(member.name);
    await page.getByTestId('policy-card').locator('[data-testid="policy-results"], [data-testid="policy-unavailable"]').first().waitFor();
    await screenshot(page, '05-household');

    // Where the policy service is not deployed (its routes answer the generic 404), the card says so.
    await page.route('**/api/v1/households/*/policy-input*', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ code: 'NOT_FOUND', message: '未找到：GET /api/v1/households/1/policy-input' }) }));
    await page.reload();
    await page.getByTestId('policy-unavailable').waitFor();
    expect(await page.getByTestId('member-table').isVisible()).toBe(true);

    for (const name of ['personSearch', 'personDetail', 'household']) expect(timings[name], `${name} took ${timings[name]} ms`).toBeLessThan(RENDER_BUDGET_MS);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('on a phone the side menu folds away so the page has the whole width; the tab opens it and a choice folds it again', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'weifang');
    await page.getByTestId('welcome').waitFor();
    // Before the fix the 200 px dark menu covered half of a 390 px screen.
    await expect.poll(async () => (await page.getByTestId('side-nav-sider').boundingBox())?.width ?? -1).toBe(0);
    const welcome = await page.getByTestId('welcome').boundingBox();
    expect(welcome?.x ?? 999).toBeLessThan(40);
    await page.locator('.ant-layout-sider-zero-width-trigger').click();
    await page.getByTestId('side-nav').getByText('人口与家庭').click();
    await page.getByTestId('person-table').waitFor();
    await expect.poll(async () => (await page.getByTestId('side-nav-sider').boundingBox())?.width ?? -1).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a caseworker of another street gets a clear 404 for that household (no existence oracle), not a blank page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'lujiazui');

    await page.goto(`${app.baseUrl}/registry/households/${household.id}`);
    const notice = page.getByTestId('api-error');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('不存在或不在您的辖区范围内');
    expect(await page.locator('.ant-result-title').textContent()).toBe('未找到');
    // The shell stays: the user still sees who they are and can go elsewhere.
    expect(await page.getByTestId('user-name').textContent()).toBe('陆家嘴街道 张经办');
    await screenshot(page, '06-forbidden');

    // A page the role has no use for says so too (the audit log is the auditor's).
    await page.goto(`${app.baseUrl}/audit`);
    await page.getByTestId('api-error').waitFor();
    expect(await page.getByTestId('api-error').textContent()).toContain('无权访问此页面');

    expect(errors).toEqual([]);
    await context.close();
  });

  test('an invalid or expired session sends the user back to the login page with a notice, and back to where they were after login', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'weifang');

    // A session cookie the server no longer knows (the cookie is HttpOnly: set from outside the page).
    await context.addCookies([{ name: 'mz_session', value: 'not-a-real-token', url: app.baseUrl, httpOnly: true, sameSite: 'Strict' }]);
    await page.goto(`${app.baseUrl}/registry/persons`);
    await page.waitForURL(/\/login\?next=%2Fregistry%2Fpersons/);
    await expect.poll(() => page.getByTestId('login-notice').textContent()).toContain('登录已过期');
    await screenshot(page, '07-session-expired');

    await page.getByLabel('用户名').fill('weifang');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/registry\/persons$/);
    await page.getByTestId('person-table').locator('tr.ant-table-row').first().waitFor();

    // The server ends the session (TTL passed) while the page is open: the next request bounces to login.
    await app.ctx.db.kysely
      .withTables<AccessTables>()
      .updateTable('access.sessions')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .execute();
    // The next request bounces to login; on a busy machine a background refresh may get there before the search.
    const search = async () => {
      await page.getByTestId('person-query').fill('张', { timeout: 5000 });
      await page.getByTestId('person-search').click({ timeout: 5000 });
    };
    await search().catch(() => undefined);
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByTestId('login-notice').textContent()).toContain('登录已过期');

    expect(errors).toEqual([]);
    await context.close();
  });

  test('the auditor sees the refused access in the audit log and verifies the hash chain', async () => {
    // Its own refusal and reveal to find, so this test does not depend on the others having run.
    const lujiazui = await apiAs(app.baseUrl, 'lujiazui');
    expect((await lujiazui(`/households/${household.id}`)).status).toBe(404);
    const weifang = await apiAs(app.baseUrl, 'weifang');
    expect((await weifang(`/persons/${person.id}?revealIdNumber=true&purpose=audit_check&purposeRef=SJ-2025-01`)).status).toBe(200);

    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await loginThroughUi(page, app.baseUrl, 'auditor');
    const nav = await page.getByTestId('side-nav').textContent();
    expect(nav).toContain('审计');
    expect(nav).not.toContain('人口与家庭');

    await page.getByTestId('side-nav').getByText('审计').click();
    const denied = page
      .getByTestId('audit-table')
      .locator('tr', { hasText: '陆家嘴街道 张经办' })
      .filter({ hasText: '拒绝' })
      .filter({ hasText: String(household.id) });
    await denied.first().waitFor();
    expect(await denied.first().textContent()).toContain('超出辖区');
    const reveal = page.getByTestId('audit-table').locator('tr', { hasText: '审计核查：SJ-2025-01' });
    expect(await reveal.first().textContent()).toContain('查看完整身份证号');

    await page.getByTestId('verify-chain').click();
    await expect.poll(() => page.getByTestId('chain-ok').textContent()).toContain('哈希链完整');
    await screenshot(page, '08-audit');

    expect(errors).toEqual([]);
    await context.close();
  });
});
