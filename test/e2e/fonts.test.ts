/**
 * Chinese renders from the Noto Sans SC the web app bundles, not from whatever the machine has: this machine
 * (and CI's) has no CJK fonts at all, so without the web font every character would be a box.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loginThroughUi, newContext, screenshot, startAppAndBrowser, watchForErrors, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;

interface PlatformFont {
  familyName: string;
  isCustomFont: boolean;
  glyphCount: number;
}

/** The fonts Chromium actually drew the element's text with, from DevTools: the ground truth behind the CSS. */
async function fontsDrawing(page: Page, selector: string): Promise<PlatformFont[]> {
  const devtools = await page.context().newCDPSession(page);
  try {
    await devtools.send('DOM.enable');
    await devtools.send('CSS.enable');
    const { root } = await devtools.send('DOM.getDocument');
    const { nodeId } = await devtools.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await devtools.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts;
  } finally {
    await devtools.detach();
  }
}

/**
 * Width of the heading's text as laid out, beside the same number of characters no font has (U+E000, private
 * use), which every machine draws as a missing-glyph box: what a CJK text looks like with no CJK font.
 */
async function headingWidths(page: Page, selector: string): Promise<{ text: string; heading: number; tofu: number; fontSize: number }> {
  return page.locator(selector).evaluate((heading) => {
    const probe = (text: string) => {
      const span = document.createElement('span');
      span.textContent = text;
      span.style.whiteSpace = 'nowrap';
      heading.appendChild(span);
      const width = span.getBoundingClientRect().width;
      span.remove();
      return width;
    };
    const text = heading.textContent ?? '';
    return { text, heading: probe(text), tofu: probe('\uE000'.repeat(text.length)), fontSize: parseFloat(getComputedStyle(heading).fontSize) };
  });
}

describe('Chinese text in the bundled Noto Sans SC', () => {
  beforeAll(async () => {
    ({ app, browser } = await startAppAndBrowser(200));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  test('the login heading and the home page draw every Chinese glyph from the web font, full width, not as boxes', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const fontRequests: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'font') fontRequests.push(request.url());
    });

    await page.goto(`${app.baseUrl}/login`);
    await page.getByTestId('login-card').waitFor();
    await page.evaluate(() => document.fonts.ready);
    const heading = '[data-testid="login-card"] h3';
    expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '民政'))).toBe(true);
    // check() is also true for a family nobody declared; a loaded face of ours is what proves the download.
    const loaded = await page.evaluate(() => [...document.fonts].filter((face) => face.family.replace(/["']/g, '') === 'Noto Sans SC' && face.status === 'loaded').length);
    expect(loaded).toBeGreaterThan(0);
    // Self-hosted: every font file comes from our own server, none is a data: URL (font-src 'self' would refuse it).
    expect(fontRequests.length).toBeGreaterThan(0);
    expect(fontRequests.filter((url) => !url.startsWith(`${app.baseUrl}/assets/`))).toEqual([]);
    const sources = await page.evaluate(() =>
      [...document.styleSheets]
        .flatMap((sheet) => [...sheet.cssRules])
        .filter((rule) => rule instanceof CSSFontFaceRule)
        .map((rule) => rule.style.getPropertyValue('src')),
    );
    expect(sources.length).toBeGreaterThan(150);
    expect(sources.filter((src) => !/^url\("?\/assets\//.test(src))).toEqual([]);

    // The family name inside Fontsource's files is "Noto Sans SC Thin" (cut from the variable font); isCustomFont
    // says it came from an @font-face, not from the machine.
    const drawn = await fontsDrawing(page, heading);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]).toMatchObject({ familyName: expect.stringMatching(/^Noto Sans SC/), isCustomFont: true, glyphCount: 8 });
    const widths = await headingWidths(page, heading);
    expect(widths.text).toBe('上海民政业务平台');
    // Noto Sans SC sets each Chinese character on a full em; missing-glyph boxes are narrower.
    expect(widths.heading).toBeCloseTo(widths.text.length * widths.fontSize, 0);
    console.log('[e2e] login heading widths (px)', widths);
    expect(Math.abs(widths.heading - widths.tofu)).toBeGreaterThan(widths.fontSize);

    await loginThroughUi(page, app.baseUrl, 'weifang');
    await page.getByTestId('welcome').waitFor();
    await page.evaluate(() => document.fonts.ready);
    const welcome = await fontsDrawing(page, '[data-testid="welcome"]');
    expect(welcome.length).toBeGreaterThan(0);
    expect(welcome.filter((font) => !font.isCustomFont || !font.familyName.startsWith('Noto Sans SC'))).toEqual([]);
    await screenshot(page, '00-home-noto-sans-sc');
    expect(errors).toEqual([]);
    await context.close();
  });
});
