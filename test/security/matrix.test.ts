/**
 * SECURITY-TESTS.md §2 and AC-01/AC-07: every route of the OpenAPI document × every role of ROLES × an object
 * in and out of the caller's jurisdiction. Allowed and own → the answer in the matrix (2xx by default);
 * allowed and foreign → 404 (no existence oracle); not permitted → 403; no session → 401. Refused writes
 * leave the database as it was. A route missing from MATRIX fails the suite.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, hasPermission, ROLES, type AccessTables, type Actor, type Role } from '../../src/access/index.js';
import { eldercareDeps } from '../../src/eldercare/index.js';
import { createFacility } from '../../src/eldercare/facilities.js';
import { buildApp, type AppInstance } from '../../src/http/app.js';
import { makeCreditCode } from '../../src/kernel/index.js';
import { addMember, createHousehold, createOrganisation, IdVault, recordFactBatch, registerPerson, type RegistryTables } from '../../src/registry/index.js';
import { newPerson, seedTestDivisions, TEST_COMMITTEES } from '../../src/registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../../src/testing/db.js';
import { KNOWN_DEVIATIONS, MATRIX, type ObjectKind, type Objects, type RouteRule } from './matrix.js';

interface Operation {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  default?: unknown;
  pattern?: string;
}

// Own objects in 潍坊新村街道 (浦东), foreign ones in 天平路街道 (徐汇): every matrix user's jurisdiction is 浦东.
const SIDES = { own: { street: '310115004000', committee: TEST_COMMITTEES.weifang1 }, foreign: { street: '310104003000', committee: TEST_COMMITTEES.tianping1 } } as const;
type Side = keyof typeof SIDES;

let t: TestDatabase;
let app: AppInstance;
let operations: Map<string, Operation>;
const tokens = new Map<Role, string>();
const setup = {} as Record<Side, Actor>;
let district: Actor;
const organisations = {} as Record<Side, number>;
const facilities = {} as Record<Side, number>;
const cached = {} as Record<Side, Objects>;
let sequence = 0;

const accessDb = () => t.db.kysely.withTables<AccessTables>();
const registryDb = () => t.ctx.db.kysely.withTables<RegistryTables>();

async function session(username: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Matrix-pass-2025!' } });
  if (response.statusCode !== 200) throw new Error(`login ${username}: ${response.body}`);
  return (response.json() as { token: string }).token;
}

async function makeUser(username: string, role: Role, jurisdiction: string): Promise<Actor> {
  const user = await createUser(accessDb(), null, { username, displayName: username, role, jurisdiction, password: 'Matrix-pass-2025!', organisationId: role === 'institution_staff' ? organisations.own : undefined });
  return { userId: user.id, username, displayName: username, role, jurisdiction: user.jurisdiction, organisationId: user.organisationId };
}

/** A person in a household with one fact, and a person with no household, on one side. */
async function makeObjects(side: Side): Promise<Objects> {
  const vault = new IdVault(t.ctx.config.secretKey);
  const actor = setup[side];
  const { street, committee } = SIDES[side];
  const person = await registerPerson(registryDb(), vault, actor, newPerson({ residenceDivision: committee }));
  const loose = await registerPerson(registryDb(), vault, actor, newPerson({ residenceDivision: committee }));
  const household = await createHousehold(registryDb(), actor, { divisionCode: committee });
  await addMember(registryDb(), actor, household.id, { personId: person.id, relation: 'head', since: '2020-01-01' });
  await recordFactBatch(registryDb(), { batchId: `matrix-${side}-${++sequence}`, source: 'matrix', facts: [{ subjectType: 'person', subjectId: person.id, kind: 'income.wage', amountFen: 100_000, validFrom: '2024-01-01' }] });
  const fact = await registryDb().selectFrom('registry.facts').select('id').where('subject_id', '=', person.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return { person: person.id, loosePerson: loose.id, household: household.id, fact: fact.id, organisation: organisations[side], facility: facilities[side], street, committee };
}

beforeAll(async () => {
  t = await openTestDatabase();
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await app.ready();
  const spec = app.swagger() as { paths: Record<string, Record<string, Operation>> };
  operations = new Map(Object.entries(spec.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as const)));
  await seedTestDivisions(t.db.kysely.withTables<RegistryTables>());
  setup.own = await makeUser('fx.weifang', 'street_caseworker', '310115004');
  setup.foreign = await makeUser('fx.tianping', 'street_caseworker', '310104003');
  district = await makeUser('fx.city', 'district_staff', '310000');
  for (const side of ['own', 'foreign'] as const) {
    const org = await createOrganisation(registryDb(), setup[side], {
      creditCode: makeCreditCode(`52${SIDES[side].street.slice(0, 6)}000${side === 'own' ? '00001' : '00002'}`),
      name: `矩阵${side}机构`,
      kind: '民办非企业单位',
      divisionCode: SIDES[side].street,
    });
    organisations[side] = org.id;
    const point = await createFacility(eldercareDeps(t.ctx), district, { kind: 'meal_point', name: `矩阵${side}助餐点`, ownership: 'private', organisationId: org.id, mealPriceFen: 1500, divisionCode: SIDES[side].street });
    facilities[side] = point.id;
  }
  for (const side of ['own', 'foreign'] as const) cached[side] = await makeObjects(side);
  // Every role with the 浦东 district as jurisdiction, so district-level operations are in scope.
  for (const role of ROLES) {
    await makeUser(`mx.${role.replaceAll('_', '.')}`, role, '310115');
    tokens.set(role, await session(`mx.${role.replaceAll('_', '.')}`));
  }
  // Users of every role sign in with scrypt, and the route list is built: minutes on a busy machine.
}, 300_000);
afterAll(async () => {
  await app?.close();
  await t?.close();
});

