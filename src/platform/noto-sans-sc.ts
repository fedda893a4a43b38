import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Noto Sans SC from the npm package @fontsource/noto-sans-sc, for pages printed by our own headless Chromium:
 * a server without CJK fonts would otherwise print boxes, and one with other fonts a differently laid-out page.
 */
export const NOTO_SANS_SC = 'Noto Sans SC';

/**
 * The fonts are served to the page by request interception under this origin, never fetched: `.invalid`
 * can not resolve, so a page printed without the interception shows it at once instead of printing with
 * whatever the machine has.
 */
const FONT_ORIGIN = 'http://fonts.minzheng.invalid';

const packageDir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));
const FONT_FILE = /^noto-sans-sc-[a-z0-9-]+\.woff2?$/;

/**
 * The package's @font-face rules for the weights asked for: about a hundred per weight, each for one slice of
 * Unicode, so Chromium loads only the slices the page uses.
 */
export function notoSansScFontFaces(weights: readonly number[] = [400, 700]): string {
  return weights.map((weight) => readFileSync(join(packageDir, `${weight}.css`), 'utf8').replaceAll('url(./files/', `url(${FONT_ORIGIN}/files/`)).join('\n');
}

/** Lets the page load the font files from the package folder; nothing else is answered. */
export async function serveNotoSansSc(page: Page): Promise<void> {
  await page.route(`${FONT_ORIGIN}/**`, async (route) => {
    const file = basename(new URL(route.request().url()).pathname);
    if (!FONT_FILE.test(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: join(packageDir, 'files', file), contentType: file.endsWith('.woff2') ? 'font/woff2' : 'font/woff' });
  });
}

/** The document with the font rules placed first in its head, so its own styles can name the family. */
export function withNotoSansSc(html: string, weights?: readonly number[]): string {
  const style = `<style>${notoSansScFontFaces(weights)}</style>`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return style + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + style + html.slice(at);
}
