/**
 * SECURITY-TESTS.md §3.3 AUD-01..04 and §3.7 PI-02/03 against the whole app (all modules mounted), on PGlite
 * or, with DATABASE_URL, on PostgreSQL with the application connected as the role minzheng_app.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, type AccessTables } from '../../src/access/index.js';
import { buildApp, type AppInstance } from '../../src/http/app.js';
import type { PersonView, RegistryTables } from '../../src/registry/index.js';
import { loginAs, newPerson, seedTestDivisions, TEST_COMMITTEES, type TestUser } from '../../src/registry/testing.js';
import { openTestDatabase, testConfig, type TestDatabase } from '../../src/testing/db.js';

let t: TestDatabase;
let app: AppInstance;
let weifang: TestUser;
let lujiazui: TestUser;
let pudong: TestUser;
let auditor: TestUser;
let leader: TestUser;
const PASSWORD = 'test-pass-123';

const ownerDb = () => t.db.kysely.withTables<RegistryTables>().withTables<AccessTables>();
const appDb = () => t.ctx.db.kysely.withTables<AccessTables>();

beforeAll(async () => {
  t = await openTestDatabase(testConfig({ unmaskDailyCap: 3, accessAlertPerHour: 4, accessAlertPerDay: 1000 }));
  app = await buildApp(t.ctx, { webDist: '/nonexistent' });
  await seedTestDivisions(ownerDb());
  weifang = await loginAs(app, ownerDb(), 'weifang', 'street_caseworker', '310115004');
  lujiazui = await loginAs(app, ownerDb(), 'lujiazui', 'street_caseworker', '310115005');
  pudong = await loginAs(app, ownerDb(), 'pudong', 'district_staff', '310115');
  auditor = await loginAs(app, ownerDb(), 'auditor', 'auditor', '310000');
  leader = await loginAs(app, ownerDb(), 'leader', 'leader', '310000');
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
  app.inject({ method, url: `/api/v1${url}`, headers: { ...(user?.headers ?? {}), ...headers }, payload, remoteAddress: '10.20.30.40' });
const register = async (user: TestUser, residence: string = TEST_COMMITTEES.weifang1) => {
  const input = newPerson({ residenceDivision: residence });
  const response = await call(user, 'POST', '/persons', input);
  expect(response.statusCode, response.body).toBe(201);
  return { input, person: response.json() as PersonView };
};
const lastAudit = () => ownerDb().selectFrom('access.audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

/** Runs one statement as the application's role: its own pool on PostgreSQL, SET ROLE on PGlite's single session. */
async function asAppRole(statement: string): Promise<void> {
  if (t.db.kind === 'pg') {
    await t.ctx.db.exclusive((s) => s.query(statement));
    return;
  }
  await t.db.exclusive(async (s) => {
    await s.exec('set role minzheng_app');
    try {
      await s.query(statement);
    } finally {
      await s.exec('reset role');
    }
  });
}

describe('AUD-01 record content', () => {
  it('records source IP, request id, user agent, actor, role, target and outcome for reads, denials and failed validations', async () => {
    const { person } = await register(weifang);
    const read = await call(weifang, 'GET', `/persons/${person.id}`, undefined, { 'user-agent': 'SecTest/1.0' });
    expect(read.statusCode).toBe(200);
    const entry = await lastAudit();
    expect(entry).toMatchObject({
      actor_username: 'weifang',
      actor_role: 'street_caseworker',
      action: 'registry.person.read',
      entity_type: 'person',
      entity_id: String(person.id),
      result: 'ok',
      source_ip: '10.20.30.40',
      user_agent: 'SecTest/1.0',
    });
    expect(entry.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.at.toISOString()).toMatch(/Z$/);

    // A BOLA attempt: 404 like an unknown id, and audited as a denial with the reason.
    const foreign = await call(lujiazui, 'GET', `/persons/${person.id}`);
    expect(foreign.statusCode).toBe(404);
    const unknown = await call(lujiazui, 'GET', '/persons/987654321');
    expect(unknown.statusCode).toBe(404);
    const denial = await ownerDb().selectFrom('access.audit_log').selectAll().where('actor_username', '=', 'lujiazui').where('entity_id', '=', String(person.id)).executeTakeFirstOrThrow();
    expect(denial).toMatchObject({ result: 'denied', source_ip: '10.20.30.40', detail: { reason: 'jurisdiction' } });
    expect(JSON.stringify(foreign.json())).not.toContain(String(person.id));

    // A validation failure names the route and the field, never the value sent.
    const invalid = await call(weifang, 'POST', '/persons', { ...newPerson(), name: 12345 });
    expect(invalid.statusCode).toBe(400);
    expect(await lastAudit()).toMatchObject({ actor_username: 'weifang', action: 'http.validation_failed', result: 'denied', detail: { method: 'POST', route: '/api/v1/persons', paths: ['/name'] } });
  });

  it('lets the auditor filter by actor, action and time, and shows the origin', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const response = await call(auditor, 'GET', `/audit?actor=weifang&action=registry.person.read&from=${encodeURIComponent(from)}`);
    expect(response.statusCode, response.body).toBe(200);
    const items = (response.json() as { items: { actorUsername: string; action: string; sourceIp: string; requestId: string }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item).toMatchObject({ actorUsername: 'weifang', action: 'registry.person.read', sourceIp: '10.20.30.40' });
  });
});

