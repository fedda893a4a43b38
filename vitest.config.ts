import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only add PGlite instances competing for the same CPU.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'test/security/**/*.test.ts'] } },
      // A project of its own so the web build in globalSetup runs only when an e2e file is in the run. `npm test` runs
      // it after the unit project, one file at a time: a server and Chromium per file next to other tests overloaded
      // the two cores and timed out clicks.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
    ],
  },
});
