import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';

/**
 * Our launch flags. Never @sparticuz/chromium's own `args`: they are tuned for a one-shot serverless
 * function, and its `--single-process` makes the browser die when a context closes.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Containers often give /dev/shm 64 MB, too little for a page with charts or a long PDF.
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Names a distribution's Chromium or Chrome goes by on PATH (Debian, Ubuntu, Google's package). */
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const SYSTEM_DIRS = ['/usr/bin', '/usr/local/bin', '/snap/bin'];

export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

export interface ChromiumSources {
  env: NodeJS.ProcessEnv;
  /** Absolute paths to try, in order, for a browser the machine already has. */
  systemCandidates: string[];
  /** The binary shipped inside the npm package, unpacked on first use. */
  bundled: () => Promise<string>;
}

export function systemCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter((dir) => dir !== ''), ...SYSTEM_DIRS];
  return [...new Set(SYSTEM_NAMES.flatMap((name) => dirs.map((dir) => join(dir, name))))];
}

/** Unpacks @sparticuz/chromium's brotli-packed binary to the temp folder (about 2 s the first time, then reused). */
export async function bundledChromium(): Promise<string> {
  const { default: packaged } = await import('@sparticuz/chromium');
  return packaged.executablePath();
}

/**
 * CHROMIUM_PATH when set (a wrong one is an error, not a reason to pick another browser quietly), else a
 * Chromium the machine has, else the one that came with `npm install`.
 */
export async function findChromium(sources: ChromiumSources): Promise<string> {
  const configured = sources.env.CHROMIUM_PATH;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new ChromiumNotFoundError(`CHROMIUM_PATH 指向的文件不存在：${configured}（CHROMIUM_PATH points to a missing file: ${configured}）`);
  }
  const system = sources.systemCandidates.find((path) => existsSync(path));
  if (system) return system;
  let reason: string;
  try {
    const bundled = await sources.bundled();
    if (existsSync(bundled)) return bundled;
    reason = `${bundled} is missing after unpacking`;
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  throw new ChromiumNotFoundError(
    '找不到 Chromium：未设置 CHROMIUM_PATH，系统中没有 chromium / google-chrome，npm 包 @sparticuz/chromium 也不可用，请运行 npm install 或设置 CHROMIUM_PATH。' +
      `（Chromium not found: CHROMIUM_PATH is unset, no system chromium or google-chrome, and the bundled @sparticuz/chromium failed: ${reason}. Run npm install or set CHROMIUM_PATH.）`,
  );
}

let resolved: Promise<string> | undefined;

/** The browser this process uses, resolved once: concurrent callers share one unpacking of the bundled binary. */
export function resolveChromium(): Promise<string> {
  resolved ??= findChromium({ env: process.env, systemCandidates: systemCandidates(), bundled: bundledChromium }).catch((error: unknown) => {
    // A failure is not cached: the operator may install a browser or fix CHROMIUM_PATH without a restart.
    resolved = undefined;
    throw error;
  });
  return resolved;
}

/** A headless browser with our flags; launch() gives it a fresh temporary profile, removed on close. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await resolveChromium();
  // Loaded on first use: most processes never start a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