describe('AUD-02 no unvalidated input, credentials or PI values in the log', () => {
  it('keeps unknown query keys, NUL and oversized input out of audited list entries', async () => {
    const junk = 'x'.repeat(20_000);
    // The request is refused before the route runs (unknown keys, NUL); the refusal is audited with field paths only.
    const response = await call(pudong, 'GET', `/assistance/cases?nul=%00&junk=${junk}`);
    expect(response.statusCode, response.body).toBe(400);
    const entry = await lastAudit();
    expect(entry).toMatchObject({ actor_username: 'pudong', action: 'http.validation_failed', result: 'denied' });
    const detail = JSON.stringify(entry.detail);
    expect(detail).not.toContain('xxxxxxxxxx');
    expect(detail).not.toContain('\\u0000');
    expect(detail.length).toBeLessThan(4096);
  });

  it('stores any detail bounded and without characters PostgreSQL refuses', async () => {
    await appendAudit(appDb(), { actor: null, action: 'test.unstorable', result: 'ok', purpose: 'a\u0000b', detail: { text: 'bad\u0000\ud800end', 'k\u0000': 1 } });
    const stored = await lastAudit();
    expect(stored.purpose).toBe('a\ufffdb');
    expect(stored.detail).toEqual({ text: 'bad\ufffd\ufffdend', 'k\ufffd': 1 });
    await appendAudit(appDb(), { actor: null, action: 'test.oversized', result: 'ok', detail: { blob: 'y'.repeat(100_000), list: Array.from({ length: 5000 }, (_, i) => i) } });
    expect((await lastAudit()).detail).toMatchObject({ truncated: true });
  });

  it('never holds passwords, tokens or full ID numbers', async () => {
    const { input, person } = await register(weifang);
    await call(weifang, 'GET', `/persons/${person.id}?revealIdNumber=true&purpose=case_handling&purposeRef=AJ-1`);
    await call(null, 'POST', '/auth/login', { username: 'weifang', password: 'wrong-password-x' });
    const rows = await ownerDb().selectFrom('access.audit_log').selectAll().execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain(input.idNumber);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('wrong-password-x');
    expect(text).not.toContain(weifang.token);
  });
});

describe('AUD-03 protection of the log', () => {
  it('refuses every write to /audit routes for every role', async () => {
    for (const user of [weifang, pudong, auditor, leader]) {
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        expect([404, 405]).toContain((await call(user, method, '/audit')).statusCode);
      }
    }
  });

  it('gives the application role SELECT and INSERT on the audit log and nothing else', async () => {
    const before = await ownerDb().selectFrom('access.audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    for (const statement of [
      "update access.audit_log set purpose = 'x'",
      'delete from access.audit_log',
      'truncate access.audit_log',
      'alter table access.audit_log disable trigger audit_log_no_update',
      'drop trigger audit_log_no_update on access.audit_log',
      'alter table access.audit_log owner to minzheng_app',
    ]) {
      await expect(asAppRole(statement), statement).rejects.toThrow(/permission denied|must be owner|must be able to SET ROLE/);
    }
    await expect(asAppRole('select count(*) from access.audit_log')).resolves.toBeUndefined();
    const after = await ownerDb().selectFrom('access.audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBeGreaterThanOrEqual(before.n);
    // The app role is not the owner of any table.
    const owned = await t.ownerQuery<{ n: number }>("select count(*)::int as n from pg_tables where tableowner = 'minzheng_app'");
    expect(owned[0].n).toBe(0);
  });
});