/** A value the schema accepts: required properties only, the first enum value, the minimum. */
function sample(schema: JsonSchema | undefined): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return sample(variants.find((v) => v.type !== 'null') ?? variants[0]);
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
      if (schema.format === 'date') return '2025-03-01';
      if (schema.format === 'date-time') return '2025-03-01T00:00:00Z';
      // Dates, months and division codes are patterns in the route schemas.
      if (schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return '2025-03-01';
      if (schema.pattern?.includes('\\d{4}-\\d{2}')) return '2025-03';
      if (schema.pattern?.startsWith('^\\d{6}')) return '310115';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
    default:
      return null;
  }
}

const permitted = (rule: RouteRule, role: Role) => {
  if (rule.guard === 'signed-in' || rule.guard === 'public') return true;
  if (rule.guard === 'resident' || rule.guard === 'api-key') return false;
  return (Array.isArray(rule.guard) ? rule.guard : [rule.guard]).some((p) => hasPermission(role, p));
};
const objectKinds = (rule: RouteRule) => Object.values(rule.params ?? {}).filter((v): v is ObjectKind => typeof v === 'string');
const scoped = (rule: RouteRule) => objectKinds(rule).some((k) => k !== 'unknown');

function urlOf(key: string, rule: RouteRule, objects: Objects, operation: Operation | undefined): string {
  let path = key.slice(key.indexOf(' ') + 1);
  for (const [name, value] of Object.entries(rule.params ?? {})) {
    const id = typeof value === 'string' ? (value === 'unknown' ? '999999999' : String(objects[value])) : value.literal;
    path = path.replace(`{${name}}`, id);
  }
  const required = (operation?.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema)))}`);
  const query = rule.query?.(objects) ?? required.join('&');
  return query ? `${path}?${query}` : path;
}

async function rowCounts(rule: RouteRule): Promise<number[]> {
  const tables = ['core.outbox', ...(rule.table ? [rule.table] : [])];
  return Promise.all(tables.map(async (table) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(table)}`.execute(t.db.kysely)).rows[0].n)));
}

async function call(key: string, rule: RouteRule, token: string | null, objects: Objects) {
  const method = key.slice(0, key.indexOf(' ')) as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  const operation = operations.get(key);
  const body = rule.body ? rule.body(objects) : operation?.requestBody ? sample(operation.requestBody.content?.['application/json']?.schema) : undefined;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (rule.contentType) headers['content-type'] = rule.contentType;
  const payload = body === undefined ? undefined : rule.contentType ? String(body) : (body as object);
  const response = await app.inject({ method, url: urlOf(key, rule, objects, operation), headers, payload });
  return { status: response.statusCode, body: response.body };
}

