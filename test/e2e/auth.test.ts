import type { Browser } from 'playwright-core';
import { generateSync } from 'otplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/users.js';
import { newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

/**
 * Sign-in as the browser does it: MFA for the district role (as in production), and a 6-second idle
 * timeout for the admin roles so the idle logout can be watched. The auditor has no MFA here.
 */
describe('sign-in in Chromium', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(200, { mfaRoles: ['district_staff'], adminIdleMinutes: 0.1 }));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('a district officer enrols TOTP at first sign-in; the session cookie is out of page script and storage holds no token', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(`${app.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('用户名').fill('pudong');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();

    const secret = (await page.getByTestId('mfa-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByTestId('mfa-qr').waitFor();
    await screenshot(page, 'auth-01-mfa-enrol');
    // Nothing but the MFA step is open yet: the API refuses the half-signed-in session.
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);

    await page.getByTestId('mfa-code').fill('000000');
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('mfa-error').waitFor();
    await page.getByTestId('mfa-code').fill(generateSync({ secret }));
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('user-name').waitFor();
    expect(await page.getByTestId('user-name').textContent()).toContain('浦东新区民政局');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'mz_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const visible = await page.evaluate(() => document.cookie);
    expect(visible).not.toContain('mz_session');
    expect(visible).not.toContain(session!.value);
    const stored = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
    expect(stored).not.toContain(session!.value);
    expect(stored.toLowerCase()).not.toContain('token');

    // Logout clears the session server-side and the browser's storage.
    const [logout] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout')), page.getByTestId('logout').click()]);
    expect(logout.status()).toBe(204);
    expect((await logout.allHeaders())['clear-site-data']).toBe('"cache", "storage"');
    await page.waitForURL(/\/login/);
    expect((await context.cookies()).find((c) => c.name === 'mz_session')).toBeUndefined();
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);

    // Enrolled now: the second sign-in asks for the code only, and refuses the one already used.
    await page.getByLabel('用户名').fill('pudong');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('mfa-code').waitFor();
    expect(await page.getByTestId('mfa-secret').count()).toBe(0);
    await context.close();
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
  });

  test('an idle session returns to the login page', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('用户名').fill('auditor');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-name').waitFor();
    await page.waitForURL(/\/login/, { timeout: 20_000 });
    await page.getByTestId('login-notice').waitFor();
    expect(await page.getByTestId('login-notice').textContent()).toContain('长时间未操作');
    expect(await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)).toBe(401);
    await context.close();
  });
});