describe('AUD-03 tampering found by verify: edits, deletes, reordering, and a cut-off tail (external anchor)', () => {
  // Tampered, verified, then restored from a copy, so the rest of the file keeps a whole chain.
  async function tamperedChain(tamper: (ids: number[]) => string) {
    for (let i = 0; i < 6; i++) await appendAudit(appDb(), { actor: null, action: 'test.entry', entityId: i, result: 'ok', detail: { i } });
    const anchored = await call(auditor, 'POST', '/audit/anchor');
    expect(anchored.statusCode, anchored.body).toBe(201);
    expect((await call(auditor, 'GET', '/audit/verify')).json()).toMatchObject({ ok: true, anchor: { status: 'matched' } });
    const ids = (await ownerDb().selectFrom('access.audit_log').select('id').orderBy('id', 'desc').limit(8).execute()).map((r) => r.id).reverse();
    // As the owner (a superuser here): the only way past the trigger and the app role's grants.
    await t.ownerQuery('create table public.audit_copy as select * from access.audit_log');
    await t.ownerQuery('alter table access.audit_log disable trigger user');
    try {
      await t.ownerQuery(tamper(ids));
      const result = (await call(auditor, 'GET', '/audit/verify')).json() as { ok: boolean; brokenAt?: { id: number; reason: string }; anchor: { status: string } };
      return { ids, result };
    } finally {
      await t.ownerQuery('delete from access.audit_log');
      await t.ownerQuery('insert into access.audit_log select * from public.audit_copy');
      await t.ownerQuery('alter table access.audit_log enable trigger user');
      await t.ownerQuery('drop table public.audit_copy');
    }
  }

  it('names the edited row', async () => {
    const { ids, result } = await tamperedChain((ids) => `update access.audit_log set entity_id = '99' where id = ${ids[3]}`);
    expect(result).toMatchObject({ ok: false, brokenAt: { id: ids[3], reason: 'hash_mismatch' } });
  });

  it('names the row after a deleted one, and the first of two swapped rows', async () => {
    const deleted = await tamperedChain((ids) => `delete from access.audit_log where id = ${ids[2]}`);
    expect(deleted.result).toMatchObject({ ok: false, brokenAt: { id: deleted.ids[3], reason: 'link_mismatch' } });
    const swapped = await tamperedChain(
      (ids) => `update access.audit_log a set detail = b.detail, entity_id = b.entity_id, hash = b.hash, prev_hash = b.prev_hash from access.audit_log b where (a.id, b.id) in ((${ids[2]}, ${ids[3]}), (${ids[3]}, ${ids[2]}))`,
    );
    expect(swapped.result).toMatchObject({ ok: false, brokenAt: { id: swapped.ids[2], reason: 'link_mismatch' } });
  });

  it('catches the last rows cut off, which the chain alone cannot see', async () => {
    const { ids, result } = await tamperedChain((ids) => `delete from access.audit_log where id >= ${ids[ids.length - 3]}`);
    expect(result).toMatchObject({ ok: false, brokenAt: { reason: 'truncated' }, anchor: { status: 'truncated' } });
    expect(result.brokenAt?.id).toBeLessThanOrEqual(ids[ids.length - 3]);
    expect((await call(auditor, 'GET', '/audit/verify')).json()).toMatchObject({ ok: true, anchor: { status: 'matched' } });
  });
});

