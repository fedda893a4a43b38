import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessTables } from '../access/index.js';
import type { RegistryTables } from '../registry/index.js';
import { loginAs, newPerson, seedTestDivisions, type TestUser } from '../registry/testing.js';
import { openTestDatabase, type TestDatabase } from '../testing/db.js';
import { buildApp, type AppInstance } from './app.js';
import { redactUrl } from './log-redaction.js';

let t: TestDatabase;
let app: AppInstance;
let user: TestUser;
const lines: string[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  app = await buildApp(t.ctx, { webDist: '/nonexistent', logger: { level: 'info', stream: { write: (line) => lines.push(line) } } });
  const db = t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>();
  await seedTestDivisions(db);
  user = await loginAs(app, db, 'weifang', 'street_caseworker', '310115004');
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('the request log', () => {
  it('never holds an ID number searched for, in the query, the path or a search body', async () => {
    const person = newPerson();
    expect((await app.inject({ method: 'POST', url: '/api/v1/persons', headers: user.headers, payload: person })).statusCode).toBe(201);
    const id = person.idNumber;
    lines.length = 0;

    const byQuery = await app.inject({ url: `/api/v1/persons?q=${id}`, headers: user.headers });
    expect(byQuery.json().items).toHaveLength(1);
    await app.inject({ url: `/api/v1/persons/${id}`, headers: user.headers });
    const byBody = await app.inject({ method: 'POST', url: '/api/v1/persons/search', headers: user.headers, payload: { q: id } });
    expect(byBody.statusCode, byBody.body).toBe(200);
    expect(byBody.json().items).toHaveLength(1);

    const log = lines.join('');
    expect(log).toContain('"url":"/api/v1/persons?q=…"');
    expect(log).toContain(`"url":"/api/v1/persons/${id.slice(0, 6)}********${id.slice(-1)}"`);
    expect(log).toContain('"url":"/api/v1/persons/search"');
    expect(log).not.toContain(id);
    expect(log).not.toContain(id.slice(6, 14));
  });

  it('keeps parameter names and drops every value', () => {
    expect(redactUrl('/api/v1/persons?limit=10&q=%E5%BC%A0')).toBe('/api/v1/persons?limit=…&q=…');
    expect(redactUrl('/api/v1/x/31011519900307123X/y')).toBe('/api/v1/x/310115********X/y');
    expect(redactUrl('/api/v1/persons/12345')).toBe('/api/v1/persons/12345');
  });
});
