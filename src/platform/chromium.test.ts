import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledChromium, ChromiumNotFoundError, findChromium, launchChromium, systemCandidates } from './chromium.js';

const scratch = mkdtempSync(join(tmpdir(), 'minzheng-chromium-'));
const fakeBrowser = join(scratch, 'my-chromium');
writeFileSync(fakeBrowser, '#!/bin/sh\n');
chmodSync(fakeBrowser, 0o755);
const missing = join(scratch, 'nothing-here');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const unusedBundle = () => Promise.reject(new Error('the bundled browser must not be unpacked here'));

describe('finding Chromium', () => {
  it('takes CHROMIUM_PATH first, before a system browser', async () => {
    expect(await findChromium({ env: { CHROMIUM_PATH: fakeBrowser }, systemCandidates: [missing, fakeBrowser], bundled: unusedBundle })).toBe(fakeBrowser);
  });

  it('refuses a CHROMIUM_PATH that points nowhere instead of quietly using another browser', async () => {
    const found = findChromium({ env: { CHROMIUM_PATH: missing }, systemCandidates: [fakeBrowser], bundled: unusedBundle });
    await expect(found).rejects.toBeInstanceOf(ChromiumNotFoundError);
    await expect(found).rejects.toThrow(`CHROMIUM_PATH 指向的文件不存在：${missing}`);
  });

  it('takes the first system browser that exists, before the bundled one', async () => {
    expect(await findChromium({ env: {}, systemCandidates: [missing, fakeBrowser], bundled: unusedBundle })).toBe(fakeBrowser);
  });

  it('looks for the usual names on PATH and in the usual folders', () => {
    const candidates = systemCandidates({ PATH: `${scratch}:/opt/bin` });
    expect(candidates).toContain(join(scratch, 'chromium'));
    expect(candidates).toContain('/opt/bin/google-chrome');
    expect(candidates).toContain('/usr/bin/chromium');
    expect(candidates).toContain('/usr/bin/chromium-browser');
    expect(candidates.indexOf(join(scratch, 'chromium'))).toBeLessThan(candidates.indexOf('/usr/bin/chromium'));
  });

  it('says in Chinese and English what to do when all three fail', async () => {
    const found = findChromium({ env: {}, systemCandidates: [missing], bundled: () => Promise.reject(new Error('no space left on device')) });
    await expect(found).rejects.toBeInstanceOf(ChromiumNotFoundError);
    await expect(found).rejects.toThrow(/找不到 Chromium.*npm install.*CHROMIUM_PATH.*no space left on device/s);
  });

  it('unpacks the browser that npm installed, and it runs', async () => {
    const path = await findChromium({ env: {}, systemCandidates: [], bundled: bundledChromium });
    expect(path).toMatch(/chromium/);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: path, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('launches with our flags and survives closing a context (a serverless --single-process browser would not)', async () => {
    const browser = await launchChromium();
    try {
      const first = await browser.newContext();
      await (await first.newPage()).setContent('<p>一</p>');
      await first.close();
      const second = await browser.newContext();
      const page = await second.newPage();
      await page.setContent('<p>二</p>');
      expect(await page.textContent('p')).toBe('二');
      await second.close();
    } finally {
      await browser.close();
    }
  }, 60_000);
});