describe('AUD-04 the audit cannot be bypassed', () => {
  it('fails the request, returns no PI and commits nothing when the audit write fails', async () => {
    const { person } = await register(weifang);
    const persons = async () => (await ownerDb().selectFrom('registry.persons').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
    const before = await persons();
    await t.ownerQuery(`create function access.test_refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit store unavailable'; end $$;
      `);
    await t.ownerQuery('create trigger test_refuse_audit before insert on access.audit_log for each row execute function access.test_refuse_audit()');
    try {
      const read = await call(weifang, 'GET', `/persons/${person.id}?revealIdNumber=true&purpose=case_handling`);
      expect(read.statusCode).toBe(500);
      expect(read.json()).toEqual({ code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试' });
      const write = await call(weifang, 'POST', '/persons', newPerson());
      expect(write.statusCode).toBe(500);
      expect(await persons()).toBe(before);
    } finally {
      await t.ownerQuery('drop trigger test_refuse_audit on access.audit_log');
      await t.ownerQuery('drop function access.test_refuse_audit()');
    }
  });
});

describe('PI-02 purpose-bound unmasking with a daily cap', () => {
  it('takes only a purpose code, records it with the reference, and stops at the daily cap (audited)', async () => {
    const user = await loginAs(app, ownerDb(), 'capped', 'street_caseworker', '310115004');
    const { person } = await register(user);
    expect((await call(user, 'GET', `/persons/${person.id}?revealIdNumber=true`)).json()).toMatchObject({ code: 'REGISTRY_PURPOSE_REQUIRED' });
    expect((await call(user, 'GET', `/persons/${person.id}?revealIdNumber=true&purpose=${encodeURIComponent('随便看看')}`)).statusCode).toBe(400);
    for (let i = 0; i < 3; i++) {
      const ok = await call(user, 'GET', `/persons/${person.id}?revealIdNumber=true&purpose=petition&purposeRef=XF-${i}`);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(await lastAudit()).toMatchObject({ action: 'registry.person.reveal_id_number', purpose: `信访事项办理：XF-${i}`, result: 'ok' });
    }
    const capped = await call(user, 'GET', `/persons/${person.id}?revealIdNumber=true&purpose=petition`);
    expect(capped.statusCode).toBe(403);
    expect(capped.json()).toMatchObject({ code: 'REGISTRY_UNMASK_DAILY_CAP' });
    expect(JSON.stringify(capped.json())).not.toMatch(/\d{17}[\dX]/);
    expect(await lastAudit()).toMatchObject({ actor_username: 'capped', action: 'registry.person.reveal_id_number', result: 'denied', detail: { reason: 'daily_cap', cap: 3 } });
    // Another street's person stays hidden whatever the purpose.
    const { person: other } = await register(lujiazui, TEST_COMMITTEES.lujiazui1);
    expect((await call(weifang, 'GET', `/persons/${other.id}?revealIdNumber=true&purpose=case_handling`)).statusCode).toBe(404);
  });
});

describe('AC-01/02/05 object and list scoping, no oracle, no secrets', () => {
  it("answers a duplicate ID number without naming a person outside the caller's jurisdiction", async () => {
    const { input, person } = await register(lujiazui, TEST_COMMITTEES.lujiazui1);
    const duplicate = await call(weifang, 'POST', '/persons', { ...input, hukouDivision: TEST_COMMITTEES.weifang1, residenceDivision: TEST_COMMITTEES.weifang1 });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'REGISTRY_DUPLICATE_ID_NUMBER', message: '该身份证号码已登记' });
    expect(duplicate.body).not.toContain(String(person.id));
    // Within the jurisdiction the existing record is named, so the caseworker can open it.
    const own = await call(lujiazui, 'POST', '/persons', input);
    expect(own.json()).toMatchObject({ message: `该身份证号码已登记（人员编号 ${person.id}）` });
  });

  it('keeps lists and ID-number searches to the jurisdiction (no existence oracle)', async () => {
    const { input } = await register(lujiazui, TEST_COMMITTEES.lujiazui1);
    const byNumber = await call(weifang, 'GET', `/persons?q=${input.idNumber}`);
    expect(byNumber.statusCode).toBe(200);
    expect((byNumber.json() as { items: unknown[] }).items).toEqual([]);
    const outside = await call(weifang, 'GET', '/persons?divisionCode=310115005');
    expect([403, 404]).toContain(outside.statusCode);
    const page = (await call(weifang, 'GET', '/persons?limit=500')).json() as { items: { residenceDivision: string; hukouDivision: string }[] };
    for (const p of page.items) expect([p.residenceDivision, p.hukouDivision].some((d) => d.startsWith('310115004'))).toBe(true);
  });

  it('sends no password hash, token hash or key material in any answer', async () => {
    const admin = await loginAs(app, ownerDb(), 'sec.admin', 'security_admin', '310000');
    for (const [user, url] of [
      [admin, '/users'],
      [weifang, '/persons?limit=50'],
      [weifang, '/auth/me'],
      [auditor, '/audit?limit=200'],
    ] as const) {
      const response = await call(user, 'GET', url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body.match(/.{0,80}(password_?hash|"password"|scrypt\$|token_?hash|id_number_enc|id_number_hash|secret_?key).{0,40}/i)?.[0], url).toBeUndefined();
    }
  });
});

describe('PI-03 masking', () => {
  it('shows ID numbers masked in lists and details', async () => {
    const { input, person } = await register(weifang);
    const list = await call(weifang, 'GET', '/persons?limit=200');
    expect(list.body).not.toContain(input.idNumber);
    const detail = (await call(weifang, 'GET', `/persons/${person.id}`)).json() as PersonView;
    expect(detail.idNumber).toMatch(/^\d{3}\*+[\dX]{4}$/);
  });
});

describe('异常访问告警', () => {
  it('raises one security.alert when a user reads more persons in an hour than the threshold, shown to the auditor only', async () => {
    const reader = await loginAs(app, ownerDb(), 'bulk.reader', 'street_caseworker', '310115004');
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await register(weifang)).person.id);
    for (const id of ids) expect((await call(reader, 'GET', `/persons/${id}`)).statusCode).toBe(200);
    expect((await call(weifang, 'GET', '/audit/alerts')).statusCode).toBe(403);
    const first = await call(auditor, 'GET', '/audit/alerts');
    expect(first.statusCode, first.body).toBe(200);
    const alerts = (first.json() as { items: { username: string; window: string; persons: number }[] }).items.filter((a) => a.username === 'bulk.reader');
    expect(alerts).toEqual([expect.objectContaining({ window: 'hour', persons: 5 })]);
    // Not raised again while the hour's alert stands.
    const again = (await call(auditor, 'GET', '/audit/alerts')).json() as { items: { username: string }[] };
    expect(again.items.filter((a) => a.username === 'bulk.reader')).toHaveLength(1);
  });
});
