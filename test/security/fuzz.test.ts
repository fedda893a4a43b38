/**
 * Property-based fuzzing of every operation in /openapi.json (等保 入侵防范 d; ASVS 5.1, 13.2; SECURITY-TESTS
 * IV-01, CFG-01): each run keeps an operation's parameters plausible except one, which gets a hostile value
 * (huge or negative numbers, NUL, lone surrogates, wrong types, 10k-character text, injection strings), or
 * adds an unknown property, or repeats a query key. The answer must be one the operation documents, and never
 * a 500. Sent by a user whose role may call the operation, so the request gets past the permission check.
 *
 * Runs per operation: FUZZ_RUNS (default 10); FUZZ_SEED replays a failure fast-check reports.
 */
import fc from 'fast-check';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables, Role } from '../../src/access/index.js';
import { buildApp, type AppInstance } from '../../src/http/app.js';
import { loginAs, newPerson, seedTestDivisions } from '../../src/registry/testing.js';
import type { RegistryTables } from '../../src/registry/index.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../../src/testing/db.js';

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI schema is arbitrary JSON, walked by key.
type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  pathParams: Record<string, Schema>;
  queryParams: Record<string, Schema>;
  body: Schema | null;
  documented: Set<number>;
}

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Ending the session under test would turn every later answer into a 401. */
const SKIPPED = new Set(['POST /api/v1/auth/logout']);
/** Tried in this order: the first whose answer to a plausible request is not 403 fuzzes the operation. */
const ROLES: [Role, string][] = [
  ['district_staff', '310115'],
  ['street_caseworker', '310115004'],
  ['city_admin', '310000'],
  ['community_advisor', '310115004'],
  ['auditor', '310000'],
  ['leader', '310000'],
];

let t: TestDatabase;
let app: AppInstance;
let operations: Operation[] = [];
const headersOf = new Map<Role, Record<string, string>>();

beforeAll(async () => {
  // Throttling is tested on its own (throttle.test.ts); here it would only turn answers into 429s.
  const quota = { max: 1_000_000, windowSeconds: 60 };
  t = await openTestDatabase(testConfig({ limits: { signInPerSource: quota, signInPerAccount: quota, personalReadsPerUser: quota, ledgerExportsPerUser: quota, residentSignInPerSource: quota, residentSignInPerIdNumber: quota } }));
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  const db = t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>();
  await seedTestDivisions(db);
  for (const [role, jurisdiction] of ROLES) headersOf.set(role, (await loginAs(app, db, `fuzz_${role}`, role, jurisdiction)).headers);
  // A few records, so that id 1 and 2 exist and plausible requests reach past "not found".
  for (let i = 0; i < 3; i++) {
    const created = await app.inject({ method: 'POST', url: '/api/v1/persons', headers: headersOf.get('street_caseworker'), payload: newPerson() });
    expect(created.statusCode, created.body).toBe(201);
  }
  operations = readOperations((await app.inject('/openapi.json')).json());
}, 120_000);

afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('fuzzing /openapi.json', () => {
  it('finds every operation', () => {
    expect(operations.length).toBeGreaterThan(100);
  });

  it('answers hostile input with a documented status and never a 500', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const headers = await roleFor(op);
      const run = await fc.check(
        fc.asyncProperty(requestArb(op), async (request) => {
          const response = await app.inject({ method: op.method as HTTPMethods, url: request.url, headers: { ...headers, ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) }, payload: request.body });
          const status = response.statusCode;
          if (status >= 500 || !op.documented.has(status)) throw new Error(`${op.method} ${request.url.slice(0, 160)} ${short(request.body)} → ${status} ${response.body.slice(0, 200)}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      if (run.failed) failures.push(`${(run.errorInstance as Error | null)?.message ?? 'interrupted'} (seed ${run.seed}, documented ${[...op.documented].join(' ')})`);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }, 240_000);
});

function readOperations(spec: Schema): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(spec.paths)) {
    for (const [method, op] of Object.entries<Schema>(item)) {
      if (SKIPPED.has(`${method.toUpperCase()} ${path}`)) continue;
      const pathParams: Record<string, Schema> = {};
      const queryParams: Record<string, Schema> = {};
      for (const p of op.parameters ?? []) (p.in === 'path' ? pathParams : p.in === 'query' ? queryParams : {})[p.name] = { ...p.schema, required: p.required };
      const documented = new Set(
        Object.keys(op.responses ?? {})
          .filter((s) => /^\d{3}$/.test(s))
          .map(Number),
      );
      result.push({ method: method.toUpperCase(), path, pathParams, queryParams, body: op.requestBody?.content?.['application/json']?.schema ?? null, documented });
    }
  }
  return result;
}

async function roleFor(op: Operation): Promise<Record<string, string>> {
  const plausible = fc.sample(requestArb(op, false), { numRuns: 1, seed: 1 })[0];
  for (const [role] of ROLES) {
    const headers = headersOf.get(role)!;
    const response = await app.inject({ method: op.method as HTTPMethods, url: plausible.url, headers, payload: plausible.body });
    if (response.statusCode !== 403) return headers;
  }
  return headersOf.get('city_admin')!;
}

interface FuzzRequest {
  url: string;
  /** JSON text, so hostile values (lone surrogates) reach the server exactly as written. */
  body?: string;
}

/** Hostile values: the boundaries and encodings that reached PostgreSQL or the handlers unchecked. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    2 ** 31,
    2 ** 31 - 1,
    2 ** 53,
    2 ** 63,
    1e20,
    -1,
    -(2 ** 31) - 1,
    -(2 ** 53),
    0,
    0.5,
    1e308,
    '99999999999999999999',
    '-1',
    '1e400',
    'NaN',
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFFy',
    '%00',
    "' OR 1=1--",
    '1;SELECT pg_sleep(5)--',
    '%',
    '_',
    'x'.repeat(10_000),
    '𠮷'.repeat(3_000),
    '2024-02-30',
    '9999-12-31',
    '0000-00-00',
    true,
    null,
    [],
    {},
    { $gt: '' },
    [1, 2],
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer(),
  fc.double(),
);

function requestArb(op: Operation, fuzz = true): fc.Arbitrary<FuzzRequest> {
  const names = [...Object.keys(op.pathParams).map((n) => `path:${n}`), ...Object.keys(op.queryParams).map((n) => `query:${n}`)];
  if (op.body) names.push('body', 'body:extra', ...Object.keys(op.body.properties ?? {}).map((n) => `body:${n}`));
  if (Object.keys(op.queryParams).length > 0) names.push('query:extra', 'query:repeat');
  const target = fuzz && names.length > 0 ? fc.constantFrom(...names) : fc.constant('none');
  return fc
    .record({
      target,
      evil: hostile,
      path: fc.record(mapValues(op.pathParams, (s) => validArb(s, true))),
      query: fc.record(
        mapValues(op.queryParams, (s) => validArb(s, true)),
        { requiredKeys: Object.keys(op.queryParams).filter((n) => op.queryParams[n].required) },
      ),
      body: op.body ? validArb(op.body, false) : fc.constant(undefined),
    })
    .map(({ target, evil, path, query, body }) => {
      const params: Record<string, unknown> = { ...path };
      const search: [string, unknown][] = Object.entries(query);
      let payload: unknown = body;
      const [where, name] = target.split(':');
      if (where === 'path') params[name] = evil === '' || evil === null ? 'x' : evil;
      else if (where === 'query' && name === 'extra') search.push(['unknownKey', 'x']);
      else if (where === 'query' && name === 'repeat') search.push([search[0]?.[0] ?? Object.keys(op.queryParams)[0], 'x']);
      else if (where === 'query') {
        const index = search.findIndex(([k]) => k === name);
        if (index >= 0) search[index] = [name, evil];
        else search.push([name, evil]);
      } else if (target === 'body') payload = evil;
      else if (where === 'body' && name === 'extra') payload = { ...(isObject(body) ? body : {}), unknownKey: 'x' };
      else if (where === 'body') payload = { ...(isObject(body) ? body : {}), [name]: evil };
      const url = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => encode(params[n]));
      const qs = search.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
      return { url: qs ? `${url}?${qs}` : url, body: payload === undefined ? undefined : JSON.stringify(payload) };
    });
}

/** A value the schema accepts (or nearly: patterns and formats are approximated), with boundaries favoured. */
function validArb(schema: Schema, text: boolean): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s: Schema) => validArb(s, text)));
  if (schema.allOf) return validArb(Object.assign({}, ...schema.allOf), text);
  const type = [schema.type].flat()[0];
  switch (type) {
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1000, -(2 ** 31) + 1);
      const max = Math.min(schema.maximum ?? 1000, 2 ** 31 - 1);
      return fc.oneof(fc.integer({ min: Math.min(min, max), max }), fc.constantFrom(schema.minimum ?? min, schema.maximum ?? max));
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validArb(schema.items ?? {}, text), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return fc.record(
        mapValues(properties, (s) => validArb(s, text)),
        { requiredKeys: schema.required ?? [] },
      );
    }
    case 'string':
      return stringArb(schema);
    default:
      return fc.constant('x');
  }
}

function stringArb(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'date') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern, 'u'));
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 20) }).filter((s) => s.length >= (schema.minLength ?? 0));
}

function encode(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate has no UTF-8 form: send the bytes a careless client would (CESU-8 style).
    return [...text].map((c) => (/[\uD800-\uDFFF]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function short(body: unknown): string {
  return body === undefined ? '' : String(body).slice(0, 120);
}
