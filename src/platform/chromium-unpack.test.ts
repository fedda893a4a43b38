import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const resolver = fileURLToPath(new URL('./chromium.ts', import.meta.url));
// Its own temp folder: the bundled browser unpacks there from scratch, as on a fresh machine.
const scratch = mkdtempSync(join(tmpdir(), 'minzheng-unpack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One process that unpacks the bundled browser (if nobody has) and starts it, as a test worker or a notice print would. */
function unpackAndLaunch() {
  const script = `
    const { bundledChromium } = await import(${JSON.stringify(resolver)});
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: await bundledChromium(), args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    console.log(browser.version());
    await browser.close();`;
  return run(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { cwd: projectRoot, env: { ...process.env, TMPDIR: scratch, CHROMIUM_PATH: '' }, timeout: 90_000 });
}

describe('unpacking the bundled Chromium', () => {
  it('lets three processes that start at once each launch it: none runs a binary another is still writing', async () => {
    const results = await Promise.allSettled([unpackAndLaunch(), unpackAndLaunch(), unpackAndLaunch()]);
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
    expect(failures).toEqual([]);
    for (const result of results) if (result.status === 'fulfilled') expect(result.value.stdout.trim()).toMatch(/^\d+\.\d+/);
  }, 120_000);
});
