/**
 * The built web app under the server's Content-Security-Policy (SECURITY-TESTS IV-03, CFG-02): it signs in and
 * draws its pages with no violation, antd's run-time styles carry the page's nonce, and the watcher every e2e
 * visit uses (harness.ts watchForErrors) does report a violation, so a silent pass is impossible.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loginThroughUi, newContext, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

describe('web app under the CSP', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(200));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('signs in and renders with no violation; every <style> carries the nonce', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const response = await page.goto(`${app.baseUrl}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await loginThroughUi(page, app.baseUrl, 'weifang');
    await page.goto(`${app.baseUrl}/registry/persons`);
    await page.waitForLoadState('networkidle');
    const styles = await page.evaluate(() => [...document.querySelectorAll('style')].map((s) => s.nonce !== ''));
    expect(styles.length).toBeGreaterThan(1);
    expect(styles.every(Boolean)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the API documentation (its own CSP) works in the browser', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const response = await page.goto(`${app.baseUrl}/docs/`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the watcher reports a blocked inline style and script', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    await page.goto(`${app.baseUrl}/login`);
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = 'body { color: red }';
      document.head.append(style);
      const script = document.createElement('script');
      script.textContent = 'window.ran = true';
      document.head.append(script);
    });
    await expect.poll(() => errors.filter((e) => e.startsWith('csp:')).length).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => (window as unknown as { ran?: boolean }).ran)).toBeUndefined();
    await context.close();
  });
});
