import { existsSync } from 'node:fs';
import { DomainError } from '../kernel/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Prints a notice with headless Chromium (fonts-noto-cjk gives the Chinese glyphs). One browser per
 * document: notices are printed one at a time by a person, and nothing is left running between them.
 */
export async function htmlToPdf(html: string): Promise<Buffer> {
  if (!existsSync(CHROMIUM)) throw new DomainError('locked', 'ASSISTANCE_PDF_UNAVAILABLE', '服务器未安装 Chromium，暂不能生成 PDF，请下载 HTML 版本');
  // Loaded on first use: playwright-core is only needed where notices are printed.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '25mm', bottom: '25mm', left: '28mm', right: '26mm' } });
  } finally {
    await browser.close();
  }
}
