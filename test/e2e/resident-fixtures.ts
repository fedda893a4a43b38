/** Fixtures of the resident e2e suite: the phone-sized browser, the accessibility check, the dev code, staff as actors. */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Actor } from '../../src/access/index.js';
import { setDevCodeSink } from '../../src/residents/index.js';
import { apiAs } from './harness.js';

/** A 360 × 740 phone, Chinese, Shanghai time, touch. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
}

/**
 * WCAG 2.1 A and AA rules on the page as it stands; the serious and critical findings, one line each, so a
 * failure names the rule and the element.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${page.url().replace(/^https?:\/\/[^/]+/, '')} ${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

/** The one-time codes the development login would print in the server log, read here instead. */
export function captureDevCodes(): { latest(masked?: string): string | null; restore(): void } {
  const codes: { idNumberMasked: string; code: string }[] = [];
  const previous = setDevCodeSink((message) => codes.push(message));
  return {
    latest: (masked) => [...codes].reverse().find((c) => masked === undefined || c.idNumberMasked === masked)?.code ?? null,
    restore: () => setDevCodeSink(previous),
  };
}

/** A demo staff user as the services see them, for the one step a browser can not take (a date past the 公示). */
export async function staffActor(baseUrl: string, username: string): Promise<Actor> {
  const me = (await (await apiAs(baseUrl, username))<{ userId: number; username: string; displayName: string; role: Actor['role']; jurisdiction: string }>('/auth/me')).body;
  return { userId: me.userId, username: me.username, displayName: me.displayName, role: me.role, jurisdiction: me.jurisdiction };
}

/** A small valid PDF: what a phone's scanner app would hand over. */
export function tinyPdf(): Buffer {
  return Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
}
