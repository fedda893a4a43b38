import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppContext } from '../../src/context.js';
import type { AuthConfig } from '../../src/config.js';
import { bootstrapDemo } from '../../src/demo/bootstrap.js';
import { DEMO_PASSWORD } from '../../src/demo/users.js';
import { buildApp } from '../../src/http/app.js';
import { launchChromium, resolveChromium } from '../../src/platform/chromium.js';
import { openTestDatabase, testConfig } from '../../src/testing/db.js';

const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
export const SCREENSHOTS = fileURLToPath(new URL('../../screenshots', import.meta.url));

export interface RunningApp {
  baseUrl: string;
  ctx: AppContext;
  close(): Promise<void>;
}

export interface StartOptions {
  /** A lived-in year on top of the demo city (cases, payments, leads, warnings, meals), as `npm start` seeds it. */
  livedIn?: boolean;
}

/** The real server in this process: a fresh database with the demo users and a small demo city, serving web/dist. */
export async function startApp(persons: number, auth: Partial<AuthConfig> = {}, options: StartOptions = {}): Promise<RunningApp> {
  if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error(`web/dist/index.html is missing: the e2e globalSetup (test/e2e/global-setup.ts) should have built it`);
  const base = testConfig({ demo: { seed: 20241, persons } });
  const database = await openTestDatabase({
    ...base,
    auth: { ...base.auth, demo: true, ...auth },
    // Every browser and fixture signs in from 127.0.0.1: a file's dozens of sign-ins a minute are not an attack.
    limits: { signInPerSource: { max: 1000, windowSeconds: 60 } },
  });
  // Loading the demo city may drop and rebuild indexes: the owner's connection, as `serve` does (the app's role may not).
  await bootstrapDemo({ ...database.ctx, db: database.db }, undefined, { livedIn: options.livedIn });
  const app = await buildApp(database.ctx, { webDist: WEB_DIST });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    ctx: database.ctx,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Fails loudly when no Chromium can be found (CHROMIUM_PATH, the system's, the one npm installed): a skipped
 * browser suite would look green while testing nothing.
 */
export async function requireChromium(): Promise<string> {
  return resolveChromium();
}

/**
 * The server and a browser, started side by side (each takes seconds). If one fails, the other is closed
 * before the failure is thrown, so a file's afterAll has nothing half-started to stop.
 */
export async function startAppAndBrowser(persons: number, auth: Partial<AuthConfig> = {}, options: StartOptions = {}): Promise<{ app: RunningApp; browser: Browser }> {
  await requireChromium();
  const [launched, appStart] = await Promise.allSettled([launchBrowser(), startApp(persons, auth, options)]);
  if (launched.status === 'fulfilled' && appStart.status === 'fulfilled') return { browser: launched.value, app: appStart.value };
  if (launched.status === 'fulfilled') await launched.value.close();
  if (appStart.status === 'fulfilled') await appStart.value.close();
  throw launched.status === 'rejected' ? launched.reason : (appStart as PromiseRejectedResult).reason;
}

export async function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1440, height: 900 } });
}

