/**
 * The route schemas are the one contract (ARCHITECTURE.md): the web app takes its API types from them as
 * types only, so the Vite bundle gains no server code, and keeps no hand copy of an answer's shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const webSrc = join(root, 'web/src');

const sourceFiles = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []));

/** Every `import … from` / `export … from` of a file, with whether it is type-only. */
function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => ({ spec: m[2], typeOnly: m[1] !== undefined }));
}

describe('the web app and the server contract', () => {
  const files = sourceFiles(webSrc);

  it('imports server code as types only', () => {
    const serverImports = files.flatMap((file) =>
      importsOf(file)
        .filter(({ spec }) => spec.startsWith('.') && relative(root, resolve(dirname(file), spec)).startsWith('src/'))
        .map((found) => ({ file: relative(root, file), ...found })),
    );
    // The web does read the contract: a regex that stopped matching would pass the next check vacuously.
    expect(serverImports.length).toBeGreaterThan(10);
    expect(serverImports.filter((i) => !i.typeOnly)).toEqual([]);
  });

  it('keeps no hand-written interface in the API type files', () => {
    const typeFiles = readdirSync(join(webSrc, 'api')).filter((name) => name.endsWith('types.ts'));
    expect(typeFiles.length).toBeGreaterThan(0);
    const handWritten = typeFiles.filter((name) => /^export interface /m.test(readFileSync(join(webSrc, 'api', name), 'utf8')));
    expect(handWritten).toEqual([]);
  });
});
