/**
 * The module boundaries of ARCHITECTURE.md, checked by `npm run boundaries` (dependency-cruiser).
 *
 * A business module is a folder of src/ with its own schema and public surface (its index.ts); a policy pack
 * (src/policies/<pack>/) counts as one. Shared layers: kernel/ (no I/O), db/, http/, cli/, demo/, testing/, and
 * the composition root src/modules.ts, which may import a module's routes directly because it mounts them.
 *
 * Tests: a module's *.test.ts files and its testing.ts (test harnesses) may also use another module's testing.ts,
 * which is what the code does today: the factories that build valid persons and households live beside the
 * module that owns them, and exporting them from index.ts would ship test code in the public surface.
 *
 * Type-only imports count as dependencies (tsPreCompilationDeps), so a circle of types is a circle too; the
 * parse needs TypeScript's JS API, which TypeScript 7 does not have: see tools/typescript-api-hook.mjs.
 */
const MODULE = '(policies/[^/]+|access|registry|policy|assistance|monitoring|eldercare|jobs)';
/** A test file or a module's test harness (testing.ts), anywhere under src/. */
const TEST_FILE = '(^|/)([^/]+\\.test|testing)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles hide the order things load in and glue modules together: split the shared part into a leaf file.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-through-index',
      severity: 'error',
      comment: "A module imports another only through its index.ts (tests may also use the other module's testing.ts).",
      from: { path: `^src/${MODULE}/`, pathNot: TEST_FILE },
      to: { path: `^src/${MODULE}/`, pathNot: ['^src/$1/', `^src/${MODULE}/index\\.ts$`] },
    },
    {
      name: 'tests-through-index-or-testing',
      severity: 'error',
      comment: "A module's tests and test harness import another module through its index.ts or its testing.ts.",
      // The lookahead keeps the module as capture group 1 (the `$1` below) while asking for a test file.
      from: { path: `^src/${MODULE}/(?=(|.*/)([^/]+\\.test|testing)\\.ts$)` },
      to: { path: `^src/${MODULE}/`, pathNot: ['^src/$1/', `^src/${MODULE}/(index|testing)\\.ts$`] },
    },
    {
      name: 'kernel-and-db-below-modules',
      severity: 'error',
      comment: 'kernel/ and db/ are what modules stand on; they import no business module (their tests may migrate every module).',
      from: { path: '^src/(kernel|db)/', pathNot: TEST_FILE },
      to: { path: [`^src/${MODULE}/`, '^src/modules\\.ts$', '^src/http/', '^src/cli/'] },
    },
    {
      name: 'kernel-without-io',
      severity: 'error',
      comment: 'kernel/ holds identifiers, money, dates and errors: no database, no other layer.',
      from: { path: '^src/kernel/' },
      to: { path: '^src/', pathNot: '^src/kernel/' },
    },
    {
      name: 'web-imports-server-types-only',
      severity: 'error',
      comment: 'The browser bundle takes the route schemas as types only (import type); server code never ships to it.',
      from: { path: '^web/' },
      to: { path: '^(src|bin|bench)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^web/dist/', '^data/', '^screenshots/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages like typebox and vite resolve only through their package.json "exports" conditions.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'types', 'default'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
