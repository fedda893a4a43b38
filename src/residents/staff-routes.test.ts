/**
 * A resident session can never reach a staff permission: every staff route of the OpenAPI document (those
 * with the bearer scheme), called with a live resident session and its CSRF header, answers 401 or 403.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COMMITTEES, makeStaff, seedAssistanceDivisions, STREETS } from '../assistance/testing.js';
import { buildApp, type AppInstance } from '../http/app.js';
import { makeIdNumber } from '../kernel/index.js';
import { IdVault, registerPerson, type RegistryTables } from '../registry/index.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { setDevCodeSink } from './identity.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  minimum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
}
interface Operation {
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
}

/** A value the schema accepts, so validation lets the request through to the session check. */
function sample(schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sample(schema.anyOf.find((v) => v.type !== 'null') ?? schema.anyOf[0]);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((key) => [key, sample(schema.properties?.[key])]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return false;
    case 'string':
      if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2025-03-01';
      if (schema.pattern?.includes('\\d{4}-\\d{2}') || schema.pattern?.includes('[0-9]{4}-[0-9]{2}')) return '2025-03';
      if (schema.pattern === '^\\d{12}$') return '310115004001';
      if (schema.pattern?.startsWith('^\\d{6')) return '310115';
      if (schema.pattern?.includes('[0-9]{6}')) return '123456';
      if (schema.pattern === '^\\d+$') return '1';
      if (schema.format === 'date') return '2025-03-01';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    default:
      return null;
  }
}

/** Routes that take a raw body their OpenAPI entry does not name (as in test/security/matrix.ts). */
const RAW_BODIES: Record<string, string> = { 'POST /api/v1/monitoring/exchange/{source}/batches/{batchId}': 'text/csv' };

let t: TestDatabase;
let app: AppInstance;
let code = '';

beforeAll(async () => {
  t = await openTestDatabase();
  setDevCodeSink((message) => {
    code = message.code;
  });
  await seedAssistanceDivisions(t.ctx);
  const registrar = await makeStaff(t.ctx, 'weifang.cw', 'street_caseworker', STREETS.weifang);
  await registerPerson(t.ctx.db.kysely.withTables<RegistryTables>(), new IdVault(t.ctx.config.secretKey), registrar, {
    idNumber: makeIdNumber('310115', '1970-02-03', 41),
    name: '钱桂兰',
    hukouDivision: COMMITTEES.weifang1,
    residenceDivision: COMMITTEES.weifang1,
  });
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await app.ready();
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

it('answers every staff route called with a resident session with 401 or 403', { timeout: 300_000 }, async () => {
  const idNumber = makeIdNumber('310115', '1970-02-03', 41);
  expect((await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/code', payload: { idNumber } })).statusCode).toBe(204);
  const login = await app.inject({ method: 'POST', url: '/api/v1/resident/auth/dev/login', payload: { idNumber, code } });
  expect(login.statusCode, login.body).toBe(200);
  const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
  // Everything a browser holding the resident session would send, staff-style CSRF header included.
  const headers = { cookie: `mz_resident=${cookies.mz_resident}; mz_resident_csrf=${cookies.mz_resident_csrf}`, 'x-resident-csrf': cookies.mz_resident_csrf, 'x-csrf-token': cookies.mz_resident_csrf };
  expect((await app.inject({ method: 'GET', url: '/api/v1/resident/me', headers })).statusCode).toBe(200);

  const spec = app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const staff = Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      // Staff logout ends the staff session of the request, if any: with none it answers 204 and changes nothing.
      .filter(([method, op]) => op.security?.some((s) => 'bearerAuth' in s) && !(method === 'post' && path === '/api/v1/auth/logout'))
      .map(([method, op]) => ({ method: method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path, op })),
  );
  expect(staff.length).toBeGreaterThan(100);
  const reached: string[] = [];
  for (const { method, path, op } of staff) {
    const pathParams = new Map((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [p.name, String(sample(p.schema))]));
    const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(pathParams.get(name) ?? '1'));
    const query = (op.parameters ?? [])
      .filter((p) => p.in === 'query' && p.required)
      .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema)))}`)
      .join('&');
    const content = op.requestBody?.content ?? {};
    const json = content['application/json']?.schema;
    // Upload routes (CSV, NDJSON) are sent a body of their own type, so the type check lets them through.
    const other = json ? undefined : (Object.keys(content)[0] ?? RAW_BODIES[`${method} ${path}`]);
    const payload = json ? { payload: sample(json) as object } : other ? { payload: 'x', headers: { ...headers, 'content-type': other } } : {};
    const response = await app.inject({ method, url: query ? `${url}?${query}` : url, headers, ...payload });
    if (response.statusCode !== 401 && response.statusCode !== 403) reached.push(`${method} ${path}: ${response.statusCode} ${response.body.slice(0, 120)}`);
  }
  expect(reached).toEqual([]);
});

it('documents the resident API under its own tag and security scheme in OpenAPI', () => {
  const spec = app.swagger() as { paths: Record<string, Record<string, Operation & { tags?: string[] }>>; components?: { securitySchemes?: Record<string, unknown> } };
  expect(spec.components?.securitySchemes?.residentCookie).toEqual({ type: 'apiKey', in: 'cookie', name: 'mz_resident' });
  const resident = Object.entries(spec.paths)
    .filter(([path]) => path.startsWith('/api/v1/resident/'))
    .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
  expect(resident.length).toBeGreaterThan(20);
  // Every resident operation is tagged `resident`; all but sign-in and sign-out require the resident cookie, none a staff token.
  expect(resident.filter(({ op }) => !op.tags?.includes('resident')).map((r) => r.key)).toEqual([]);
  expect(resident.filter(({ op }) => op.security?.some((s) => 'bearerAuth' in s)).map((r) => r.key)).toEqual([]);
  const open = resident.filter(({ op }) => !op.security?.some((s) => 'residentCookie' in s)).map((r) => r.key);
  expect(open.every((key) => key.includes('/resident/auth/'))).toBe(true);
  expect(resident.filter(({ key }) => key === 'GET /api/v1/resident/entitlements')[0].op.security).toEqual([{ residentCookie: [] }]);
});
