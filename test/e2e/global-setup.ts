import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const web = fileURLToPath(new URL('../../web', import.meta.url));
const builtIndex = join(web, 'dist', 'index.html');

function newestSourceTime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestSourceTime(join(path, entry))), stat.mtimeMs);
}

/** The e2e tests drive the built app the server serves: build it when missing or older than its sources. */
export default async function setup(): Promise<void> {
  const sources = Math.max(newestSourceTime(join(web, 'src')), newestSourceTime(join(web, 'index.html')), newestSourceTime(join(web, 'vite.config.ts')));
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= sources) return;
  const started = Date.now();
  // Vitest sets NODE_ENV=test and Vite would honour it: React and antd in development mode, several times
  // slower and full of dev-only warnings. The tests must drive what `npm run build:web` ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  console.log(`[e2e] web app built in ${Date.now() - started} ms`);
}
