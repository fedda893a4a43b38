import { describe, expect, it } from 'vitest';
import { notoSansScFontFaces, withNotoSansSc } from './noto-sans-sc.js';

describe('Noto Sans SC for printed pages', () => {
  it('declares the family for each weight asked for, one rule per Unicode slice, served from the interception origin', () => {
    const css = notoSansScFontFaces([400, 700]);
    const weights = [...css.matchAll(/font-weight: (\d+);/g)].map((m) => m[1]);
    expect(new Set(weights)).toEqual(new Set(['400', '700']));
    expect(weights.length).toBeGreaterThan(150);
    expect(css).toContain("font-family: 'Noto Sans SC';");
    expect(css).not.toContain('url(./');
    expect(css).toMatch(/url\(http:\/\/fonts\.minzheng\.invalid\/files\/noto-sans-sc-\d+-400-normal\.woff2\)/);
  });

  it('puts the rules first in the head so the page can name the family', () => {
    const html = withNotoSansSc('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>body{font-family:"Noto Sans SC"}</style></head><body>民政</body></html>', [400]);
    expect(html.indexOf('@font-face')).toBeGreaterThan(html.indexOf('<head>'));
    expect(html.indexOf('@font-face')).toBeLessThan(html.indexOf('<meta charset'));
    expect(withNotoSansSc('<p>民政</p>', [400])).toMatch(/^<style>@font-face|^<style>\/\*/);
  });
});
