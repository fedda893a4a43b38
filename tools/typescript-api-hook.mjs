// The project compiles with TypeScript 7, which ships no JavaScript API; dependency-cruiser parses with that API
// (it needs it to tell `import type` from a runtime import). This preload hands dependency-cruiser TypeScript 6's
// API (the `typescript-api` alias) while everything else keeps seeing TypeScript 7.
// Use: node --import ./tools/typescript-api-hook.mjs node_modules/dependency-cruiser/bin/dependency-cruise.mjs …
import Module, { register } from 'node:module';

const fromCruiser = (parent) => typeof parent === 'string' && parent.includes('/node_modules/dependency-cruiser/');
const redirect = (specifier) => (specifier === 'typescript' || specifier.startsWith('typescript/') ? `typescript-api${specifier.slice('typescript'.length)}` : specifier);

// CommonJS: dependency-cruiser reads typescript/package.json through require() to check the version.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  return resolveFilename.call(this, fromCruiser(parent?.filename) ? redirect(request) : request, parent, ...rest);
};

// ES modules: it then import()s the compiler itself.
const hooks = `export async function resolve(specifier, context, next) {
  const fromCruiser = ${fromCruiser.toString()};
  const redirect = ${redirect.toString()};
  return next(fromCruiser(context.parentURL) ? redirect(specifier) : specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