/**
 * Collects what would make a page broken without failing an assertion: uncaught exceptions and console
 * errors (React and antd warnings land there). Failed requests the test provokes on purpose (401, 403)
 * are logged by Chromium as "Failed to load resource" and are expected.
 */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|^Refused to|^CSP violation/.test(text)) errors.push(`csp: ${text}`);
    else if (message.type() === 'error' && !text.startsWith('Failed to load resource')) errors.push(`console: ${text}`);
  });
  // Every page visit fails on a Content-Security-Policy violation (SECURITY-TESTS IV-03): something the
  // production page needs would be blocked. Chromium logs them as console errors; the event is a second net.
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`));
  });
  return errors;
}

/**
 * Signs in through the login page. Where the role must pass MFA (startApp's `mfaRoles`), `totp` gives the
 * code for the secret shown at enrolment (or remembered from it).
 */
export async function loginThroughUi(page: Page, baseUrl: string, username: string, path = '/', totp?: (secret: string | null) => string): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').or(page.getByTestId('mfa-code')).first().waitFor();
  if (await page.getByTestId('mfa-code').isVisible()) {
    if (!totp) throw new Error(`${username} must pass MFA: pass loginThroughUi a totp callback`);
    const secret = (await page.getByTestId('mfa-secret').count()) ? ((await page.getByTestId('mfa-secret').textContent()) ?? '').trim() : null;
    await page.getByTestId('mfa-code').fill(totp(secret));
    await page.getByTestId('mfa-submit').click();
  }
  await page.getByTestId('user-name').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });
}

/** The API as a test fixture reads it, to pick records; the browser never uses this. */
export async function apiAs(baseUrl: string, username: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
}

/** True once the chart inside the element has painted something: a canvas with at least one non-transparent pixel. */
export async function canvasPainted(page: Page, testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((element) => {
    const canvas = element.querySelector('canvas');
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const context = canvas.getContext('2d');
    if (!context) return false;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
    return false;
  });
}

/** The API as a test fixture writes it (creating cases, sending a department's file); the browser never uses this. */
export async function apiClient(baseUrl: string, username: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!login.ok) throw new Error(`login ${username}: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: 'GET' | 'POST', path: string, body?: string | object, contentType = 'application/json'): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  };
}

/**
 * Confirms the open dialog: waits for its opening animation to end (a click while it zooms in was lost once on a
 * busy machine), clicks OK and waits for it to close — or fails with the refusal the dialog shows.
 */
export async function confirmDialog(page: Page): Promise<void> {
  const opening = page.locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter');
  for (let waited = 0; (await opening.count()) > 0 && waited < 10_000; waited += 50) await page.waitForTimeout(50);
  await page.locator('.ant-modal-footer .ant-btn-primary').last().click();
  const closed = page.locator('.ant-modal').waitFor({ state: 'detached', timeout: 60_000 });
  const refused = page
    .locator('.ant-modal')
    .getByTestId('api-error')
    .waitFor({ timeout: 60_000 })
    .then(async () => {
      throw new Error(`the dialog refused: ${await page.locator('.ant-modal').getByTestId('api-error').first().textContent()}`);
    });
  // Whichever loses the race rejects later (timeout or closed page): handled, not an unhandled rejection.
  refused.catch(() => {});
  closed.catch(() => {});
  await Promise.race([closed, refused]);
}

/** A fresh browser context signed in as `user` on `path` (or, with no user, just opened there), its console errors watched. */
export async function openAs(browser: Browser, baseUrl: string, user: string | null, path = '/'): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = watchForErrors(page);
  if (user) await loginThroughUi(page, baseUrl, user, path);
  else await page.goto(`${baseUrl}${path}`);
  return { page, errors, close: () => context.close() };
}

/** antd modals open with a zoom animation; on a busy machine a click or a keystroke during it can be lost. */
export async function modalSettled(page: Page): Promise<void> {
  await page.locator('.ant-modal').last().waitFor();
  await expect.poll(() => page.locator('.ant-modal').last().getAttribute('class'), { timeout: 10_000 }).not.toMatch(/ant-zoom/);
}

/**
 * Picks an option of an antd Select: opens it, types to narrow a searchable one, clicks the option by its label,
 * and checks the Select now shows it (on a busy machine a click during the dropdown's animation can be lost).
 */
export async function choose(page: Page, testId: string, option: string, search?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // The previous dropdown may still be fading out; its options would match too.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await page.getByTestId(testId).click();
    if (search) await page.keyboard.type(search);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    const shown = await expect
      .poll(() => page.getByTestId(testId).textContent(), { timeout: 3_000 })
      .toContain(option)
      .then(
        () => true,
        () => false,
      );
    if (shown || attempt === 3) return;
    await page.keyboard.press('Escape');
  }
}