const isWrite = (key: string) => !key.startsWith('GET ');

describe('the authorisation matrix', () => {
  it('has an entry for every route of the OpenAPI document, and none for a route that does not exist', () => {
    const routes = [...operations.keys()].sort();
    expect(
      routes.filter((r) => !(r in MATRIX)),
      'routes without a matrix entry (deny by default: say who may call them)',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((r) => !operations.has(r)),
      'matrix entries for routes that do not exist',
    ).toEqual([]);
    expect(routes.length).toBeGreaterThan(100);
  });

  it('answers every route × role × own/foreign object as the matrix says, and refused writes change nothing', { timeout: 600_000 }, async () => {
    const problems: string[] = [];
    const seen = new Set<string>();
    let current = { key: '', role: '' };
    const expectStatus = (what: string, status: number, allowed: (s: number) => boolean, wanted: string, body: string, kind = '') => {
      if (allowed(status)) return;
      const known = [`${current.key} | ${kind} | ${current.role}`, `${current.key} | ${kind}`].find((k) => KNOWN_DEVIATIONS[k]?.status === status);
      if (known) seen.add(known);
      else problems.push(`${what}: got ${status}, want ${wanted} — ${body.slice(0, 160)}`);
    };
    for (const [key, rule] of Object.entries(MATRIX)) {
      if (!operations.has(key)) continue;
      // No session: 401 for all but the public routes.
      if (rule.guard !== 'public') {
        const anonymous = await call(key, rule, null, cached.own);
        current = { key, role: 'anonymous' };
        expectStatus(`${key} without a session`, anonymous.status, (s) => s === 401, '401', anonymous.body, 'anonymous');
      }
      for (const role of ROLES) {
        const may = permitted(rule, role);
        const token = rule.ownSession ? await session(`mx.${role.replaceAll('_', '.')}`) : tokens.get(role)!;
        // Only a permitted call can change the objects; refused ones share the cached set.
        const own = rule.fresh && may ? await makeObjects('own') : cached.own;
        const before = isWrite(key) && !may ? await rowCounts(rule) : [];
        const mine = await call(key, rule, token, own);
        const what = `${key} as ${role}`;
        current = { key, role };
        if (!may) {
          // A staff session is no session at all on a resident route.
          const refusal = rule.guard === 'resident' || rule.guard === 'api-key' ? 401 : 403;
          expectStatus(what, mine.status, (s) => s === refusal, `${refusal} (no permission)`, mine.body, 'refused');
          if (isWrite(key) && JSON.stringify(await rowCounts(rule)) !== JSON.stringify(before)) problems.push(`${what}: refused, but rows were written`);
          continue;
        }
        if (rule.own === 'past-guard') expectStatus(`${what} (own)`, mine.status, (s) => ![401, 403, 404].includes(s) && s < 500, `a business answer past the guard (${rule.why})`, mine.body, 'own');
        else if (objectKinds(rule).includes('unknown')) expectStatus(`${what} (unknown id)`, mine.status, (s) => s === 404, '404', mine.body, 'own');
        else {
          const wanted = rule.own;
          expectStatus(`${what} (own)`, mine.status, (s) => (wanted ? wanted.includes(s) : s >= 200 && s < 300), wanted ? wanted.join('/') : '2xx', mine.body, 'own');
        }
        if (!scoped(rule)) continue;
        const foreign = rule.fresh ? await makeObjects('foreign') : cached.foreign;
        const beforeForeign = isWrite(key) ? await rowCounts(rule) : [];
        const theirs = await call(key, rule, token, { ...foreign, street: own.street, committee: own.committee, loosePerson: own.loosePerson });
        expectStatus(`${what} (foreign object)`, theirs.status, (s) => s === 404, '404 (outside the jurisdiction)', theirs.body, 'foreign');
        if (isWrite(key) && JSON.stringify(await rowCounts(rule)) !== JSON.stringify(beforeForeign)) problems.push(`${what} (foreign object): refused, but rows were written`);
      }
    }
    expect(problems).toEqual([]);
    expect(
      Object.keys(KNOWN_DEVIATIONS).filter((k) => !seen.has(k)),
      'known deviations that no longer occur: delete them from KNOWN_DEVIATIONS',
    ).toEqual([]);
  });
});
