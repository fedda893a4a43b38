import type { Browser } from 'playwright-core';
import { DomainError } from '../kernel/index.js';
import { ChromiumNotFoundError, launchChromium } from '../platform/chromium.js';
import { serveNotoSansSc, withNotoSansSc } from '../platform/noto-sans-sc.js';

/**
 * Prints a notice with headless Chromium in Noto Sans SC from the npm package, so the server needs no CJK
 * fonts and every server prints the same page. One browser per document: notices are printed one at a time
 * by a person, and nothing is left running between them.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    if (error instanceof ChromiumNotFoundError) throw new DomainError('locked', 'ASSISTANCE_PDF_UNAVAILABLE', '服务器找不到 Chromium，暂不能生成 PDF，请下载 HTML 版本');
    throw error;
  }
  try {
    const page = await browser.newPage();
    await serveNotoSansSc(page);
    await page.setContent(withNotoSansSc(html), { waitUntil: 'load' });
    // font-display: swap would print the fallback font if a slice were still loading.
    await page.evaluate(() => document.fonts.ready);
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '25mm', bottom: '25mm', left: '28mm', right: '26mm' } });
  } finally {
    await browser.close();
  }
}
